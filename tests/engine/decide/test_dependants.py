"""Stale answers: an answer about another answer is dropped when that answer changes (the pack's depends_on)."""

from types import SimpleNamespace

import engine
from engine.decide.dependants import change_answer, dependants


def q(qid, *depends_on):
    return SimpleNamespace(id=qid, depends_on=depends_on)


QUESTIONS = [
    q("recipient"),
    q("purpose"),
    q("handling_code"),
    q("handling_conditions", "handling_code", "recipient"),
    q("recipient_verified", "recipient"),
    q("destination", "recipient"),
    q("death_penalty_risk", "destination"),
    q("urgency"),
]
ANSWERS = {
    "recipient": "la_childrens_services",
    "purpose": "child_protection",
    "recipient_verified": True,
    "destination": "eu_eea",
    "death_penalty_risk": False,
    "urgency": "routine",
}


def test_dependants_follow_declarations_transitively_in_asking_order():
    assert dependants(QUESTIONS, "recipient") == [
        "handling_conditions",
        "recipient_verified",
        "destination",
        "death_penalty_risk",
    ]
    assert dependants(QUESTIONS, "urgency") == []


def test_changing_an_answer_drops_only_the_answers_about_it():
    answers, dropped = change_answer(QUESTIONS, ANSWERS, "recipient", "media")
    assert dropped == ["recipient_verified", "destination", "death_penalty_risk"]
    assert answers == {"recipient": "media", "purpose": "child_protection", "urgency": "routine"}
    assert ANSWERS["recipient_verified"] is True  # the input is not changed


def test_the_same_answer_again_or_a_first_answer_drops_nothing():
    assert change_answer(QUESTIONS, ANSWERS, "recipient", "la_childrens_services")[1] == []
    first = {k: v for k, v in ANSWERS.items() if k != "recipient"}
    assert change_answer(QUESTIONS, first, "recipient", "media") == ({**first, "recipient": "media"}, [])


def test_a_many_of_answer_in_another_order_is_the_same_answer():
    questions = [q("data_categories"), q("originator_consent", "data_categories")]
    answers = {"data_categories": ["identity", "agency_originated"], "originator_consent": "given"}
    assert change_answer(questions, answers, "data_categories", ["agency_originated", "identity"])[1] == []
    assert change_answer(questions, answers, "data_categories", ["identity"])[1] == ["originator_consent"]


def test_the_bundled_pack_drops_verification_and_agreement_when_the_recipient_changes():
    pack = engine.default_pack()
    answers = {
        "recipient": "la_childrens_services",
        "request_direction": "reactive",
        "purpose": "child_protection",
        "data_categories": ["identity"],
        "recipient_verified": True,
        "sharing_agreement_in_place": True,
        "urgency": "routine",
    }
    changed, dropped = pack.change_answer(answers, "recipient", "media")
    assert {"recipient_verified", "sharing_agreement_in_place"} <= set(dropped)
    assert "recipient_verified" not in changed and "sharing_agreement_in_place" not in changed
    assert changed["urgency"] == "routine" and changed["recipient"] == "media"
    # Overseas: the destination and the death-penalty answer are about the recipient too.
    overseas = {
        **answers,
        "recipient": "overseas_le_non_eu",
        "destination": "other_third_country",
        "death_penalty_risk": False,
    }
    changed, dropped = pack.change_answer(overseas, "recipient", "overseas_le_eu")
    assert {"destination", "death_penalty_risk", "recipient_verified"} <= set(dropped)
    # The advice then asks for them again.
    assert "recipient_verified" in pack.decide(changed)["missing"] or "destination" in pack.decide(changed)["missing"]


def test_the_bundled_pack_declares_what_the_issue_names():
    pack = engine.default_pack()
    declared = {question.id: set(question.depends_on) for question in pack.questions}
    assert "recipient" in declared["recipient_verified"]
    assert "recipient" in declared["sharing_agreement_in_place"]
    assert {"handling_code", "recipient"} <= declared["handling_conditions"]
    assert "recipient" in declared["destination"] and "recipient" in declared["death_penalty_risk"]
    assert {"recipient", "purpose"} <= declared["pressing_need"]
    assert "data_categories" in declared["originator_consent"]
