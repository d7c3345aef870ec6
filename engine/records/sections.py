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
from engine.records.errors import RecordError
from engine.records.requirements import INPUTS, RecordRequirements, Requirement, facts
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
    else:
        final = fields.one_of(final, DECISIONS, "decision.final_decision")
    account = _Account(checked, "decision", requirements, facts(answers, advised, accepted, str(final)))
    reason = account.text("override_reason")
    return {"advised": advised, "accepted": accepted, "final": final, "override_reason": reason}


class _Account:
    """One section of the officer's account, checked input by input against the pack's requirements."""

    def __init__(self, checked: dict[str, Any], section: str, requirements: RecordRequirements, values: dict):
        self.checked = checked
        self.section = section
        self.requirements = requirements
        self.facts = values

    def requirement(self, name: str) -> Requirement:
        return self.requirements.get(name)

    def needed(self, name: str) -> bool:
        return self.requirement(name).is_required(self.facts)

    def missing(self, name: str) -> RecordError:
        return RecordError(f"{self.section}.{name}", self.requirement(name).problem(self.facts))

    def text(self, name: str, limit: int = fields.LONG_TEXT) -> str | None:
        value = self.checked.get(name)
        if self.needed(name) and (value is None or (isinstance(value, str) and not value.strip())):
            raise self.missing(name)
        text = fields.text(value, f"{self.section}.{name}", required=False, limit=limit)
        if text and self.requirement(name).must_be_empty(self.facts):
            raise RecordError(f"{self.section}.{name}", self.requirement(name).problem(self.facts, empty=True))
        return text

    def present(self, name: str) -> Any:
        """A non-text input's value, refused when it is required and absent or empty."""
        value = self.checked.get(name)
        if self.needed(name) and value in (None, "", [], (), {}):
            raise self.missing(name)
        if value not in (None, "", [], (), {}) and self.requirement(name).must_be_empty(self.facts):
            raise RecordError(f"{self.section}.{name}", self.requirement(name).problem(self.facts, empty=True))
        return value


def sharing_account(
    sharing: object, answers: dict[str, Any], outcome: dict[str, Any], requirements: RecordRequirements
) -> dict[str, Any]:
    """Check the officer's account of the sharing against what the pack requires of this record."""
    checked = fields.mapping(sharing, "sharing")
    fields.only_keys(checked, SHARING_FIELDS, "sharing")
    account = _Account(
        checked, "sharing", requirements, facts(answers, outcome["advised"], outcome["accepted"], outcome["final"])
    )
    short = fields.SHORT_TEXT * 5
    what = account.text("what_was_shared")
    authoriser = account.present("authoriser")
    necessity = account.text("necessity_rationale")
    proportionality = account.text("proportionality_rationale")
    redactions = fields.text_list(account.present("redactions_applied"), "sharing.redactions_applied")
    method = account.text("method", short)
    requester = account.text("requester", short)
    verification = account.text("identity_verification", short)
    subjects = account.present("data_subjects")
    shared_at = account.present("shared_at")
    return {
        "necessity": necessity,
        "proportionality": proportionality,
        "what": what,
        "redactions_applied": redactions,
        "method": method,
        "requester": requester,
        "identity_verification": verification,
        "data_subjects": _subjects(subjects) if subjects else [],
        "authoriser": person(authoriser, AUTHORISER_FIELDS, "sharing.authoriser") if authoriser else None,
        "authorisation_required": account.needed("authoriser"),
        "consent_notes": account.text("consent_notes"),
        "recipient_detail": account.text("recipient_detail", short),
        "purpose_detail": account.text("purpose_detail"),
        "shared_at": fields.utc_text(fields.utc_datetime(shared_at, "sharing.shared_at")) if shared_at else None,
        "review_date": fields.date(account.present("review_date"), "sharing.review_date", required=False),
    }


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
