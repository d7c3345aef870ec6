"""Assemble a justification record from the answers, the advice and what the officer says.

The record follows Part D2 of the legal catalogue (shared/domain/uk-sharing-law.md): who decided and
who authorised, the request, recipient, subjects and data, purpose, legal power, data-protection basis,
necessity and proportionality, consent and notification, what was shared and how, the officer's final
decision, review and retention, and the exact policy pack and engine version. The answers and the
advice are kept in full, as produced, so a record reads the same after the pack changes.

Validation happens here, before anything touches the database, and every error names the field.
"""

import dataclasses
import datetime
import importlib.metadata
import json
import uuid

from engine.records import fields
from engine.records.canonical import canonical_json, check_json
from engine.records.config import RetentionPolicy
from engine.records.errors import RecordError

RECORD_FORMAT = 1
DECISIONS = ("share", "share_with_conditions", "do_not_share", "refer")
SHARING_DECISIONS = ("share", "share_with_conditions")
ADVICE_DECISIONS = DECISIONS + ("incomplete",)
DIRECTIONS = ("proactive", "reactive")
SUBJECT_ROLES = ("suspect", "convicted", "victim", "witness", "child", "third_party", "other")
# Consent answers that, when information is shared anyway, need the reason written down (golden rules 2-4).
CONSENT_NEEDING_NOTES = ("refused", "not_sought", "would_prejudice", "unsure")

OFFICER_FIELDS = ("name", "rank_or_role", "force_number", "force")
AUTHORISER_FIELDS = ("name", "rank_or_role", "force_number")
DECISION_FIELDS = ("accepted", "override_reason", "final_decision")
SHARING_FIELDS = (
    "necessity_rationale",
    "proportionality_rationale",
    "what_was_shared",
    "redactions_applied",
    "method",
    "requester",
    "identity_verification",
    "data_subjects",
    "authoriser",
    "consent_notes",
    "review_date",
    # Optional extras from Part D2: the named recipient (person, role, organisation), the specific
    # purpose or threat/risk summary, and when the information actually went.
    "recipient_detail",
    "purpose_detail",
    "shared_at",
)


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
    def body(self):
        """A fresh copy of the record as a dict."""
        return json.loads(self.text)

    @property
    def id(self):
        """The record's id (a UUID)."""
        return self.body["id"]


def engine_version():
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


def _person(section, names, field):
    section = fields.mapping(section, field)
    fields.only_keys(section, names, field)
    return {
        name: fields.text(section.get(name), f"{field}.{name}", required=True, limit=fields.SHORT_TEXT)
        for name in names
    }


def _subjects(value):
    field = "sharing.data_subjects"
    if not isinstance(value, list | tuple) or not value:
        raise RecordError(field, "is required: list at least one data subject (a description and a role)")
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


def _advice(advice):
    advice = fields.mapping(advice, "advice")
    check_json(advice, "advice")
    fields.one_of(advice.get("decision"), ADVICE_DECISIONS, "advice.decision")
    pack = fields.mapping(advice.get("policy_pack"), "advice.policy_pack")
    for name in ("name", "version", "sha256", "as_at"):
        fields.text(pack.get(name), f"advice.policy_pack.{name}", required=True, limit=fields.SHORT_TEXT)
    fields.date(pack["as_at"], "advice.policy_pack.as_at", required=True)
    for name in ("lawful_bases", "redactions", "conditions", "refer_to"):
        if not isinstance(advice.get(name, []), list):
            raise RecordError(f"advice.{name}", "must be a list")
    if not isinstance(advice.get("handling", {}), dict):
        raise RecordError("advice.handling", "must be an object")
    return advice


def _answers(answers):
    answers = fields.mapping(answers, "answers")
    check_json(answers, "answers")
    for name in ("recipient", "purpose", "request_direction"):
        fields.text(answers.get(name), f"answers.{name}", required=True, limit=fields.SHORT_TEXT)
    fields.one_of(answers["request_direction"], DIRECTIONS, "answers.request_direction")
    categories = answers.get("data_categories")
    if not isinstance(categories, list) or not categories:
        raise RecordError("answers.data_categories", "is required: at least one data category")
    return answers


