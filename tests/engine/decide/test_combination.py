"""How item outcomes combine into the decision, one test per rule of docs/policy-format.md ("How the advice
is put together"), on a fixture pack whose rules are not law (tests/engine/fixtures/combination.yaml)."""

import datetime as dt
import shutil

import pytest

import engine

DAY = dt.date(2026, 6, 1)
BASE = {
    "recipient": "health",
    "request_direction": "proactive",
    "purpose": "child_protection",
    "recipient_verified": True,
    "security_marking": "OFFICIAL",
}


def decide(pack, categories, **answers):
    return pack.decide(dict(BASE, data_categories=categories, **answers), DAY)


def outcomes(advice):
    return {item["category"]: item["outcome"] for item in advice["items"]}


def test_a_waiting_item_does_not_hold_back_the_items_that_can_go(combination_pack):
    advice = decide(combination_pack, ["address_contact", "chis_derived"])
    assert outcomes(advice) == {"address_contact": "share", "chis_derived": "refer"}
    assert advice["decision"] == "share_with_conditions"
    assert {"role": "Source unit", "reason": "Only the source unit may sanitise it."} in advice["refer_to"]
    assert "must wait for Source unit" in advice["summary"]


def test_identifying_details_alone_are_not_useful_while_the_rest_waits(combination_pack):
    advice = decide(combination_pack, ["identity", "chis_derived"])
    assert outcomes(advice) == {"identity": "share", "chis_derived": "refer"}
    assert advice["decision"] == "refer"


def test_identifying_details_alone_go_when_nothing_waits(combination_pack):
    advice = decide(combination_pack, ["identity", "intercept_product"])
    assert outcomes(advice) == {"identity": "share", "intercept_product": "withhold"}
    assert advice["decision"] == "share_with_conditions"
    assert "do not share intercept product" in advice["summary"]


def test_identifying_details_alone_are_not_useful_where_the_pack_says_so(combination_pack):
    """Outside a protective purpose (here the fixture's `identity_alone_useful` fact is false), naming
    someone while the substance is withheld is not a useful disclosure."""
    advice = decide(combination_pack, ["identity", "intercept_product"], purpose="crime_prevention_detection")
    assert outcomes(advice) == {"identity": "share", "intercept_product": "withhold"}
    assert advice["decision"] == "do_not_share"


def test_refer_only_when_nothing_can_go(combination_pack):
    advice = decide(combination_pack, ["chis_derived", "intercept_product"])
    assert outcomes(advice) == {"chis_derived": "refer", "intercept_product": "withhold"}
    assert advice["decision"] == "refer"


def test_do_not_share_when_everything_is_withheld(combination_pack):
    advice = decide(combination_pack, ["identity", "address_contact"], recipient_verified=False)
    assert set(outcomes(advice).values()) == {"withhold"}
    assert advice["decision"] == "do_not_share"


def test_a_rule_that_decides_makes_the_decision_refer_while_items_keep_their_outcome(combination_pack):
    advice = decide(combination_pack, ["address_contact", "mappa_visor"])
    assert outcomes(advice) == {"address_contact": "share", "mappa_visor": "refer"}
    assert advice["decision"] == "refer"
    assert advice["refer_to"][0]["role"] == "MAPPA chair"


def test_a_stop_bar_withholds_everything(combination_pack):
    advice = decide(combination_pack, ["address_contact"], purpose="other_non_policing")
    assert outcomes(advice) == {"address_contact": "withhold"}
    assert advice["decision"] == "do_not_share"


def test_conditions_are_dropped_when_nothing_is_shared_unless_they_still_apply(combination_pack):
    shared = decide(combination_pack, ["address_contact"])
    assert {c["id"] for c in shared["conditions"]} == {"C-SEND-SECURELY", "C-RECORD-ALWAYS"}
    refused = decide(combination_pack, ["address_contact"], recipient_verified=False)
    assert [c["id"] for c in refused["conditions"]] == ["C-RECORD-ALWAYS"]


