"""Assemble a justification record from the answers, the advice and what the officer says.

The record follows Part D2 of the legal catalogue (docs/legal-catalogue.md): who decided and
who authorised, the request, recipient, subjects and data, purpose, legal power, data-protection basis,
necessity and proportionality, consent and notification, what was shared and how, the officer's final
decision, review and retention, and the exact policy pack and engine version. The answers and the
advice are kept in full, as produced, so a record reads the same after the pack changes.

Validation happens before anything touches the database, and every error names the field: the answers
a record needs are checked in ``answers``, the other inputs in ``sections``, and the record is
assembled here. What the officer must write down, and when, is not decided here: it is the pack's
record requirements (``requirements``), which the caller passes in.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib.metadata
import json
import uuid
from collections.abc import Mapping
from typing import Any

from engine.records import fields
from engine.records.answers import checked_answers
from engine.records.canonical import canonical_json, check_json
from engine.records.config import RetentionPolicy
from engine.records.errors import Problems, RecordError
from engine.records.requirements import RecordRequirements
from engine.records.sections import (
    OFFICER_FIELDS,
    agreement_kept,
    amendment,
    checked_advice,
    decision_outcome,
    meeting_link,
    person,
    sharing_account,
)

RECORD_FORMAT = 1


@dataclasses.dataclass(frozen=True)
class RecordInput:
    """A validated record, ready for ``Store.append``; made by ``build_record``.

    It holds the record as canonical JSON text, the exact bytes that will be stored and hashed, so
    nothing can change between validation and storage.

    Attributes:
        text: the canonical JSON of the record.
    """

    text: str

    @property
    def body(self) -> dict[str, Any]:
        """A fresh copy of the record as a dict."""
        return json.loads(self.text)

    @property
    def id(self) -> str:
        """The record's id (a UUID)."""
        return self.body["id"]


def engine_version() -> str:
    """The engine's version: ``engine.__version__``, else the installed distribution's, else "unknown"."""
    try:
        import engine

        version = getattr(engine, "__version__", None)
        if version:
            return str(version)
    except ImportError:  # pragma: no cover - engine is our own parent package
        pass
    try:
        return importlib.metadata.version("sharewise")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def build_record(
    answers: Mapping[str, Any],
    advice: Mapping[str, Any],
    officer: Mapping[str, Any],
    decision: Mapping[str, Any],
    sharing: Mapping[str, Any],
    now: datetime.datetime | str | None = None,
    *,
    requirements: RecordRequirements,
    amends: str | None = None,
    amendment_reason: str | None = None,
    retention: RetentionPolicy | None = None,
    meeting: Mapping[str, Any] | None = None,
) -> RecordInput:
    """Validate the inputs and assemble a record for ``Store.append``.

    Args:
        answers: the officer's answers (contract section 1), kept in full.
        advice: the engine's advice (contract section 2), kept in full, including ``policy_pack``.
        officer: ``{name, rank_or_role, force_number, force}`` of the decision maker.
        decision: ``{accepted: bool, override_reason, final_decision}``. Accepting takes the advised
            decision; overriding needs a final decision and a reason.
        sharing: ``{necessity_rationale, proportionality_rationale, what_was_shared, redactions_applied,
            method, requester, identity_verification, data_subjects, authoriser, consent_notes,
            review_date}`` and optionally ``recipient_detail``, ``purpose_detail``, ``shared_at``.
        now: when the decision was recorded (aware datetime); default the current UTC time.
        requirements: what the pack requires of a record (``Pack.record_requirements``): which of the
            officer's inputs are required, or must be empty, in this case, and what to say if not.
        amends: the id of an earlier record this one corrects; needs ``amendment_reason``.
        retention: a ``RetentionPolicy``; default from the environment.
        meeting: ``{id, type, date, subject}`` of the meeting the disclosure was prepared for, if any.

    Returns:
        RecordInput

    Raises:
        RecordError: naming the first field that is missing or wrong. Problems with the officer's
            decision and account of the sharing are all reported together, as ``RecordErrors``
            (a RecordError whose ``errors`` lists each one).
    """
    answers = checked_answers(answers)
    advice = checked_advice(advice)
    problems = Problems()
    # The officer's decision and account are checked together, so that a form shows every problem at once.
    outcome = problems.attempt(decision_outcome, decision, advice["decision"], answers, requirements)
    officer = person(officer, OFFICER_FIELDS, "officer")
    provisional = outcome or {"advised": advice["decision"], "accepted": None, "final": None}
    shared = problems.attempt(sharing_account, sharing, answers, provisional, requirements)
    created = fields.utc_datetime(now, "now") if now is not None else datetime.datetime.now(datetime.UTC)
    if shared and shared["review_date"] and shared["review_date"] < created.date():
        problems.errors.append(RecordError("sharing.review_date", "must not be before the date of the decision"))
    problems.raise_any()
    assert outcome is not None and shared is not None  # no problems were found
    correction = amendment(amends, amendment_reason)
    linked_meeting = meeting_link(meeting)
    retention = retention or RetentionPolicy.from_env()
    review_date = shared["review_date"] or retention.default_review_date(created.date())
    bases = advice.get("lawful_bases", [])
    body = {
        "record_format": RECORD_FORMAT,
        "id": str(uuid.uuid4()),
        "created_at": fields.utc_text(created),
        "kind": "amendment" if correction else "decision",
        "amends": correction,
        "decision_maker": officer,
        "authoriser": shared["authoriser"],
        "authorisation_required": shared["authorisation_required"],
        "request": {
            "direction": answers["request_direction"],
            "requester": shared["requester"],
            "identity_verification": shared["identity_verification"],
        },
        "recipient": {
            "type": answers["recipient"],
            "detail": shared["recipient_detail"],
            "verified": answers.get("recipient_verified"),
            "destination": answers.get("destination"),
        },
        "data_subjects": shared["data_subjects"],
        "data_categories": answers["data_categories"],
        "purpose": {
            "id": answers["purpose"],
            "law_enforcement": answers.get("purpose_is_law_enforcement"),
            "detail": shared["purpose_detail"],
        },
        "legal_power": [basis for basis in bases if isinstance(basis, dict) and basis.get("kind") != "data_protection"],
        "data_protection": {
            "regime": advice.get("regime"),
            "bases": [basis for basis in bases if isinstance(basis, dict) and basis.get("kind") == "data_protection"],
        },
        "necessity": shared["necessity"],
        "proportionality": shared["proportionality"],
        "consent": {
            "consent": answers.get("consent"),
            "subject_notified": answers.get("subject_notified"),
            "notes": shared["consent_notes"],
        },
        "information_shared": {
            "what": shared["what"],
            "redactions_applied": shared["redactions_applied"],
            "redactions_advised": [item.get("id") for item in advice.get("redactions", []) if isinstance(item, dict)],
            "shared_at": shared["shared_at"],
        },
        "handling": {
            "method": shared["method"],
            "security_marking": answers.get("security_marking"),
            "advised": advice.get("handling", {}),
            "conditions": advice.get("conditions", []),
        },
        "decision": outcome,
        "agreement": agreement_kept(advice),
        "meeting": linked_meeting,
        "review": {
            "review_date": review_date.isoformat(),
            "retain_until": retention.retain_until(created.date(), review_date).isoformat(),
        },
        "policy_pack": {name: advice["policy_pack"][name] for name in ("name", "version", "sha256", "as_at")},
        "engine_version": engine_version(),
        "answers": answers,
        "advice": advice,
    }
    check_json(body, "record")
    return RecordInput(canonical_json(body))
