"""The analysis evaluator against the engine's: exact once every question is chosen, monotone before.

Soundness of every analysis claim rests on these two properties, so they are checked on the bundled pack
with random answer sets (including unanswered questions, "unsure" and texts no condition names).
"""

import datetime as dt
import random

import pytest

from engine.analysis.partial import ABSENT, OTHER, Partial
from engine.analysis.search import Space
from engine.decide.evaluation import Evaluation
from engine.sampling import random_answers
from rules.ir import rule_key

DAY = dt.date(2026, 6, 1)
LETTER = {0: "F", 1: "U", 2: "T"}


@pytest.fixture(scope="module")
def space(bundled_pack):
    return Space(bundled_pack, DAY)


def assignment_of(space, answers) -> dict:
    """The analysis's choices that stand for a concrete answer set."""
    out = {}
    for question_id in space.in_force:
        question = space.questions[question_id]
        if question.type == "many_of":
            out[("answered", question_id)] = question_id in answers
            for option in question.options:
                out[("has", question_id, option.id)] = option.id in answers.get(question_id, [])
        elif question_id not in answers:
            out[("q", question_id)] = ABSENT
        elif question.type == "text" and answers[question_id] not in space.domain(("q", question_id)):
            out[("q", question_id)] = OTHER
        else:
            out[("q", question_id)] = answers[question_id]
    return out


def test_with_every_question_chosen_the_value_is_the_engines(bundled_pack, space):
    rng = random.Random(3)
    for _ in range(150):
        answers = bundled_pack.check(random_answers(bundled_pack, rng, DAY), DAY)
        engine = Evaluation(space.index, answers)
        partial = Partial(space, assignment_of(space, answers))
        for rule in space.rules:
            assert LETTER[partial.value(space.condition(rule.id))] == engine.rule(rule.id), (rule.id, answers)
        for derived_id in space.derived:
            assert partial.derived(derived_id) == engine.derived(derived_id) or partial.derived(derived_id)[1] in (
                [],
                "\x00other text",
            ), derived_id


def test_a_definite_value_with_questions_open_is_the_value_of_every_completion(bundled_pack, space):
    rng = random.Random(5)
    for _ in range(150):
        answers = bundled_pack.check(random_answers(bundled_pack, rng, DAY), DAY)
        full = assignment_of(space, answers)
        partial = Partial(space, {k: v for k, v in full.items() if rng.random() < 0.5})
        engine = Evaluation(space.index, answers)
        for rule in space.rules:
            value = LETTER[partial.value(space.condition(rule.id))]
            if value != "U":
                assert value == engine.rule(rule.id), (rule.id, answers)


def test_an_open_question_is_unknown_even_to_an_answered_test(space):
    """`law_enforcement_purpose` takes the officer's override when it is answered, else the purpose's."""
    chosen = {("q", "purpose"): "child_protection"}
    assert Partial(space, chosen).derived("law_enforcement_purpose") == (False, None)
    variable = Partial(space, chosen).open_variable(space.conditions[rule_key("A-CL-POLICING")])
    assert variable is not None and variable not in chosen
    unanswered = {**chosen, ("q", "purpose_is_law_enforcement"): ABSENT}
    assert Partial(space, unanswered).derived("law_enforcement_purpose") == (True, True)
    overridden = {**chosen, ("q", "purpose_is_law_enforcement"): False}
    assert Partial(space, overridden).derived("law_enforcement_purpose") == (True, False)
