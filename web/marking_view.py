"""A marking laid out for the trainee (and the same words for the trainer's debrief).

Nothing here marks: the marking is ``engine.training.mark``'s, kept with the attempt. This arranges it:
the score and its parts, the dangerous errors first, what the trainee said beside what the pack advises,
each difference with the rules that decide it (titles, citations, links and notes, all the pack's), the
brief's facts as the questionnaire asks for them, and the pack's advice on the brief.
"""

from __future__ import annotations

from typing import Any

from engine.decide.program import rules_in_force
from engine.scenarios import Scenario
from engine.training import questionnaire_path
from web.advice_view import advice_view
from web.pack import category_label, find_question, get_pack
from web.words import answer_labels, decision_label, outcome_label

# The parts of the published weighting (docs/training.md) and the dangerous errors, in plain words.
PARTS = {"facts": "Reading the brief", "decision": "Decision", "items": "What to share", "power": "Power relied on"}
DANGERS = {
    "shared_hard_stop": "You would share information that must be withheld",
    "shared_despite_stop": "You would share where nothing may be shared",
    "withheld_in_emergency": "You would not share when a life is at risk",
}


def feedback_view(attempt: dict[str, Any], scenario: Scenario) -> dict[str, Any]:
    """Everything the feedback page shows, from the attempt's marking, what the trainee said and the
    pack's advice on the brief (decided again here to be shown in full, as the advice page shows it)."""
    pack = get_pack()
    marking, said = attempt["marking"], attempt["said"]
    advice = pack.decide(scenario.answers, scenario.as_at)
    wrong = {d["field"] for d in marking["differences"]}
    return {
        "marking": marking,
        "parts": [dict(p, label=PARTS.get(p["part"], p["part"])) for p in marking["parts"]],
        "dangerous": [dict(d, label=DANGERS.get(d["kind"], d["kind"])) for d in marking["dangerous"]],
        "differences": [dict(d, label=PARTS.get(d["part"], d["part"])) for d in marking["differences"]],
        "compared": compared(said, marking, scenario, wrong),
        "facts": brief_facts(scenario, attempt["answers"], wrong),
        "advice": advice,
        "advice_view": advice_view(scenario.answers, advice),
    }


def compared(
    said: dict[str, Any], marking: dict[str, Any], scenario: Scenario, wrong: set[str]
) -> list[dict[str, Any]]:
    """Rows of "what you said" beside "what the pack advises": the decision, each item, the power."""
    pack = get_pack()
    model = marking["model"]
    rules = {rule.id: rule for rule in rules_in_force(pack, scenario.as_at)}

    def power_words(rule_id: str | None) -> str:
        if rule_id is None:
            return "No power"
        rule = rules.get(rule_id)
        return rule.title if rule is not None else rule_id

    rows = [
        {
            "what": "Decision",
            "yours": decision_label(said.get("decision", ""), "Not given"),
            "model": decision_label(model["decision"]),
            "right": "decision" not in wrong,
        }
    ]
    yours_items = said.get("items", {})
    for category in list(model["items"]) + [c for c in yours_items if c not in model["items"]]:
        mine, theirs = yours_items.get(category), model["items"].get(category)
        rows.append(
            {
                "what": category_label(pack, category),
                "yours": outcome_label(mine, "Not given"),
                "model": outcome_label(theirs, "Not in the brief"),
                "right": f"items.{category}" not in wrong,
            }
        )
    powers = model["powers"]
    rows.append(
        {
            "what": "Power relied on",
            "yours": power_words(said.get("power")),
            "model": "Any of these"
            if len(powers) > 1
            else power_words(powers[0])
            if powers
            else "No power can be relied on",
            "model_list": [power_words(p) for p in powers] if len(powers) > 1 else [],
            "right": "power" not in wrong,
        }
    )
    return rows


def brief_facts(scenario: Scenario, yours: dict[str, Any], wrong: set[str]) -> list[dict[str, Any]]:
    """The brief's facts as the questionnaire asks for them (``engine.training.questionnaire_path``),
    each beside the trainee's answer."""
    pack = get_pack()
    rows = []
    for question_id in questionnaire_path(pack, scenario.answers, scenario.as_at):
        question = find_question(pack, question_id)
        if question is None:
            continue
        rows.append(
            {
                "q": question,
                "brief": answer_labels(question, scenario.answers[question_id]),
                "yours": answer_labels(question, yours[question_id]) if question_id in yours else [],
                "asked": question_id in yours,
                "right": question_id not in wrong,
            }
        )
    return rows
