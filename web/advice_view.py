"""The advice laid out for an officer: labels and groupings the advice and record templates share.

Nothing here decides anything. It arranges the engine's advice (or the advice kept in a justification
record): the recipient's and purpose's labels, why (and why not), and the four layers of the decision.
The advice page and the record pages both show advice, so the view model lives apart from either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import engine
from web.pack import (
    LAYER_STATUS,
    OUTCOMES,
    RULE_KINDS,
    RULE_OUTCOMES,
    category_label,
    find_question,
    get_pack,
    option_details,
    option_label,
)

LAYER_NAMES = {
    1: "Power to share",
    2: "Data-protection regime",
    3: "Rights and confidence",
    4: "Prohibitions and handling",
}

Entry = dict[str, Any]


def advice_view(answers: Mapping[str, Any], advice: Mapping[str, Any]) -> dict[str, Any]:
    """Labels and groupings the advice template needs (for a draft's advice or a record's)."""
    pack = get_pack()
    recipient = answers.get("recipient")
    purpose = answers.get("purpose")
    explanation = advice.get("explanation", [])
    return {
        "recipient": _label(pack, "recipient", recipient),
        "purpose": _label(pack, "purpose", purpose),
        "recipient_details": option_details(pack, "recipient", recipient) if recipient else {},
        "category": lambda category: category_label(pack, category),
        "applies": lambda applies_to: _applies(pack, applies_to),
        "outcomes": OUTCOMES,
        "rule_outcomes": RULE_OUTCOMES,
        "why": _by_kind([e for e in explanation if e.get("outcome") == "applied"]),
        "why_not": [
            e
            for e in explanation
            if e.get("outcome") == "blocked" or (e.get("outcome") == "not_applied" and e.get("kind") == "ground")
        ],
        "layers": [
            {
                "number": layer.get("layer"),
                "name": LAYER_NAMES.get(layer.get("layer"), layer.get("name", "")),
                "status": layer.get("status"),
                "status_text": LAYER_STATUS.get(layer.get("status"), (layer.get("status"), ""))[0],
                "status_class": LAYER_STATUS.get(layer.get("status"), ("", "govuk-tag--grey"))[1],
                "rules": layer.get("rules", []),
            }
            for layer in sorted(advice.get("layers", []), key=lambda item: item.get("layer", 0))
        ],
    }


def _by_kind(entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """Explanation entries grouped under plain headings: [(heading, [entries])], powers first."""
    groups: dict[Any, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.get("kind"), []).append(entry)
    order = list(RULE_KINDS) + sorted(k for k in groups if k not in RULE_KINDS)
    return [
        (RULE_KINDS.get(kind, str(kind).replace("_", " ").capitalize()), groups[kind])
        for kind in order
        if kind in groups
    ]


def _applies(pack: engine.Pack, applies_to: str | list[str] | None) -> str:
    """'all information' or the labels of the categories a redaction or bar applies to."""
    if not applies_to or applies_to == "all" or applies_to == ["all"]:
        return "all information"
    if isinstance(applies_to, str):
        applies_to = [applies_to]
    return ", ".join(category_label(pack, category) for category in applies_to)


def _label(pack: engine.Pack, question_id: str, value: Any) -> str:
    question = find_question(pack, question_id)
    if value is None:
        return ""
    return option_label(question, value) if question else str(value)
