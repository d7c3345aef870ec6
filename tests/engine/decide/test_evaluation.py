"""The explainer's compiled plan (`engine.decide.evaluation`): values, failing tests and open questions.

Agreement with durable_rules on every unit is `test_agreement.py`; this file covers what only the explainer
does: conditions built after the plan, why a condition failed, and what would decide it.
"""

import datetime as dt

from engine.decide.evaluation import Evaluation
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
    assert evaluation.failed_tests(Any_((HEALTH, negated))) == [HEALTH, negated]
    assert evaluation.failed_tests(All((PUBLIC, LE_PURPOSE))) == []  # not false: nothing failed


def test_every_rule_of_the_pack_has_a_status_and_false_rules_say_why(constructs_pack):
    evaluation = evaluate(constructs_pack, {"recipient": "member_of_public", "purpose": "child_protection"})
    statuses = evaluation.statuses()
    assert [rule.id for rule in constructs_pack._program(DAY)[0].rules] == list(statuses)
    failures = {rule_id: evaluation.rule_failures(rule_id) for rule_id in statuses}
    assert all(failures[r] == [] for r, status in statuses.items() if status != FALSE)
    assert any(failures[r] for r, status in statuses.items() if status == FALSE)
