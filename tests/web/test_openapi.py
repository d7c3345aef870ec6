"""The OpenAPI 3.1 document at /api/v1/openapi.json (issue 13): valid, complete, and true of the responses.

The document is validated with openapi-spec-validator; then every response ``/api/v1/decide`` documents is
produced for real and checked against its schema with jsonschema, and the codes produced are exactly the
codes documented. The records endpoints are checked the same way.
"""

import datetime
import json
import os

import jsonschema
import pytest
from openapi_spec_validator import validate as validate_spec

from tests.web.conftest import ANSWERS, save_record, user_id
from tests.web.test_api import scenario_answers
from web import account_actions, schema, tokens


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def check(document, path, method, response):
    """Validate a real response against what the document says of its status code; returns the code."""
    operation = document["paths"][path][method]
    code = str(response.status_code)
    assert code in operation["responses"], f"{method.upper()} {path} answered {code}, which is not documented"
    declared = operation["responses"][code]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**declared, "components": document["components"]}).validate(response.get_json())
    for header in operation["responses"][code].get("headers", {}):
        assert header in response.headers, header
    return code


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate_spec(document)


def test_every_endpoint_is_described(app, document):
    described = {path.replace("{record_id}", "<record_id>") for path in document["paths"]}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")}
    assert routes == described


def test_the_answers_schema_is_the_packs_questionnaire(app, document):
    from tests.web.conftest import loaded_pack

    pack = loaded_pack(app.config["POLICY_PACK"])
    answers = document["components"]["schemas"]["Answers"]
    assert set(answers["properties"]) == {question.id for question in pack.questions}
    jsonschema.Draft202012Validator({**answers, "components": document["components"]}).validate(ANSWERS)
    assert answers["additionalProperties"] is False


def test_limits_in_the_document_are_the_settings(app, document):
    body = document["paths"]["/api/v1/decide"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["oneOf"][1]["maxItems"] == app.config["API_MAX_BATCH"]
    assert str(app.config["API_MAX_BODY_BYTES"]) in body["description"]


def test_every_documented_response_of_decide_is_checked(app, client, document):
    engine = app.extensions["sharewise_db"]
    token = tokens.add_token(engine, user_id(app, "officer"), "openapi")
    records_only = tokens.add_token(engine, user_id(app, "officer"), "records", scopes=("records",))
    trainer = tokens.add_token(engine, user_id(app, "trainer"), "trainer")
    expired_id, expired = tokens.issue(engine, user_id(app, "officer"), "expired", scopes=("decide",), expires_days=1)
    with engine.begin() as conn:
        conn.execute(
            schema.api_tokens.update()
            .where(schema.api_tokens.c.id == expired_id)
            .values(expires_at=datetime.datetime(2020, 1, 1))
        )
    revoked_id, revoked = tokens.issue(engine, user_id(app, "officer"), "revoked", scopes=("decide",), expires_days=1)
    account_actions.revoke_token(engine, revoked_id, actor="test")

    def decide(body=None, *, bearer=token, raw=None, query=""):
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        if raw is not None:
            headers["Content-Type"] = "application/json"
            return client.post("/api/v1/decide" + query, data=raw, headers=headers)
        return client.post("/api/v1/decide" + query, json=body, headers=headers)

    path, limit = "/api/v1/decide", app.config["API_MAX_DEPTH"]
    seen = set()
    for response in [
        decide(ANSWERS),
        decide([ANSWERS, {"recipient": "health"}]),
        decide({}),
        decide({"recipient": "nope"}),
        decide([ANSWERS, {"recipient": "nope"}]),
        decide(ANSWERS, query="?as_at=yesterday"),
        decide(raw="[" * (limit + 1) + "]" * (limit + 1)),
        decide([{}] * (app.config["API_MAX_BATCH"] + 1)),
        decide(raw='{"recipient": ' + "9" * 100 + "}"),
        decide(raw="{not json"),
        decide(raw="x" * (app.config["API_MAX_BODY_BYTES"] + 1)),
        decide(ANSWERS, bearer=None),
        decide(ANSWERS, bearer=expired),
        decide(ANSWERS, bearer=revoked),
        decide(ANSWERS, bearer=trainer),
        decide(ANSWERS, bearer=records_only),
    ]:
        seen.add(check(document, path, "post", response))
    app.config.update(API_RATE_LIMIT=1, API_RATE_WINDOW_SECONDS=3600)
    decide(ANSWERS)
    seen.add(check(document, path, "post", decide(ANSWERS)))
    assert seen == set(document["paths"][path]["post"]["responses"])


def test_the_change_endpoint_answers_as_documented(app, client, document):
    token = tokens.add_token(app.extensions["sharewise_db"], user_id(app, "officer"), "openapi-change")
    headers = {"Authorization": f"Bearer {token}"}
    path = "/api/v1/change"
    seen = set()
    for body, bearer in [
        ({"answers": ANSWERS, "question": "recipient", "answer": "health"}, True),
        ({"answers": ANSWERS, "question": "recipient", "answer": "nope"}, True),
        ({"answers": ANSWERS, "question": "recipient"}, True),
        ({"answers": ANSWERS, "question": "recipient", "answer": "health"}, False),
    ]:
        response = client.post(path, json=body, headers=headers if bearer else {})
        seen.add(check(document, path, "post", response))
    assert seen == {"200", "400", "401"}


def test_the_advice_schema_holds_for_the_bundled_packs_scenarios(tmp_path):
    from tests.web.conftest import close_app, make_app

    app = make_app(tmp_path, None)
    try:
        client = app.test_client()
        document = client.get("/api/v1/openapi.json").get_json()
        validate_spec(document)
        token = tokens.add_token(app.extensions["sharewise_db"], user_id(app, "officer"), "scenarios")
        app.config["API_MAX_BATCH"] = 1000
        app.config["API_RATE_LIMIT"] = 100_000
        cases = scenario_answers(limit_per_file=2)
        for start in range(0, len(cases), 50):
            response = client.post(
                "/api/v1/decide", json=cases[start : start + 50], headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 200
            check(document, "/api/v1/decide", "post", response)
    finally:
        close_app(app)


def test_the_records_endpoints_answer_as_documented(app, client, document):
    record_id = save_record(app, app.test_client())
    engine = app.extensions["sharewise_db"]
    token = tokens.add_token(engine, user_id(app, "officer"), "records", scopes=("records",))
    decide_only = tokens.add_token(engine, user_id(app, "officer"), "decide")

    def get(path, bearer=token):
        return client.get(path, headers={"Authorization": f"Bearer {bearer}"} if bearer else {})

    listing, one = "/api/v1/records", "/api/v1/records/{record_id}"
    assert {check(document, listing, "get", get(listing + q)) for q in ("", "?page=x")} == {"200", "400"}
    assert check(document, listing, "get", get(listing, None)) == "401"
    assert check(document, listing, "get", get(listing, decide_only)) == "403"
    assert check(document, one, "get", get(f"/api/v1/records/{record_id}")) == "200"
    assert check(document, one, "get", get("/api/v1/records/not-a-record")) == "404"
    app.config.update(API_RATE_LIMIT=1, API_RATE_WINDOW_SECONDS=3600)
    get(listing)
    assert check(document, listing, "get", get(listing)) == "429"


def test_the_readme_links_to_the_document():
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    assert "/api/v1/openapi.json" in readme


def test_the_document_is_plain_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.mimetype == "application/json"
    json.loads(response.get_data(as_text=True))
