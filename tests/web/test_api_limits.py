"""Issue 13, defects 3 and 6: hostile bodies get a clear 400 or 413 naming the field or the limit.

Nesting depth, batch size, body size and the length of a number are limited before any work is done, and
every refusal is JSON that names what was wrong: ``field`` (the answer, or ``body``) and, for a limit,
``limit`` (its name) and ``max`` (its value). The per-token rate limit is in test_api_rate_limit.py.
"""

import json
import time

import pytest

from tests.web.conftest import ANSWERS
from tests.web.test_api import token_for


def raw_post(client, token, data):
    return client.post(
        "/api/v1/decide",
        data=data,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )


def test_deeply_nested_json_is_a_400_naming_the_depth_limit(app, client):
    response = raw_post(client, token_for(app, "officer"), "[" * 2000 + "]" * 2000)
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == "body"
    assert body["limit"] == "max_depth"
    assert str(app.config["API_MAX_DEPTH"]) in body["error"]


def test_nesting_inside_strings_does_not_count(app, client):
    answers = dict(ANSWERS, recipient="[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{{{{{{{{{{{")
    response = raw_post(client, token_for(app, "officer"), json.dumps(answers))
    assert response.status_code == 400
    assert response.get_json()["field"] == "recipient"


def test_nesting_under_the_limit_reaches_the_answers_check(app, client):
    depth = app.config["API_MAX_DEPTH"] - 1
    response = raw_post(client, token_for(app, "officer"), '{"recipient": ' + "[" * depth + "]" * depth + "}")
    assert response.status_code == 400
    assert response.get_json()["field"] == "recipient"


def test_a_batch_over_the_limit_is_refused_before_any_decision(app, client):
    limit = app.config["API_MAX_BATCH"]
    started = time.monotonic()
    response = raw_post(client, token_for(app, "officer"), json.dumps([ANSWERS] * (limit + 1)))
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    body = response.get_json()
    assert (body["field"], body["limit"], body["max"]) == ("body", "max_batch", limit)
    assert f"at most {limit} answer sets" in body["error"]


def test_a_batch_at_the_limit_is_decided(app, client):
    limit = app.config["API_MAX_BATCH"]
    response = raw_post(client, token_for(app, "officer"), json.dumps([{"recipient": "health"}] * limit))
    assert response.status_code == 200
    assert len(response.get_json()) == limit


def test_the_reported_huge_batch_is_refused_quickly(app, client):
    """The report: 1,000 answer sets in 400 KB made a 148 MB response and held a worker for 6 s."""
    payload = json.dumps([ANSWERS] * 1000, indent=2)
    assert len(payload) > 300_000
    started = time.monotonic()
    response = raw_post(client, token_for(app, "officer"), payload)
    assert time.monotonic() - started < 2
    assert response.status_code in (400, 413)
    body = response.get_json()
    assert body["field"] == "body"
    assert body["limit"] in ("max_batch", "max_body_bytes")
    assert len(response.get_data()) < 2000


def test_a_body_over_the_size_limit_is_a_413_naming_the_limit(app, client):
    limit = app.config["API_MAX_BODY_BYTES"]
    response = raw_post(client, token_for(app, "officer"), json.dumps({"recipient": "x" * limit}))
    assert response.status_code == 413
    body = response.get_json()
    assert (body["field"], body["limit"], body["max"]) == ("body", "max_body_bytes", limit)
    assert str(limit) in body["error"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ('{"recipient": ' + "1" * 4300 + "}", "recipient"),
        ('[{"recipient": "health"}, {"purpose": ' + "9" * 5000 + "}]", "[1].purpose"),
        ('{"data_categories": ["identity", ' + "7" * 4301 + "]}", "data_categories[1]"),
        ('{"recipient": 1e999}', "recipient"),
        ('{"recipient": NaN}', "recipient"),
        ('{"recipient": -Infinity}', "recipient"),
    ],
)
def test_an_impossible_number_names_its_field(app, client, payload, field):
    response = raw_post(client, token_for(app, "officer"), payload)
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == field, body
    assert body["error"].startswith(field)


def test_invalid_json_names_the_body(app, client):
    response = raw_post(client, token_for(app, "officer"), '{"recipient": ')
    assert response.status_code == 400
    assert response.get_json()["field"] == "body"


@pytest.mark.parametrize(
    ("payload", "field"),
    [('{"": 1}', '""'), ('[{"": 1}]', '[0].""'), ('{"' + "q" * 5000 + '": 1}', "q" * 200)],
)
def test_an_empty_or_huge_question_id_is_still_named(app, client, payload, field):
    """Found by the fuzz test: an empty key was named by an empty field."""
    response = raw_post(client, token_for(app, "officer"), payload)
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == field
    assert body["error"].startswith(field + ": ")
