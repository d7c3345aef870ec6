"""Print-ready HTML of a stored record, from the record alone.

Rendering reads nothing but the stored record (and the head hash passed in): not the policy pack, not
the engine. That is what makes a record render the same years later, after the pack has changed. The
page is one self-contained HTML file (inline print stylesheet, no scripts, no external requests), so
it can be printed, saved as PDF, or attached to a case file.
"""

from __future__ import annotations

import pathlib
from typing import Any

import jinja2

TEMPLATES = pathlib.Path(__file__).resolve().parent.parent / "templates"


def _show(value: object) -> str:
    """How a stored value reads on paper: Yes/No, lists joined, and a dash for 'not recorded'."""
    if value is None or isinstance(value, jinja2.Undefined) or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_show(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_show(item)}" for key, item in value.items())
    return str(value)


# A justification record holds personal data, so on paper it is at least OFFICIAL-SENSITIVE; it takes the
# marking of what was shared when that is higher.
_MARKINGS = ("OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET")


def record_marking(record: dict[str, Any]) -> str:
    """The protective marking to print on a record."""
    marking = (record.get("handling") or {}).get("security_marking")
    return marking if marking in _MARKINGS else _MARKINGS[0]


def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every value in a record came from a person or a policy file
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["show"] = _show
    return environment


_ENVIRONMENT = _environment()


def render_html(record: dict[str, Any], head_hash: str | dict[str, Any] | None, *, nonce: str | None = None) -> str:
    """Render a stored record (as returned by the store) as a print-ready HTML page.

    Args:
        record: a dict from ``Store.append``, ``Store.get`` or ``Store.list``.
        head_hash: the chain head when printing: a hash, or ``Store.head()``'s dict; shown on the page
            so that the paper copy anchors the chain (see docs/records.md).
        nonce: optional CSP nonce for the inline stylesheet when served by the web front end.
    """
    head = head_hash if isinstance(head_hash, dict) else {"hash": head_hash, "seq": None}
    return _ENVIRONMENT.get_template("record.html").render(
        record=record, head=head, nonce=nonce, marking=record_marking(record)
    )