def test_a_rules_headline_replaces_the_summary_for_its_decision(combination_pack):
    advice = decide(combination_pack, ["intercept_product"])
    assert advice["decision"] == "do_not_share"
    assert (
        advice["summary"] == "Do not pass on the intercept; protect the person yourself and ask the warrant addressee."
    )
    other = decide(combination_pack, ["address_contact", "intercept_product"])
    assert other["summary"] != advice["summary"]  # the headline is for do_not_share only


def test_a_redaction_makes_its_items_share_redacted(combination_pack):
    advice = decide(combination_pack, ["address_contact", "third_party"])
    assert outcomes(advice) == {"address_contact": "share", "third_party": "share_redacted"}
    assert advice["redactions"][0]["applies_to"] == ["third_party"]


def test_a_rule_with_nothing_to_act_on_does_not_apply(combination_pack):
    advice = decide(combination_pack, ["address_contact"])
    entry = next(e for e in advice["explanation"] if e["rule_id"] == "C-REDACT-THIRD")
    assert entry["outcome"] == "not_applied"
    assert entry["because"] == (
        "Does not apply: it acts only on Other people mentioned in the records, and none of them is among the information."
    )


def test_a_default_is_applied_and_said_when_the_added_question_is_not_answered(combination_pack):
    question = combination_pack.question("handling_conditions")
    assert question.has_default and question.default == "not_checked"
    answers = {"handling_code": "C", "intelligence_grading": "1B"}
    advice = decide(combination_pack, ["intelligence_graded"], **answers)
    assert advice["decision"] != "incomplete"
    assert advice["assumed"] == [
        {"question": "handling_conditions", "answer": "not_checked", "reading": question.default_reading}
    ]
    answered = decide(combination_pack, ["intelligence_graded"], handling_conditions="originator_first", **answers)
    assert answered["assumed"] == []
    assert outcomes(answered) == {"intelligence_graded": "refer"}


def test_a_default_that_does_not_arise_is_not_said(combination_pack):
    assert decide(combination_pack, ["address_contact"])["assumed"] == []


def test_next_steps_name_the_answer_that_would_let_an_item_go(combination_pack):
    advice = decide(combination_pack, ["address_contact"], recipient_verified=False)
    step = advice["next_steps"][0]
    assert step["steps"][0]["question"] == "recipient_verified" and step["steps"][0]["answer"] is True
    assert step["unlocks"] == ["address_contact"] and step["decision"] == "share_with_conditions"
    assert step["steps"][0]["text"] == combination_pack.question("recipient_verified").next_steps[0].text


def test_no_next_steps_when_everything_can_go(combination_pack):
    assert decide(combination_pack, ["address_contact"])["next_steps"] == []


def test_an_unsure_answer_is_named_as_the_reason(combination_pack):
    advice = decide(combination_pack, ["address_contact"], recipient_verified="unsure")
    reasons = advice["items"][0]["reasons"]
    assert "This is because you are not sure the recipient has been verified." in reasons


def test_the_words_come_from_the_pack(tmp_path):
    """Editing policies/wording.yaml changes what the officer reads; nothing is spelled in Python."""
    from tests.conftest import make_constructs_pack

    root = make_constructs_pack(tmp_path / "pack", "combination.yaml")
    wording = tmp_path / "pack" / "wording.yaml"
    wording.write_text(wording.read_text().replace('withhold: "Withhold: {title}."', 'withhold: "Keep back: {title}."'))
    pack = engine.load_pack(root)
    try:
        advice = decide(pack, ["intercept_product"])
        assert "Keep back: Intercept is never shared." in advice["items"][0]["reasons"]
    finally:
        pack.close()


def test_a_default_on_a_contract_question_is_refused(tmp_path):
    from tests.conftest import make_constructs_pack

    root = make_constructs_pack(tmp_path / "pack", "combination.yaml")
    questions = tmp_path / "pack" / "questions.yaml"
    text = questions.read_text().replace(
        "  - id: urgency\n", "  - id: urgency\n    default: routine\n    default_reading: Treated as routine.\n", 1
    )
    questions.write_text(text)
    with pytest.raises(engine.PackError) as caught:
        engine.load_pack(root)
    assert any(
        "'urgency' is a question of the decision contract and cannot have a default" in str(p)
        for p in caught.value.problems
    )
    shutil.rmtree(tmp_path / "pack")
