"""Marking: each kind of difference, worded from the pack and citing the rules that decide the model answer."""

from __future__ import annotations

import dataclasses

import pytest

from engine.decide.program import rules_in_force
from engine.training import check_attempt, mark
from engine.training.model import ModelAnswer
from tests.engine.training.conftest import INTERCEPT_MASH, model_attempt

NO_POWER = "Office worker arrested for shoplifting - no pressing need to tell her employer"


def marked(pack, scenario, **changes):
    raw = dict(model_attempt(pack, scenario), **changes)
    return mark(pack, scenario, check_attempt(pack, raw, scenario.as_at))


def only(marking, part):
    found = [d for d in marking.differences if d.part == part]
    assert len(found) == 1, [d.message for d in marking.differences]
    return found[0]


def assert_cited_from_the_pack(pack, scenario, rules):
    """Every citation is the pack's own words for a rule in force on the brief's date."""
    in_force = {r.id: r for r in rules_in_force(pack, scenario.as_at)}
    assert rules
    for cited in rules:
        rule = in_force[cited["rule_id"]]
        assert (cited["title"], cited["citation"], cited["url"], cited["note"]) == (
            rule.title,
            rule.citation,
            rule.url,
            rule.note,
        )


def test_copying_the_model_answer_scores_100_on_every_bundled_scenario(bundled_pack, scenarios):
    assert len(scenarios) >= 60
    for scenario in scenarios.values():
        advice = bundled_pack.decide(scenario.answers, scenario.as_at)
        raw = model_attempt(bundled_pack, scenario, advice)
        marking = mark(bundled_pack, scenario, check_attempt(bundled_pack, raw, scenario.as_at), advice)
        result = marking.to_dict()
        assert (result["score"], result["differences"], result["dangerous"], result["pack_problems"]) == (
            100,
            [],
            [],
            [],
        ), scenario.name


