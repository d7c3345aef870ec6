"""An agreement named in the answers: where it stands on a day, what the advice says about it, the conditions it
adds, the errors that name the field, and `sharewise agreements list|show|check`."""

import datetime as dt
import json
import random

import pytest

from engine.agreements import status_on
from engine.agreements.standing import candidates, dated
from engine.problems import AnswerError
from engine.sampling import random_answers
from engine.vocabulary import CONTRACT_QUESTIONS
from tests.conftest import run_cli

MEETING = {
    "recipient": "marac",
    "request_direction": "proactive",
    "purpose": "domestic_abuse_risk",
    "sharing_format": "meeting",
    "data_categories": ["identity", "convictions_unspent"],
    "data_subject_is_child": False,
    "consent": "would_prejudice",
    "urgency": "urgent",
    "security_marking": "OFFICIAL-SENSITIVE",
    "recipient_verified": True,
    "prejudice_to_investigation": False,
    "subject_notified": "not_notified",
}


@pytest.mark.parametrize(
    ("day", "version", "status"),
    [
        ("2021-06-01", "1", "not_yet_in_force"),
        ("2023-06-01", "1", "in_force"),
        ("2024-06-01", "1", "review_overdue"),
        ("2026-06-01", "2", "in_force"),
        ("2027-04-01", "2", "review_overdue"),
        ("2028-04-01", "2", "expired"),
    ],
)
def test_where_an_agreement_stands_on_a_day(bundled_pack, day, version, status):
    found, standing = dated(bundled_pack.register.get("ISA-MARAC-01"), dt.date.fromisoformat(day))
    assert (found.version, standing) == (version, status)


def test_candidates_cover_the_disclosure_and_put_those_in_force_first(bundled_pack):
    day = dt.date(2026, 6, 1)
    found = candidates(bundled_pack.register, {"recipient": "marac", "purpose": "domestic_abuse_risk"}, day, "one_off")
    assert [s.reference for s in found] == ["ISA-MARAC-01"]
    assert candidates(bundled_pack.register, dict(MEETING, data_categories=["lpp_material"]), day) == []
    lapsed = candidates(
        bundled_pack.register, {"recipient": "housing_prp", "purpose": "crime_prevention_detection"}, day, "one_off"
    )
    assert [(s.reference, s.status) for s in lapsed] == [("ISA-ASB-HOUSING-01", "expired")]


def test_an_agreement_in_force_is_cited_with_its_conditions(bundled_pack):
    advice = bundled_pack.decide(dict(MEETING, agreement_reference="ISA-MARAC-01"), dt.date(2026, 6, 1))
    agreement = advice["agreement"]
    assert (agreement["reference"], agreement["version"], agreement["status"], agreement["counts"]) == (
        "ISA-MARAC-01",
        "2",
        "in_force",
        True,
    )
    assert agreement["says"] == (
        "ISA-MARAC-01 (Northshire MARAC information sharing protocol), version 2, is in force, covers this "
        "disclosure and is next due for review by 2027-03-31."
    )
    assert agreement["register"] == bundled_pack.register.identity()
    ids = [c["id"] for c in advice["conditions"]]
    assert ids[-3:] == ["ISA-MARAC-01/onward_disclosure", "ISA-MARAC-01/retention", "ISA-MARAC-01/security"]
    assert advice["conditions"][-1]["citation"] == (
        "Information sharing agreement ISA-MARAC-01 (Northshire MARAC information sharing protocol), version 2: security"
    )
    assert "A-ISA-REGISTER" in ids and "A-MEET-PROTOCOL" in ids


def test_a_lapsed_agreement_does_not_count_and_adds_no_conditions(bundled_pack):
    advice = bundled_pack.decide(dict(MEETING, agreement_reference="ISA-MARAC-01"), dt.date(2027, 6, 1))
    assert advice["agreement"]["counts"] is False and advice["agreement"]["status"] == "review_overdue"
    assert not any(c["id"].startswith("ISA-") for c in advice["conditions"])
    assert "A-ISA-LAPSED" in {c["id"] for c in advice["conditions"]}


