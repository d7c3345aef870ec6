"""The answers every justification record must hold, whatever the advice, and the check of each one.

A record always says who received the information, why, whether it was asked for and what kinds of
information it was (Part D2 of the legal catalogue). The advice can be settled before all of these
are asked (a stop bar, say), so a caller needs to know which are still missing before it asks the
officer for the rest of the record. ``missing_answers`` tells it, and ``checked_answers`` (used by
``build_record``) applies the very same checks, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.records import fields
from engine.records.canonical import check_json
from engine.records.errors import RecordError

DIRECTIONS = ("proactive", "reactive")


AnswerCheck = Callable[[Any], object]


def _short_text(field: str) -> AnswerCheck:
    """A check that an answer is short, non-blank text (an option id, in practice)."""
    return lambda value: fields.text(value, field, required=True, limit=fields.SHORT_TEXT)


def _direction(value: Any) -> object:
    fields.text(value, "answers.request_direction", required=True, limit=fields.SHORT_TEXT)
    return fields.one_of(value, DIRECTIONS, "answers.request_direction")


def _categories(value: Any) -> object:
    if not isinstance(value, list) or not value:
        raise RecordError("answers.data_categories", "is required: at least one data category")
    return value


# Question id -> its check (raises RecordError naming the answer), in the order a record asks for them.
REQUIRED_ANSWERS: dict[str, AnswerCheck] = {
    "recipient": _short_text("answers.recipient"),
    "purpose": _short_text("answers.purpose"),
    "request_direction": _direction,
    "data_categories": _categories,
}


def missing_answers(answers: Mapping[str, Any]) -> list[str]:
    """The ids of the questions a record needs an answer to that ``answers`` lacks, in asking order.

    An answer counts as missing when it is absent, blank, or not one a record can keep (for example
    ``unsure`` where the record needs to know whether the information was asked for). Pure: it reads
    nothing but ``answers``.
    """
    missing = []
    for name, check in REQUIRED_ANSWERS.items():
        try:
            check(answers.get(name))
        except RecordError:
            missing.append(name)
    return missing


def checked_answers(answers: object) -> dict[str, Any]:
    """The answers, kept in full, once they are storable JSON holding every answer a record needs.

    Raises:
        RecordError: naming the first answer that is missing or wrong (``answers.recipient`` ...).
    """
    answers = fields.mapping(answers, "answers")
    check_json(answers, "answers")
    for name, check in REQUIRED_ANSWERS.items():
        check(answers.get(name))
    return answers
