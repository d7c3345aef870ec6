"""Effective dating: advice as at a date applies only the rules in force then, and "today" follows the clock."""

import datetime as dt

from freezegun import freeze_time

ANSWERS = {
    "recipient": "overseas_le_eu",
    "purpose": "investigation_prosecution",
    "destination": "approved_third_country",
    "data_categories": ["identity"],
}


def dated_citation(advice):
    return [b["citation"] for b in advice["lawful_bases"] if b["id"] == "T-DATED"]


def test_a_rule_comes_into_force_on_its_date(constructs_pack):
    with freeze_time("2026-02-04 23:59:59"):
        before = constructs_pack.decide(ANSWERS)
    with freeze_time("2026-02-05 00:00:01"):
        after = constructs_pack.decide(ANSWERS)
    assert before["policy_pack"]["as_at"] == "2026-02-04"
    assert after["policy_pack"]["as_at"] == "2026-02-05"
    assert dated_citation(before) == []  # the old version did not cover approved third countries
    assert dated_citation(after) == ["Data Protection Act 2018, s.74AA"]


def test_a_rule_lapses_after_its_last_day(constructs_pack):
    answers = dict(ANSWERS, destination="eu_eea")
    with freeze_time("2026-02-04"):
        last_day = constructs_pack.decide(answers)
    assert dated_citation(last_day) == ["Data Protection Act 2018, s.73 (as enacted)"]
    with freeze_time("2026-02-05"):
        lapsed = constructs_pack.decide(answers)
    assert "Data Protection Act 2018, s.73 (as enacted)" not in dated_citation(lapsed)


def test_explicit_as_at_wins_over_the_clock(constructs_pack):
    with freeze_time("2030-01-01"):
        advice = constructs_pack.decide(ANSWERS, dt.date(2026, 2, 4))
    assert advice["policy_pack"]["as_at"] == "2026-02-04"
    assert dated_citation(advice) == []


def test_rules_not_in_force_are_not_explained(constructs_pack):
    advice = constructs_pack.decide(ANSWERS, dt.date(2026, 2, 5))
    assert [e["citation"] for e in advice["explanation"] if e["rule_id"] == "T-DATED"] == [
        "Data Protection Act 2018, s.74AA"
    ]


def test_an_option_not_yet_in_force_is_refused(constructs_pack, tmp_path):
    import re
    import shutil

    import pytest

    import engine
    from tests.conftest import make_constructs_pack

    root = make_constructs_pack(tmp_path / "p")
    questions = tmp_path / "p" / "questions.yaml"
    text = questions.read_text()
    text = re.sub(
        r"\n( +)- id: fraud_prevention\n",
        r'\n\1- id: fraud_prevention\n\1  in_force: {from: "2027-01-01", to: null}\n',
        text,
        count=1,
    )
    assert "2027-01-01" in text
    questions.write_text(text)
    pack = engine.load_pack(root)
    with pytest.raises(engine.AnswerError) as caught:
        pack.decide({"purpose": "fraud_prevention"}, dt.date(2026, 6, 1))
    assert caught.value.field == "purpose"
    assert "not in force" in caught.value.message
    pack.decide({"purpose": "fraud_prevention"}, dt.date(2027, 1, 1))
    shutil.rmtree(root)
