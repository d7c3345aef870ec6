"""The bundled England and Wales pack carries what issue 3 requires: cited rules, a complete questionnaire,
every catalogue ground, every hard stop, all 18 redactions in order, and the justification-record fields."""

import re

import pytest

from engine.vocabulary import CONTRACT_OPTIONS

GROUNDS = [  # Part A of docs/legal-catalogue.md (A1 to A5)
    "A-HRA-ART8",
    "A-CL-CONFIDENCE",
    "A-CL-POLICING",
    "A-CL-PRESSING",
    "A-DPA3-S35",
    "A-DPA3-SENSITIVE",
    "A-SCH8-P1",
    "A-SCH8-P2",
    "A-SCH8-P3",
    "A-SCH8-P4",
    "A-DPA3-S36",
    "A-DPA3-S38",
    "A-DPA3-RESTRICT",
    "A-DPA3-TRANSFER",
    "A-GDPR-A6",
    "A-GDPR-A9-SCH1",
    "A-GDPR-A10",
    "A-CDA-S115",
    "A-CDA-S17",
    "A-CA89-S46",
    "A-CA89-S47",
    "A-CA04-S10-S11",
    "A-CA04-S16E-H",
    "A-CARE-S42",
    "A-CARE-S6-7",
    "A-CARE-S45",
    "A-CJA-S325",
    "A-CJA-S327A",
    "A-DAA-S77-DVDS",
    "A-CSODS",
    "A-PA97-S113B",
    "A-CLPD",
    "A-SCA07-S68",
    "A-CTA08-S19",
    "A-CTSA15-S36-38",
    "A-IAA99-S20",
    "A-PCSCA22-SVD",
    "A-CCA13-S7",
    "A-OMA07-S14",
    "A-MSA15-S52",
    "A-MARAC",
    "A-MASH",
    "A-OP-ENCOMPASS",
    "A-OSMAN-TTL",
    "A-APP-MEDIA",
]
HARD_STOPS = [  # Part A6, H1 to H12, as bars
    "A-IPA16-INTERCEPT",
    "A-RIPA-CHIS",
    "A-CTSA15-S38-4",
    "A-SOAA92",
    "A-DPA3-S73-CONDITIONS",
    "A-DPA3-SENSITIVE-STRICT",
    "A-DPA3-S36-4-BAR",
    "A-DPA-S170",
    "A-ORIGINATOR-CONTROL",
    "A-GSCP",
    "A-SCA07-S69-BAR",
    "A-PACE-S63T",
]
REDACTION_ORDER = [
    "R01",
    "R02",
    "R03",
    "R13",
    "R05",
    "R06",
    "R08",
    "R17",
    "R18",
    "R04",
    "R07",
    "R09",
    "R10",
    "R11",
    "R12",
]


def test_every_rule_is_cited(bundled_pack):
    for rule in bundled_pack.rules:
        assert rule.citation and ", " in rule.citation, rule.id
        assert re.match(r"https://\S+$", rule.url), rule.id
        assert len(rule.note) > 20, rule.id


def test_every_question_has_wording_hint_and_why(bundled_pack):
    for question in bundled_pack.questions:
        assert question.wording.strip() and question.hint.strip() and question.why.strip(), question.id
        if question.unsure:
            assert question.unsure_reading.strip(), question.id


@pytest.mark.parametrize("question_id", ["recipient", "purpose", "data_categories", "security_marking"])
def test_reference_data_on_every_option(bundled_pack, question_id):
    question = bundled_pack.question(question_id)
    for option_id in CONTRACT_OPTIONS[question_id]:
        option = question.option(option_id)
        assert option.label and option.hint, option_id
        if question_id != "purpose":
            assert option.details, option_id


def test_recipients_carry_competent_authority_regime_verification_and_channel(bundled_pack):
    for option in bundled_pack.question("recipient").options:
        assert {"competent_authority", "default_regime", "verify", "channel"} <= set(option.details), option.id


@pytest.mark.parametrize("rule_id", GROUNDS)
def test_every_catalogue_ground_is_encoded(bundled_pack, rule_id):
    assert any(r.id == rule_id for r in bundled_pack.rules)


@pytest.mark.parametrize("rule_id", HARD_STOPS)
def test_every_hard_stop_is_a_bar(bundled_pack, rule_id):
    rules = [r for r in bundled_pack.rules if r.id == rule_id]
    assert rules and all(r.kind == "bar" for r in rules), rule_id


def test_all_18_redactions_in_the_catalogue_order(bundled_pack):
    redactions = sorted(
        (r for r in bundled_pack.rules if r.kind == "redaction" and r.id.startswith("R")), key=lambda r: r.order
    )
    ids = [r.id[:3] for r in redactions]
    assert sorted(ids) == [f"R{n:02d}" for n in range(1, 19)]
    positions = [ids.index(r) for r in REDACTION_ORDER]
    assert positions == sorted(positions)
    assert all(r.instruction for r in redactions)


def test_justification_record_fields(bundled_pack):
    ids = {f["id"] for f in bundled_pack.record_fields}
    assert {
        "decision_maker",
        "legal_power",
        "dp_basis",
        "necessity",
        "proportionality",
        "information_shared",
        "handling",
        "decision",
        "review",
        "pack",
    } <= ids


def test_conservative_readings_are_said_in_the_rule(bundled_pack):
    conservative = [r for r in bundled_pack.rules if r.conservative]
    assert len(conservative) >= 12
    spent = [r for r in bundled_pack.rules if r.id == "A-ROA74-SCHEMES"]
    assert spent and spent[0].effect == "refer" and spent[0].conservative  # Part F point 1


def test_a_dated_change_of_the_law_is_encoded(bundled_pack):
    transfer = [r for r in bundled_pack.rules if r.id == "A-DPA3-TRANSFER"]
    assert len(transfer) == 2
    assert {str(r.in_force.start) for r in transfer} >= {"2026-02-05"}
