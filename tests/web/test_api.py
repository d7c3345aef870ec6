"""POST /api/v1/decide: token authentication, 400s naming the field, and the same advice as the CLI."""

import glob
import json
import os
import subprocess
import sys

import pytest
import yaml

from tests.web.conftest import ANSWERS, POLICIES, close_app, make_app, user_id
from web import schema, tokens

SHAREWISE = os.path.join(os.path.dirname(sys.executable), "sharewise")
AS_AT = "2026-03-02"


def token_for(app, username):
    return tokens.add_token(app.extensions["sharewise_db"], user_id(app, username), "tests")


def post(client, token, payload, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/decide", json=payload, headers=headers, **kwargs)


def test_no_token_is_401(client):
    response = client.post("/api/v1/decide", json=ANSWERS)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "token" in response.get_json()["error"]


@pytest.mark.parametrize("header", ["Bearer sw_not-a-real-token", "Bearer ", "Basic b2ZmaWNlcjp4", "sw_x"])
def test_bad_tokens_are_401(client, header):
    assert client.post("/api/v1/decide", json=ANSWERS, headers={"Authorization": header}).status_code == 401


@pytest.mark.parametrize(
    ("role", "status"), [("officer", 200), ("supervisor", 200), ("legal", 200), ("trainer", 403), ("admin", 403)]
)
def test_token_role_matrix(app, client, role, status):
    assert post(client, token_for(app, role), ANSWERS).status_code == status


def test_tokens_are_hashed_at_rest(app):
    token = token_for(app, "officer")
    with app.extensions["sharewise_db"].connect() as conn:
        stored = [row.token_hash for row in conn.execute(schema.api_tokens.select())]
    assert token not in stored
    assert len(stored) == 1 and len(stored[0]) == 64


def test_disabled_user_token_stops_working(app, client):
    token = token_for(app, "officer")
    with app.extensions["sharewise_db"].begin() as conn:
        conn.execute(schema.users.update().where(schema.users.c.username == "officer").values(active=False))
    assert post(client, token, ANSWERS).status_code == 401


def test_one_answers_object_gives_one_advice(app, client):
    response = post(client, token_for(app, "officer"), ANSWERS)
    assert response.status_code == 200
    advice = response.get_json()
    assert advice["decision"] == "share_with_conditions"
    for key in (
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
    ):
        assert key in advice


def test_a_list_gives_a_list_in_order(app, client):
    payload = [ANSWERS, dict(ANSWERS, purpose="other_non_policing"), {"recipient": "health"}]
    response = post(client, token_for(app, "officer"), payload)
    assert [a["decision"] for a in response.get_json()] == ["share_with_conditions", "do_not_share", "incomplete"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"no_such_question": 1}, "no_such_question"),
        ({"recipient": "not_a_recipient"}, "recipient"),
        ({"data_categories": "identity"}, "data_categories"),
        ({"data_subject_is_child": "yes"}, "data_subject_is_child"),
        ([ANSWERS, {"recipient": "nope"}], "[1].recipient"),
        ([ANSWERS, "not an object"], "[1]"),
        ("just a string", "body"),
        ([], "answers"),
    ],
)
def test_invalid_input_is_400_naming_the_field(app, client, payload, field):
    response = post(client, token_for(app, "officer"), payload)
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == field
    assert body["error"].startswith(field)


def test_body_must_be_json(app, client):
    response = client.post(
        "/api/v1/decide", data="recipient=health", headers={"Authorization": f"Bearer {token_for(app, 'officer')}"}
    )
    assert response.status_code == 400
    assert response.get_json()["field"] == "body"


def test_bad_as_at(app, client):
    response = post(client, token_for(app, "officer"), ANSWERS, query_string={"as_at": "yesterday"})
    assert response.status_code == 400
    assert response.get_json()["field"] == "as_at"


# Same advice as `sharewise decide` ------------------------------------------------------------------------


