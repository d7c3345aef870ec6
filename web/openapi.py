"""The OpenAPI 3.1 description of the API, served at ``/api/v1/openapi.json``.

Built from the definitions the code uses: the answers schema from the policy pack's questionnaire (every
question, its type and option ids, across all the dates it covers), the limits from the app's settings, the
token scopes from ``web.tokens``. The advice schema follows docs/decision-contract.md (section 2 and its
additions); ``tests/web/test_openapi.py`` validates the document with openapi-spec-validator and checks
every documented response of ``/api/v1/decide`` and ``/api/v1/change`` against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import engine
from web import tokens
from web.openapi_schemas import advice_schemas, answer_schema, error_schemas, list_of, ref
from web.words import plain, words

JSON = "application/json"


def _response(description: str, schema: dict[str, Any], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {JSON: {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _refusals(config: Mapping[str, Any], *, body: bool) -> dict[str, Any]:
    responses = {
        "400": _response("Invalid input: `field` names it (and `limit`, if a limit was exceeded)", ref("BadRequest")),
        "401": _response(
            "No working token (missing, unknown, expired or revoked, or its account disabled)",
            ref("Error"),
            {"WWW-Authenticate": {"schema": {"type": "string"}}},
        ),
        "403": _response("The account's role, or the token's scope, does not allow this endpoint", ref("Error")),
        "429": _response(
            f"Over the token's limit of {config['API_RATE_LIMIT']} decisions per {config['API_RATE_WINDOW_SECONDS']} s",
            ref("RateLimited"),
            {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}},
        ),
    }
    if body:
        responses["413"] = _response(f"The body is over {config['API_MAX_BODY_BYTES']} bytes", ref("TooLarge"))
    return responses


def document(config: Mapping[str, Any], pack: engine.Pack) -> dict[str, Any]:
    """The whole OpenAPI 3.1 document for this app's settings and policy pack."""
    batch = config["API_MAX_BATCH"]
    answers = {
        "type": "object",
        "description": f"Question id -> answer, for the policy pack {pack.name} {pack.version}. "
        "An unanswered question is left out.",
        "properties": {question.id: answer_schema(question) for question in pack.questions},
        "additionalProperties": False,
    }
    scopes = ", ".join(f"`{scope}` ({plain(words().scope(scope))})" for scope in tokens.SCOPES)
    decide = {
        "summary": "Advice for one answers object, or for a list of them",
        "operationId": "decide",
        "security": [{"token": []}],
        "parameters": [
            {
                "name": "as_at",
                "in": "query",
                "required": False,
                "description": "Apply the law in force on this date (default today)",
                "schema": {"type": "string", "format": "date"},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {
                JSON: {
                    "schema": {
                        "oneOf": [
                            ref("Answers"),
                            {"type": "array", "items": ref("Answers"), "minItems": 1, "maxItems": batch},
                        ]
                    }
                }
            },
            "description": f"At most {config['API_MAX_BODY_BYTES']} bytes, nested at most "
            f"{config['API_MAX_DEPTH']} deep, at most {batch} answer sets; each set costs one decision "
            "of the token's rate limit.",
        },
        "responses": {
            "200": _response(
                "The advice (docs/decision-contract.md): one object, or a list in the order of the answer sets",
                {"oneOf": [ref("Advice"), {"type": "array", "items": ref("Advice")}]},
            ),
            **_refusals(config, body=True),
        },
    }
    change = {
        "summary": "Change one answer the way the web journey does",
        "operationId": "change",
        "security": [{"token": []}],
        "parameters": decide["parameters"],
        "requestBody": {
            "required": True,
            "content": {
                JSON: {
                    "schema": {
                        "type": "object",
                        "required": ["question", "answer"],
                        "properties": {
                            "answers": ref("Answers"),
                            "question": {"type": "string", "description": "The id of the question answered anew"},
                            "answer": {"description": "Its new answer"},
                        },
                        "additionalProperties": False,
                    }
                }
            },
            "description": "Costs one decision of the token's rate limit.",
        },
        "responses": {
            "200": _response(
                "The answers less those about the old answer (the pack's depends_on) or no longer arising, "
                "the ids dropped, and the advice on what is left",
                {
                    "type": "object",
                    "required": ["answers", "dropped", "advice"],
                    "properties": {
                        "answers": ref("Answers"),
                        "dropped": {"type": "array", "items": {"type": "string"}},
                        "advice": ref("Advice"),
                    },
                },
            ),
            **_refusals(config, body=True),
        },
    }
    page = {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}}
    record_list = {
        "summary": "The token's account's own justification records, newest first",
        "operationId": "listRecords",
        "security": [{"token": []}],
        "parameters": [page],
        "responses": {
            "200": _response(
                "A page of records (docs/records.md, What a record holds)",
                {
                    "type": "object",
                    "required": ["records", "page", "more"],
                    "properties": {
                        "records": list_of(ref("Record")),
                        "page": {"type": "integer"},
                        "more": {"type": "boolean"},
                    },
                },
            ),
            **_refusals(config, body=False),
        },
    }
    one_record = {
        "summary": "One justification record the account may read",
        "operationId": "getRecord",
        "security": [{"token": []}],
        "parameters": [{"name": "record_id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": {
            "200": _response("The record as stored", ref("Record")),
            "404": _response("No record with this id that this account may read", ref("Error")),
            **{code: r for code, r in _refusals(config, body=False).items() if code != "400"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sharewise API",
            "version": "1",
            "description": "Decision support for police information sharing. Authenticate with an API token "
            f"(`Authorization: Bearer sw_...`); scopes: {scopes}.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/decide": {"post": decide},
            "/api/v1/change": {"post": change},
            "/api/v1/records": {"get": record_list},
            "/api/v1/records/{record_id}": {"get": one_record},
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "security": [],
                    "responses": {"200": _response("The OpenAPI 3.1 document", {"type": "object"})},
                }
            },
        },
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer", "description": "an API token"}},
            "schemas": {
                "Answers": answers,
                **advice_schemas(),
                **error_schemas(),
                "Record": {
                    "type": "object",
                    "required": ["id", "seq", "hash", "created_at", "decision_maker", "decision", "answers", "advice"],
                    "properties": {"id": {"type": "string"}, "seq": {"type": "integer"}, "hash": {"type": "string"}},
                },
            },
        },
    }
