"""`sharewise decide` exactly as section 3 of the decision contract, driven through the real command."""

import datetime as dt
import json

import pytest

from engine.vocabulary import CONTRACT_OPTIONS, CONTRACT_QUESTIONS, DECISIONS
from tests.conftest import run_cli

ADVICE_KEYS = {
    "decision",
    "summary",
    "regime",
    "lawful_bases",
    "items",
    "redactions",
    "conditions",
    "refer_to",
    "handling",
    "explanation",
    "missing",
    "policy_pack",
}
CASE = {
    "recipient": "la_childrens_services",
    "request_direction": "proactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "address_contact"],
    "data_subject_is_child": True,
    "consent": "would_prejudice",
    "urgency": "urgent",
    "security_marking": "OFFICIAL-SENSITIVE",
    "recipient_verified": True,
    "sharing_agreement_in_place": True,
    "prejudice_to_investigation": False,
    "subject_notified": "not_notified",
}


def decide(payload, *args):
    return run_cli("decide", "-", *args, stdin=json.dumps(payload))


def test_advice_has_every_contract_key(bundled_pack):
    result = decide(CASE, "--as-at", "2026-06-01")
    assert result.code == 0, result.err
    advice = json.loads(result.out)
    assert set(advice) >= ADVICE_KEYS
    assert advice["decision"] in {"share", "share_with_conditions", "do_not_share", "refer", "incomplete"}
    assert set(advice["handling"]) == {"security_marking", "transfer_method", "onward_disclosure"}
    assert set(advice["policy_pack"]) == {"name", "version", "sha256", "as_at"}
    assert advice["policy_pack"]["as_at"] == "2026-06-01"
    assert len(advice["policy_pack"]["sha256"]) == 64
    assert [i["category"] for i in advice["items"]] == CASE["data_categories"]
    # every rule in force is considered, except those scoped to another way of sharing or to a named agreement
    in_force = [r.id for r in bundled_pack.rules if r.in_force.covers(dt.date(2026, 6, 1)) and r.scope is None]
    assert [entry["rule_id"] for entry in advice["explanation"]][: len(in_force)] == in_force
    scoped = {r.id for r in bundled_pack.rules if r.scope is not None}
    assert scoped and scoped.isdisjoint(entry["rule_id"] for entry in advice["explanation"])
    for entry in advice["explanation"]:
        assert entry["outcome"] in {"applied", "not_applied", "blocked", "unanswered"}


def test_a_file_argument_and_a_list_in_order(tmp_path):
    second = dict(CASE, recipient="media", purpose="media_reporting")
    path = tmp_path / "answers.json"
    path.write_text(json.dumps([CASE, second]))
    result = run_cli("decide", str(path), "--as-at", "2026-06-01")
    assert result.code == 0, result.err
    advices = json.loads(result.out)
    assert isinstance(advices, list) and len(advices) == 2
    single = json.loads(decide(second, "--as-at", "2026-06-01").out)
    assert advices[1] == single


def test_as_at_defaults_to_today():
    import datetime as dt

    advice = json.loads(decide(CASE).out)
    assert advice["policy_pack"]["as_at"] == dt.date.today().isoformat()


def test_text_format():
    result = decide(CASE, "--format", "text", "--as-at", "2026-06-01")
    assert result.code == 0
    assert result.out.startswith("DECISION: ")


@pytest.mark.parametrize("question", CONTRACT_QUESTIONS)
def test_every_contract_question_and_option_is_accepted(bundled_pack, question):
    q = bundled_pack.question(question)
    values = list(CONTRACT_OPTIONS.get(question, ()))
    if q.type == "bool":
        values = [True, False, "unsure"]
    elif q.type == "text":
        values = ["2B"]
    assert values
    for value in values:
        answer = [value] if q.type == "many_of" else value
        advice = bundled_pack.decide({question: answer})  # raises AnswerError if refused
        assert advice["decision"] in DECISIONS


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"recipent": "nca"}, "recipent"),
        ({"recipient": "nca_hq"}, "recipient"),
        ({"recipient_verified": "yes"}, "recipient_verified"),
        ({"data_categories": []}, "data_categories"),
        ({"data_categories": "identity"}, "data_categories"),
        ({"intelligence_grading": "9Z"}, "intelligence_grading"),
        ([{"recipient": "nca"}, {"purpose": "fishing"}], "[1].purpose"),
        ([], "answers"),
    ],
)
def test_invalid_input_exits_2_naming_the_field_with_nothing_on_stdout(payload, field):
    result = decide(payload)
    assert result.code == 2
    assert result.out == ""
    assert f"{field}:" in result.err
    assert "Traceback" not in result.err


def test_unknown_question_suggests_the_right_one():
    result = decide({"recipent": "nca"})
    assert "did you mean 'recipient'" in result.err


def test_not_json_and_bad_date_exit_2():
    assert run_cli("decide", "-", stdin="{not json").code == 2
    result = decide(CASE, "--as-at", "2026-13-01")
    assert result.code == 2 and "--as-at" in result.err and result.out == ""


def test_invalid_pack_exits_3(tmp_path):
    (tmp_path / "pack.yaml").write_text("pack: {name: x}\n")
    result = run_cli("decide", "-", "--policies", str(tmp_path), stdin=json.dumps(CASE))
    assert result.code == 3
    assert result.out == ""
    assert "pack.yaml:1:" in result.err
