"""An attempt that is not a possible answer is refused with the field named; a wrong one is not."""

from __future__ import annotations

import pytest

from engine.problems import AnswerError
from engine.training import check_attempt
from tests.engine.training.conftest import INTERCEPT_MASH, model_attempt


@pytest.fixture
def good(bundled_pack, scenarios):
    return model_attempt(bundled_pack, scenarios[INTERCEPT_MASH])


def refused(pack, scenario, raw) -> AnswerError:
    with pytest.raises(AnswerError) as caught:
        check_attempt(pack, raw, scenario.as_at)
    return caught.value


def test_a_model_attempt_is_accepted_as_it_is(bundled_pack, scenarios, good):
    attempt = check_attempt(bundled_pack, good, scenarios[INTERCEPT_MASH].as_at)
    assert (attempt.answers, attempt.decision, attempt.items, attempt.power) == (
        good["answers"],
        good["decision"],
        good["items"],
        good["power"],
    )


def test_a_wrong_but_possible_attempt_is_accepted(bundled_pack, scenarios, good):
    wrong = dict(good, decision="do_not_share", items={"witness_details": "share"}, power="A-DPA3-S35")
    assert check_attempt(bundled_pack, wrong, scenarios[INTERCEPT_MASH].as_at).power == "A-DPA3-S35"


def test_no_power_is_null(bundled_pack, scenarios, good):
    assert check_attempt(bundled_pack, dict(good, power=None), scenarios[INTERCEPT_MASH].as_at).power is None


@pytest.mark.parametrize(
    "change, field, words",
    [
        (lambda a: ["not", "an", "object"], "attempt", "JSON object"),
        (lambda a: {k: v for k, v in a.items() if k != "power"}, "power", "missing (null for no power)"),
        (lambda a: {k: v for k, v in a.items() if k != "items"}, "items", "missing"),
        (lambda a: dict(a, itmes={}), "itmes", "did you mean 'items'"),
        (lambda a: dict(a, decision="shar"), "decision", "did you mean 'share'"),
        (lambda a: dict(a, decision="incomplete"), "decision", "unknown decision 'incomplete'"),
        (lambda a: dict(a, items=["identity"]), "items", "must be an object"),
        (lambda a: dict(a, items={"identiti": "share"}), "items.identiti", "did you mean 'identity'"),
        (lambda a: dict(a, items={"identity": "sharre"}), "items.identity", "did you mean 'share'"),
        (lambda a: dict(a, answers=dict(a["answers"], consent="refusd")), "answers.consent", "did you mean 'refused'"),
        (lambda a: dict(a, answers=dict(a["answers"], consnt="refused")), "answers.consnt", "unknown question"),
        (lambda a: dict(a, answers=dict(a["answers"], urgency=True)), "answers.urgency", "as text"),
        (lambda a: dict(a, power="A-CA04-S10-S1"), "power", "did you mean 'A-CA04-S10-S11'"),
        (lambda a: dict(a, power=7), "power", "unknown rule 7"),
    ],
)
def test_an_impossible_attempt_names_the_field(bundled_pack, scenarios, good, change, field, words):
    error = refused(bundled_pack, scenarios[INTERCEPT_MASH], change(good))
    assert error.field == field
    assert words in error.message


def test_answers_that_are_not_an_object(bundled_pack, scenarios, good):
    error = refused(bundled_pack, scenarios[INTERCEPT_MASH], dict(good, answers=["consent"]))
    assert (error.field, error.message) == ("answers", "must be an object of question id -> answer")
