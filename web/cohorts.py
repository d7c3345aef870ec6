"""Cohorts: named groups of trainees a trainer opens exercises to (trainers only, their own force's).

A trainee is an officer's or supervisor's own account (README, Training): the trainer adds accounts by
username, or gives out the cohort's join code. Only accounts of the trainer's force whose role may
practise can be members.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from web import accounts, db, training_store
from web.permissions import can, requires
from web.training_forms import read_text, usernames
from web.words import message, words

bp = Blueprint("cohorts", __name__, url_prefix="/training/cohorts")


@bp.route("/")
@requires("training:manage")
def index() -> ResponseReturnValue:
    """The force's cohorts."""
    return render_template(
        "training/cohorts.html", cohorts=training_store.list_cohorts(db.get_engine(), g.user["force"])
    )


@bp.route("/new", methods=("GET", "POST"))
@requires("training:manage")
def new() -> ResponseReturnValue:
    """Name a cohort, add trainees by username and, if wanted, give it a join code."""
    form = request.form if request.method == "POST" else MultiDict()
    errors: dict[str, str] = {}
    if request.method == "POST":
        name = read_text(form, "name", "cohort.name", errors)
        members, problem = trainees(form.get("members", ""))
        if problem:
            errors["members"] = problem
        elif not members and not form.get("join_code"):
            errors["members"] = words().form_error("cohort.members")
        if not errors:
            engine = db.get_engine()
            cohort_id = training_store.new_cohort(
                engine, name, g.user["force"], g.user["id"], join_code=bool(form.get("join_code"))
            )
            for member in members:
                training_store.add_member(engine, cohort_id, member["id"])
            flash(message("cohort_created", name), "success")
            return redirect(url_for("cohorts.show", cohort_id=cohort_id))
    return render_template("training/cohort_new.html", form=form, errors=errors)


def _cohort(cohort_id: int) -> dict[str, Any]:
    cohort = training_store.get_cohort(db.get_engine(), cohort_id, g.user["force"])
    if cohort is None:
        abort(404)
    return cohort


@bp.route("/<int:cohort_id>")
@requires("training:manage")
def show(cohort_id: int) -> ResponseReturnValue:
    """A cohort's members and join code, and adding or removing trainees."""
    return _show(_cohort(cohort_id), {}, MultiDict())


def _show(cohort: dict[str, Any], errors: dict[str, str], form: MultiDict[str, str]) -> ResponseReturnValue:
    members = training_store.cohort_members(db.get_engine(), cohort["id"])
    return render_template("training/cohort.html", cohort=cohort, members=members, errors=errors, form=form)


@bp.route("/<int:cohort_id>/members", methods=("POST",))
@requires("training:manage")
def add_members(cohort_id: int) -> ResponseReturnValue:
    """Add trainees by username."""
    cohort = _cohort(cohort_id)
    members, problem = trainees(request.form.get("members", ""))
    if problem or not members:
        return _show(cohort, {"members": problem or words().form_error("cohort.members_to_add")}, request.form)
    added = sum(training_store.add_member(db.get_engine(), cohort_id, m["id"]) for m in members)
    flash(message("trainees_added", added), "success")
    return redirect(url_for("cohorts.show", cohort_id=cohort_id))


@bp.route("/<int:cohort_id>/members/<int:user_id>/remove", methods=("POST",))
@requires("training:manage")
def remove_member(cohort_id: int, user_id: int) -> ResponseReturnValue:
    """Take a trainee out of a cohort (their finished attempts stay in the debriefs)."""
    _cohort(cohort_id)
    training_store.remove_member(db.get_engine(), cohort_id, user_id)
    return redirect(url_for("cohorts.show", cohort_id=cohort_id))


def trainees(text: str) -> tuple[list[dict[str, Any]], str | None]:
    """The accounts named in `text` (usernames), or an error naming the first that cannot be a trainee:
    unknown, inactive, of another force, or of a role that does not practise."""
    found = []
    for username in usernames(text):
        user = accounts.get_user_by_username(db.get_engine(), username)
        if user is None or not user["active"] or user["force"] != g.user["force"]:
            return [], words().form_error("trainee.unknown", username, g.user["force"])
        if not can(user, "training:play"):
            return [], words().form_error("trainee.role", username)
        found.append(user)
    return found, None
