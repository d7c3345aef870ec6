"""Justification records: the officer accepts or overrides the advice, explains the decision and saves it.

Records are written to the append-only, hash-chained store in ``engine.records``; this module only
collects what the officer says (through ``web.record_form``) and shows records back.

Officers see their own records; supervisors see and search their force's.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from engine.records import RecordError, Store, build_record, open_store
from engine.records.render import record_marking
from web import audit, db, draft_store, meeting_store, pdf, record_access
from web.advice_view import advice_view
from web.draft_store import Draft
from web.drafts import Advice, complete_draft, meeting_link, question_url, record_needs
from web.pack import find_question, get_pack, option_label
from web.permissions import can, requires
from web.record_form import (
    FINAL_DECISIONS,
    SUBJECT_ROLES,
    SUBJECT_ROWS,
    TEXT_FIELDS,
    field_needs,
    in_form_order,
    read_form,
    record_errors,
)
from web.words import words

bp = Blueprint("records", __name__, url_prefix="/records")


_STORE_LOCK = threading.Lock()


def get_store() -> Store:
    """The records store for this app's database URL (opened, and migrated if new, on first use)."""
    store: Store | None = current_app.extensions.get("sharewise_store")
    if store is None:
        with _STORE_LOCK:  # two threads' first requests open one store, not two
            store = current_app.extensions.get("sharewise_store")
            if store is None:
                store = open_store(current_app.config["DATABASE_URL"])
                current_app.extensions["sharewise_store"] = store
    return store


@bp.route("/new/<draft_id>", methods=("GET", "POST"))
@requires("record:create")
@complete_draft
def new(draft: Draft, advice: Advice) -> ResponseReturnValue:
    """Accept or override the advice, give the rationale and save the justification record."""
    needed = record_needs(draft)
    if needed and find_question(get_pack(), needed):
        return redirect(question_url(draft["id"], needed, record=True))
    form = request.form if request.method == "POST" else MultiDict()
    errors: dict[str, str] = {}
    if request.method == "POST":
        decision, sharing, missing = read_form(request.form, advice)
        officer = {key: g.user[key] for key in ("name", "rank_or_role", "force_number", "force")}
        link = meeting_link(draft["id"])
        # Every problem at once: what the form plainly lacks, and all that build_record finds.
        found = {target: words().record_error(field) for target, field in missing.items()}
        try:
            record = build_record(
                draft["answers"],
                advice,
                officer,
                decision,
                sharing,
                requirements=get_pack().record_requirements,
                meeting=_meeting(link),
            )
        except RecordError as error:
            for target, each in record_errors(error):
                found.setdefault(target, words().record_error(each.field, each.problem, _wording(each.field)))
        else:
            if not found:
                stored = get_store().append(record)
                audit.record("record.created", record_id=stored["id"])
                draft_store.delete_draft(db.get_engine(), draft["id"], g.user["id"])
                flash(f"record_saved:{stored['id']}", "success")
                if link is not None:
                    meeting_store.link_record(db.get_engine(), link[1]["id"], stored["id"])
                    return redirect(url_for("meetings.show", meeting_id=link[0]["id"]))
                return redirect(url_for("records.show", record_id=stored["id"]))
        errors = in_form_order(found)
    return render_template(
        "records/new.html",
        draft=draft,
        advice=advice,
        view=advice_view(draft["answers"], advice),
        form=form,
        errors=errors,
        text_fields=TEXT_FIELDS,
        needs=field_needs(get_pack().record_requirements, draft["answers"], advice["decision"]),
        subject_rows=range(1, SUBJECT_ROWS + 1),
        subject_roles=SUBJECT_ROLES,
        final_decisions=[d for d in FINAL_DECISIONS if d != advice["decision"]],
    )


def _wording(field: str) -> str:
    """The wording of the question a record's ``answers.*`` field names (for its error message)."""
    if not field.startswith("answers."):
        return ""
    question_id = field.split(".", 1)[1].split("[", 1)[0]
    question = find_question(get_pack(), question_id)
    return question.wording if question else question_id


@bp.route("/")
@requires("record:read_own")
def mine() -> ResponseReturnValue:
    """The signed-in officer's own records, newest first."""
    page, size = page_number(), current_app.config["RECORDS_PAGE_SIZE"]
    rows = record_access.own_records(get_store(), g.user, limit=size + 1, offset=(page - 1) * size)
    return _list_page(rows, page, size, heading=words().heading("mine"), searchable=False, query="", officer="")


