"""The OpenAPI 3.1 description of the API, served at ``/api/v1/openapi.json``.

Built from the definitions the code uses: the answers schema from the policy pack's questionnaire (every
question, its type and option ids, across all the dates it covers), the limits from the app's settings, the
token scopes from ``web.tokens``. The advice schema follows docs/decision-contract.md (section 2 and its
additions); ``tests/web/test_openapi.py`` validates the document with openapi-spec-validator and checks
every documented response of ``/api/v1/decide`` against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import engine
from web import tokens

JSON = "application/json"
_REF = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _strings(*required: str, **extra: Any) -> dict[str, Any]:
    """An object whose ``required`` keys are strings, plus ``extra`` properties."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**{key: {"type": "string"} for key in required}, **extra},
    }


def _list_of(item: Any) -> dict[str, Any]:
    return {"type": "array", "items": item}


def answer_schema(question: Any) -> dict[str, Any]:
    """The JSON Schema of one question's answer."""
    options = [option.id for option in question.options]
    kinds: dict[str, dict[str, Any]] = {
        "bool": {"type": "boolean"},
        "one_of": {"type": "string", "enum": options},
        "many_of": {"type": "array", "items": {"enum": options}, "minItems": 1, "uniqueItems": True},
        "text": {"type": "string", **({"pattern": f"^(?:{question.pattern})$"} if question.pattern else {})},
        "number": {"type": "number"},
    }
    schema = kinds[question.type]
    if question.type == "bool" and question.unsure:
        schema = {"oneOf": [schema, {"const": "unsure"}]}
    return {**schema, "description": question.wording}


def advice_schemas() -> dict[str, Any]:
    """The advice object (docs/decision-contract.md, section 2 and the additions)."""
    text_list = _list_of({"type": "string"})
    nullable = {"type": ["string", "null"]}
    return {
        "Advice": {
            "type": "object",
            "required": [
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
            ],
            "properties": {
                "decision": {"enum": ["share", "share_with_conditions", "do_not_share", "refer", "incomplete"]},
                "summary": {"type": "string"},
                "regime": {"type": "string"},
                "lawful_bases": _list_of(_strings("id", "title", "kind", "citation")),
                "items": _list_of(
                    {
                        **_strings(
                            "category",
                            outcome={"enum": ["share", "share_redacted", "withhold", "refer"]},
                            reasons=text_list,
                            citations=text_list,
                            rules=_list_of(_strings("id", "role")),
                        ),
                        "required": ["category", "outcome", "reasons", "citations"],
                    }
                ),
                "redactions": _list_of(_strings("id", "instruction", "citation", applies_to=text_list)),
                "conditions": _list_of(_strings("id", "text", "citation")),
                "refer_to": _list_of(_strings("role", "reason")),
                "handling": {
                    "type": "object",
                    "required": ["security_marking", "transfer_method", "onward_disclosure"],
                    "properties": {
                        "security_marking": nullable,
                        "transfer_method": nullable,
                        "onward_disclosure": nullable,
                    },
                },
                "explanation": _list_of(
                    {
                        **_strings(
                            "rule_id",
                            "kind",
                            "because",
                            "citation",
                            outcome={"enum": ["applied", "not_applied", "blocked", "unanswered"]},
                        ),
                        "required": ["rule_id", "kind", "outcome", "because", "citation"],
                    }
                ),
                "missing": text_list,
                "policy_pack": _strings("name", "version", "sha256", "as_at"),
                "next_steps": _list_of(
                    {
                        "type": "object",
                        "required": ["steps", "unlocks", "decision"],
                        "properties": {
                            "steps": _list_of({"type": "object", "required": ["question", "answer", "text"]}),
                            "unlocks": text_list,
                            "decision": {"type": "string"},
                        },
                    }
                ),
                "assumed": _list_of({"type": "object", "required": ["question", "answer", "reading"]}),
                "layers": _list_of(
                    {
                        "type": "object",
                        "required": ["layer", "name", "status", "rules"],
                        "properties": {
                            "layer": {"type": "integer"},
                            "name": {"type": "string"},
                            "status": {"enum": ["passed", "failed", "restricted", "unknown", "not_reached"]},
                            "rules": text_list,
                        },
                    }
                ),
            },
        }
    }


def error_schemas() -> dict[str, Any]:
    """The refusals: a 400 always names its field; a limit is named by ``limit`` and ``max``."""
    return {
        "BadRequest": {
            "type": "object",
            "required": ["error", "field", "message"],
            "properties": {
                "error": {"type": "string", "description": "`field: message`"},
                "field": {
                    "type": "string",
                    "minLength": 1,
                    "description": "the answer (`[2].recipient`), `as_at`, `page` or `body`",
                },
                "message": {"type": "string"},
                "limit": {"enum": ["max_depth", "max_batch", "max_number_digits"]},
                "max": {"type": "integer"},
            },
            "additionalProperties": False,
        },
        "TooLarge": {
            "type": "object",
            "required": ["error", "field", "message", "limit", "max"],
            "properties": {
                "error": {"type": "string"},
                "field": {"const": "body"},
                "message": {"type": "string"},
                "limit": {"const": "max_body_bytes"},
                "max": {"type": "integer"},
            },
            "additionalProperties": False,
        },
        "RateLimited": {
            "type": "object",
            "required": ["error", "limit", "max", "window_seconds", "retry_after"],
            "properties": {
                "error": {"type": "string"},
                "limit": {"const": "rate"},
                "max": {"type": "integer"},
                "window_seconds": {"type": "integer"},
                "retry_after": {"type": "integer"},
            },
            "additionalProperties": False,
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"type": "string"}},
            "additionalProperties": False,
        },
    }


def _response(description: str, schema: dict[str, Any], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {JSON: {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _refusals(config: Mapping[str, Any], *, body: bool) -> dict[str, Any]:
    responses = {
        "400": _response("Invalid input: `field` names it (and `limit`, if a limit was exceeded)", _ref("BadRequest")),
        "401": _response(
            "No working token (missing, unknown, expired or revoked, or its account disabled)",
            _ref("Error"),
            {"WWW-Authenticate": {"schema": {"type": "string"}}},
        ),
        "403": _response("The account's role, or the token's scope, does not allow this endpoint", _ref("Error")),
        "429": _response(
            f"Over the token's limit of {config['API_RATE_LIMIT']} decisions per {config['API_RATE_WINDOW_SECONDS']} s",
            _ref("RateLimited"),
            {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait"}},
        ),
    }
    if body:
        responses["413"] = _response(f"The body is over {config['API_MAX_BODY_BYTES']} bytes", _ref("TooLarge"))
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
    scopes = ", ".join(f"`{scope}` ({text})" for scope, text in tokens.SCOPES.items())
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
                            _ref("Answers"),
                            {"type": "array", "items": _ref("Answers"), "minItems": 1, "maxItems": batch},
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
                {"oneOf": [_ref("Advice"), {"type": "array", "items": _ref("Advice")}]},
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
                        "records": _list_of(_ref("Record")),
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
            "200": _response("The record as stored", _ref("Record")),
            "404": _response("No record with this id that this account may read", _ref("Error")),
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
