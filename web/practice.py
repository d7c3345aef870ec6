"""Practice: trainees play the exercises open to their cohorts, and the law marks them.

A trainee reads the brief (the scenario's narrative, never its answers or what it expects), answers the
same one-question-per-page questionnaire officers use (``web.journey``, as at the exercise's date, the
answers kept with the attempt), then, before seeing any advice, says what they would do: the decision,
an outcome for each kind of information and the power relied on. ``engine.training.mark`` marks it, and
only then does the trainee see the marking and the pack's advice on the brief.

Every page says it is practice. Attempts live in their own tables (``web.attempt_store``) and never reach
the records store: nothing here can make a justification record. A trainee sees only their own attempts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

import engine
from engine.scenarios import Scenario
from engine.training import check_attempt, mark
from web import attempt_store, db, journey, training_store
from web.exercises import played
from web.journey import Answers, Journey
from web.marking_view import feedback_view
from web.pack import get_pack
from web.permissions import requires
from web.training_forms import choices, outcome_values, read_outcome
from web.words import message, words

bp = Blueprint("practice", __name__, url_prefix="/practice")

Attempt = dict[str, Any]
AttemptView = Callable[..., ResponseReturnValue]  # (attempt, journey, **route arguments)


@bp.route("/")
@requires("training:play")
def index() -> ResponseReturnValue:
    """The exercises open to the trainee's cohorts, and joining a cohort with a code."""
    return _index_page({})


def _index_page(errors: dict[str, str]) -> ResponseReturnValue:
    engine_ = db.get_engine()
    rows = []
    for exercise in training_store.exercises_for(engine_, g.user["id"]):
        done = attempt_store.user_attempts(engine_, g.user["id"], exercise["id"])
        total = len(training_store.exercise_scenarios(engine_, exercise["id"]))
        finished = sum(1 for a in done.values() if a["finished_at"] is not None)
        rows.append({"exercise": exercise, "finished": finished, "total": total})
    return render_template("practice/index.html", rows=rows, errors=errors, practice={"exercise": None})


@bp.route("/join", methods=("POST",))
@requires("training:play")
def join() -> ResponseReturnValue:
    """Join a cohort of the trainee's force with the code the trainer gave out."""
    cohort = training_store.cohort_by_code(db.get_engine(), request.form.get("code", ""), g.user["force"])
    if cohort is None:
        return _index_page({"code": words().form_error("practice.code")})
    if training_store.add_member(db.get_engine(), cohort["id"], g.user["id"]):
        flash(message("cohort_joined", cohort["name"]), "success")
    else:
        flash(message("cohort_already_joined", cohort["name"]), "success")
    return redirect(url_for("practice.index"))


@bp.route("/exercises/<int:exercise_id>")
@requires("training:play")
def exercise(exercise_id: int) -> ResponseReturnValue:
    """One exercise: its scenarios, with what the trainee has done in each."""
    found = training_store.exercise_for(db.get_engine(), exercise_id, g.user["id"])
    if found is None:
        abort(404)
    items = training_store.exercise_scenarios(db.get_engine(), exercise_id)
    done = attempt_store.user_attempts(db.get_engine(), g.user["id"], exercise_id)
    rows = [{"item": item, "attempt": done.get(item["id"])} for item in items]
    return render_template("practice/exercise.html", exercise=found, rows=rows, practice={"exercise": found["title"]})


@bp.route("/exercises/<int:exercise_id>/<int:item_id>/start", methods=("POST",))
@requires("training:play")
def start(exercise_id: int, item_id: int) -> ResponseReturnValue:
    """Start (or carry on) the trainee's attempt at one scenario of an open exercise."""
    found = training_store.exercise_for(db.get_engine(), exercise_id, g.user["id"])
    items = {i["id"] for i in training_store.exercise_scenarios(db.get_engine(), exercise_id)} if found else set()
    if found is None or item_id not in items:
        abort(404)
    if found["status"] != training_store.OPEN:
        flash(message("practice_closed"), "info")
        return redirect(url_for("practice.exercise", exercise_id=exercise_id))
    attempt_id = attempt_store.start_attempt(db.get_engine(), item_id, g.user["id"])
    return redirect(url_for("practice.brief", attempt_id=attempt_id))


def with_attempt(
    *, finished: bool | None = None, answered: bool = False
) -> Callable[[AttemptView], Callable[..., ResponseReturnValue]]:
    """Give a page the trainee's own attempt (404 for anyone else's) and its journey. ``finished=False``
    pages (answering, deciding) send a marked attempt to its feedback; ``finished=True`` (the feedback)
    sends an unmarked one to its brief; ``answered`` pages (check your answers, deciding) send the
    trainee to the next question while one is missing."""

    def decorator(view: AttemptView) -> Callable[..., ResponseReturnValue]:
        @functools.wraps(view)
        def wrapped(attempt_id: str, **kwargs: Any) -> ResponseReturnValue:
            attempt = attempt_store.get_attempt(db.get_engine(), attempt_id, g.user["id"])
            if attempt is None:
                abort(404)
            attempt["exercise"] = training_store.get_exercise(db.get_engine(), attempt["exercise_id"], g.user["force"])
            if attempt["exercise"] is None:
                abort(404)
            is_finished = attempt["finished_at"] is not None
            if finished is False and is_finished:
                return redirect(url_for("practice.feedback", attempt_id=attempt_id))
            if finished is False and attempt["exercise"]["status"] != training_store.OPEN:
                return redirect(url_for("practice.brief", attempt_id=attempt_id))
            if finished is True and not is_finished:
                return redirect(url_for("practice.brief", attempt_id=attempt_id))
            path = attempt_journey(attempt)
            if answered and (first := journey.next_to_ask(path, state(attempt))):
                return redirect(path.question_url(first, False))
            return view(attempt, path, **kwargs)

        return wrapped

    return decorator


