"""The errors `rules` raises, importable without loading the durable_rules C extension."""

from __future__ import annotations


class EngineFailure(Exception):
    """durable_rules reported an error, or its worker process stopped; the caller must fail closed."""
