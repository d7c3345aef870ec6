"""Supervisors' reviews: the review queue, reviewing and countersigning a record, and the CSV export.

The queue holds the records of the supervisor's own force that most need a second pair of eyes (the
officer overrode the advice, shared against a ``refer`` or ``do_not_share``, or shared in an emergency:
``engine.records.needs_review``), filtered by decision, override, officer and date. A review is appended
to the records chain as its own entry pointing at the record (``engine.records.build_review``); the
record is never changed. Supervisors may review only records of their own force.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from engine.records import Filters, RecordError, build_review
from engine.records.export import write_csv
from web.permissions import requires
from web.record_form import FINAL_DECISIONS
from web.records import get_store, load_record, page_number, recipient_label, same_force
from web.words import words

bp = Blueprint("reviews", __name__, url_prefix="/reviews")

EXPORT_LIMIT = 1000


def read_filters() -> tuple[Filters, dict[str, str], dict[str, str]]:
    """The queue's filters from the query string: (Filters, the values to show back, errors by field)."""
    args = {
        name: request.args.get(name, "").strip()[:200]
        for name in ("decision", "overridden", "officer", "from", "to", "status")
    }
    errors: dict[str, str] = {}
    dates: dict[str, datetime.date | None] = {}
    for name in ("from", "to"):
        try:
            dates[name] = datetime.date.fromisoformat(args[name]) if args[name] else None
        except ValueError:
            dates[name], errors[name] = None, "date"
    status = args["status"] or "to_review"
    filters = Filters(
        force=g.user["force"],
        decision_maker=args["officer"] or None,
        final_decision=args["decision"] if args["decision"] in FINAL_DECISIONS else None,
        overridden={"yes": True, "no": False}.get(args["overridden"]),
        date_from=dates["from"],
        date_to=dates["to"],
        needs_review=True if status in ("to_review", "reviewed_queue") else None,
        reviewed={"to_review": False, "reviewed_queue": True}.get(status),
    )
    return filters, {**args, "status": status}, errors


def queue_count() -> int:
    """How many records of the supervisor's force wait for review (for the home page)."""
    return get_store().count(Filters(force=g.user["force"], needs_review=True, reviewed=False))


@bp.route("/")
@requires("record:review")
def queue() -> ResponseReturnValue:
    """The review queue, filtered; by default the force's records that need review and have none."""
    filters, shown, errors = read_filters()
    page = page_number()
    size = current_app.config["RECORDS_PAGE_SIZE"]
    rows = [] if errors else get_store().list(filters=filters, limit=size + 1, offset=(page - 1) * size)
    messages = {name: words().filter_error(name) for name in errors}
    return render_template(
        "reviews/queue.html",
        rows=rows[:size],
        page=page,
        more=len(rows) > size,
        total=0 if errors else get_store().count(filters),
        shown=shown,
        errors=messages,
        decisions=FINAL_DECISIONS,
        recipient=recipient_label,
    )


@bp.route("/export.csv")
@requires("record:review")
def export() -> ResponseReturnValue:
    """The filtered list as CSV for inspection (one row per record, as ``sharewise records export``)."""
    filters, _shown, errors = read_filters()
    if errors:
        abort(400)
    out = io.StringIO()
    write_csv(out, get_store().list(filters=filters, limit=EXPORT_LIMIT))
    stamp = datetime.date.today().isoformat()
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="sharewise-records-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/<record_id>", methods=("GET", "POST"))
@requires("record:review")
def review(record_id: str) -> ResponseReturnValue:
    """Review and countersign one record of the supervisor's own force: agree, or concerns with reasons."""
    record = load_record(record_id)
    if not same_force(record) or record.get("kind") == "review":
        abort(404)
    errors: dict[str, str] = {}
    form: dict[str, Any] = {}
    if request.method == "POST":
        form = {"outcome": request.form.get("outcome", ""), "reasons": request.form.get("reasons", "")}
        reviewer = {key: g.user[key] for key in ("name", "rank_or_role", "force_number", "force")}
        try:
            entry = build_review(record, reviewer, form["outcome"] or None, form["reasons"])
        except RecordError as error:
            target = "outcome" if error.field == "outcome" else "reasons"
            errors[target] = words().record_error(error.field, error.problem)
        else:
            get_store().append(entry)
            flash("review_saved", "success")
            return redirect(url_for("records.show", record_id=record_id) + "#reviews")
    return render_template("reviews/review.html", record=record, form=form, errors=errors)
