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
from web.words import answer_labels, decision_label, outcome_label, words

# The parts of the published weighting (docs/training.md), in its order; words.part words them, and the
# dangerous errors (words.danger).
PARTS = ("facts", "decision", "items", "power")


def feedback_view(attempt: dict[str, Any], scenario: Scenario) -> dict[str, Any]:
    """Everything the feedback page shows, from the attempt's marking, what the trainee said and the
    pack's advice on the brief (decided again here to be shown in full, as the advice page shows it)."""
    pack = get_pack()
    marking, said = attempt["marking"], attempt["said"]
    advice = pack.decide(scenario.answers, scenario.as_at)
    wrong = {d["field"] for d in marking["differences"]}
    return {
        "marking": marking,
        "parts": [dict(p, label=words().part(p["part"])) for p in marking["parts"]],
        "dangerous": [dict(d, label=words().danger(d["kind"])) for d in marking["dangerous"]],
        "differences": [dict(d, label=words().part(d["part"])) for d in marking["differences"]],
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
    missing = words().missing

    def power_words(rule_id: str | None) -> str:
        if rule_id is None:
            return missing("no_power")
        rule = rules.get(rule_id)
        return rule.title if rule is not None else rule_id

    rows = [
        {
            "what": words().part("decision"),
            "yours": decision_label(said.get("decision", ""), missing("not_given")),
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
                "yours": outcome_label(mine, missing("not_given")),
                "model": outcome_label(theirs, missing("not_in_brief")),
                "right": f"items.{category}" not in wrong,
            }
        )
    powers = model["powers"]
    rows.append(
        {
            "what": words().part("power"),
            "yours": power_words(said.get("power")),
            "model": missing("any_power")
            if len(powers) > 1
            else power_words(powers[0])
            if powers
            else missing("no_power_at_all"),
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
