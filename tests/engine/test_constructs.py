"""Every construct of the pack format, decided on the fixture pack (tests/engine/fixtures/constructs.yaml)."""

import datetime as dt

import pytest

DAY = dt.date(2026, 6, 1)


def outcomes(advice):
    return {item["category"]: item["outcome"] for item in advice["items"]}


def explained(advice, rule_id):
    return next(e for e in advice["explanation"] if e["rule_id"] == rule_id)


def test_ground_and_part3_basis_share(constructs_pack):
    advice = constructs_pack.decide(
        {
            "recipient": "health",
            "purpose": "child_protection",
            "data_categories": ["identity"],
            "recipient_verified": True,
            "security_marking": "OFFICIAL",
        },
        DAY,
    )
    assert advice["decision"] == "share"
    assert advice["regime"] == "DPA 2018 Part 3"
    assert [b["id"] for b in advice["lawful_bases"]] == ["T-GROUND-PARTNER", "T-DP-PART3"]
    assert advice["lawful_bases"][0]["kind"] == "statutory"
    assert advice["missing"] == []


def test_rule_reference_and_value_from(constructs_pack):
    """purpose_is_law_enforcement=false overrides the purpose; T-DP-GDPR needs T-GROUND-PARTNER to hold."""
    advice = constructs_pack.decide(
        {
            "recipient": "health",
            "purpose": "child_protection",
            "purpose_is_law_enforcement": False,
            "data_categories": ["identity"],
            "recipient_verified": True,
        },
        DAY,
    )
    assert advice["regime"] == "UK GDPR (DPA 2018 s.36(4))"
    # The partner ground needs le_purpose, so it fails, and the GDPR basis that references it fails too.
    assert explained(advice, "T-GROUND-PARTNER")["outcome"] == "not_applied"
    assert explained(advice, "T-DP-GDPR")["outcome"] == "not_applied"
    assert advice["decision"] == "do_not_share"


def test_withhold_bar_is_item_level(constructs_pack):
    advice = constructs_pack.decide(
        {
            "recipient": "health",
            "purpose": "child_protection",
            "recipient_verified": True,
            "security_marking": "OFFICIAL",
            "data_categories": ["identity", "intercept_product"],
        },
        DAY,
    )
    assert outcomes(advice) == {"identity": "share", "intercept_product": "withhold"}
    assert advice["decision"] == "share_with_conditions"
    assert {"role": "Warrant addressee", "reason": "Only excepted disclosures."} in advice["refer_to"]


def test_refer_bar_makes_decision_refer(constructs_pack):
    advice = constructs_pack.decide(
        {
            "recipient": "health",
            "purpose": "child_protection",
            "recipient_verified": True,
            "security_marking": "SECRET",
            "data_categories": ["identity"],
        },
        DAY,
    )
    assert advice["decision"] == "refer"
    assert outcomes(advice) == {"identity": "refer"}


def test_stop_bar_blocks_grounds_and_needs_nothing_more(constructs_pack):
    advice = constructs_pack.decide(
        {"recipient": "health", "purpose": "other_non_policing", "data_categories": ["identity"]}, DAY
    )
    assert advice["decision"] == "do_not_share"
    assert advice["missing"] == []
    assert explained(advice, "T-BAR-PERSONAL")["outcome"] == "applied"


def test_blocks_marks_rule_blocked(constructs_pack):
    advice = constructs_pack.decide(
        {
            "recipient": "member_of_public",
            "purpose": "protect_life",
            "pressing_need": True,
            "data_subject_is_child": True,
            "purpose_is_law_enforcement": True,
            "data_categories": ["convictions_unspent"],
        },
        DAY,
    )
    entry = explained(advice, "T-GROUND-PUBLIC")
    assert entry["outcome"] == "blocked"
    assert "T-BAR-CHILD-PUBLIC" in entry["because"]
    assert advice["decision"] == "do_not_share"


def test_ground_covers_limits_items(constructs_pack):
    advice = constructs_pack.decide(
        {
            "recipient": "member_of_public",
            "purpose": "protect_life",
            "pressing_need": True,
            "data_subject_is_child": False,
            "purpose_is_law_enforcement": True,
            "security_marking": "OFFICIAL",
            "data_categories": ["convictions_unspent", "non_conviction"],
        },
        DAY,
    )
    assert outcomes(advice) == {"convictions_unspent": "share", "non_conviction": "withhold"}


