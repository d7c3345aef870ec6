"""Who may read which justification record: one rule for the pages and the API.

An officer reads the records they made: the record's force number is theirs and its force is theirs, both
compared in the normalised form (``web.identity``), so a case or spacing variant of a force name is the same
force and cannot borrow another officer's number. A supervisor (``record:read_force``) also reads every
record of their force. Any other record is "not found", whether it exists or not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.records import RecordError, Store
from web import identity
from web.permissions import can


def is_own(user: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether the user made this record."""
    maker = record.get("decision_maker") or {}
    return identity.same_number(user["force_number"], maker.get("force_number")) and same_force(user, record)


def same_force(user: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether the record was made in the user's force."""
    maker = record.get("decision_maker") or {}
    return identity.same_force(user["force"], maker.get("force"))


def may_read(user: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether the user may read this record (their own, or their force's for a supervisor)."""
    return is_own(user, record) or (can(user, "record:read_force") and same_force(user, record))


def readable(store: Store, user: Mapping[str, Any], record_id: str) -> dict[str, Any] | None:
    """The record if it exists and the user may read it, else None."""
    try:
        record = store.get(record_id)
    except RecordError:
        return None
    return record if record is not None and may_read(user, record) else None


def own_records(store: Store, user: Mapping[str, Any], limit: int, offset: int) -> list[dict[str, Any]]:
    """The user's own records, newest first (the store narrows by number and force; the rule decides)."""
    if identity.number_key(user["force_number"]) is None:
        return []
    rows = store.list(decision_maker=user["force_number"], force=user["force"], limit=limit, offset=offset)
    return [row for row in rows if is_own(user, row)]
