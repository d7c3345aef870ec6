"""Check each part of a record the caller supplies, turning it into clean values or a RecordError.

``build_record`` takes the advice, the officer, the officer's decision, their account of the sharing and
(for a correction) the record it amends. Each is checked here, apart from the assembly of the record,
because what a record must contain (Part D2 of the legal catalogue) depends on the decision: sharing
needs more written down than not sharing, and overriding the advice needs a reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from engine.records import fields
from engine.records.canonical import check_json
from engine.records.errors import Problems, RecordError
from engine.records.requirements import INPUTS, RecordRequirements, facts
from engine.records.section_check import Section
from engine.vocabulary import DECISIONS as ADVICE_DECISIONS
from engine.vocabulary import FINAL_DECISIONS as DECISIONS

SUBJECT_ROLES = ("suspect", "convicted", "victim", "witness", "child", "third_party", "other")

OFFICER_FIELDS = ("name", "rank_or_role", "force_number", "force")
AUTHORISER_FIELDS = ("name", "rank_or_role", "force_number")
DECISION_FIELDS = ("accepted", "override_reason", "final_decision")
# What the officer's account of the sharing may hold; which of these a record needs, and when, is the
# pack's (engine.records.requirements).
SHARING_FIELDS = tuple(name for name, field in INPUTS.items() if field.startswith("sharing."))


def person(section: object, names: Sequence[str], field: str) -> dict[str, str | None]:
    """A decision maker or authoriser: every one of ``names``, as short text."""
    checked = fields.mapping(section, field)
    fields.only_keys(checked, names, field)
    return {
        name: fields.text(checked.get(name), f"{field}.{name}", required=True, limit=fields.SHORT_TEXT)
        for name in names
    }


def _subjects(value: object) -> list[dict[str, str | None]]:
    field = "sharing.data_subjects"
    if not isinstance(value, list | tuple):
        raise RecordError(field, "must be a list of data subjects (each a description and a role)")
    subjects = []
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        if isinstance(item, str):
            item = {"description": item}
        item = fields.mapping(item, where)
        fields.only_keys(item, ("description", "role"), where)
        subjects.append(
            {
                "description": fields.text(
                    item.get("description"), f"{where}.description", required=True, limit=fields.SHORT_TEXT * 5
                ),
                "role": fields.one_of(item.get("role"), SUBJECT_ROLES, f"{where}.role", required=False),
            }
        )
    return subjects


def checked_advice(advice: object) -> dict[str, Any]:
    """The engine's advice, kept in full, once it names its decision and its policy pack."""
    checked = fields.mapping(advice, "advice")
    check_json(checked, "advice")
    fields.one_of(checked.get("decision"), ADVICE_DECISIONS, "advice.decision")
    pack = fields.mapping(checked.get("policy_pack"), "advice.policy_pack")
    for name in ("name", "version", "sha256", "as_at"):
        fields.text(pack.get(name), f"advice.policy_pack.{name}", required=True, limit=fields.SHORT_TEXT)
    fields.date(pack["as_at"], "advice.policy_pack.as_at", required=True)
    for name in ("lawful_bases", "redactions", "conditions", "refer_to"):
        if not isinstance(checked.get(name, []), list):
            raise RecordError(f"advice.{name}", "must be a list")
    if not isinstance(checked.get("handling", {}), dict):
        raise RecordError("advice.handling", "must be an object")
    return checked


def decision_outcome(
    decision: object, advised: str, answers: dict[str, Any], requirements: RecordRequirements
) -> dict[str, Any]:
    """What was advised, whether the officer accepted it, the final decision and any override reason."""
    checked = fields.mapping(decision, "decision")
    fields.only_keys(checked, DECISION_FIELDS, "decision")
    accepted = fields.boolean(checked.get("accepted"), "decision.accepted")
    final = checked.get("final_decision")
    if accepted:
        if advised == "incomplete":
            raise RecordError(
                "decision.accepted",
                "incomplete advice cannot be accepted: answer the missing "
                "questions, or override it with a final decision and a reason",
            )
        if final not in (None, "", advised):
            raise RecordError(
                "decision.final_decision",
                f"differs from the advice ({advised}): set accepted to false and give an override_reason",
            )
        final = advised
    problems = Problems()
    if not accepted:
        final = problems.attempt(fields.one_of, final, DECISIONS, "decision.final_decision")
    # The reason is checked even when the final decision is wrong, so that a form shows both problems.
    account = Section(checked, "decision", requirements, facts(answers, advised, accepted, final))
    reason = problems.attempt(account.text, "override_reason")
    problems.raise_any()
    return {"advised": advised, "accepted": accepted, "final": final, "override_reason": reason}


