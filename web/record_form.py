"""The justification record form: its fields, reading it, and showing the records package's errors on it.

What a record must contain, and when, is the policy pack's (``policies/record.yaml``, read into
``RecordRequirements``), which ``build_record`` applies, raising ``RecordErrors`` naming every field at
once. This module only reads the form into ``build_record``'s ``decision`` and ``sharing``, notes what is
plainly missing, says from the pack's requirements which fields a decision will need, and puts every
problem against the form element it belongs to. The words (labels, hints, messages) are in the
templates: ``records/new.html`` and ``words/_words.html``.
"""

from __future__ import annotations

import datetime
from typing import Any

from werkzeug.datastructures import MultiDict

from engine.records import RecordError, RecordRequirements
from engine.vocabulary import FINAL_DECISIONS

SUBJECT_ROWS = 4
SUBJECT_ROLES = ("suspect", "convicted", "victim", "witness", "child", "third_party", "other")
SHARING_DECISIONS = ("share", "share_with_conditions")

# Free-text fields of the form, in form order, and whether each is a textarea. The names are the
# records package's `sharing` keys (and `override_reason` of its `decision`), so its RecordError field
# names map straight back onto the form.
TEXT_FIELDS: dict[str, bool] = {
    "override_reason": True,
    "necessity_rationale": True,
    "proportionality_rationale": True,
    "purpose_detail": True,
    "what_was_shared": True,
    "method": False,
    "recipient_detail": False,
    "requester": False,
    "identity_verification": False,
    "consent_notes": True,
}

# Where a RecordError's field goes on the form (everything else: a text field of the same name, or the top).
ERROR_TARGETS = {
    "decision.accepted": "accepted",
    "decision.final_decision": "final_decision",
    "decision.override_reason": "override_reason",
    "sharing.data_subjects": "subject-1-description",
    "sharing.authoriser": "authoriser-name",
    "sharing.review_date": "review_date",
}


def field_needs(requirements: RecordRequirements, answers: dict[str, Any], advised: str) -> dict[str, str]:
    """For each text field, when the pack's record requirements need it, before the officer decides:
    ``required`` (whatever they decide), ``optional`` (whatever they decide), ``if_overriding`` (only if
    they override the advice), ``if_shared`` (only if they share) or ``if:`` followed by the decisions
    that need it, comma-separated. The template words each."""
    needs = {}
    for name in TEXT_FIELDS:
        by_decision = requirements.required_by_decision(name, answers, advised)
        needed = {decision for decision, required in by_decision.items() if required}
        if needed == set(by_decision):
            needs[name] = "required"
        elif not needed:
            needs[name] = "optional"
        elif needed == set(by_decision) - {advised}:
            needs[name] = "if_overriding"
        elif needed == set(SHARING_DECISIONS):
            needs[name] = "if_shared"
        else:
            needs[name] = "if:" + ",".join(d for d in FINAL_DECISIONS if d in needed)
    return needs


def read_form(
    form: MultiDict[str, str], advice: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The record form as build_record's ``decision`` and ``sharing``, with what is plainly missing.

    Errors map a form element's id to the field a message is worded for (``words.record_error``).
    """
    errors: dict[str, str] = {}
    accepted = form.get("accepted")
    if accepted not in ("yes", "no"):
        errors["accepted"] = "decision.accepted"
    # Until the officer says, the form is checked as if they accept (so the override fields are not flagged).
    decision: dict[str, Any] = {"accepted": accepted != "no"}
    if accepted == "no":
        final = form.get("final_decision")
        if final not in FINAL_DECISIONS or final == advice["decision"]:
            errors["final_decision"] = "decision.final_decision"
        decision["final_decision"] = final
        decision["override_reason"] = form.get("override_reason", "")
    texts = {name: form.get(name, "") for name in TEXT_FIELDS if name != "override_reason"}
    sharing: dict[str, Any] = {name: value for name, value in texts.items() if value.strip()}
    sharing["redactions_applied"] = [r for r in form.getlist("redactions_applied") if r.strip()]
    subjects = []
    for row in range(1, SUBJECT_ROWS + 1):
        description = form.get(f"subject-{row}-description", "").strip()
        role = form.get(f"subject-{row}-role", "")
        if description:
            subjects.append({"description": description, "role": role if role in SUBJECT_ROLES else None})
        elif role:
            errors[f"subject-{row}-description"] = f"subject.description:{row}"
    if not subjects:
        errors["subject-1-description"] = "sharing.data_subjects"
    sharing["data_subjects"] = subjects
    authoriser = {
        key: form.get(f"authoriser-{field}", "").strip()
        for key, field in (("name", "name"), ("rank_or_role", "rank"), ("force_number", "number"))
    }
    if any(authoriser.values()):
        sharing["authoriser"] = authoriser
    review, review_error = _date(form, "review_date")
    if review_error:
        errors["review_date"] = "review_date.real"
    elif review:
        sharing["review_date"] = review
    return decision, sharing, errors


def _date(form: MultiDict[str, str], name: str) -> tuple[str | None, bool]:
    """A GOV.UK date input (name-day, name-month, name-year) as (YYYY-MM-DD or None, whether it is wrong)."""
    parts = [form.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, False
    try:
        day, month, year = (int(p) for p in parts)
        return datetime.date(year, month, day).isoformat(), False
    except ValueError:
        return None, True


def record_errors(error: RecordError) -> list[tuple[str, RecordError]]:
    """Every problem a RecordError (or RecordErrors) reports, each with the form element it belongs to."""
    return [(error_target(each.field), each) for each in getattr(error, "errors", [error])]


# The order of the form's fields, so that the error summary lists problems top to bottom.
FORM_ORDER = (
    ["record", "accepted", "final_decision"]
    + list(TEXT_FIELDS)[:4]
    + [f"subject-{row}-description" for row in range(1, SUBJECT_ROWS + 1)]
    + list(TEXT_FIELDS)[4:]
    + ["authoriser-name", "review_date"]
)


def in_form_order(errors: dict[str, str]) -> dict[str, str]:
    """The errors in the order of the form's fields, so that the error summary lists them top to bottom."""

    def position(name: str) -> int:
        return FORM_ORDER.index(name) if name in FORM_ORDER else len(FORM_ORDER)

    return {name: errors[name] for name in sorted(errors, key=position)}


def error_target(field: str) -> str:
    """The form element a RecordError's field belongs to."""
    if field in ERROR_TARGETS:
        return ERROR_TARGETS[field]
    for prefix, target in ERROR_TARGETS.items():
        if field.startswith((prefix + ".", prefix + "[")):
            return target
    name = field.split(".", 1)[-1]
    if name in TEXT_FIELDS:
        return name
    return "record"
