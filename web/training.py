"""The trainers' area: compose exercises from scenarios, set the date the law is applied as at, open them
to a cohort, and close them. Cohorts are ``web.cohorts``, scenarios written in the web
``web.scenario_editor`` and debriefs ``web.debrief``.

Choosing scenarios is ``engine.training.exercises`` (filters by tag, recipient and purpose); each scenario
is checked on the exercise's date exactly as a scenario file is (``engine.training.validate_scenario``)
before it is added. Only trainers come here, and only to their own force's exercises.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

import engine
from engine.training import exercises
from web import db, training_store
from web.exercises import catalogue, check_at, in_force, pack_scenarios, source_of
from web.pack import find_question, get_pack, option_label, today
from web.permissions import requires
from web.training_forms import date_fields, read_date, read_text
from web.words import message, words

bp = Blueprint("training", __name__, url_prefix="/training")


@bp.route("/")
@requires("training:manage")
def index() -> ResponseReturnValue:
    """The force's exercises, with links to cohorts and to writing scenarios."""
    rows = training_store.list_exercises(db.get_engine(), g.user["force"])
    return render_template("training/index.html", exercises=rows)


@bp.route("/exercises/new", methods=("GET", "POST"))
@requires("training:manage")
def new_exercise() -> ResponseReturnValue:
    """Name an exercise and set the date the law is applied as at; then add scenarios to it."""
    form = request.form if request.method == "POST" else MultiDict()
    errors: dict[str, str] = {}
    if request.method == "POST":
        title = read_text(form, "title", "exercise.title", errors)
        as_at = read_date(form, "as_at", "exercise.as_at", errors)
        if as_at is not None and (why := in_force(as_at)):
            errors["as_at-day"] = why
        if not errors and as_at is not None:
            exercise_id = training_store.new_exercise(db.get_engine(), g.user["force"], g.user["id"], title, as_at)
            return redirect(url_for("training.add_scenarios", exercise_id=exercise_id))
    return render_template(
        "training/exercise_new.html", form=form, errors=errors, as_at=date_fields("as_at", form, today())
    )


def _exercise(exercise_id: int) -> dict[str, Any]:
    exercise = training_store.get_exercise(db.get_engine(), exercise_id, g.user["force"])
    if exercise is None:
        abort(404)
    return exercise


@bp.route("/exercises/<int:exercise_id>")
@requires("training:manage")
def exercise(exercise_id: int) -> ResponseReturnValue:
    """One exercise: its scenarios, its cohort, and opening or closing it."""
    return _exercise_page(_exercise(exercise_id), {})


def _exercise_page(found: dict[str, Any], errors: dict[str, str]) -> ResponseReturnValue:
    items = training_store.exercise_scenarios(db.get_engine(), found["id"])
    return render_template(
        "training/exercise.html",
        exercise=found,
        items=[dict(item, labels=labels(item["scenario"]["answers"])) for item in items],
        cohorts=training_store.list_cohorts(db.get_engine(), g.user["force"]),
        errors=errors,
    )


@bp.route("/exercises/<int:exercise_id>/scenarios", methods=("GET", "POST"))
@requires("training:manage")
def add_scenarios(exercise_id: int) -> ResponseReturnValue:
    """Filter the scenarios (tag, recipient, purpose) and add the chosen ones, each checked on the
    exercise's date."""
    found = _exercise(exercise_id)
    if found["status"] != training_store.DRAFT:
        flash(message("scenarios_locked"), "info")
        return redirect(url_for("training.exercise", exercise_id=exercise_id))
    pack = get_pack()
    available = catalogue(g.user["force"])
    errors: dict[str, str] = {}
    tag, recipient, purpose = (request.args.get(k) or None for k in ("tag", "recipient", "purpose"))
    try:
        chosen = exercises(pack, list(available.values()), [tag] if tag else [], recipient, purpose)
    except engine.AnswerError as error:
        errors[f"filter-{error.field}"] = error.message[:1].upper() + error.message[1:]
        chosen = []
    in_it = {item["name"] for item in training_store.exercise_scenarios(db.get_engine(), exercise_id)}
    keys = {id(s): key for key, s in available.items()}
    listed = [(keys[id(s)], s) for s in chosen if s.name not in in_it]
    if request.method == "POST":
        picked = [available[k] for k in request.form.getlist("scenario") if k in available]
        if not picked:
            errors["scenario"] = words().form_error("exercise.scenario")
        checked = [(s, *check_at(s, found["as_at"])) for s in picked]
        for scenario, _raw, problems in checked:
            for problem in problems:
                errors.setdefault("scenario", f"{scenario.name}: {problem.field}: {problem.message}")
        if not errors:
            added = sum(
                training_store.add_scenario(db.get_engine(), exercise_id, s.name, source_of(s), raw)
                for s, raw, _ in checked
            )
            flash(message("scenarios_added", added), "success")
            return redirect(url_for("training.exercise", exercise_id=exercise_id))
    return render_template(
        "training/exercise_add.html",
        exercise=found,
        listed=[(key, s, labels(s.answers)) for key, s in listed],
        filters=filters(list(available.values()), tag, recipient, purpose),
        problems=pack_scenarios()[1],
        errors=errors,
    )


