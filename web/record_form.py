"""The justification record form: its fields, reading it, and showing the records package's errors on it.

What a record must contain, and when, is the records package's rule (``build_record`` raises
``RecordError`` naming the field). This module only checks that the plainly required parts are there,
turns the form into ``build_record``'s ``decision`` and ``sharing``, and puts a ``RecordError`` against
the form element it belongs to, in words an officer reads, rather than repeating the rules here.
"""

from __future__ import annotations

import datetime
from typing import Any

from werkzeug.datastructures import MultiDict

from engine.records import RecordError, RecordRequirements
from engine.records.requirements import INPUTS
from web.pack import DECISIONS, find_question, get_pack

SUBJECT_ROWS = 4
SUBJECT_ROLES = (
    ("", "Choose a role"),
    ("suspect", "Suspect"),
    ("convicted", "Convicted person"),
    ("victim", "Victim"),
    ("witness", "Witness"),
    ("child", "Child"),
    ("third_party", "Third party"),
    ("other", "Other"),
)
FINAL_DECISIONS = ("share", "share_with_conditions", "do_not_share", "refer")

# Free-text fields of the form: name -> (label, hint, textarea?). The names are the records
# package's `sharing` keys, so its RecordError field names map straight back onto the form.
TEXT_FIELDS: dict[str, tuple[str, str, bool]] = {
    "necessity_rationale": (
        "Why is sharing (or not sharing) necessary?",
        "The pressing need or the purpose, and why less would not do.",
        True,
    ),
    "proportionality_rationale": (
        "Why is it proportionate?",
        "Why this much information, to this recipient, now; what you left out and why.",
        True,
    ),
    "what_was_shared": (
        "What did you share?",
        "Describe the information, not a copy of it. Leave empty if you shared nothing.",
        True,
    ),
    "method": (
        "How did you share it?",
        "For example secure email to a verified address, or by phone after a call back.",
        False,
    ),
    "requester": (
        "Who asked for the information?",
        "Name, role, organisation, and how and when they asked. Leave empty if police offered it.",
        False,
    ),
    "identity_verification": (
        "How did you check who they are?",
        "For example a call back on an independently found number.",
        False,
    ),
    "recipient_detail": ("Who exactly received it?", "The named person, their role and organisation.", False),
    "purpose_detail": ("What threat, harm or risk does this address?", "A short summary.", True),
    "consent_notes": ("Consent and notification", "If you did not seek consent, or shared without it, say why.", True),
    "override_reason": ("Why are you overriding the advice?", "Your reason will be part of the record.", True),
}

# Where a RecordError's field goes on the form (everything else: the top of the form).
ERROR_TARGETS = {
    "decision.accepted": "accepted",
    "decision.final_decision": "final_decision",
    "decision.override_reason": "override_reason",
    "sharing.data_subjects": "subject-1-description",
    "sharing.authoriser": "authoriser-name",
    "sharing.review_date": "review_date",
}