def scenario_answers(limit_per_file=3):
    """Answers from the bundled pack's scenario files: realistic cases in every area."""
    cases = []
    for path in sorted(glob.glob(os.path.join(POLICIES, "scenarios", "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            scenarios = (yaml.safe_load(handle) or {}).get("scenarios", [])
        cases.extend(s["answers"] for s in scenarios[:limit_per_file])
    return cases


def run_cli(*args, stdin=None):
    return subprocess.run([SHAREWISE, *args], input=stdin, capture_output=True, text=True, timeout=300)


@pytest.fixture
def bundled_app(tmp_path):
    app = make_app(tmp_path, None)
    yield app
    close_app(app)


def api_and_cli(app, payload):
    """The API's and the CLI's advice for the same answers, from the same bundled pack.

    The pack is read afresh for each side. If its files changed in between (someone editing policies/
    in the same working tree), the sha256 in the advice differs, and the pair is taken again.
    """
    import engine

    for _attempt in range(3):
        app.extensions["sharewise_pack"] = engine.load_pack(None)
        response = post(app.test_client(), token_for(app, "officer"), payload, query_string={"as_at": AS_AT})
        assert response.status_code == 200, response.get_json()
        cli = run_cli("decide", "-", "--as-at", AS_AT, stdin=json.dumps(payload))
        assert cli.returncode == 0, cli.stderr
        api_advice, cli_advice = response.get_json(), json.loads(cli.stdout)
        first = (api_advice[0] if isinstance(api_advice, list) else api_advice)["policy_pack"]["sha256"]
        second = (cli_advice[0] if isinstance(cli_advice, list) else cli_advice)["policy_pack"]["sha256"]
        if first == second:
            break
    return api_advice, cli_advice


def test_same_advice_as_the_cli_on_the_bundled_pack(bundled_app):
    api_advice, cli_advice = api_and_cli(bundled_app, scenario_answers() or [ANSWERS])
    assert api_advice == cli_advice


def test_same_single_advice_as_the_cli(bundled_app):
    api_advice, cli_advice = api_and_cli(bundled_app, (scenario_answers(1) or [ANSWERS])[0])
    assert isinstance(api_advice, dict)
    assert api_advice == cli_advice


def test_same_advice_as_the_cli_on_another_pack(app, client, web_pack_path, tmp_path):
    payload = [
        ANSWERS,
        dict(ANSWERS, handling_code="C"),
        dict(ANSWERS, data_subject_is_child="unsure"),
        {"recipient": "health"},
    ]
    cli = run_cli("decide", "-", "--as-at", AS_AT, "--policies", web_pack_path, stdin=json.dumps(payload))
    assert cli.returncode == 0, cli.stderr
    response = post(client, token_for(app, "officer"), payload, query_string={"as_at": AS_AT})
    assert response.get_json() == json.loads(cli.stdout)


def test_same_field_named_as_the_cli(app, client, web_pack_path):
    payload = [ANSWERS, {"recipient": "nope"}]
    cli = run_cli("decide", "-", "--policies", web_pack_path, stdin=json.dumps(payload))
    assert cli.returncode == 2
    response = post(client, token_for(app, "officer"), payload)
    assert response.get_json()["field"] in cli.stderr


def change(client, token, payload, **kwargs):
    return client.post("/api/v1/change", json=payload, headers={"Authorization": f"Bearer {token}"}, **kwargs)


def test_change_drops_the_answers_about_the_changed_answer(app, client):
    answers = {**ANSWERS, "recipient_verified": True, "sharing_agreement_in_place": True, "urgency": "routine"}
    response = change(
        client, token_for(app, "officer"), {"answers": answers, "question": "recipient", "answer": "media"}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert {"recipient_verified", "sharing_agreement_in_place"} <= set(body["dropped"])
    assert body["answers"]["recipient"] == "media" and "recipient_verified" not in body["answers"]
    assert body["answers"]["urgency"] == "routine"
    assert body["advice"]["decision"] in ("incomplete", "do_not_share", "refer", "share", "share_with_conditions")


def test_change_with_the_same_answer_keeps_everything(app, client):
    answers = {**ANSWERS, "recipient_verified": True}
    body = change(
        client, token_for(app, "officer"), {"answers": answers, "question": "recipient", "answer": ANSWERS["recipient"]}
    ).get_json()
    assert body["dropped"] == [] and body["answers"]["recipient_verified"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"answers": {}, "question": "recipient", "answer": "nobody"}, "recipient"),
        ({"answers": {"recipent": "media"}, "question": "recipient", "answer": "media"}, "answers.recipent"),
        ({"answers": [], "question": "recipient", "answer": "media"}, "answers"),
        ({"answers": {}, "answer": "media"}, "question"),
        ({"answers": {}, "question": "recipient", "answer": "media", "extra": 1}, "extra"),
    ],
)
def test_change_names_the_bad_field(app, client, payload, field):
    response = change(client, token_for(app, "officer"), payload)
    assert response.status_code == 400
    assert response.get_json()["field"] == field


def test_change_needs_a_token_with_the_decide_permission(app, client):
    assert client.post("/api/v1/change", json={}).status_code == 401
    assert (
        change(
            client, token_for(app, "trainer"), {"answers": {}, "question": "recipient", "answer": "media"}
        ).status_code
        == 403
    )
