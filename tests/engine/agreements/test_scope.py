"""A rule's `scope`: checked like any condition, part of the rule's condition, and outside it the rule is not
considered (no explanation entry) and the defaults only it reads are not assumed."""

import datetime as dt
import os

import pytest

import engine
from engine.problems import PackError

FORMATS = os.path.join("rules", "formats.yaml")
DAY = dt.date(2026, 6, 1)
POOLED = {
    "recipient": "svd_partnership",
    "request_direction": "reactive",
    "purpose": "crime_prevention_detection",
    "sharing_format": "pooled_database",
    "data_categories": ["identity"],
}


def test_a_scope_naming_an_unknown_question_is_reported_at_its_line(pack_copy):
    path = os.path.join(pack_copy, FORMATS)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace("scope: {sharing_format: meeting}", "scope: {sharing_formt: meeting}", 1))
    with open(path, encoding="utf-8") as handle:
        line = next(n for n, row in enumerate(handle, start=1) if "sharing_formt" in row)
    with pytest.raises(PackError) as caught:
        engine.load_pack(str(pack_copy))
    assert any(
        str(p).startswith(f"{FORMATS}:{line}: ") and "did you mean 'sharing_format'" in str(p)
        for p in caught.value.problems
    )


def test_in_scope_rules_are_explained_and_their_defaults_assumed(bundled_pack):
    advice = bundled_pack.decide(POOLED, DAY)
    explained = {e["rule_id"] for e in advice["explanation"]}
    assert {"A-POOL-NO-AGREEMENT", "A-POOL-MINIMISE"} <= explained
    assert "A-MEET-AGENDA" not in explained and "A-ACCESS-IG-DECIDES" not in explained
    # the agreement rules read agreement_status (through agreement_counts): its default is said
    assert "agreement_status" in {a["question"] for a in advice["assumed"]}
    assert "dpia_in_place" in advice["missing"]


def test_a_rule_applies_only_where_its_scope_and_its_conditions_hold(bundled_pack):
    rule = next(r for r in bundled_pack.rules if r.id == "A-ACCESS-IG-DECIDES")
    assert rule.scope is not None
    one_off = bundled_pack.decide(dict(POOLED, sharing_format="one_off", urgency="routine"), DAY)
    access = bundled_pack.decide(dict(POOLED, sharing_format="direct_access", urgency="routine"), DAY)
    emergency = bundled_pack.decide(dict(POOLED, sharing_format="direct_access", urgency="immediate_risk_to_life"), DAY)
    outcome = {e["rule_id"]: e["outcome"] for e in access["explanation"]}
    assert "A-ACCESS-IG-DECIDES" not in {e["rule_id"] for e in one_off["explanation"]}
    assert outcome["A-ACCESS-IG-DECIDES"] == "applied"
    assert {e["rule_id"]: e["outcome"] for e in emergency["explanation"]}["A-ACCESS-IG-DECIDES"] == "not_applied"