def read_form(
    form: MultiDict[str, str], advice: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The record form as build_record's ``decision`` and ``sharing``, with errors for what is plainly missing.

    Only presence is checked here; what else a record needs in this case is the records package's call.
    """
    errors: dict[str, str] = {}
    accepted = form.get("accepted")
    if accepted not in ("yes", "no"):
        errors["accepted"] = "Select whether you accept the advice"
    decision: dict[str, Any] = {"accepted": accepted == "yes"}
    if accepted == "no":
        final = form.get("final_decision")
        if final not in FINAL_DECISIONS or final == advice["decision"]:
            errors["final_decision"] = "Select your decision"
        if not form.get("override_reason", "").strip():
            errors["override_reason"] = "Enter why you are overriding the advice"
        decision["final_decision"] = final
        decision["override_reason"] = form.get("override_reason", "")
    if not form.get("necessity_rationale", "").strip():
        errors["necessity_rationale"] = "Enter why sharing, or not sharing, is necessary"

    texts = {name: form.get(name, "") for name in TEXT_FIELDS if name != "override_reason"}
    sharing: dict[str, Any] = {name: value for name, value in texts.items() if value.strip()}
    sharing["redactions_applied"] = [r for r in form.getlist("redactions_applied") if r.strip()]
    subjects = []
    for row in range(1, SUBJECT_ROWS + 1):
        description = form.get(f"subject-{row}-description", "").strip()
        role = form.get(f"subject-{row}-role", "")
        if description:
            subjects.append({"description": description, "role": role or None})
        elif role:
            errors[f"subject-{row}-description"] = f"Describe person {row}, or clear their role"
    if not subjects:
        errors["subject-1-description"] = "Describe at least one person the information is about"
    sharing["data_subjects"] = subjects
    authoriser = {
        key: form.get(f"authoriser-{field}", "").strip()
        for key, field in (("name", "name"), ("rank_or_role", "rank"), ("force_number", "number"))
    }
    if any(authoriser.values()):
        sharing["authoriser"] = authoriser
    review, review_error = _date(form, "review_date")
    if review_error:
        errors["review_date"] = review_error
    elif review:
        sharing["review_date"] = review
    return decision, sharing, errors


def requirement_notes(requirements: RecordRequirements, answers: dict[str, Any], advised: str) -> dict[str, str]:
    """For each input of the form, what to tell the officer before they decide, from the pack's record
    requirements: "" when every decision needs it, "optional" when none does, else when it is needed."""
    notes = {}
    for name in INPUTS:
        by_decision = requirements.required_by_decision(name, answers, advised)
        needed = [decision for decision, required in by_decision.items() if required]
        if len(needed) == len(by_decision):
            notes[name] = ""
        elif not needed:
            notes[name] = "optional"
        elif set(needed) == set(by_decision) - {advised}:
            notes[name] = "Needed if you override the advice."
        else:
            labels = [DECISIONS[decision] for decision in needed]
            notes[name] = "Needed if your decision is: " + " or ".join(labels) + "."
    return notes


def _date(form: MultiDict[str, str], name: str) -> tuple[str | None, str | None]:
    """A GOV.UK date input (name-day, name-month, name-year) as YYYY-MM-DD, or (None, error)."""
    parts = [form.get(f"{name}-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None, None
    try:
        day, month, year = (int(p) for p in parts)
        return datetime.date(year, month, day).isoformat(), None
    except ValueError:
        return None, "Enter a real review date, for example 27 3 2027"


# The order of the form's fields, so that the error summary lists problems top to bottom.
FORM_ORDER = (
    [
        "record",
        "accepted",
        "final_decision",
        "override_reason",
        "necessity_rationale",
        "proportionality_rationale",
        "purpose_detail",
    ]
    + [f"subject-{row}-description" for row in range(1, SUBJECT_ROWS + 1)]
    + [
        "what_was_shared",
        "method",
        "recipient_detail",
        "requester",
        "identity_verification",
        "consent_notes",
        "authoriser-name",
        "review_date",
    ]
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


LABELS = {name: label for name, (label, _hint, _area) in TEXT_FIELDS.items()}
LABELS.update(
    {
        "sharing.data_subjects": "People the information is about",
        "sharing.authoriser": "Authorising officer",
        "sharing.review_date": "Review date",
        "decision.final_decision": "Your decision",
        "decision.accepted": "Whether you accept the advice",
    }
)


def error_message(error: RecordError) -> str:
    """A RecordError as a sentence for the officer (its text never holds record content)."""
    if error.field.startswith("answers."):
        question_id = error.field.split(".", 1)[1].split("[", 1)[0]
        question = find_question(get_pack(), question_id)
        wording = question.wording if question else question_id
        return f"The record needs an answer to the question: {wording}"
    target = error.field.split(".", 1)[-1]
    label = LABELS.get(error.field) or LABELS.get(target)
    for prefix, text in LABELS.items():
        if label is None and prefix.startswith("sharing.") and error.field.startswith(prefix):
            label = text
    if label is None:
        label = error.field
    return f"{label}: {error.problem}"
