"""The trainers' debrief of an exercise: each trainee's score and time, per question how many captured the
fact wrongly, per rule how often trainees got it wrong, the distribution of scores as a chart, and a CSV.

Nothing is marked here: every number is counted from the markings ``engine.training.mark`` made and the
attempts kept (``web.attempt_store``). Questions are worded and rules named as the pack words them (the
markings carry the rules' titles and citations as the pack gave them).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from flask import Blueprint, Response, abort, g, render_template
from flask.typing import ResponseReturnValue

from web import attempt_store, db, training_store
from web.chart import score_distribution
from web.marking_view import PARTS
from web.pack import find_question, get_pack
from web.permissions import requires
from web.words import plain, words

bp = Blueprint("debrief", __name__, url_prefix="/training/exercises")

Row = dict[str, Any]
# The CSV's columns (worded by words.debrief_column), a part's points after the time and score.
COLUMNS = (
    ("exercise", "scenario", "trainee", "username", "force_number", "started", "finished", "seconds", "score")
    + tuple(f"{part}_points" for part in PARTS)
    + ("dangerous", "differences")
)


@bp.route("/<int:exercise_id>/debrief")
@requires("training:manage")
def show(exercise_id: int) -> ResponseReturnValue:
    """The debrief page."""
    exercise, attempts, items = _load(exercise_id)
    return render_template("training/debrief.html", exercise=exercise, items=items, **summarise(attempts, len(items)))


@bp.route("/<int:exercise_id>/debrief.csv")
@requires("training:manage")
def export(exercise_id: int) -> ResponseReturnValue:
    """Every marked attempt as a CSV row (spreadsheet formulas neutralised)."""
    exercise, attempts, _items = _load(exercise_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([plain(words().debrief_column(column)) for column in COLUMNS])
    for a in attempts:
        points = {p["part"]: p["points"] for p in a["marking"]["parts"]}
        writer.writerow(
            [_cell(v) for v in (exercise["title"], a["item_name"], a["trainee"], a["username"], a["force_number"])]
            + [a["started_at"].isoformat(timespec="seconds"), a["finished_at"].isoformat(timespec="seconds")]
            + [seconds(a), a["score"]]
            + [points.get(part, "") for part in PARTS]
            + [";".join(d["kind"] for d in a["marking"]["dangerous"])]
            + [";".join(d["field"] for d in a["marking"]["differences"])]
        )
    name = f"debrief-exercise-{exercise['id']}.csv"
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _load(exercise_id: int) -> tuple[Row, list[Row], list[Row]]:
    exercise = training_store.get_exercise(db.get_engine(), exercise_id, g.user["force"])
    if exercise is None:
        abort(404)
    attempts = attempt_store.exercise_attempts(db.get_engine(), exercise_id)
    return exercise, attempts, training_store.exercise_scenarios(db.get_engine(), exercise_id)


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def seconds(attempt: Row) -> int:
    return int((attempt["finished_at"] - attempt["started_at"]).total_seconds())


def summarise(attempts: list[Row], scenario_count: int) -> dict[str, Any]:
    """Everything the debrief shows, counted from the marked attempts."""
    return {
        "attempts": [dict(a, seconds=seconds(a), dangers=_dangers(a)) for a in attempts],
        "trainees": trainees(attempts, scenario_count),
        "questions": questions(attempts),
        "rules": rules(attempts),
        "chart": score_distribution([a["score"] for a in attempts]),
    }


def _dangers(attempt: Row) -> list[str]:
    return [words().danger(d["kind"]) for d in attempt["marking"]["dangerous"]]


def trainees(attempts: list[Row], scenario_count: int) -> list[Row]:
    """Per trainee: cases marked (of the exercise's), mean score, total time and dangerous errors."""
    by_user: dict[int, list[Row]] = {}
    for a in attempts:
        by_user.setdefault(a["user_id"], []).append(a)
    out = []
    for mine in by_user.values():
        total = sum(seconds(a) for a in mine)
        out.append(
            {
                "name": mine[0]["trainee"],
                "username": mine[0]["username"],
                "done": len(mine),
                "of": scenario_count,
                "score": round(sum(a["score"] for a in mine) / len(mine)),
                "seconds": total,
                "dangerous": sum(len(a["marking"]["dangerous"]) for a in mine),
            }
        )
    return sorted(out, key=lambda t: t["name"])


def questions(attempts: list[Row]) -> list[Row]:
    """Per question of fact: how many trainees were asked it and how many captured it wrongly, most
    often wrong first, worded as the pack's questionnaire words it."""
    pack = get_pack()
    asked: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for a in attempts:
        asked.update(set(a["asked"]))
        wrong.update({d["field"] for d in a["marking"]["differences"] if d["part"] == "facts"})
    order = {q.id: i for i, q in enumerate(pack.questions)}
    out = []
    for question_id in sorted(set(asked) | set(wrong), key=lambda q: (-wrong[q], order.get(q, len(order)))):
        question = find_question(pack, question_id)
        out.append(
            {
                "id": question_id,
                "wording": question.wording if question else question_id,
                "wrong": wrong[question_id],
                "asked": asked[question_id],
            }
        )
    return out


def rules(attempts: list[Row]) -> list[Row]:
    """Per rule: in how many attempts it was cited against the trainee's decision, items, power or a
    dangerous error (a rule counts once per attempt), most often first, named as the pack names it."""
    counts: Counter[str] = Counter()
    cited: dict[str, Row] = {}
    kinds: dict[str, set[str]] = {}
    for a in attempts:
        marking = a["marking"]
        found: set[str] = set()
        for entry in [d for d in marking["differences"] if d["part"] != "facts"] + marking["dangerous"]:
            for rule in entry["rules"]:
                found.add(rule["rule_id"])
                cited.setdefault(rule["rule_id"], rule)
                kinds.setdefault(rule["rule_id"], set()).add(words().part(entry.get("part") or "dangerous"))
        counts.update(found)
    return [
        dict(cited[rule_id], wrong=count, parts=sorted(kinds[rule_id]))
        for rule_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], cited[kv[0]]["title"]))
    ]