def labels(answers: dict[str, Any]) -> dict[str, str]:
    """The recipient's and purpose's labels (the pack's words) for a scenario's answers."""
    pack = get_pack()
    out = {}
    for question_id in ("recipient", "purpose"):
        question = find_question(pack, question_id)
        value = answers.get(question_id)
        out[question_id] = (
            option_label(question, value) if question and value is not None else words().missing("not_given")
        )
    return out


def filters(scenarios: list[Any], tag: str | None, recipient: str | None, purpose: str | None) -> dict[str, Any]:
    """The filter form's choices: tags the scenarios carry, and the recipients and purposes they use
    (labelled from the pack), each with what is chosen."""
    pack = get_pack()
    used = {q: sorted({s.answers.get(q) for s in scenarios if s.answers.get(q)}) for q in ("recipient", "purpose")}
    options = {}
    for question_id, values in used.items():
        question = find_question(pack, question_id)
        options[question_id] = sorted(
            ((v, option_label(question, v) if question else v) for v in values), key=lambda o: o[1].lower()
        )
    return {
        "tags": sorted({t for s in scenarios for t in s.tags}),
        "recipients": options["recipient"],
        "purposes": options["purpose"],
        "chosen": {"tag": tag or "", "recipient": recipient or "", "purpose": purpose or ""},
    }


@bp.route("/exercises/<int:exercise_id>/scenarios/<int:item_id>/remove", methods=("POST",))
@requires("training:manage")
def remove_scenario(exercise_id: int, item_id: int) -> ResponseReturnValue:
    """Take a scenario out of an exercise that is not open yet."""
    if _exercise(exercise_id)["status"] == training_store.DRAFT:
        training_store.remove_scenario(db.get_engine(), exercise_id, item_id)
    return redirect(url_for("training.exercise", exercise_id=exercise_id))


@bp.route("/exercises/<int:exercise_id>/open", methods=("POST",))
@requires("training:manage")
def open_exercise(exercise_id: int) -> ResponseReturnValue:
    """Open an exercise with at least one scenario to one of the force's cohorts."""
    found = _exercise(exercise_id)
    items = training_store.exercise_scenarios(db.get_engine(), exercise_id)
    cohorts = training_store.list_cohorts(db.get_engine(), g.user["force"])
    errors = {}
    cohort_id = request.form.get("cohort", "")
    if found["status"] != training_store.DRAFT:
        errors["cohort"] = words().form_error("exercise.opened")
    elif not items:
        errors["cohort"] = words().form_error("exercise.empty")
    elif not any(str(c["id"]) == cohort_id for c in cohorts):
        errors["cohort"] = words().form_error("exercise.cohort")
    if errors:
        return _exercise_page(found, errors)
    training_store.set_status(db.get_engine(), exercise_id, training_store.OPEN, int(cohort_id))
    flash(message("exercise_opened"), "success")
    return redirect(url_for("training.exercise", exercise_id=exercise_id))


@bp.route("/exercises/<int:exercise_id>/close", methods=("POST",))
@requires("training:manage")
def close_exercise(exercise_id: int) -> ResponseReturnValue:
    """Close an open exercise: trainees can read their feedback but start nothing new."""
    if _exercise(exercise_id)["status"] == training_store.OPEN:
        training_store.set_status(db.get_engine(), exercise_id, training_store.CLOSED)
        flash(message("exercise_closed"), "success")
    return redirect(url_for("training.exercise", exercise_id=exercise_id))
