"""The schemas of the OpenAPI document (``web.openapi``): answers, advice and the refusals.

The answers schema is read from the policy pack's questions; the advice schema follows
docs/decision-contract.md (section 2 and its additions); a 400 always names its field, and a limit is
named by ``limit`` and ``max``.
"""

from __future__ import annotations

from typing import Any

_REF = "#/components/schemas/"


def ref(name: str) -> dict[str, str]:
    return {"$ref": _REF + name}


def _strings(*required: str, **extra: Any) -> dict[str, Any]:
    """An object whose ``required`` keys are strings, plus ``extra`` properties."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**{key: {"type": "string"} for key in required}, **extra},
    }


def list_of(item: Any) -> dict[str, Any]:
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
    text_list = list_of({"type": "string"})
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
                "lawful_bases": list_of(_strings("id", "title", "kind", "citation")),
                "items": list_of(
                    {
                        **_strings(
                            "category",
                            outcome={"enum": ["share", "share_redacted", "withhold", "refer"]},
                            reasons=text_list,
                            citations=text_list,
                            rules=list_of(_strings("id", "role")),
                        ),
                        "required": ["category", "outcome", "reasons", "citations"],
                    }
                ),
                "redactions": list_of(_strings("id", "instruction", "citation", applies_to=text_list)),
                "conditions": list_of(_strings("id", "text", "citation")),
                "refer_to": list_of(_strings("role", "reason")),
                "handling": {
                    "type": "object",
                    "required": ["security_marking", "transfer_method", "onward_disclosure"],
                    "properties": {
                        "security_marking": nullable,
                        "transfer_method": nullable,
                        "onward_disclosure": nullable,
                    },
                },
                "explanation": list_of(
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
                "next_steps": list_of(
                    {
                        "type": "object",
                        "required": ["steps", "unlocks", "decision"],
                        "properties": {
                            "steps": list_of({"type": "object", "required": ["question", "answer", "text"]}),
                            "unlocks": text_list,
                            "decision": {"type": "string"},
                        },
                    }
                ),
                "assumed": list_of({"type": "object", "required": ["question", "answer", "reading"]}),
                "layers": list_of(
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