@bp.route("/force")
@requires("record:read_force")
def force() -> ResponseReturnValue:
    """Every record of the supervisor's force, searchable by words and by officer."""
    page, size = page_number(), current_app.config["RECORDS_PAGE_SIZE"]
    query = request.args.get("q", "").strip()[:200]
    officer = request.args.get("officer", "").strip()[:200]
    rows = get_store().list(
        decision_maker=officer or None,
        force=g.user["force"],
        text=query or None,
        limit=size + 1,
        offset=(page - 1) * size,
    )
    rows = [row for row in rows if record_access.same_force(g.user, row)]
    heading = words().heading("force", g.user["force"])
    return _list_page(rows, page, size, heading=heading, searchable=True, query=query, officer=officer)


def _list_page(rows: list[dict[str, Any]], page: int, size: int, **shown: Any) -> str:
    """A page of a list of records (one more row than the page was read, to know whether there are more),
    with each record's reviews."""
    on_page = rows[:size]
    return render_template(
        "records/list.html",
        rows=on_page,
        reviews=get_store().reviews_of([row["id"] for row in on_page]),
        page=page,
        more=len(rows) > size,
        recipient=recipient_label,
        **shown,
    )


@bp.route("/<record_id>")
@requires("record:read_own")
def show(record_id: str) -> ResponseReturnValue:
    """One record, if it is the officer's own or (for a supervisor) their force's, with its reviews."""
    record = load_record(record_id)
    audit.record("record.viewed", record_id=record["id"])
    return render_template(
        "records/show.html",
        record=record,
        view=advice_view(record["answers"], record["advice"]),
        advice=record["advice"],
        answer_rows=answer_rows(record["answers"]),
        can_review=can(g.user, "record:review") and same_force(record),
    )


@bp.route("/<record_id>/print")
@requires("record:read_own")
def print_view(record_id: str) -> ResponseReturnValue:
    """A printable view of one record with its hash and the chain head at the time of printing; the full
    explanation of every rule only as an appendix (``?appendix=1``)."""
    record = load_record(record_id)
    audit.record("record.printed", record_id=record["id"])
    return _print_page(record, pdf_mode=False)


@bp.route("/<record_id>/record.pdf", endpoint="pdf")
@requires("record:read_own")
def pdf_view(record_id: str) -> ResponseReturnValue:
    """The print view as an A4 PDF (``?appendix=1`` includes the full explanation)."""
    record = load_record(record_id)
    reason = pdf.unavailable_reason()
    if reason:
        return render_template("records/no_pdf.html", reason=reason), 503
    audit.record("record.printed", record_id=record["id"], format="pdf")
    document = pdf.render_pdf(str(_print_page(record, pdf_mode=True)))
    name = f"justification-record-{record['id']}.pdf"
    return Response(
        document,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def _print_page(record: dict[str, Any], *, pdf_mode: bool) -> str:
    return render_template(
        "records/print.html",
        record=record,
        head=get_store().head(),
        view=advice_view(record["answers"], record["advice"]),
        advice=record["advice"],
        answer_rows=answer_rows(record["answers"]),
        appendix=request.args.get("appendix") == "1",
        marking=record_marking(record),
        pdf=pdf_mode,
    )


def answer_rows(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The answers a record rests on, in the pack's asking order (answers the pack no longer asks last)."""
    pack = get_pack()
    rows = [{"id": q.id, "q": q, "value": answers[q.id]} for q in pack.questions if q.id in answers]
    known = {row["id"] for row in rows}
    return rows + [{"id": k, "q": None, "value": v} for k, v in answers.items() if k not in known]


def _meeting(link: tuple[meeting_store.Meeting, meeting_store.Subject] | None) -> dict[str, str] | None:
    """The meeting a record is linked to (``build_record``'s ``meeting``), for a check run from a meeting."""
    if link is None:
        return None
    meeting, subject = link
    return {
        "id": meeting["id"],
        "type": recipient_label(meeting["kind"]),
        "date": meeting["held_on"].isoformat(),
        "subject": subject["label"],
    }


def recipient_label(value: str) -> str:
    """The officer-facing name of a recipient id (the id itself if the pack no longer has it)."""
    question = find_question(get_pack(), "recipient")
    return option_label(question, value) if question else value


def load_record(record_id: str) -> dict[str, Any]:
    """A record the user may read, else 404 (the same answer whether it exists or not)."""
    record = record_access.readable(get_store(), g.user, record_id)
    if record is None:
        abort(404)
    return record


def same_force(record: dict[str, Any]) -> bool:
    """Whether the record was made in the signed-in user's force (``web.record_access``)."""
    return record_access.same_force(g.user, record)


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        return 1
