"""The sentences the engine puts around the law, read from the pack's `wording` section.

Officer-facing words live in the pack (policies/wording.yaml), so legal services own them as they own the
law; this module only fills their `{placeholders}`. Filling substitutes plain names only (a template is
turned into a format string in which every other brace is escaped, so it cannot reach into the objects it
is given), and a placeholder the engine does not supply is left as written, so a mistake shows rather
than breaking the advice.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class _KeepUnknown(dict):
    """Values for `str.format_map` that leave an unknown `{name}` as it is written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@lru_cache(maxsize=1024)
def _format_string(template: str) -> str:
    """The template as a `str.format` string whose only fields are its `{name}` placeholders: every other
    brace is escaped, so no field can reach an attribute or an index of the values it is given. Formatting
    in C matters here: every explanation entry of every decision is worded."""
    out, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        out.append(template[last : match.start()].replace("{", "{{").replace("}", "}}"))
        out.append("{" + match.group(1) + "}")
        last = match.end()
    out.append(template[last:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


def fill(template: str, **values: str) -> str:
    """`template` with each `{name}` replaced by `values[name]` (unknown names are left as they are)."""
    return _format_string(template).format_map(_KeepUnknown(values))


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

    def has_summary(self, key: str) -> bool:
        """Whether the pack words this summary phrase (an optional one may be left out)."""
        return key in self._summary
