"""A supervisor's review of a justification record: its own entry in the chain, pointing at the record.

A record is never changed. A supervisor who reviews it (agreeing, or recording concerns with reasons)
adds a new entry of ``kind: review`` whose ``reviews`` names the record. The entry is hash-chained like
every other, so a review cannot be altered or quietly removed, and it is kept exactly as long as the
record it reviews (``retention`` copies the record's review and retention dates).

Which records a supervisor ought to review (the review queue) is ``needs_review``: the officer overrode
the advice, or shared although it was an emergency, where a second pair of eyes matters most.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from engine.records import fields
from engine.records.builder import RECORD_FORMAT, RecordInput, engine_version
from engine.records.canonical import canonical_json, check_json
from engine.records.errors import RecordError
from engine.records.sections import OFFICER_FIELDS, person
from engine.vocabulary import SHARING_DECISIONS

OUTCOMES = ("agree", "concerns")
# The urgency answer that makes any sharing decision worth a supervisor's review (an emergency disclosure).
EMERGENCY = "immediate_risk_to_life"


def build_review(
    record: Mapping[str, Any],
    reviewer: Mapping[str, Any],
    outcome: object,
    reasons: object = None,
    now: datetime.datetime | str | None = None,
) -> RecordInput:
    """Validate a review of a stored decision record and return the entry for ``Store.append``.

    Args:
        record: the stored record reviewed (from ``Store.get``); an amendment may be reviewed, a review not.
        reviewer: ``{name, rank_or_role, force_number, force}``; the force must be the record's own.
        outcome: ``agree`` or ``concerns``.
        reasons: required with ``concerns``; optional with ``agree``.
        now: when the review was made (aware datetime); default the current UTC time.

    Raises:
        RecordError: naming the field (``record``, ``reviewer.force``, ``outcome``, ``reasons`` ...).
    """
    if not isinstance(record, Mapping) or record.get("kind") not in ("decision", "amendment"):
        raise RecordError("record", "must be a stored decision or amendment (a review is not reviewed)")
    reviewer = person(reviewer, OFFICER_FIELDS, "reviewer")
    maker = record.get("decision_maker") or {}
    if (reviewer["force"] or "").strip().lower() != (maker.get("force") or "").strip().lower():
        raise RecordError("reviewer.force", "a supervisor may review only the records of their own force")
    outcome = fields.one_of(outcome, OUTCOMES, "outcome")
    reasons = fields.text(reasons, "reasons", required=outcome == "concerns")
    created = fields.utc_datetime(now, "now") if now is not None else datetime.datetime.now(datetime.UTC)
    body = {
        "record_format": RECORD_FORMAT,
        "id": str(uuid.uuid4()),
        "created_at": fields.utc_text(created),
        "kind": "review",
        "amends": None,
        "reviews": {"id": record["id"], "hash": record["hash"]},
        "decision_maker": reviewer,
        "outcome": outcome,
        "reasons": reasons,
        "retention": {name: record["review"][name] for name in ("review_date", "retain_until")},
        "engine_version": engine_version(),
    }
    check_json(body, "review")
    return RecordInput(canonical_json(body))


def needs_review(record: Mapping[str, Any]) -> bool:
    """Whether a record belongs in the supervisors' review queue: the advice was overridden, or information
    was shared against a ``refer`` or ``do_not_share`` advice, or shared in an emergency."""
    decision = record.get("decision") or {}
    shared = decision.get("final") in SHARING_DECISIONS
    urgency = (record.get("answers") or {}).get("urgency")
    return (
        decision.get("accepted") is False
        or (shared and decision.get("advised") in ("refer", "do_not_share"))
        or (shared and urgency == EMERGENCY)
    )