def attempt_journey(attempt: Attempt) -> Journey:
    """The questionnaire for a practice run: answers kept with the attempt, law as at the exercise's date,
    the practice banner (with the brief) on every page."""
    attempt_id = attempt["id"]

    def save(answers: dict[str, Any], asked: list[str]) -> None:
        attempt_store.save_answers(db.get_engine(), attempt_id, g.user["id"], answers, asked)

    return Journey(
        as_at=attempt["exercise"]["as_at"],
        save=save,
        question_url=lambda question_id, change: url_for(
            "practice.question", attempt_id=attempt_id, question_id=question_id, change="1" if change else None
        ),
        check_url=url_for("practice.answers", attempt_id=attempt_id),
        start_url=url_for("practice.brief", attempt_id=attempt_id),
        context={"practice": practice_context(attempt, brief=True)},
    )


def state(attempt: Attempt) -> Answers:
    """The journey's view of an attempt: its answers and the order they were asked in."""
    return {"answers": attempt["answers"], "asked": attempt["asked"]}


def practice_context(attempt: Attempt, *, brief: bool = False) -> dict[str, Any]:
    """What the practice banner shows: the exercise, the scenario and (while answering) the brief."""
    return {
        "exercise": attempt["exercise"]["title"],
        "scenario": attempt["item_name"],
        "brief": attempt["scenario"]["narrative"] if brief else None,
    }


@bp.route("/attempts/<attempt_id>")
@requires("training:play")
@with_attempt()
def brief(attempt: Attempt, path: Journey) -> ResponseReturnValue:
    """The brief: the scenario's narrative only."""
    first = journey.next_to_ask(path, state(attempt)) if attempt["finished_at"] is None else None
    return render_template(
        "practice/brief.html",
        attempt=attempt,
        first_url=path.question_url(first, False) if first else path.check_url,
        practice=practice_context(attempt),
    )


@bp.route("/attempts/<attempt_id>/question/<question_id>", methods=("GET", "POST"))
@requires("training:play")
@with_attempt(finished=False)
def question(attempt: Attempt, path: Journey, question_id: str) -> ResponseReturnValue:
    """One question of the officers' questionnaire, answered for the brief."""
    return journey.ask(path, state(attempt), question_id)


@bp.route("/attempts/<attempt_id>/answers")
@requires("training:play")
@with_attempt(finished=False, answered=True)
def answers(attempt: Attempt, path: Journey) -> ResponseReturnValue:
    """Check your answers; then on to what the trainee would do (no advice yet)."""
    return render_template(
        "practice/answers.html", attempt=attempt, rows=journey.answer_rows(state(attempt)), journey=path, **path.context
    )


@bp.route("/attempts/<attempt_id>/decision", methods=("GET", "POST"))
@requires("training:play")
@with_attempt(finished=False, answered=True)
def decide(attempt: Attempt, path: Journey) -> ResponseReturnValue:
    """What would you do? Then the engine marks it, and the trainee sees the marking."""
    as_at = attempt["exercise"]["as_at"]
    form = request.form if request.method == "POST" else MultiDict()
    errors: dict[str, str] = {}
    if request.method == "POST":
        said, errors = read_outcome(form, attempt["answers"], as_at)
        if not errors:
            pack = get_pack()
            scenario = _played(attempt)
            try:
                checked = check_attempt(pack, {"answers": attempt["answers"], **said}, as_at)
            except engine.AnswerError as error:  # the form offers only possible answers; a tampered post
                errors[error.field.replace("items.", "item-")] = error.message
            else:
                marking = mark(pack, scenario, checked, asked=attempt["asked"]).to_dict()
                attempt_store.finish_attempt(db.get_engine(), attempt["id"], g.user["id"], said, marking)
                return redirect(url_for("practice.feedback", attempt_id=attempt["id"]))
    return render_template(
        "practice/decision.html",
        attempt=attempt,
        choices=choices(attempt["answers"], as_at),
        values=outcome_values(form, None),
        errors=errors,
        **path.context,
    )


def _played(attempt: Attempt) -> Scenario:
    """The attempt's scenario as played; a page saying so, not a traceback, when the pack has changed
    since the exercise was set so that its facts no longer fit the questionnaire."""
    try:
        return played(attempt, attempt["exercise"]["as_at"])
    except engine.AnswerError:
        page = render_template("error.html", status=409, reason="unmarkable", practice=practice_context(attempt))
        abort(Response(page, 409))


@bp.route("/attempts/<attempt_id>/feedback")
@requires("training:play")
@with_attempt(finished=True)
def feedback(attempt: Attempt, path: Journey) -> ResponseReturnValue:
    """The marking, each difference with the rules that decide it, then the pack's advice on the brief."""
    scenario = _played(attempt)
    return render_template(
        "practice/feedback.html",
        attempt=attempt,
        view=feedback_view(attempt, scenario),
        practice=practice_context(attempt),
    )
