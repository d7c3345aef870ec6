"""Meetings: an officer prepares for a MARAC, MASH, MAPPA or Channel meeting and gets one meeting pack.

The officer opens a meeting (which forum, on what date), says which agreement on the register it runs under
and its purpose, adds the agenda subjects, and runs a check for each: an ordinary questionnaire draft
prefilled with what the meeting fixes (the forum as recipient, the purpose, sharing at a meeting, the
agreement). The meeting pack then shows, per subject, what may be shared and what not, and the
justification record saved for each disclosure, which names the meeting. Nothing here decides anything:
the advice is the engine's, the agreements are the register's (``engine.agreements``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

import engine.agreements as agreements
from web import db, draft_store, meeting_pack, meeting_pdf, meeting_store
from web.meeting_store import Meeting
from web.pack import find_question, get_pack, option_label
from web.permissions import requires
from web.training_forms import read_date
from web.words import message, words

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

# The multi-agency meetings Sharewise prepares for: the pack's recipient options for those forums.
MEETING_KINDS = ("marac", "mash", "mappa", "channel_panel")
MEETING_FORMAT = "meeting"  # the `sharing_format` answer for a disclosure at a meeting
NO_AGREEMENT = "none"


def load_meeting(meeting_id: str) -> Meeting:
    """The signed-in officer's meeting, or 404 (another officer's meeting is not found either)."""
    meeting = meeting_store.get_meeting(db.get_engine(), meeting_id, g.user["id"])
    if meeting is None:
        abort(404)
    return meeting


def kind_label(kind: str) -> str:
    question = find_question(get_pack(), "recipient")
    return option_label(question, kind) if question else kind


@bp.route("/")
@requires("meeting:prepare")
def index() -> ResponseReturnValue:
    """The officer's meetings, and a button to open a new one."""
    rows = meeting_store.list_meetings(db.get_engine(), g.user["id"])
    return render_template("meetings/index.html", rows=rows, kind_label=kind_label)


@bp.route("/new", methods=("GET", "POST"))
@requires("meeting:prepare")
def new() -> ResponseReturnValue:
    """Open a meeting: which forum, and its date."""
    errors: dict[str, str] = {}
    form = request.form
    if request.method == "POST":
        kind = form.get("kind", "")
        if kind not in MEETING_KINDS:
            errors["kind"] = words().form_error("meeting.kind")
        held_on = read_date(form, "held_on", "meeting.held_on", errors)
        if not errors and held_on is not None:
            meeting_id = meeting_store.new_meeting(db.get_engine(), g.user["id"], kind, held_on)
            return redirect(url_for("meetings.agreement", meeting_id=meeting_id))
    kinds = [(kind, kind_label(kind)) for kind in MEETING_KINDS]
    return render_template("meetings/new.html", kinds=kinds, form=form, errors=errors)


@bp.route("/<meeting_id>/agreement", methods=("GET", "POST"))
@requires("meeting:prepare")
def agreement(meeting_id: str) -> ResponseReturnValue:
    """Which agreement on the register the meeting runs under (only those in force on its date are offered)."""
    meeting = load_meeting(meeting_id)
    register = get_pack().register
    found = agreements.candidates(
        register, {"recipient": meeting["kind"], "sharing_format": MEETING_FORMAT}, meeting["held_on"]
    )
    usable = [entry for entry in found if entry.status == agreements.IN_FORCE]
    lapsed = [entry for entry in found if entry.status != agreements.IN_FORCE]
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = request.form.get("agreement", "")
        if chosen == NO_AGREEMENT or chosen in {entry.reference for entry in usable}:
            reference = "" if chosen == NO_AGREEMENT else chosen
            meeting_store.set_terms(db.get_engine(), meeting_id, g.user["id"], agreement_reference=reference)
            return redirect(url_for("meetings.purpose", meeting_id=meeting_id))
        errors["agreement"] = words().form_error("meeting.agreement")
    return render_template(
        "meetings/agreement.html",
        meeting=meeting,
        kind=kind_label(meeting["kind"]),
        usable=usable,
        lapsed=lapsed,
        errors=errors,
    )


