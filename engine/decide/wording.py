"""The sentences the engine puts around the law, read from the pack's `wording` section.

Officer-facing words live in the pack (policies/wording.yaml), so legal services own them as they own the
law; this module only fills their `{placeholders}`. Filling is plain substitution of known names (never
`str.format`, which would let a template reach into the objects it is given), and a placeholder the
engine does not supply is left as written, so a mistake shows rather than breaking the advice.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=1024)
def _parts(template: str) -> tuple:
    """A template split once into literal text and placeholder names: ``(("text", ...), ("name", ...))``.
    Filling then only joins strings, which matters because every explanation entry is worded."""
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append((False, template[last : match.start()]))
        parts.append((True, match.group(1)))
        last = match.end()
    parts.append((False, template[last:]))
    return tuple(parts)


def fill(template: str, **values: str) -> str:
    """`template` with each `{name}` replaced by `values[name]` (unknown names are left as they are)."""
    return "".join((values.get(text, "{" + text + "}") if named else text) for named, text in _parts(template))


def placeholders(template: str) -> set:
    """The `{names}` a template uses, for the pack's meaning checks."""
    return set(_PLACEHOLDER.findall(template))


class Wording:
    """The pack's wording, by section: `reason("withhold", title=...)`, `explanation(...)`, `condition(...)`."""

    def __init__(self, raw: dict):
        self.layers = {entry["layer"]: entry["name"] for entry in raw.get("layers", ())}
        self._reasons = raw.get("reasons", {})
        self._explanation = raw.get("explanation", {})
        self._conditions = raw.get("conditions", {})
        self._summary = raw.get("summary", {})

    def reason(self, key: str, **values: str) -> str:
        return fill(self._reasons[key], **values)

    def explanation(self, key: str, **values: str) -> str:
        return fill(self._explanation[key], **values)

    def condition(self, key: str, **values: str) -> str:
        return fill(self._conditions[key], **values)

    def summary(self, key: str, **values: str) -> str:
        return fill(self._summary[key], **values)
