"""Justification records: the officer accepts or overrides the advice, explains the decision and saves it.

Records are written to the append-only, hash-chained store in ``engine.records``; this module only
collects what the officer says (through ``web.record_form``) and shows records back.

Officers see their own records; supervisors see and search their force's.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from engine.records import RecordError, Store, build_record, open_store
from web import db, draft_store
from web.advice_view import advice_view
from web.draft_store import Draft
from web.drafts import Advice, complete_draft, question_url, record_needs
from web.pack import DECISIONS, find_question, get_pack, option_label
from web.permissions import can, requires
from web.record_form import (
    FINAL_DECISIONS,
    SUBJECT_ROLES,
    SUBJECT_ROWS,
    TEXT_FIELDS,
    error_message,
    error_target,
    in_form_order,
    read_form,
    requirement_notes,
)

bp = Blueprint("records", __name__, url_prefix="/records")


def get_store() -> Store:
    """The records store for this app's database URL (opened, and migrated if new, on first use)."""
    store: Store | None = current_app.extensions.get("sharewise_store")
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
        decision, sharing, errors = read_form(request.form, advice)
        if not errors:
            officer = {key: g.user[key] for key in ("name", "rank_or_role", "force_number", "force")}
            try:
                record = build_record(
                    draft["answers"],
                    advice,
                    officer,
                    decision,
                    sharing,
                    requirements=get_pack().record_requirements,
                )
            except RecordError as error:
                errors[error_target(error.field)] = error_message(error)
            else:
                stored = get_store().append(record)
                draft_store.delete_draft(db.get_engine(), draft["id"], g.user["id"])
                flash(f"Justification record saved. Its reference is {stored['id']}.", "success")
                return redirect(url_for("records.show", record_id=stored["id"]))
        errors = in_form_order(errors)
    return render_template(
        "records/new.html",
        draft=draft,
        advice=advice,
        view=advice_view(draft["answers"], advice),
        form=form,
        errors=errors,
        text_fields=TEXT_FIELDS,
        notes=requirement_notes(get_pack().record_requirements, draft["answers"], advice["decision"]),
        subject_rows=range(1, SUBJECT_ROWS + 1),
        subject_roles=SUBJECT_ROLES,
        final_decisions=[(d, DECISIONS[d]) for d in FINAL_DECISIONS if d != advice["decision"]],
    )


@bp.route("/")
@requires("record:read_own")
def mine() -> ResponseReturnValue:
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
def force() -> ResponseReturnValue:
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
def show(record_id: str) -> ResponseReturnValue:
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
def print_view(record_id: str) -> ResponseReturnValue:
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


def _recipient(value: str) -> str:
    """The officer-facing name of a recipient id (the id itself if the pack no longer has it)."""
    question = find_question(get_pack(), "recipient")
    return option_label(question, value) if question else value


def load_record(record_id: str) -> dict[str, Any]:
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


def _is_own(record: dict[str, Any]) -> bool:
    maker = record.get("decision_maker") or {}
    return bool(g.user["force_number"]) and maker.get("force_number") == g.user["force_number"] and _same_force(record)


def _same_force(record: dict[str, Any]) -> bool:
    maker = record.get("decision_maker") or {}
    return (maker.get("force") or "").strip().lower() == g.user["force"].strip().lower()


def _page() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        return 1