@bp.route("/<meeting_id>/purpose", methods=("GET", "POST"))
@requires("meeting:prepare")
def purpose(meeting_id: str) -> ResponseReturnValue:
    """The meeting's purpose: one of its agreement's purposes (chosen for the officer if there is only one)."""
    meeting = load_meeting(meeting_id)
    if meeting["agreement_reference"] is None:
        return redirect(url_for("meetings.agreement", meeting_id=meeting_id))
    question = find_question(get_pack(), "purpose")
    options = [(o.id, o.label) for o in (question.options if question else ())]
    entry = get_pack().register.get(meeting["agreement_reference"]) if meeting["agreement_reference"] else None
    if entry is not None:
        version = agreements.status_on(entry, meeting["held_on"]).version
        options = [(value, label) for value, label in options if value in version.purposes]
    if len(options) == 1:
        meeting_store.set_terms(db.get_engine(), meeting_id, g.user["id"], purpose=options[0][0])
        return redirect(url_for("meetings.show", meeting_id=meeting_id))
    errors: dict[str, str] = {}
    if request.method == "POST":
        chosen = request.form.get("purpose", "")
        if chosen in {value for value, _ in options}:
            meeting_store.set_terms(db.get_engine(), meeting_id, g.user["id"], purpose=chosen)
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        errors["purpose"] = words().form_error("meeting.purpose")
    return render_template(
        "meetings/purpose.html", meeting=meeting, kind=kind_label(meeting["kind"]), options=options, errors=errors
    )


@bp.route("/<meeting_id>")
@requires("meeting:prepare")
def show(meeting_id: str) -> ResponseReturnValue:
    """The meeting: what it fixes, its agenda subjects with the state of each check, and adding a subject."""
    meeting = load_meeting(meeting_id)
    if meeting["purpose"] is None:
        return redirect(url_for("meetings.purpose", meeting_id=meeting_id))
    return render_template(
        "meetings/show.html", **meeting_pack.context(meeting, kind_label(meeting["kind"])), errors={}
    )


@bp.route("/<meeting_id>/subjects", methods=("POST",))
@requires("meeting:prepare")
def add_subject(meeting_id: str) -> ResponseReturnValue:
    """Add an agenda subject (a short description, for example the case number and the people at risk)."""
    meeting = load_meeting(meeting_id)
    label = request.form.get("label", "").strip()
    if not label or len(label) > 200:
        errors = {"label": words().form_error("meeting.subject" if not label else "meeting.subject_long", 200)}
        context = meeting_pack.context(meeting, kind_label(meeting["kind"]))
        return render_template("meetings/show.html", **context, errors=errors, label=label), 400
    meeting_store.add_subject(db.get_engine(), meeting_id, label)
    flash(message("subject_added", label), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting_id))


@bp.route("/<meeting_id>/subjects/<int:subject_id>/check", methods=("POST",))
@requires("meeting:prepare")
def check(meeting_id: str, subject_id: int) -> ResponseReturnValue:
    """Run (or carry on with) the check for one subject, prefilled with what the meeting fixes."""
    meeting = load_meeting(meeting_id)
    subject = next((s for s in meeting["subjects"] if s["id"] == subject_id), None)
    if subject is None:
        abort(404)
    engine = db.get_engine()
    draft = draft_store.get_draft(engine, subject["draft_id"], g.user["id"]) if subject["draft_id"] else None
    if draft is None:
        draft_id = draft_store.new_draft(engine, g.user["id"])
        draft_store.save_draft(engine, draft_id, g.user["id"], fixed_answers(meeting), [])
        meeting_store.link_draft(engine, meeting_id, subject_id, draft_id)
    else:
        draft_id = draft["id"]
    return redirect(url_for("questionnaire.resume", draft_id=draft_id))


def fixed_answers(meeting: Meeting) -> dict[str, Any]:
    """What the meeting fixes for every subject's check."""
    answers: dict[str, Any] = {
        "recipient": meeting["kind"],
        "purpose": meeting["purpose"],
        "sharing_format": MEETING_FORMAT,
    }
    if meeting["agreement_reference"]:
        answers["agreement_reference"] = meeting["agreement_reference"]
    return answers


@bp.route("/<meeting_id>/pack")
@requires("meeting:prepare")
def pack(meeting_id: str) -> ResponseReturnValue:
    """The meeting pack, for printing: per subject what may be shared and what not, and its record."""
    meeting = load_meeting(meeting_id)
    return render_template("meetings/pack.html", **meeting_pack.context(meeting, kind_label(meeting["kind"])))


@bp.route("/<meeting_id>/pack.pdf")
@requires("meeting:prepare")
def pack_pdf(meeting_id: str) -> ResponseReturnValue:
    """The meeting pack as a PDF file."""
    meeting = load_meeting(meeting_id)
    document = meeting_pack.document(meeting_pack.context(meeting, kind_label(meeting["kind"])))
    data = meeting_pdf.render(document)
    name = f"meeting-pack-{meeting['held_on'].isoformat()}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )
