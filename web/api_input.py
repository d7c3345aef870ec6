"""Reading an API request's JSON body within limits, so that hostile input is a 400 or 413 naming the
field or the limit, never a 500 or a worker held for seconds (issue 13, defects 3 and 6).

* Body size: API_MAX_BODY_BYTES (413, limit ``max_body_bytes``), read through Flask's per-request
  ``max_content_length``.
* Nesting depth: API_MAX_DEPTH, counted on the raw text (outside strings) before the parser sees it, so
  2,000 nested brackets cannot exhaust Python's recursion limit (400, limit ``max_depth``).
* Numbers: at most ``MAX_NUMBER_DIGITS`` digits, and finite (no ``NaN``, ``Infinity``, ``1e999``). An
  impossible number is refused naming its field (``[1].purpose``), not the whole body (400, limit
  ``max_number_digits`` or field only).
* Batch size: API_MAX_BATCH answer sets in a list (400, limit ``max_batch``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge

MAX_NUMBER_DIGITS = 64
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")


class BodyProblem(Exception):
    """What is wrong with a request body: the field (or ``body``), a message, and the limit if one was hit."""

    def __init__(self, field: str, message: str, limit: str | None = None, maximum: int | None = None, status=400):
        field = name_field(field)
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.limit, self.maximum, self.status = field, message, limit, maximum, status

    def as_json(self) -> dict[str, Any]:
        """The error body the API sends."""
        body: dict[str, Any] = {"error": str(self), "field": self.field, "message": self.message}
        if self.limit:
            body.update(limit=self.limit, max=self.maximum)
        return body


def name_field(field: str) -> str:
    """A field's name as errors give it: an empty question id shows as ``""`` (so that ``[0].`` reads
    ``[0].""``), and a very long one is cut to 200 characters."""
    if not field or field.endswith("."):
        field += '""'
    return field[:200]


class _Refused:
    """A value the parser met that no answer can be (a number too long, or not finite)."""

    def __init__(self, message: str, limit: str | None = None) -> None:
        self.message, self.limit = message, limit


def _parse_int(text: str) -> int | _Refused:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        return _Refused(f"numbers are limited to {MAX_NUMBER_DIGITS} digits", "max_number_digits")
    return int(text)


def _parse_float(text: str) -> float | _Refused:
    value = float(text)
    return value if math.isfinite(value) else _Refused("the number is too large to be an answer")


def _parse_constant(text: str) -> _Refused:
    return _Refused(f"{text} is not a number an answer can be")


def read_body(request: Request, max_bytes: int, max_depth: int, max_batch: int) -> Any:
    """The request's JSON (an answers object or a list of them), or raise ``BodyProblem``."""
    request.max_content_length = max_bytes
    try:
        data = request.get_data(cache=False)
    except RequestEntityTooLarge:
        raise BodyProblem(
            "body", f"is larger than the limit of {max_bytes} bytes", "max_body_bytes", max_bytes, 413
        ) from None
    if not request.is_json or not data.strip():
        raise BodyProblem("body", "send JSON (Content-Type: application/json): an answers object or a list of them")
    _check_depth(data, max_depth)
    try:
        payload = json.loads(
            data.decode("utf-8"), parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
        )
    except UnicodeDecodeError:
        raise BodyProblem("body", "is not UTF-8 text") from None
    except ValueError as error:  # json.JSONDecodeError
        where = f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        raise BodyProblem("body", f"is not valid JSON{where}") from None
    _refuse_impossible_values(payload, "")
    if not isinstance(payload, (dict, list)):
        raise BodyProblem("body", "must be an answers object or a list of them")
    if isinstance(payload, list):
        if len(payload) > max_batch:
            raise BodyProblem("body", f"send at most {max_batch} answer sets per request", "max_batch", max_batch)
        for index, item in enumerate(payload):
            if not isinstance(item, dict):
                raise BodyProblem(f"[{index}]", "must be an answers object")
    return payload


def _check_depth(data: bytes, max_depth: int) -> None:
    depth = 0
    for bracket in _BRACKETS.finditer(_STRINGS.sub(b'""', data)):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > max_depth:
            raise BodyProblem("body", f"is nested deeper than {max_depth} levels", "max_depth", max_depth)


def _refuse_impossible_values(value: Any, path: str) -> None:
    """Raise ``BodyProblem`` naming the first impossible value's field (``[1].purpose``, ``categories[0]``)."""
    if isinstance(value, _Refused):
        raise BodyProblem(path[:200] or "body", value.message, value.limit, MAX_NUMBER_DIGITS if value.limit else None)
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_impossible_values(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_impossible_values(item, f"{path}[{index}]")
