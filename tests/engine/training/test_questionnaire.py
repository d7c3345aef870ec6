"""Facts through the questionnaire: a trainee is marked only on what the questionnaire asked them."""

from __future__ import annotations

from engine.training import check_attempt, facts_to_mark, mark, questionnaire_path
from tests.engine.training.conftest import INTERCEPT_MASH, model_attempt


def through_the_questionnaire(pack, scenario, **answers):
    """A model attempt whose answers are the ones the questionnaire asks (after `answers` change the brief's)."""
    given = dict(scenario.answers, **answers)
    asked = questionnaire_path(pack, given, scenario.as_at)
    raw = dict(model_attempt(pack, scenario), answers={qid: given[qid] for qid in asked})
    return check_attempt(pack, raw, scenario.as_at), asked


def test_the_path_asks_what_the_advice_misses_until_nothing_is(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    path = questionnaire_path(bundled_pack, scenario.answers, scenario.as_at)
    assert path[0] == "recipient"
    assert set(path) < set(scenario.answers), "the brief says more than the questionnaire asks"
    advice = bundled_pack.decide({qid: scenario.answers[qid] for qid in path}, scenario.as_at)
    assert advice["missing"] == []
    assert advice["decision"] == bundled_pack.decide(scenario.answers, scenario.as_at)["decision"]


def test_the_path_stops_where_the_brief_gives_out(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    brief = {k: v for k, v in scenario.answers.items() if k != "urgency"}
    path = questionnaire_path(bundled_pack, brief, scenario.as_at)
    assert "urgency" not in path
    assert bundled_pack.decide({q: brief[q] for q in path}, scenario.as_at)["missing"][0] == "urgency"


def test_a_perfect_reader_through_the_questionnaire_scores_100(bundled_pack, scenarios):
    for scenario in list(scenarios.values())[:12]:
        attempt, asked = through_the_questionnaire(bundled_pack, scenario)
        unasked = mark(bundled_pack, scenario, attempt).to_dict()
        assert unasked["score"] < 100 or set(asked) == set(scenario.answers), scenario.name
        assert mark(bundled_pack, scenario, attempt, asked=asked).to_dict()["score"] == 100, scenario.name


def test_only_what_was_asked_and_the_brief_answers_is_marked(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    # Life not at risk: the questionnaire goes on to ask about the agreement and the recipient's identity.
    attempt, asked = through_the_questionnaire(bundled_pack, scenario, urgency="routine")
    assert {"sharing_agreement_in_place", "recipient_verified"} <= set(asked)
    marking = mark(bundled_pack, scenario, attempt, asked=asked)
    facts = [d for d in marking.differences if d.part == "facts"]
    assert [d.field for d in facts] == ["urgency"]
    part = next(p for p in marking.parts if p.name == "facts")
    assert (part.right, part.out_of) == (len(asked) - 1, len(asked))
    assert facts_to_mark(scenario.answers, asked) == set(asked)


def test_a_question_skipped_because_of_an_earlier_mistake_is_not_marked_again(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    attempt, asked = through_the_questionnaire(bundled_pack, scenario, purpose="investigation_prosecution")
    assert "consent" not in asked and "consent" in questionnaire_path(bundled_pack, scenario.answers, scenario.as_at)
    marking = mark(bundled_pack, scenario, attempt, asked=asked)
    assert [d.field for d in marking.differences if d.part == "facts"] == ["purpose"]
    # Without `asked`, every answer the brief gives counts, consent among them.
    fields = [d.field for d in mark(bundled_pack, scenario, attempt).differences if d.part == "facts"]
    assert {"purpose", "consent"} <= set(fields)
    # An answer to a question the brief does not answer, asked only because of a mistake, is not marked.
    assert facts_to_mark({"recipient": "mash"}, ["recipient", "pressing_need"]) == {"recipient"}
