"""The errors `rules` raises, importable without loading the durable_rules C extension."""

from __future__ import annotations


class EngineFailure(Exception):
    """durable_rules reported an error, or its worker process stopped; the caller must fail closed."""


class CompileError(Exception):
    """A condition the durable_rules engine cannot run safely; `unit_key` names where it came from."""

    def __init__(self, unit_key: str, message: str, line: int = 0):
        super().__init__(message)
        self.unit_key = unit_key
        self.message = message
        self.line = line
