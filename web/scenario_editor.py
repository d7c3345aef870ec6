"""Writing scenarios in the web (trainers only): the narrative, the facts, the expected outcome.

The facts are set by answering the officers' questionnaire (``web.journey``) as at the scenario's date,
so they are in the questionnaire's own ids and only what the questionnaire asks. The expected outcome
is the same "what would you do" form trainees fill in. The scenario is kept in the scenario file's form
and checked exactly as scenario files are (``engine.training.validate_scenario``); the pack's advice on
it is compared with what it expects as ``sharewise test`` compares them, and it downloads as a scenario
file that ``sharewise test`` reads (``engine.training.dump_scenarios``).
"""

from __future__ import annotations

import datetime
from typing import Any

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from engine.scenarios import run_scenario
from engine.training import dump_scenarios
from web import db, journey, scenario_store
from web.exercises import WRITTEN_IN_THE_WEB, as_scenario, problems_of, taken_names
from web.journey import Answers, Journey
from web.pack import category_label, get_pack, today
from web.permissions import requires
from web.training_forms import choices, date_fields, outcome_values, powers, read_date, read_outcome, read_text
from web.words import decision_label, message, outcome_label, words

bp = Blueprint("scenario_editor", __name__, url_prefix="/training/scenarios")

Row = dict[str, Any]
DETAILS = {"name": "name", "tags": "tags", "narrative": "narrative", "as_at": "as_at-day", "scenario": "name"}


@bp.route("/")
@requires("training:manage")
def index() -> ResponseReturnValue:
    """The force's written scenarios, each ready or with its problems counted."""
    rows = [dict(r, problems=len(problems_of(r, g.user["force"]))) for r in _all()]
    return render_template("training/scenarios.html", rows=rows)


def _all() -> list[Row]:
    return scenario_store.list_scenarios(db.get_engine(), g.user["force"])


def _scenario(scenario_id: int) -> Row:
    row = scenario_store.get_scenario(db.get_engine(), scenario_id, g.user["force"])
    if row is None:
        abort(404)
    return row


@bp.route("/new", methods=("GET", "POST"))
@requires("training:manage")
def new() -> ResponseReturnValue:
    """Name the scenario and write its narrative; then set its facts through the questionnaire."""
    return _details(None)


@bp.route("/<int:scenario_id>/details", methods=("GET", "POST"))
@requires("training:manage")
def details(scenario_id: int) -> ResponseReturnValue:
    """Change the name, tags, narrative or date."""
    return _details(_scenario(scenario_id))


