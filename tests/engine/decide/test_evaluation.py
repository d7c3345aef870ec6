"""The explainer's compiled plan (`engine.decide.evaluation`): values, failing tests and open questions.

Agreement with durable_rules on every unit is `test_agreement.py`; this file covers what only the explainer
does: conditions built after the plan, why a condition failed, and what would decide it.
"""

import datetime as dt

from engine.decide.evaluation import Alternatives, Evaluation
from rules.ir import FALSE, TRUE, UNKNOWN, All, Any_, Not, Ref
from rules.ir import Test as Check  # not "Test", which pytest would try to collect

DAY = dt.date(2026, 6, 1)
HEALTH = Check(Ref("q", "recipient"), "eq", "health")
PUBLIC = Check(Ref("q", "recipient"), "eq", "member_of_public")
LE_PURPOSE = Check(Ref("d", "le_purpose"), "eq", True)


def evaluate(pack, answers):
    index, _ = pack._program(DAY)
    return Evaluation(index, pack.check(answers, DAY))


def test_a_condition_built_after_the_plan_is_valued_like_one_inside_it(constructs_pack):
    evaluation = evaluate(constructs_pack, {"recipient": "health", "purpose": "child_protection"})
    assert evaluation.value(All((HEALTH, LE_PURPOSE))) == TRUE
    assert evaluation.value(All((HEALTH, Not(LE_PURPOSE)))) == FALSE
    assert evaluation.value(Any_((PUBLIC, Not(HEALTH)))) == FALSE
    assert evaluation.value(All(())) == TRUE and evaluation.value(Any_(())) == FALSE


def test_unknown_while_a_question_that_decides_it_is_unanswered(constructs_pack):
    evaluation = evaluate(constructs_pack, {"recipient": "health"})
    condition = All((HEALTH, LE_PURPOSE))
    assert evaluation.value(condition) == UNKNOWN
    assert evaluation.value(Any_((HEALTH, LE_PURPOSE))) == TRUE  # one true alternative decides an "any"
    assert evaluation.value(All((PUBLIC, LE_PURPOSE))) == FALSE  # one false part decides an "all"
    assert "purpose" in evaluation.open_questions(condition)
    assert "recipient" not in evaluation.open_questions(condition)


def test_failed_tests_are_the_false_leaves_left_to_right(constructs_pack):
    evaluation = evaluate(constructs_pack, {"recipient": "member_of_public", "purpose": "child_protection"})
    negated = Not(LE_PURPOSE)
    assert evaluation.failed_tests(All((HEALTH, LE_PURPOSE, negated))) == [HEALTH, negated]
    either = evaluation.failed_tests(Any_((HEALTH, negated)))  # alternatives stay together: one is needed
    assert either == [[[HEALTH], [negated]]] and isinstance(either[0], Alternatives)
    assert evaluation.failed_tests(All((Any_((HEALTH,)), negated))) == [HEALTH, negated]  # one alternative: no group
    assert evaluation.failed_tests(All((PUBLIC, LE_PURPOSE))) == []  # not false: nothing failed


def test_every_rule_of_the_pack_has_a_status_and_false_rules_say_why(constructs_pack):
    evaluation = evaluate(constructs_pack, {"recipient": "member_of_public", "purpose": "child_protection"})
    statuses = evaluation.statuses()
    assert [rule.id for rule in constructs_pack._program(DAY)[0].rules] == list(statuses)
    failures = {rule_id: evaluation.rule_failures(rule_id) for rule_id in statuses}
    assert all(failures[r] == [] for r, status in statuses.items() if status != FALSE)
    assert any(failures[r] for r, status in statuses.items() if status == FALSE)


def test_why_a_rule_does_not_apply_says_what_it_needs_with_alternatives_joined_by_or():
    import engine

    answers = {"recipient": "la_childrens_services", "purpose": "child_protection", "data_categories": ["identity"]}
    because = {e["rule_id"]: e["because"] for e in engine.default_pack().decide(answers)["explanation"]}
    text = because["A-DPA3-SENSITIVE-PRIVATE"]  # needs health data, and one of two sets of recipients
    assert text.startswith("Does not apply, as it needs: data categories includes ")
    assert "; recipient is one of " in text and ") or recipient is " in text
