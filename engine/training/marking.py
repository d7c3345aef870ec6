"""Marking an attempt at an exercise: the trainee's facts against the brief's, and their decision, items
and power against the pack's advice on the brief's answers (the model answer). The scenario's `expect`
block is not the model answer; where it disagrees with the advice, the marking says so as a pack problem
and accepts either answer on that point.
"""

from __future__ import annotations

from engine.scenarios import Scenario, compare
from engine.training.attempt import Attempt
from engine.training.dangerous import dangerous_errors
from engine.training.facts import compare_facts
from engine.training.model import ModelAnswer
from engine.training.outcomes import compare_decision, compare_items, compare_power
from engine.training.questionnaire import facts_to_mark
from engine.training.results import Marking
from engine.training.weights import WEIGHTS, total
from engine.vocabulary import INCOMPLETE


def mark(pack, scenario: Scenario, attempt: Attempt, advice: dict | None = None, asked=None) -> Marking:
    """Mark `attempt` (checked with `check_attempt`) at `scenario`. `advice` is the pack's advice on the
    scenario's answers, if the caller already has it (it is otherwise decided here). `asked` is given when
    the trainee answered through the questionnaire: the question ids they were asked, so that facts are
    marked only where the questionnaire could have asked for them (`engine.training.questionnaire`)."""
    if advice is None:
        advice = pack.decide(scenario.answers, scenario.as_at)
    only = None if asked is None else facts_to_mark(scenario.answers, asked)
    model = ModelAnswer(pack, advice, scenario.as_at)
    accepted_decision, accepted_items = _accepted(scenario.expect, advice)
    results = [
        compare_facts(pack, scenario.answers, attempt.answers, only),
        compare_decision(model, attempt.decision, accepted_decision),
        compare_items(pack, model, attempt.items, accepted_items),
        compare_power(model, attempt.power),
    ]
    by_name = {part.name: part for _, part in results}
    parts = [by_name[name] for name in WEIGHTS]
    return Marking(
        exercise={"name": scenario.name, "file": scenario.where, "as_at": scenario.as_at.isoformat()},
        score=total(parts),
        parts=parts,
        differences=[d for differences, _ in results for d in differences],
        dangerous=dangerous_errors(pack, scenario.answers, model, attempt),
        model={
            "decision": advice["decision"],
            "summary": advice["summary"],
            "items": dict(model.outcomes),
            "powers": [p["rule_id"] for p in model.powers],
        },
        pack_problems=pack_problems(scenario, advice),
    )


def _accepted(expect: dict, advice: dict) -> tuple:
    """What the scenario's `expect` says where it differs from the advice: ``({decision}, {category: {outcome}})``."""
    decision = {expect["decision"]} if expect["decision"] != advice["decision"] else set()
    outcomes = {item["category"]: item["outcome"] for item in advice["items"]}
    items = {c: {wanted} for c, wanted in expect.get("items", {}).items() if outcomes.get(c) != wanted}
    return decision, items


def pack_problems(scenario: Scenario, advice: dict) -> list:
    """Sentences for a trainer: where the pack's advice on the brief is not what the scenario expects, or
    the pack cannot advise on the brief at all. None of it counts against the trainee."""
    out = []
    if advice["decision"] == INCOMPLETE:
        out.append(
            "The pack cannot advise on the brief's answers: it still needs " + ", ".join(advice["missing"]) + "."
        )
    for what, expected, actual in compare(scenario.expect, advice):
        out.append(f"The scenario expects {what} {expected}, but the pack's advice gives {actual}.")
    return out