def _details(row: Row | None) -> ResponseReturnValue:
    form = request.form if request.method == "POST" else MultiDict()
    raw = row["scenario"] if row else {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        name = read_text(form, "name", "scenario.name", errors)
        narrative = read_text(form, "narrative", "scenario.narrative", errors, limit=5000)
        as_at = read_date(form, "as_at", "scenario.as_at", errors)
        if name and name in taken_names(g.user["force"], leaving_out=row["id"] if row else None):
            errors["name"] = words().form_error("scenario.name_taken", name)
        if not errors and as_at is not None:
            tags = form.get("tags", "").replace(",", " ").split()
            new_raw = dict(raw, name=name, tags=tags, narrative=narrative, as_at=as_at.isoformat())
            new_raw.setdefault("answers", {})
            new_raw.setdefault("expect", {})
            if row is None:
                scenario_id = scenario_store.new_scenario(db.get_engine(), g.user["force"], g.user["id"], new_raw)
                return redirect(url_for("scenario_editor.answers", scenario_id=scenario_id))
            scenario_store.save_scenario(db.get_engine(), row["id"], new_raw, row["asked"])
            return redirect(url_for("scenario_editor.show", scenario_id=row["id"]))
    as_at_value = datetime.date.fromisoformat(raw["as_at"]) if raw.get("as_at") else today()
    return render_template(
        "training/scenario_details.html",
        row=row,
        form=form,
        values={k: form.get(k, raw.get(k, "")) for k in ("name", "narrative")}
        | {"tags": form.get("tags", " ".join(raw.get("tags", [])))},
        as_at=date_fields("as_at", form, as_at_value),
        errors=errors,
    )


def as_at_of(raw: dict[str, Any]) -> datetime.date:
    return datetime.date.fromisoformat(raw["as_at"])


def scenario_journey(row: Row) -> Journey:
    """The questionnaire setting a scenario's facts, as at its date, kept with the scenario."""
    scenario_id = row["id"]

    def save(answers: dict[str, Any], asked: list[str]) -> None:
        row["scenario"]["answers"] = answers
        scenario_store.save_scenario(db.get_engine(), scenario_id, row["scenario"], asked)

    return Journey(
        as_at=datetime.date.fromisoformat(row["scenario"]["as_at"]),
        save=save,
        question_url=lambda question_id, change: url_for(
            "scenario_editor.question", scenario_id=scenario_id, question_id=question_id, change="1" if change else None
        ),
        check_url=url_for("scenario_editor.answers", scenario_id=scenario_id),
        start_url=url_for("scenario_editor.show", scenario_id=scenario_id),
    )


def _state(row: Row) -> Answers:
    """The journey's view of a scenario: its answers and the order they were asked in."""
    return {"answers": row["scenario"]["answers"], "asked": row["asked"]}


@bp.route("/<int:scenario_id>/question/<question_id>", methods=("GET", "POST"))
@requires("training:manage")
def question(scenario_id: int, question_id: str) -> ResponseReturnValue:
    """One question of the questionnaire, answered with the scenario's facts."""
    row = _scenario(scenario_id)
    return journey.ask(scenario_journey(row), _state(row), question_id)


@bp.route("/<int:scenario_id>/answers")
@requires("training:manage")
def answers(scenario_id: int) -> ResponseReturnValue:
    """The facts so far (the next question first, while one is missing)."""
    row = _scenario(scenario_id)
    path, state = scenario_journey(row), _state(row)
    first = journey.next_to_ask(path, state)
    if first:
        return redirect(path.question_url(first, False))
    return render_template("training/scenario_answers.html", row=row, rows=journey.answer_rows(state), journey=path)


@bp.route("/<int:scenario_id>/outcome", methods=("GET", "POST"))
@requires("training:manage")
def outcome(scenario_id: int) -> ResponseReturnValue:
    """What the scenario expects: the decision, each item's outcome and, optionally, a power it cites."""
    row = _scenario(scenario_id)
    raw = row["scenario"]
    as_at = datetime.date.fromisoformat(raw["as_at"])
    form = request.form if request.method == "POST" else MultiDict()
    errors: dict[str, str] = {}
    if request.method == "POST":
        said, errors = read_outcome(form, raw["answers"], as_at, power_required=False)
        if not errors:
            expect: dict[str, Any] = {"decision": said["decision"]}
            if said["items"]:
                expect["items"] = said["items"]
            if said["power"]:
                expect["cites"] = [said["power"]]
            scenario_store.save_scenario(db.get_engine(), scenario_id, dict(raw, expect=expect), row["asked"])
            return redirect(url_for("scenario_editor.show", scenario_id=scenario_id))
    expect = raw.get("expect", {})
    said = {"decision": expect.get("decision", ""), "items": expect.get("items", {})}
    if expect.get("cites"):
        said["power"] = expect["cites"][0]
    return render_template(
        "training/scenario_outcome.html",
        row=row,
        choices=choices(raw["answers"], as_at),
        values=outcome_values(form, said),
        errors=errors,
    )


@bp.route("/<int:scenario_id>")
@requires("training:manage")
def show(scenario_id: int) -> ResponseReturnValue:
    """The scenario with its problems (as a scenario file would have them) and what ``sharewise test``
    would say of it."""
    row = _scenario(scenario_id)
    raw = row["scenario"]
    problems = problems_of(row, g.user["force"])
    failures = []
    if not problems:
        result = run_scenario(get_pack(), as_scenario(raw, WRITTEN_IN_THE_WEB, row["id"]))
        failures = [words().scenario_failure(what, want, got) for what, want, got in result.failures]
    pack = get_pack()
    expect = raw.get("expect", {})
    return render_template(
        "training/scenario.html",
        row=row,
        raw=raw,
        problems=[{"text": f"{p.field}: {p.message}", "href": fix_url(row["id"], p.field)} for p in problems],
        failures=failures,
        rows=journey.answer_rows(_state(row)),
        journey=scenario_journey(row),
        expected={
            "decision": decision_label(expect.get("decision", ""), words().missing("not_set")),
            "items": [(category_label(pack, c), outcome_label(o, o)) for c, o in expect.get("items", {}).items()],
            "cites": [power["title"] for power in powers(as_at_of(raw)) if power["id"] in expect.get("cites", [])],
        },
    )


def fix_url(scenario_id: int, field: str) -> str:
    """Where a problem naming `field` is put right: the details, a question, or the expected outcome."""
    head, _, rest = field.partition(".")
    if head in DETAILS:
        return url_for("scenario_editor.details", scenario_id=scenario_id) + "#" + DETAILS[head]
    if head == "answers" and rest:
        question_id = rest.split("[")[0]
        return url_for("scenario_editor.question", scenario_id=scenario_id, question_id=question_id, change="1")
    return url_for("scenario_editor.outcome", scenario_id=scenario_id)


def _file(raws: list[dict[str, Any]], name: str) -> Response:
    """Scenarios as a scenario file to download (``sharewise test`` reads it back unchanged)."""
    cleaned = [{k: v for k, v in raw.items() if not (k == "tags" and not v)} for raw in raws]
    return Response(
        dump_scenarios(cleaned),
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/<int:scenario_id>/scenario.yaml")
@requires("training:manage")
def export(scenario_id: int) -> ResponseReturnValue:
    """One scenario as a scenario file, once it has no problem."""
    row = _scenario(scenario_id)
    if problems_of(row, g.user["force"]):
        flash(message("scenario_has_problems"), "info")
        return redirect(url_for("scenario_editor.show", scenario_id=scenario_id))
    return _file([row["scenario"]], f"scenario-{scenario_id}.yaml")


@bp.route("/scenarios.yaml")
@requires("training:manage")
def export_all() -> ResponseReturnValue:
    """Every written scenario of the force that has no problem, as one scenario file."""
    ready = [r["scenario"] for r in _all() if not problems_of(r, g.user["force"])]
    if not ready:
        flash(message("no_scenario_ready"), "info")
        return redirect(url_for("scenario_editor.index"))
    return _file(ready, "scenarios.yaml")
