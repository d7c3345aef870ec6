"""The advice page: the engine's decision on a completed draft, laid out for an officer.

Nothing here decides anything. The page arranges the engine's advice: the decision and its one-line
summary, what to do with each kind of information, how to send it, redactions as a checklist,
conditions, referrals, the law, why (and why not), and the four layers of the decision.
"""

from flask import Blueprint, render_template

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
from web.permissions import requires
from web.questionnaire import evaluate, load_draft, to_next_question

bp = Blueprint("advice", __name__, url_prefix="/check")

LAYER_NAMES = {
    1: "Power to share",
    2: "Data-protection regime",
    3: "Rights and confidence",
    4: "Prohibitions and handling",
}


@bp.route("/<draft_id>/advice")
@requires("advice:ask")
def show(draft_id):
    """Show the advice for a draft whose questions are all answered."""
    draft = load_draft(draft_id)
    advice = evaluate(draft)
    if (back := to_next_question(draft_id, advice)) is not None:
        return back
    return render_template("advice/advice.html", draft=draft, advice=advice, view=advice_view(draft["answers"], advice))


def advice_view(answers, advice):
    """Labels and groupings the advice template needs (shared with the record pages)."""
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


def _by_kind(entries):
    """Explanation entries grouped under plain headings: [(heading, [entries])], powers first."""
    groups = {}
    for entry in entries:
        groups.setdefault(entry.get("kind"), []).append(entry)
    order = list(RULE_KINDS) + sorted(k for k in groups if k not in RULE_KINDS)
    return [
        (RULE_KINDS.get(kind, str(kind).replace("_", " ").capitalize()), groups[kind])
        for kind in order
        if kind in groups
    ]


def _applies(pack, applies_to):
    """'all information' or the labels of the categories a redaction or bar applies to."""
    if not applies_to or applies_to == "all" or applies_to == ["all"]:
        return "all information"
    if isinstance(applies_to, str):
        applies_to = [applies_to]
    return ", ".join(category_label(pack, category) for category in applies_to)


def _label(pack, question_id, value):
    question = find_question(pack, question_id)
    if value is None:
        return ""
    return option_label(question, value) if question else str(value)