def test_redaction_condition_and_handling(constructs_pack):
    advice = constructs_pack.decide(
        {
            "recipient": "health",
            "purpose": "child_protection",
            "recipient_verified": "unsure",
            "security_marking": "OFFICIAL-SENSITIVE",
            "data_categories": ["third_party", "identity", "address_contact"],
        },
        DAY,
    )
    assert outcomes(advice) == {
        "third_party": "share_redacted",
        "identity": "share_redacted",
        "address_contact": "share",
    }
    assert advice["redactions"] == [
        {
            "id": "T-RED-THIRD",
            "applies_to": ["third_party", "identity"],
            "instruction": "Remove people the recipient does not need.",
            "citation": "Data Protection Act 2018, s.37",
        }
    ]
    assert [c["id"] for c in advice["conditions"]] == ["T-COND-VERIFY"]
    assert advice["handling"] == {
        "security_marking": "OFFICIAL-SENSITIVE",
        "transfer_method": "Encrypted email to a named recipient",
        "onward_disclosure": None,
    }
    assert advice["decision"] == "share_with_conditions"


def test_deciding_referral_makes_refer(constructs_pack):
    advice = constructs_pack.decide(
        {
            "recipient": "member_of_public",
            "purpose": "protect_life",
            "pressing_need": "unsure",
            "data_subject_is_child": False,
            "purpose_is_law_enforcement": True,
            "data_categories": ["convictions_unspent"],
        },
        DAY,
    )
    assert advice["decision"] == "refer"
    assert advice["refer_to"][0]["role"] == "Duty inspector"


def test_unsure_never_turns_into_share(constructs_pack):
    # Everything else says share; the officer was unsure whether the subject is a child (a question no rule
    # here reads), so the engine's guard refers instead.
    advice = constructs_pack.decide(
        {
            "recipient": "health",
            "purpose": "child_protection",
            "recipient_verified": True,
            "data_subject_is_child": "unsure",
            "security_marking": "OFFICIAL",
            "data_categories": ["identity"],
        },
        DAY,
    )
    assert advice["decision"] == "refer"
    assert advice["explanation"][-1]["rule_id"] == "ENGINE-UNSURE-GUARD"


def test_missing_lists_only_questions_that_matter(constructs_pack):
    advice = constructs_pack.decide({"recipient": "health"}, DAY)
    assert advice["decision"] == "incomplete"
    assert advice["missing"][:2] == ["purpose", "data_categories"]
    assert "destination" not in advice["missing"]  # only read by rules for overseas recipients
    advice = constructs_pack.decide({"recipient": "health", "purpose": "child_protection"}, DAY)
    assert advice["missing"][0] == "data_categories"
    # pressing need only arises for public disclosures (its ask_when), so it is no longer asked
    assert "pressing_need" not in advice["missing"]


def test_explanation_statuses(constructs_pack):
    advice = constructs_pack.decide({"recipient": "health", "data_categories": ["identity"]}, DAY)
    statuses = {e["rule_id"]: e["outcome"] for e in advice["explanation"]}
    assert statuses["T-GROUND-PUBLIC"] == "not_applied"
    assert statuses["T-GROUND-PARTNER"] == "unanswered"
    assert "purpose" in explained(advice, "T-GROUND-PARTNER")["because"]
    assert "Local authority" not in explained(advice, "T-GROUND-PUBLIC")["because"]
    assert "member of the public" in explained(advice, "T-GROUND-PUBLIC")["because"].lower()
    assert all({"rule_id", "kind", "outcome", "because", "citation"} <= set(e) for e in advice["explanation"])


@pytest.mark.parametrize("day, expected", [(dt.date(2026, 2, 4), "s.73 (as enacted)"), (dt.date(2026, 2, 5), "s.74AA")])
def test_rule_versions_by_date(constructs_pack, day, expected):
    advice = constructs_pack.decide(
        {
            "recipient": "overseas_le_eu",
            "purpose": "investigation_prosecution",
            "destination": "eu_eea",
            "data_categories": ["identity"],
        },
        day,
    )
    dated = [b for b in advice["lawful_bases"] if b["id"] == "T-DATED"]
    assert dated and dated[0]["citation"].endswith(expected)
    assert advice["policy_pack"]["as_at"] == day.isoformat()


def test_approved_third_country_only_after_commencement(constructs_pack):
    answers = {
        "recipient": "overseas_le_eu",
        "purpose": "investigation_prosecution",
        "destination": "approved_third_country",
        "data_categories": ["identity"],
    }
    before = constructs_pack.decide(answers, dt.date(2026, 2, 4))
    after = constructs_pack.decide(answers, dt.date(2026, 2, 5))
    assert "T-DATED" not in [b["id"] for b in before["lawful_bases"]]
    assert "T-DATED" in [b["id"] for b in after["lawful_bases"]]
