"""missing_answers: which answers a record still needs, by the same checks build_record applies."""

import pytest

from engine.records import RecordError, build_record, missing_answers
from engine.records.answers import REQUIRED_ANSWERS
from tests.records.samples import ANSWERS, inputs


def test_complete_answers_need_nothing_more():
    assert missing_answers(ANSWERS) == []


def test_empty_answers_need_every_required_answer_in_asking_order():
    assert missing_answers({}) == ["recipient", "purpose", "request_direction", "data_categories"]


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"recipient": None}, ["recipient"]),
        ({"purpose": "   "}, ["purpose"]),
        ({"request_direction": "unsure"}, ["request_direction"]),
        ({"data_categories": []}, ["data_categories"]),
        ({"data_categories": "unsure"}, ["data_categories"]),
        ({"recipient": "", "data_categories": None}, ["recipient", "data_categories"]),
    ],
)
def test_absent_blank_or_unusable_answers_are_missing(changes, missing):
    assert missing_answers({**ANSWERS, **changes}) == missing


def test_answers_a_record_does_not_need_are_never_missing():
    assert missing_answers({name: ANSWERS[name] for name in REQUIRED_ANSWERS}) == []


def test_missing_answers_does_not_change_its_input():
    answers = {"recipient": "health"}
    missing_answers(answers)
    assert answers == {"recipient": "health"}


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"recipient": "health"},
        {**ANSWERS, "request_direction": "sideways"},
        {**ANSWERS, "purpose": None, "data_categories": []},
        ANSWERS,
    ],
)
def test_build_record_refuses_exactly_the_first_missing_answer(answers):
    """One source of truth: build_record's complaint about the answers is missing_answers' first entry."""
    missing = missing_answers(answers)
    values = {**inputs(), "answers": answers}
    if not missing:
        build_record(**values)
        return
    with pytest.raises(RecordError) as caught:
        build_record(**values)
    assert caught.value.field == f"answers.{missing[0]}"
