"""The advice laid out for an officer: labels and groupings the advice and record templates share.

Nothing here decides anything, and no wording lives here: it arranges the engine's advice (or the advice
kept in a justification record) with the pack's labels, and the templates (``words/_words.html``) hold
the words around it. What to do now comes first (the decision, who to refer to and what waits for them,
the items, the conditions), then the law, then why; the grouping of "why" by rule kind is done here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import engine
from web.pack import category_label, find_question, get_pack, option_details, option_label

# The order the kinds of rule are shown in under "why" (their headings are in words/_words.html).
KIND_ORDER = ("ground", "data_protection", "bar", "redaction", "condition", "referral", "handling", "safeguard")

Entry = dict[str, Any]


def advice_view(answers: Mapping[str, Any], advice: Mapping[str, Any]) -> dict[str, Any]:
    """Labels and groupings the advice template needs (for a draft's advice or a record's)."""
    pack = get_pack()
    recipient = answers.get("recipient")
    purpose = answers.get("purpose")
    explanation = advice.get("explanation", [])
    items = advice.get("items", [])
    return {
        "recipient": _label(pack, "recipient", recipient),
        "purpose": _label(pack, "purpose", purpose),
        "recipient_details": option_details(pack, "recipient", recipient) if recipient else {},
        "category": lambda category: category_label(pack, category),
        "categories": lambda categories: [category_label(pack, c) for c in categories or []],
        "applies": lambda applies_to: _applies(pack, applies_to),
        "question": lambda question_id: find_question(pack, question_id),
        "waiting": [category_label(pack, item["category"]) for item in items if item.get("outcome") == "refer"],
        "why": _by_kind([e for e in explanation if e.get("outcome") == "applied"]),
        "why_not": [
            e
            for e in explanation
            if e.get("outcome") == "blocked" or (e.get("outcome") == "not_applied" and e.get("kind") == "ground")
        ],
        "layers": sorted(advice.get("layers", []), key=lambda layer: layer.get("layer", 0)),
    }


def _by_kind(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """Explanation entries grouped by rule kind: [(kind, [entries])], powers first."""
    groups: dict[Any, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.get("kind"), []).append(entry)
    order = list(KIND_ORDER) + sorted(str(k) for k in groups if k not in KIND_ORDER)
    return [(kind, groups[kind]) for kind in order if kind in groups]


def _applies(pack: engine.Pack, applies_to: str | list[str] | None) -> list[str]:
    """The labels of the categories a redaction or bar applies to; empty for all information."""
    if not applies_to or applies_to == "all" or applies_to == ["all"]:
        return []
    if isinstance(applies_to, str):
        applies_to = [applies_to]
    return [category_label(pack, category) for category in applies_to]


def _label(pack: engine.Pack, question_id: str, value: Any) -> str:
    return "" if value is None else option_label(find_question(pack, question_id), value)
