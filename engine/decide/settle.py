"""Settle the outcome of one evaluation: the decision, each item's outcome, and what is still missing.

Whether an answer is still needed is decided by bounding: the outcome is computed once assuming every
undecided rule falls the permissive way and once the restrictive way (`engine.decide.combine.World`). If
both agree, no remaining answer can change the outcome and nothing more is asked; otherwise the questions
behind undecided rules are `missing` and the decision is `incomplete`. An `unsure` answer never leads to
`share`. The advice (`engine.decide.advice`) and the search for next steps (`engine.decide.next_steps`)
both settle evaluations this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.decide.combine import World, outcome
from engine.decide.evaluation import Evaluation
from engine.decide.missing import missing_questions, moot_rules
from engine.vocabulary import INCOMPLETE, REFER, SHARE, UNSURE
from rules.ir import FALSE, TRUE, UNKNOWN


@dataclass
class Settled:
    decision: str
    items: list
    missing: list
    world: World  # the rules that definitely apply (what the advice lists comes only from these)
    status: dict  # rule id -> T/F/U, with moot and idle rules set to F
    moot: dict
    idle: dict  # rule id -> the categories it acts on, none of which was answered
    unknown_ids: set
    unsure: list  # questions answered "unsure", sorted
    unsure_guard: bool  # the decision would have been `share` but for an "unsure" answer
    out_of_scope: frozenset = frozenset()  # rules whose `scope` does not hold: not considered at all


def settle(layout, evaluation, answers: dict, status: dict | None = None, lean: bool = False) -> Settled:
    """Settle one evaluation. `lean` (for what-ifs) works out only the decision and the item outcomes: no
    reasons, and no list of missing questions (an unsettled what-if is simply `incomplete`)."""
    status = dict(status) if status is not None else evaluation.statuses()
    moot = moot_rules(layout, evaluation, status)
    for rule_id in moot:
        status[rule_id] = FALSE
    categories = list(answers.get("data_categories", []))
    idle = idle_rules(layout, status, answers)
    for rule_id in idle:
        status[rule_id] = FALSE
    unsure = sorted(q for q, v in answers.items() if v == UNSURE)
    unsure_set = frozenset(unsure)
    true_ids = {rule_id for rule_id, state in status.items() if state == TRUE}
    unknown_ids = {rule_id for rule_id, state in status.items() if state == UNKNOWN}
    alone = _identity_alone_useful(layout, evaluation)
    if unknown_ids:
        permissive = World(layout, true_ids, unknown_ids, True)
        restrictive = World(layout, true_ids, unknown_ids, False)
        p_decision, p_items = outcome(permissive, categories, layout, unsure_set, alone, lean=True)
        r_decision, r_items = outcome(restrictive, categories, layout, unsure_set, alone, lean)
        determined = p_decision == r_decision and [i["outcome"] for i in p_items] == [i["outcome"] for i in r_items]
        world = World(layout, true_ids, set(), permissive=False)  # what definitely applies
    else:  # nothing undecided: both bounds are the same world, worked out once
        permissive = restrictive = world = World(layout, true_ids, unknown_ids, False)
        r_decision, r_items = outcome(world, categories, layout, unsure_set, alone, lean)
        determined = True
    if "data_categories" not in answers and not permissive.stop:
        determined = False  # nothing can be advised item by item until we know what the information is
    if determined:
        decision, items = (
            (r_decision, r_items)
            if world is restrictive
            else outcome(world, categories, layout, unsure_set, alone, lean)
        )
        missing: list = []
    else:
        items = r_items
        missing = [] if lean else missing_questions(layout, evaluation, status, answers)
        decision = INCOMPLETE if (lean or missing) else r_decision
    guard = decision == SHARE and bool(unsure)
    if guard:
        decision = REFER
    out_of_scope = frozenset(rule_id for rule_id, scope in layout.scopes.items() if evaluation.value(scope) == FALSE)
    return Settled(decision, items, missing, world, status, moot, idle, unknown_ids, unsure, guard, out_of_scope)


def idle_rules(layout, status: dict, answers: dict) -> dict:
    """Rules that act only on some kinds of information (a bar that withholds or refers them, a redaction)
    when none of those kinds is among the answered categories: whatever their conditions say, they have
    nothing to act on, so they do not apply (and nothing is asked to decide them)."""
    if "data_categories" not in answers:
        return {}
    answered = set(answers["data_categories"])
    return {
        rule_id: targets
        for rule_id, targets in layout.item_scoped.items()
        if status.get(rule_id, FALSE) != FALSE and answered.isdisjoint(targets)
    }


def what_if(layout, index):
    """A function that settles a hypothetical answer set with the Python evaluator alone (next steps)."""

    def settle_answers(answers: dict) -> Settled:
        return settle(layout, Evaluation(index, answers), answers, lean=True)

    return settle_answers


def _identity_alone_useful(layout, evaluation) -> bool:
    """Whether identifying details alone are useful here: the pack names the derived fact that says so
    (`identifying_details_alone_useful_when`); unknown, or no fact named, counts as not useful."""
    if not layout.identity_alone_fact:
        return False
    known, value = evaluation.derived(layout.identity_alone_fact)
    return bool(known and value is True)
