"""Justification records: the officer accepts or overrides the advice, explains the decision and saves it.

Records are written to the append-only, hash-chained store in ``engine.records``; this module only
collects what the officer says and shows records back. What a record must contain, and when, is the
records package's rule (``build_record`` raises ``RecordError`` naming the field), so the form shows
that error against the field rather than repeating the rules here.

Officers see their own records; supervisors see and search their force's.
"""

import datetime

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from engine.records import RecordError, build_record, open_store
from web import db, draft_store
from web.advice import advice_view
from web.pack import DECISIONS, find_question, get_pack, option_label
from web.permissions import can, requires
from web.questionnaire import evaluate, load_draft, to_next_question

bp = Blueprint("records", __name__, url_prefix="/records")

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
TEXT_FIELDS = {
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


def record_needs(answers, advice):
    """The first question whose answer a record must hold but the officer was not asked, or None.

    The advice can be settled before every question is asked (a stop bar, say), while a record always
    needs some answers (who receives it, why, whether it was asked for). Which ones is the records
    package's rule: build_record checks the answers before anything else, so a trial build with an
    empty account of the sharing tells us, without this module keeping its own list.
    """
    officer = {"name": "-", "rank_or_role": "-", "force_number": "-", "force": "-"}
    try:
        build_record(
            answers, advice, officer, {"accepted": False, "final_decision": "refer", "override_reason": "-"}, {}
        )
    except RecordError as error:
        if error.field.startswith("answers."):
            return error.field.split(".", 1)[1].split("[", 1)[0]
    return None


def get_store():
    """The records store for this app's database URL (opened, and migrated if new, on first use)."""
    store = current_app.extensions.get("sharewise_store")
    if store is None:
        store = open_store(current_app.config["DATABASE_URL"])
        current_app.extensions["sharewise_store"] = store
    return store


@bp.route("/new/<draft_id>", methods=("GET", "POST"))
@requires("record:create")
def new(draft_id):
    """Accept or override the advice, give the rationale and save the justification record."""
    draft = load_draft(draft_id)
    advice = evaluate(draft)
    if (back := to_next_question(draft_id, advice)) is not None:
        return back
    needed = record_needs(draft["answers"], advice)
    if needed and find_question(get_pack(), needed):
        return redirect(url_for("questionnaire.question", draft_id=draft_id, question_id=needed, record=1))
    form = request.form if request.method == "POST" else MultiDict()
    errors = {}
    if request.method == "POST":
        decision, sharing, errors = read_form(request.form, advice)
        if not errors:
            officer = {key: g.user[key] for key in ("name", "rank_or_role", "force_number", "force")}
            try:
                record = build_record(draft["answers"], advice, officer, decision, sharing)
            except RecordError as error:
                errors[error_target(error.field)] = error_message(error)
            else:
                stored = get_store().append(record)
                draft_store.delete_draft(db.get_engine(), draft_id, g.user["id"])
                flash(f"Justification record saved. Its reference is {stored['id']}.", "success")
                return redirect(url_for("records.show", record_id=stored["id"]))
        errors = {name: errors[name] for name in sorted(errors, key=_form_position)}
    return render_template(
        "records/new.html",
        draft=draft,
        advice=advice,
        view=advice_view(draft["answers"], advice),
        form=form,
        errors=errors,
        text_fields=TEXT_FIELDS,
        subject_rows=range(1, SUBJECT_ROWS + 1),
        subject_roles=SUBJECT_ROLES,
        final_decisions=[(d, DECISIONS[d]) for d in FINAL_DECISIONS if d != advice["decision"]],
    )


@bp.route("/")
@requires("record:read_own")
def mine():
    """The signed-in officer's own records, newest first."""
    page = _page()
    size = current_app.config["RECORDS_PAGE_SIZE"]
    rows = get_store().list(
        decision_maker=g.user["force_number"] or g.user["name"],
        force=g.user["force"],
        limit=size + 1,
        offset=(page - 1) * size,
    )
    rows = [r for r in rows if _is_own(r)]
    return render_template(
        "records/list.html",
        rows=rows[:size],
        page=page,
        more=len(rows) > size,
        heading="My records",
        searchable=False,
        query="",
        officer="",
        recipient=_recipient,
    )


@bp.route("/force")
@requires("record:read_force")
def force():
    """Every record of the supervisor's force, searchable by words and by officer."""
    page = _page()
    size = current_app.config["RECORDS_PAGE_SIZE"]
    query = request.args.get("q", "").strip()[:200]
    officer = request.args.get("officer", "").strip()[:200]
    rows = get_store().list(
        decision_maker=officer or None,
        force=g.user["force"],
        text=query or None,
        limit=size + 1,
        offset=(page - 1) * size,
    )
    return render_template(
        "records/list.html",
        rows=rows[:size],
        page=page,
        more=len(rows) > size,
        heading=f"Records for {g.user['force']}",
        searchable=True,
        query=query,
        officer=officer,
        recipient=_recipient,
    )


@bp.route("/<record_id>")
@requires("record:read_own")
def show(record_id):
    """One record, if it is the officer's own or (for a supervisor) their force's."""
    record = load_record(record_id)
    return render_template(
        "records/show.html",
        record=record,
        view=advice_view(record["answers"], record["advice"]),
        advice=record["advice"],
    )


@bp.route("/<record_id>/print")
@requires("record:read_own")
def print_view(record_id):
    """A plain, printable view of one record with its hash and the chain head at the time of printing."""
    record = load_record(record_id)
    head = get_store().head()
    return render_template(
        "records/print.html",
        record=record,
        head=head,
        view=advice_view(record["answers"], record["advice"]),
        advice=record["advice"],
    )


def _recipient(value):
    """The officer-facing name of a recipient id (the id itself if the pack no longer has it)."""
    question = find_question(get_pack(), "recipient")
    return option_label(question, value) if question else value


def load_record(record_id):
    """A record the user may read, else 404 (the same answer whether it exists or not)."""
    try:
        record = get_store().get(record_id)
    except RecordError:
        abort(404)
    if record is None:
        abort(404)
    if not (_is_own(record) or (can(g.user, "record:read_force") and _same_force(record))):
        abort(404)
    return record


def _is_own(record):
    maker = record.get("decision_maker") or {}
    return bool(g.user["force_number"]) and maker.get("force_number") == g.user["force_number"] and _same_force(record)


def _same_force(record):
    maker = record.get("decision_maker") or {}
    return (maker.get("force") or "").strip().lower() == g.user["force"].strip().lower()


def _page():
    try:
        return max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        return 1


def read_form(form, advice):
    """The record form as build_record's ``decision`` and ``sharing``, with errors for what is plainly missing.

    Only presence is checked here; what else a record needs in this case is the records package's call.
    """
    errors = {}
    accepted = form.get("accepted")
    if accepted not in ("yes", "no"):
        errors["accepted"] = "Select whether you accept the advice"
    decision = {"accepted": accepted == "yes"}
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

    sharing = {name: form.get(name, "") for name in TEXT_FIELDS if name != "override_reason"}
    sharing = {name: value for name, value in sharing.items() if value.strip()}
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


def _date(form, name):
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


def _form_position(name):
    return FORM_ORDER.index(name) if name in FORM_ORDER else len(FORM_ORDER)


def error_target(field):
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


def error_message(error):
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
