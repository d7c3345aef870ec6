"""A canonical form of conditions, so that two packs' rules can be compared by meaning rather than by layout.

A condition is compared as its parsed `rules.ir` tree with line numbers dropped, and with the reorderings
that cannot change its meaning undone: the values of `in`, `not_in`, `contains_any` and `contains_all` are
sorted, the parts of `all` and `any` are sorted, a group of one part is that part, and a group directly
inside a group of the same kind is merged into it. Moving a rule, re-indenting it or listing options in
another order is then no change; anything else is.

The canonical form is plain data in the pack's own syntax (``{"recipient": {"in": [...]}}``, ``{"all":
[...]}``), so it reads in JSON output as it would in the YAML; `as_text` gives one line for the text report.
"""

from __future__ import annotations

import json
from typing import Any

from rules.ir import All, Any_, Not, RuleHolds, Test

_SET_OPS = frozenset({"in", "not_in", "contains_any", "contains_all"})
_WORDS = {
    "eq": "=",
    "ne": "!=",
    "in": "in",
    "not_in": "not in",
    "contains": "contains",
    "contains_any": "contains any of",
    "contains_all": "contains all of",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
}


def _order(value) -> tuple:
    return (type(value).__name__, json.dumps(value, sort_keys=True, default=str))


def canonical(node) -> Any:
    """The canonical, JSON-ready form of a condition (None for no condition)."""
    if node is None:
        return None
    kind = type(node)
    if kind is Test:
        value = node.value
        if node.op in _SET_OPS:
            value = sorted(value, key=_order)
        return {node.subject.id: {node.op: value}}
    if kind is RuleHolds:
        return {"rule": node.rule_id}
    if kind is Not:
        return {"not": canonical(node.item)}
    if kind in (All, Any_):
        word = "all" if kind is All else "any"
        parts = []
        for item in node.items:
            form = canonical(item)
            if isinstance(form, dict) and list(form) == [word]:
                parts.extend(form[word])  # (a and (b and c)) is (a and b and c)
            else:
                parts.append(form)
        unique = {json.dumps(p, sort_keys=True): p for p in parts}
        parts = [unique[key] for key in sorted(unique)]
        return parts[0] if len(parts) == 1 else {word: parts}
    raise TypeError(node)


def as_text(form) -> str:
    """One line for a canonical condition, e.g. ``all of (recipient in [mash, marac]; purpose = child_protection)``."""
    if form is None:
        return "(none)"
    ((key, value),) = form.items()
    if key in ("all", "any"):
        return f"{key} of (" + "; ".join(as_text(part) for part in value) + ")"
    if key == "not":
        return f"not ({as_text(value)})"
    if key == "rule":
        return f"rule {value} holds"
    ((op, expected),) = value.items()
    if op == "answered":
        return f"{key} is {'answered' if expected else 'not answered'}"
    return f"{key} {_WORDS.get(op, op)} {_value_text(expected)}"


def _value_text(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
