"""Small validators that turn a caller's input into clean values or a RecordError naming the field.

Every message says which field and what is wrong, never the value itself when it might be personal
data, so that errors are safe to show in logs as well as to the officer.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any, Literal, overload

from engine.records.errors import RecordError

SHORT_TEXT = 200
LONG_TEXT = 100_000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def mapping(value: object, field: str) -> dict[str, Any]:
    """``value`` must be a dict (an absent section is an empty dict)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(field, f"must be an object (a dict), not {type(value).__name__}")
    return value


def only_keys(section: dict[str, Any], allowed: Sequence[str], field: str) -> None:
    """Refuse keys the record does not know, so that a typo is not silently dropped."""
    unknown = sorted(set(section) - set(allowed))
    if unknown:
        raise RecordError(f"{field}.{unknown[0]}", f"unknown field; expected one of: {', '.join(sorted(allowed))}")


@overload
def text(value: object, field: str, *, required: Literal[True], limit: int = LONG_TEXT) -> str: ...
@overload
def text(value: object, field: str, *, required: bool, limit: int = LONG_TEXT) -> str | None: ...
def text(value: object, field: str, *, required: bool, limit: int = LONG_TEXT) -> str | None:
    """Return stripped text, or None when optional and blank."""
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if required:
            raise RecordError(field, "is required")
        return None
    if not isinstance(value, str):
        raise RecordError(field, f"must be text, not {type(value).__name__}")
    value = value.strip()
    if len(value) > limit:
        raise RecordError(field, f"is too long ({len(value)} characters; the limit is {limit})")
    return value


def boolean(value: object, field: str) -> bool:
    """A real true/false: ``"yes"`` or 1 is refused rather than guessed at."""
    if not isinstance(value, bool):
        raise RecordError(field, "is required and must be true or false")
    return value


def one_of(value: object, choices: Sequence[str], field: str, *, required: bool = True) -> str | None:
    """One of a fixed set of ids."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or value not in choices:
        raise RecordError(field, f"must be one of: {', '.join(choices)}")
    return value


def text_list(value: object, field: str) -> list[str]:
    """A list of non-blank short texts (an absent list is empty)."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise RecordError(field, "must be a list")
    return [text(item, f"{field}[{index}]", required=True, limit=SHORT_TEXT) for index, item in enumerate(value)]


def date(value: object, field: str, *, required: bool) -> datetime.date | None:
    """A calendar date as ``datetime.date``, from a date or ``YYYY-MM-DD`` text."""
    if value is None or value == "":
        if required:
            raise RecordError(field, "is required (YYYY-MM-DD)")
        return None
    if isinstance(value, datetime.datetime):
        raise RecordError(field, "must be a date, not a date and time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise RecordError(field, "must be a date written YYYY-MM-DD")


def utc_datetime(value: object, field: str) -> datetime.datetime:
    """An aware datetime (or ISO text with an offset) converted to UTC."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise RecordError(field, "must be a date and time, e.g. 2026-11-21T14:05:00Z") from None
    if not isinstance(value, datetime.datetime):
        raise RecordError(field, "must be a date and time")
    if value.tzinfo is None or value.utcoffset() is None:
        raise RecordError(field, "must include a time zone (UTC is written Z)")
    return value.astimezone(datetime.UTC)


def utc_text(moment: datetime.datetime) -> str:
    """The fixed-width UTC form stored in records: ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
