"""`engine.decide.settle`: when the advice is settled and when a question is still worth asking."""

import datetime as dt

import engine

DAY = dt.date(2026, 6, 1)
# A reactive request from children's social care, with graded intelligence: what goes is settled early.
CASE = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "address_contact", "intelligence_graded"],
    "data_subject_is_child": True,
    "intelligence_grading": "2B",
    "handling_code": "P",
    "consent": "would_prejudice",
    "urgency": "urgent",
    "security_marking": "OFFICIAL-SENSITIVE",
    "sharing_agreement_in_place": "unsure",
    "recipient_verified": True,
}


def test_an_undecided_condition_on_what_would_be_shared_is_asked_for():
    pack = engine.default_pack()
    advice = pack.decide(CASE, DAY)
    # Whether sharing could harm a live investigation decides a condition (agree content with the SIO), so
    # the officer is asked rather than given advice that is silent on it.
    assert advice["decision"] == "incomplete"
    assert advice["missing"][0] == "prejudice_to_investigation"
    settled = pack.decide(dict(CASE, prejudice_to_investigation=False), DAY)
    assert settled["decision"] == "share_with_conditions" and settled["missing"] == []
    assert all(layer["status"] != "unknown" for layer in settled["layers"])
    harmful = pack.decide(dict(CASE, prejudice_to_investigation=True, subject_notified="not_notified"), DAY)
    assert harmful["missing"] == [] and harmful["decision"] == "share_with_conditions"
    assert any("SIO" in referral["role"] for referral in harmful["refer_to"])


def test_nothing_shared_needs_no_condition_answered():
    pack = engine.default_pack()
    refused = dict(CASE, recipient="private_investigator", purpose="civil_or_private")
    advice = pack.decide({k: v for k, v in refused.items() if k != "sharing_agreement_in_place"}, DAY)
    assert advice["decision"] == "do_not_share" and advice["missing"] == []
