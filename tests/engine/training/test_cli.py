"""`sharewise exercise` through the real command, on a bundled scenario file."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import POLICIES, run_cli
from tests.engine.training.conftest import INTERCEPT_MASH, model_attempt

FILE = os.path.join(POLICIES, "scenarios", "hard_stops.yaml")


@pytest.fixture(scope="module")
def attempt(bundled_pack, scenarios) -> dict:
    return model_attempt(bundled_pack, scenarios[INTERCEPT_MASH])


def mark(payload, *args, name=INTERCEPT_MASH):
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return run_cli("exercise", "mark", FILE, "--name", name, "-", *args, stdin=text)


def test_the_model_answer_scores_100(attempt):
    result = mark(attempt)
    assert result.code == 0, result.err
    marking = json.loads(result.out)
    assert (marking["score"], marking["differences"], marking["dangerous"]) == (100, [], [])
    assert marking["exercise"]["name"] == INTERCEPT_MASH
    assert [p["part"] for p in marking["parts"]] == ["facts", "decision", "items", "power"]


def test_a_file_argument_and_text_for_people(tmp_path, attempt):
    path = tmp_path / "attempt.json"
    path.write_text(json.dumps(dict(attempt, items=dict(attempt["items"], intercept_product="share"))))
    result = run_cli("exercise", "mark", FILE, "--name", INTERCEPT_MASH, str(path), "--format", "text")
    assert result.code == 0, result.err
    assert "SCORE: 90/100" in result.out
    assert "DANGEROUS ERRORS" in result.out
    assert '"Intercept product": you said share; the pack says withhold.' in result.out
    assert "https://www.legislation.gov.uk/" in result.out


def test_a_hard_stopped_item_shared_is_flagged_in_json(attempt):
    marking = json.loads(mark(dict(attempt, items=dict(attempt["items"], intercept_product="share"))).out)
    assert [(d["kind"], d["field"]) for d in marking["dangerous"]] == [("shared_hard_stop", "items.intercept_product")]
    assert marking["dangerous"][0]["rules"][0]["citation"]


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda a: "{not json", "-: not valid JSON"),
        (lambda a: {k: v for k, v in a.items() if k != "decision"}, "invalid attempt: decision: missing"),
        (
            lambda a: dict(a, decision="shar"),
            "invalid attempt: decision: unknown decision 'shar' (did you mean 'share'?)",
        ),
        (lambda a: dict(a, items={"identiti": "share"}), "invalid attempt: items.identiti: unknown data category"),
        (lambda a: dict(a, items={"identity": "shared"}), "invalid attempt: items.identity: unknown outcome 'shared'"),
        (
            lambda a: dict(a, answers=dict(a["answers"], consent="refusd")),
            "invalid attempt: answers.consent: unknown option 'refusd'",
        ),
        (
            lambda a: dict(a, answers=dict(a["answers"], consnt="refused")),
            "invalid attempt: answers.consnt: unknown question 'consnt' (did you mean 'consent'?)",
        ),
        (
            lambda a: dict(a, power="A-CA04-S10-S1"),
            "invalid attempt: power: unknown rule 'A-CA04-S10-S1' (did you mean 'A-CA04-S10-S11'?)",
        ),
    ],
)
def test_a_bad_attempt_file_exits_2_naming_the_field(attempt, change, words):
    result = mark(change(attempt))
    assert result.code == 2
    assert result.out == ""
    assert words in result.err


def test_a_scenario_name_not_in_the_file_exits_2_with_did_you_mean(attempt):
    result = mark(attempt, name=INTERCEPT_MASH.replace("referral", "referal"))
    assert result.code == 2 and result.out == ""
    assert "--name: no scenario named" in result.err
    assert f"(did you mean '{INTERCEPT_MASH}'?)" in result.err


def test_an_invalid_pack_exits_3(pack_copy, attempt):
    (pack_copy / "broken.yaml").write_text("rules:\n  - id: X\n")
    result = mark(attempt, "--policies", str(pack_copy))
    assert result.code == 3 and result.out == ""
    assert "broken.yaml" in result.err


def test_an_invalid_scenario_file_exits_3(tmp_path, attempt):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "scenarios:\n  - name: X\n    narrative: Y\n    as_at: 2026-03-02\n    answers: {recipient: mashh}\n    expect: {decision: share}\n"
    )
    result = run_cli("exercise", "mark", str(path), "--name", "X", "-", stdin=json.dumps(attempt))
    assert result.code == 3 and result.out == ""
    assert f"{path}:5: answers: recipient: unknown option 'mashh'" in result.err


def test_list_filters_the_bundled_exercises():
    result = run_cli("exercise", "list", "--tag", "hard_stop", "--recipient", "mash", "--format", "json")
    assert result.code == 0, result.err
    listed = json.loads(result.out)
    assert INTERCEPT_MASH in [e["name"] for e in listed]
    assert all("hard_stop" in e["tags"] and e["recipient"] == "mash" for e in listed)
    text = run_cli("exercise", "list", "--tag", "hard_stop", "--recipient", "mash")
    assert text.code == 0
    assert INTERCEPT_MASH in text.out
    assert text.out.rstrip().endswith(f"{len(listed)} exercise(s).")


def test_list_refuses_an_unknown_filter():
    result = run_cli("exercise", "list", "--purpose", "child_protect")
    assert result.code == 2 and result.out == ""
    assert "--purpose: unknown option 'child_protect' for 'purpose' (did you mean 'child_protection'?)" in result.err