def test_an_agreement_that_leaves_part_out_says_what(bundled_pack):
    answers = dict(MEETING, recipient="mash", purpose="child_protection", agreement_reference="ISA-MARAC-01")
    says = bundled_pack.decide(answers, dt.date(2026, 6, 1))["agreement"]["says"]
    assert says.endswith("does not cover this recipient, so it does not count for this disclosure.")


def test_the_register_answers_and_refuses_to_be_contradicted(bundled_pack):
    named = dict(MEETING, agreement_reference="ISA-MARAC-01")
    for field, value in (("sharing_agreement_in_place", True), ("agreement_status", "in_force")):
        with pytest.raises(AnswerError) as caught:
            bundled_pack.decide(dict(named, **{field: value}), dt.date(2026, 6, 1))
        assert caught.value.field == field
    with pytest.raises(AnswerError) as caught:
        bundled_pack.decide(dict(MEETING, agreement_reference="ISA-MARAC-1"), dt.date(2026, 6, 1), field_prefix="[3].")
    assert caught.value.field == "[3].agreement_reference" and "did you mean 'ISA-MARAC-01'" in caught.value.message
    with pytest.raises(AnswerError) as caught:
        bundled_pack.decide(dict(MEETING, agreement_reference="isa marac"), dt.date(2026, 6, 1))
    assert caught.value.field == "agreement_reference"


def test_contract_only_answers_get_the_advice_of_a_one_off_disclosure(bundled_pack):
    """Answer sets using only the contract's questions are advised exactly as when the one-off format is
    answered outright: no rule for another way of sharing is considered, nothing more is assumed, and no
    agreement is looked up. (The 3,000-set hash against the pack before issue 14 is in the notes.)"""
    contract = [q for q in bundled_pack.questions if q.id in CONTRACT_QUESTIONS]

    class ContractOnly:
        questions = contract

    rng = random.Random(14)
    day = dt.date(2026, 6, 1)
    scoped = {r.id for r in bundled_pack.rules if r.scope is not None}
    for _ in range(150):
        answers = random_answers(ContractOnly, rng, day, 0.8)
        advice = bundled_pack.decide(answers, day)
        assert "agreement" not in advice
        assert scoped.isdisjoint(e["rule_id"] for e in advice["explanation"])
        assert {a["question"] for a in advice["assumed"]} <= {"handling_conditions"}
        explicit = bundled_pack.decide(dict(answers, sharing_format="one_off"), day)
        assert json.dumps(explicit, sort_keys=True) == json.dumps(advice, sort_keys=True)


def test_agreements_list_show_and_check():
    listing = run_cli("agreements", "list", "--as-at", "2026-06-01", "--format", "json")
    assert listing.code == 0
    rows = {row["reference"]: row for row in json.loads(listing.out)["agreements"]}
    assert rows["ISA-MARAC-01"]["status"] == "in_force" and rows["ISA-ASB-HOUSING-01"]["status"] == "expired"
    text = run_cli("agreements", "list", "--as-at", "2026-07-01")
    assert text.code == 0 and "ISA-VRU-DB-01" in text.out and "review overdue" in text.out
    shown = run_cli("agreements", "show", "ISA-MARAC-01", "--format", "json")
    full = json.loads(shown.out)
    assert [v["changed"]["by"] for v in full["versions"]] == [
        "Sam Ahmed, Information Sharing Lead, Information Governance Unit"
    ] * 2
    missing = run_cli("agreements", "show", "ISA-MARAC-1")
    assert missing.code == 2 and "did you mean 'ISA-MARAC-01'" in missing.err and missing.out == ""
    healthy = run_cli("agreements", "check", "--as-at", "2026-01-15")
    assert healthy.code == 0 and "0 overdue for review" in healthy.out
    overdue = run_cli("agreements", "check", "--as-at", "2026-12-01")
    assert overdue.code == 1 and "OVERDUE ISA-VRU-DB-01" in overdue.out and "EXPIRED ISA-ASB-HOUSING-01" in overdue.out
    assert "DUE     ISA-MASH-01" in overdue.out
    assert run_cli("agreements", "check", "--as-at", "tomorrow").code == 2


def test_status_on_a_day_for_the_register_listing(bundled_pack):
    assert status_on(bundled_pack.register.get("ISA-ENCOMPASS-01"), dt.date(2030, 1, 1)).status == "review_overdue"