def test_a_different_option_is_worded_from_the_question_and_its_labels(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    answers = dict(scenario.answers, consent="refused")
    difference = only(marked(bundled_pack, scenario, answers=answers), "facts")
    consent = bundled_pack.question("consent")
    assert (difference.field, difference.yours, difference.model) == ("consent", "refused", "would_prejudice")
    assert difference.message == (
        f'"{consent.wording}" You answered "{consent.label_for("refused")}"; '
        f'the brief says "{consent.label_for("would_prejudice")}".'
    )
    assert difference.why == consent.why
    assert difference.rules == []


def test_a_yes_no_answer_reads_yes_no_or_not_sure(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    wording = bundled_pack.question("data_subject_is_child").wording
    difference = only(
        marked(bundled_pack, scenario, answers=dict(scenario.answers, data_subject_is_child=False)), "facts"
    )
    assert difference.message == f'"{wording}" You answered no; the brief says yes.'
    difference = only(
        marked(bundled_pack, scenario, answers=dict(scenario.answers, data_subject_is_child="unsure")), "facts"
    )
    assert difference.message == f'"{wording}" You answered not sure; the brief says yes.'


def test_a_list_names_what_was_added_and_left_out(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    label = bundled_pack.question("data_categories").label_for
    categories = ["identity", "childrens_data", "witness_details"]
    marking = marked(bundled_pack, scenario, answers=dict(scenario.answers, data_categories=categories))
    difference = only(marking, "facts")
    assert difference.message.endswith(
        f'You included "{label("witness_details")}", which the brief does not mention; '
        f'you left out "{label("intercept_product")}", which it does.'
    )


def test_missing_and_extra_answers_count(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    extra = next(q for q in bundled_pack.questions if q.id not in scenario.answers and q.options)
    answers = {k: v for k, v in scenario.answers.items() if k != "urgency"}
    answers[extra.id] = extra.options[0].id
    marking = marked(bundled_pack, scenario, answers=answers)
    facts = [d for d in marking.differences if d.part == "facts"]
    urgency = bundled_pack.question("urgency")
    assert [d.field for d in facts] == sorted(["urgency", extra.id], key=[q.id for q in bundled_pack.questions].index)
    by_field = {d.field: d for d in facts}
    assert by_field["urgency"].message == (
        f'"{urgency.wording}" You did not answer this; the brief says "{urgency.label_for("immediate_risk_to_life")}".'
    )
    assert by_field[extra.id].message.endswith("the brief does not say, so it should be left unanswered.")
    part = marking.parts[0]
    assert (part.name, part.right, part.out_of) == ("facts", len(scenario.answers) - 1, len(scenario.answers) + 1)


def test_a_different_decision_cites_the_rules_that_make_the_model_decision(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    difference = only(marked(bundled_pack, scenario, decision="refer"), "decision")
    assert (difference.yours, difference.model) == ("refer", "share_with_conditions")
    assert difference.message == "You decided: refer before sharing; the pack advises: share with conditions."
    advice = bundled_pack.decide(scenario.answers, scenario.as_at)
    expected = [e["rule_id"] for e in ModelAnswer(bundled_pack, advice, scenario.as_at).decision_rules()]
    assert [r["rule_id"] for r in difference.rules] == expected
    kinds = {r.id: r.kind for r in bundled_pack.rules}
    assert {"ground", "condition", "bar"} <= {kinds[r] for r in expected}
    assert_cited_from_the_pack(bundled_pack, scenario, difference.rules)


def test_an_item_shared_against_a_bar_cites_the_bar(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    raw = model_attempt(bundled_pack, scenario)
    difference = only(marked(bundled_pack, scenario, items=dict(raw["items"], intercept_product="share")), "items")
    assert (difference.field, difference.yours, difference.model) == ("items.intercept_product", "share", "withhold")
    assert difference.message.startswith('"Intercept product": you said share; the pack says withhold.')
    in_force = {r.id: r for r in rules_in_force(bundled_pack, scenario.as_at)}
    assert [(in_force[r["rule_id"]].kind, in_force[r["rule_id"]].effect) for r in difference.rules] == [
        ("bar", "withhold")
    ]
    assert_cited_from_the_pack(bundled_pack, scenario, difference.rules)


def test_items_left_out_or_added_count(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    items = dict(model_attempt(bundled_pack, scenario)["items"], witness_details="share")
    del items["identity"]
    marking = marked(bundled_pack, scenario, items=items)
    differences = {d.field: d for d in marking.differences if d.part == "items"}
    assert set(differences) == {"items.identity", "items.witness_details"}
    assert differences["items.identity"].message.startswith(
        '"Identity details": you gave no outcome; the pack says share.'
    )
    assert [r["rule_id"] for r in differences["items.identity"].rules]  # the powers that let it be shared
    assert differences["items.witness_details"].model is None
    assert "not among the information in the brief" in differences["items.witness_details"].message
    part = marking.parts[2]
    assert (part.name, part.right, part.out_of) == ("items", 2, 4)


def test_a_power_that_does_not_apply_says_why_and_cites_the_model_powers(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    advice = bundled_pack.decide(scenario.answers, scenario.as_at)
    kinds = {r.id: r.kind for r in bundled_pack.rules}
    unused = next(
        e for e in advice["explanation"] if kinds.get(e["rule_id"]) == "ground" and e["outcome"] == "not_applied"
    )
    difference = only(marked(bundled_pack, scenario, power=unused["rule_id"]), "power")
    assert difference.message.startswith(
        f'You relied on "{unused["title"]}" ({unused["citation"]}). {unused["because"]}'
    )
    powers = [b["id"] for b in advice["lawful_bases"] if kinds[b["id"]] == "ground"]
    assert difference.model == powers
    assert [r["rule_id"] for r in difference.rules] == powers
    assert_cited_from_the_pack(bundled_pack, scenario, difference.rules)


def test_a_rule_that_is_not_a_power(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    difference = only(marked(bundled_pack, scenario, power="A-IPA16-INTERCEPT"), "power")
    assert ", which is a bar rule, not a power." in difference.message


def test_any_applied_power_is_right_and_none_is_wrong_when_one_applies(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    advice = bundled_pack.decide(scenario.answers, scenario.as_at)
    kinds = {r.id: r.kind for r in bundled_pack.rules}
    for basis in advice["lawful_bases"]:
        if kinds[basis["id"]] == "ground":
            assert marked(bundled_pack, scenario, power=basis["id"]).score == 100
    difference = only(marked(bundled_pack, scenario, power=None), "power")
    assert difference.message.startswith("You named no power. The pack's advice relies on ")


def test_where_no_power_applies_none_is_right(bundled_pack, scenarios):
    scenario = scenarios[NO_POWER]
    assert marked(bundled_pack, scenario, power=None).score == 100
    difference = only(marked(bundled_pack, scenario, power="A-CL-POLICING"), "power")
    assert difference.message.endswith("No power can be relied on here.")
    assert difference.model == []


def test_the_score_is_the_published_sum(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    raw = model_attempt(bundled_pack, scenario)
    answers = dict(scenario.answers, consent="refused")
    marking = marked(bundled_pack, scenario, answers=answers, items=dict(raw["items"], identity="withhold"), power=None)
    n = len(scenario.answers)
    assert [(p.right, p.out_of) for p in marking.parts] == [(n - 1, n), (1, 1), (2, 3), (0, 1)]
    assert marking.score == int(30 * (n - 1) / n + 30 + 20 + 0)


def test_a_scenario_that_disagrees_with_the_pack_is_a_pack_problem_not_the_trainees(bundled_pack, scenarios):
    original = scenarios[INTERCEPT_MASH]
    expect = dict(original.expect, decision="refer", items=dict(original.expect["items"], identity="withhold"))
    scenario = dataclasses.replace(original, expect=expect)
    raw = model_attempt(bundled_pack, scenario)
    as_expected = marked(bundled_pack, scenario, decision="refer", items=dict(raw["items"], identity="withhold"))
    as_advised = marked(bundled_pack, scenario)
    for marking in (as_expected, as_advised):
        assert marking.score == 100
        assert marking.pack_problems == [
            "The scenario expects decision refer, but the pack's advice gives share_with_conditions.",
            "The scenario expects item identity withhold, but the pack's advice gives share.",
        ]
    assert marked(bundled_pack, scenario, decision="do_not_share").score == 70


def test_a_brief_the_pack_cannot_advise_on_is_not_marked_on_the_decision(bundled_pack, scenarios):
    original = scenarios[INTERCEPT_MASH]
    answers = {k: v for k, v in original.answers.items() if k != "purpose"}
    scenario = dataclasses.replace(original, answers=answers)
    marking = marked(bundled_pack, scenario, decision="share")
    assert marking.model["decision"] == "incomplete"
    decision = marking.parts[1]
    assert (decision.name, decision.out_of, decision.points) == ("decision", 0, 30)
    assert marking.pack_problems[0].startswith("The pack cannot advise on the brief's answers: it still needs ")


@pytest.mark.parametrize("key", ["exercise", "score", "parts", "dangerous", "differences", "model", "pack_problems"])
def test_the_marking_has_the_documented_keys(bundled_pack, scenarios, key):
    assert key in marked(bundled_pack, scenarios[INTERCEPT_MASH]).to_dict()


def test_yes_is_not_one(bundled_pack, scenarios):
    """Python's True == 1 must not make a number answer equal to a yes."""
    from engine.training.facts import _same

    assert not _same(True, 1)
    assert _same(["a", "b"], ["b", "a"])
    assert _same("given", "given")