def _decision(decision, advised):
    decision = fields.mapping(decision, "decision")
    fields.only_keys(decision, DECISION_FIELDS, "decision")
    accepted = fields.boolean(decision.get("accepted"), "decision.accepted")
    reason = fields.text(decision.get("override_reason"), "decision.override_reason", required=not accepted)
    final = decision.get("final_decision")
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
    return {"advised": advised, "accepted": accepted, "final": final, "override_reason": reason}


def _sharing(sharing, answers, outcome):
    """Check the officer's account of the sharing against what the final decision requires."""
    sharing = fields.mapping(sharing, "sharing")
    fields.only_keys(sharing, SHARING_FIELDS, "sharing")
    shares = outcome["final"] in SHARING_DECISIONS
    reactive = answers["request_direction"] == "reactive"

    def txt(name, required, limit=fields.LONG_TEXT):
        return fields.text(sharing.get(name), f"sharing.{name}", required=required, limit=limit)

    what = txt("what_was_shared", shares)
    if what and outcome["final"] == "do_not_share":
        raise RecordError("sharing.what_was_shared", "must be empty: the final decision is do_not_share")
    authoriser = sharing.get("authoriser")
    needs_authoriser = shares and outcome["advised"] not in SHARING_DECISIONS
    if needs_authoriser and not authoriser:
        raise RecordError(
            "sharing.authoriser",
            f"is required: the advice was {outcome['advised']} and the decision is to share; name who authorised it",
        )
    consent = answers.get("consent")
    return {
        "necessity": txt("necessity_rationale", True),
        "proportionality": txt("proportionality_rationale", shares),
        "what": what,
        "redactions_applied": fields.text_list(sharing.get("redactions_applied"), "sharing.redactions_applied"),
        "method": txt("method", shares, fields.SHORT_TEXT * 5),
        "requester": txt("requester", reactive, fields.SHORT_TEXT * 5),
        "identity_verification": txt("identity_verification", reactive and shares, fields.SHORT_TEXT * 5),
        "data_subjects": _subjects(sharing.get("data_subjects")),
        "authoriser": _person(authoriser, AUTHORISER_FIELDS, "sharing.authoriser") if authoriser else None,
        "authorisation_required": needs_authoriser,
        "consent_notes": txt("consent_notes", shares and consent in CONSENT_NEEDING_NOTES),
        "recipient_detail": txt("recipient_detail", False, fields.SHORT_TEXT * 5),
        "purpose_detail": txt("purpose_detail", False),
        "shared_at": (
            fields.utc_text(fields.utc_datetime(sharing["shared_at"], "sharing.shared_at"))
            if sharing.get("shared_at")
            else None
        ),
        "review_date": fields.date(sharing.get("review_date"), "sharing.review_date", required=False),
    }


def _amendment(amends, reason):
    if amends is None:
        if reason is not None:
            raise RecordError("amendment_reason", "is only for an amendment: give amends as well")
        return None
    amends = fields.text(amends, "amends", required=True, limit=36)
    try:
        amends = str(uuid.UUID(amends))
    except ValueError:
        raise RecordError("amends", "must be the id of an earlier record") from None
    return {"id": amends, "reason": fields.text(reason, "amendment_reason", required=True)}


def build_record(
    answers, advice, officer, decision, sharing, now=None, *, amends=None, amendment_reason=None, retention=None
):
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
        amends: the id of an earlier record this one corrects; needs ``amendment_reason``.
        retention: a ``RetentionPolicy``; default from the environment.

    Returns:
        RecordInput

    Raises:
        RecordError: naming the first field that is missing or wrong.
    """
    answers = _answers(answers)
    advice = _advice(advice)
    outcome = _decision(decision, advice["decision"])
    officer = _person(officer, OFFICER_FIELDS, "officer")
    shared = _sharing(sharing, answers, outcome)
    amendment = _amendment(amends, amendment_reason)
    created = fields.utc_datetime(now, "now") if now is not None else datetime.datetime.now(datetime.UTC)
    retention = retention or RetentionPolicy.from_env()
    review_date = shared["review_date"] or retention.default_review_date(created.date())
    if review_date < created.date():
        raise RecordError("sharing.review_date", "must not be before the date of the decision")
    bases = advice.get("lawful_bases", [])
    body = {
        "record_format": RECORD_FORMAT,
        "id": str(uuid.uuid4()),
        "created_at": fields.utc_text(created),
        "kind": "amendment" if amendment else "decision",
        "amends": amendment,
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
