"""Trainers compose exercise sets by tag, recipient and purpose; a misspelt filter is refused, not empty."""

from __future__ import annotations

import pytest

from engine.problems import AnswerError
from engine.training import describe, exercises


def test_filters_combine(bundled_pack, scenarios):
    every = list(scenarios.values())
    assert exercises(bundled_pack, every) == every
    hard_stops = exercises(bundled_pack, every, tags=["hard_stop"])
    assert hard_stops and all("hard_stop" in s.tags for s in hard_stops)
    mash = exercises(bundled_pack, every, tags=["hard_stop"], recipient="mash")
    assert (
        mash and all(s.answers["recipient"] == "mash" for s in mash) and set(map(id, mash)) < set(map(id, hard_stops))
    )
    chosen = exercises(bundled_pack, every, purpose="child_protection", recipient="mash")
    assert chosen and all(s.answers["purpose"] == "child_protection" for s in chosen)


@pytest.mark.parametrize(
    "filters, field, words",
    [
        ({"tags": ["hard_stp"]}, "tag", "no scenario has the tag 'hard_stp' (did you mean 'hard_stop'?)"),
        ({"recipient": "mashh"}, "recipient", "unknown option 'mashh' for 'recipient' (did you mean 'mash'?)"),
        ({"purpose": "child_protect"}, "purpose", "(did you mean 'child_protection'?)"),
    ],
)
def test_an_unknown_filter_names_itself(bundled_pack, scenarios, filters, field, words):
    with pytest.raises(AnswerError) as caught:
        exercises(bundled_pack, list(scenarios.values()), **filters)
    assert caught.value.field == field
    assert words in caught.value.message


def test_an_exercise_as_a_trainer_sees_it(scenarios):
    scenario = next(s for s in scenarios.values() if s.tags)
    described = describe(scenario)
    assert described == {
        "name": scenario.name,
        "file": scenario.where,
        "as_at": scenario.as_at.isoformat(),
        "tags": scenario.tags,
        "recipient": scenario.answers["recipient"],
        "purpose": scenario.answers["purpose"],
        "narrative": scenario.narrative,
    }