def sharing_account(
    sharing: object, answers: dict[str, Any], outcome: dict[str, Any], requirements: RecordRequirements
) -> dict[str, Any]:
    """Check the officer's account of the sharing against what the pack requires of this record.

    Every input is checked before anything is reported: ``RecordErrors`` lists each problem, so that a form
    shows them all at once.
    """
    checked = fields.mapping(sharing, "sharing")
    fields.only_keys(checked, SHARING_FIELDS, "sharing")
    account = Section(
        checked, "sharing", requirements, facts(answers, outcome["advised"], outcome["accepted"], outcome["final"])
    )
    problems = Problems()
    short = fields.SHORT_TEXT * 5

    def text(name: str, limit: int = fields.LONG_TEXT) -> str | None:
        return problems.attempt(account.text, name, limit)

    def present(name: str) -> Any:
        return problems.attempt(account.present, name)

    what = text("what_was_shared")
    authoriser = present("authoriser")
    subjects = present("data_subjects")
    shared_at = present("shared_at")
    result = {
        "necessity": text("necessity_rationale"),
        "proportionality": text("proportionality_rationale"),
        "what": what,
        "redactions_applied": problems.attempt(
            fields.text_list, present("redactions_applied"), "sharing.redactions_applied"
        )
        or [],
        "method": text("method", short),
        "requester": text("requester", short),
        "identity_verification": text("identity_verification", short),
        "data_subjects": (problems.attempt(_subjects, subjects) if subjects else None) or [],
        "authoriser": problems.attempt(person, authoriser, AUTHORISER_FIELDS, "sharing.authoriser")
        if authoriser
        else None,
        "authorisation_required": account.needed("authoriser"),
        "consent_notes": text("consent_notes"),
        "recipient_detail": text("recipient_detail", short),
        "purpose_detail": text("purpose_detail"),
        "shared_at": problems.attempt(_shared_at, shared_at),
        "review_date": problems.attempt(fields.date, present("review_date"), "sharing.review_date", required=False),
    }
    problems.raise_any()
    return result


def _shared_at(value: object) -> str | None:
    return fields.utc_text(fields.utc_datetime(value, "sharing.shared_at")) if value else None


MEETING_FIELDS = ("id", "type", "date", "subject")


def meeting_link(meeting: object) -> dict[str, str | None] | None:
    """The meeting a disclosure was prepared for (``{id, type, date, subject}``), or None."""
    if meeting is None:
        return None
    checked = fields.mapping(meeting, "meeting")
    fields.only_keys(checked, MEETING_FIELDS, "meeting")
    day = fields.date(checked.get("date"), "meeting.date", required=True)
    return {
        "id": fields.text(checked.get("id"), "meeting.id", required=True, limit=fields.SHORT_TEXT),
        "type": fields.text(checked.get("type"), "meeting.type", required=True, limit=fields.SHORT_TEXT),
        "date": day.isoformat() if day else None,
        "subject": fields.text(checked.get("subject"), "meeting.subject", required=True, limit=fields.SHORT_TEXT),
    }


def agreement_kept(advice: dict[str, Any]) -> dict[str, Any] | None:
    """What a record keeps of the agreement the advice was given under: its reference and version, where the
    register said it stands, whether it counted, and the register's version and fingerprint."""
    entry = advice.get("agreement")
    if not isinstance(entry, dict):
        return None
    return {key: entry.get(key) for key in ("reference", "version", "title", "status", "counts", "register")}


def amendment(amends: object, reason: object) -> dict[str, str | None] | None:
    """The earlier record this one corrects and why, or None for a new decision."""
    if amends is None:
        if reason is not None:
            raise RecordError("amendment_reason", "is only for an amendment: give amends as well")
        return None
    earlier = fields.text(amends, "amends", required=True, limit=36)
    try:
        earlier = str(uuid.UUID(earlier))
    except ValueError:
        raise RecordError("amends", "must be the id of an earlier record") from None
    return {"id": earlier, "reason": fields.text(reason, "amendment_reason", required=True)}
