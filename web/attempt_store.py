"""Trainees' practice attempts (``web_training_attempts``): kept apart from drafts and from the records store.

One attempt per trainee per scenario of an exercise. While the trainee answers, ``body`` holds the answers
and the order they were asked in (as a draft does); once they say what they would do it also holds the
decision, items and power, and ``marking`` holds the engine's marking (``Marking.to_dict()``). Every read
by a trainee is scoped to the attempt's owner: another trainee's attempt id is simply not found.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from web.db import transaction, utcnow
from web.schema import training_attempts as attempts
from web.schema import training_exercise_scenarios as items
from web.schema import training_exercises as exercises
from web.schema import users

Row = dict[str, Any]


def start_attempt(engine: Engine, item_id: int, user_id: int) -> str:
    """The user's attempt at a scenario of an exercise, started now if there is none yet; returns its id."""
    with transaction(engine) as conn:
        found = conn.execute(
            select(attempts.c.id).where(attempts.c.exercise_scenario_id == item_id, attempts.c.user_id == user_id)
        ).scalar()
        if found:
            return str(found)
        attempt_id = secrets.token_urlsafe(16)
        body = json.dumps({"answers": {}, "asked": []})
        conn.execute(
            insert(attempts).values(
                id=attempt_id, exercise_scenario_id=item_id, user_id=user_id, body=body, started_at=utcnow()
            )
        )
        return attempt_id


def _attempt(row: Any) -> Row:
    body = json.loads(row["body"])
    out = dict(row)
    out.update(
        answers=body["answers"],
        asked=body["asked"],
        said={k: body[k] for k in ("decision", "items", "power") if k in body},
        marking=json.loads(row["marking"]) if row["marking"] else None,
        scenario=json.loads(row["scenario_body"]),
    )
    return out


def get_attempt(engine: Engine, attempt_id: str, user_id: int) -> Row | None:
    """The user's attempt with its scenario (``scenario``, file form; ``item_name``, ``exercise_id``), or None."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(
                    attempts,
                    items.c.body.label("scenario_body"),
                    items.c.name.label("item_name"),
                    items.c.source,
                    items.c.exercise_id,
                    items.c.position,
                )
                .join(items, items.c.id == attempts.c.exercise_scenario_id)
                .where(attempts.c.id == attempt_id, attempts.c.user_id == user_id)
            )
            .mappings()
            .first()
        )
    return _attempt(row) if row else None


def save_answers(engine: Engine, attempt_id: str, user_id: int, answers: dict[str, Any], asked: list[str]) -> None:
    """Replace an unfinished attempt's answers and the order they were asked in."""
    body = json.dumps({"answers": answers, "asked": asked})
    with transaction(engine) as conn:
        conn.execute(
            update(attempts)
            .where(attempts.c.id == attempt_id, attempts.c.user_id == user_id, attempts.c.finished_at.is_(None))
            .values(body=body)
        )


def finish_attempt(
    engine: Engine, attempt_id: str, user_id: int, said: dict[str, Any], marking: dict[str, Any]
) -> bool:
    """Keep what the trainee would do and the marking; the attempt is then finished. False if it already was."""
    with transaction(engine) as conn:
        row = conn.execute(
            select(attempts.c.body).where(
                attempts.c.id == attempt_id, attempts.c.user_id == user_id, attempts.c.finished_at.is_(None)
            )
        ).first()
        if row is None:
            return False
        body = {**json.loads(row[0]), **said}
        conn.execute(
            update(attempts)
            .where(attempts.c.id == attempt_id)
            .values(body=json.dumps(body), marking=json.dumps(marking), score=marking["score"], finished_at=utcnow())
        )
        return True


def user_attempts(engine: Engine, user_id: int, exercise_id: int) -> dict[int, Row]:
    """The user's attempts at an exercise's scenarios: {exercise scenario id: {id, score, started_at, finished_at}}."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(attempts.c.id, attempts.c.exercise_scenario_id, attempts.c.score, attempts.c.started_at)
            .add_columns(attempts.c.finished_at)
            .join(items, items.c.id == attempts.c.exercise_scenario_id)
            .where(attempts.c.user_id == user_id, items.c.exercise_id == exercise_id)
        ).mappings()
        return {r["exercise_scenario_id"]: dict(r) for r in rows}


def exercise_attempts(engine: Engine, exercise_id: int) -> list[Row]:
    """Every finished attempt at an exercise, for its debrief: the trainee (name, username, number), the
    scenario's name and position, times, score, the questions asked and the marking."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                attempts.c.id,
                attempts.c.user_id,
                attempts.c.body,
                attempts.c.marking,
                attempts.c.score,
                attempts.c.started_at,
                attempts.c.finished_at,
                items.c.name.label("item_name"),
                items.c.position,
                users.c.name.label("trainee"),
                users.c.username,
                users.c.force_number,
            )
            .join(items, items.c.id == attempts.c.exercise_scenario_id)
            .join(exercises, exercises.c.id == items.c.exercise_id)
            .join(users, users.c.id == attempts.c.user_id)
            .where(items.c.exercise_id == exercise_id, attempts.c.finished_at.is_not(None))
            .order_by(users.c.name, items.c.position)
        ).mappings()
        out = []
        for r in rows:
            row = dict(r)
            row["asked"] = json.loads(row.pop("body"))["asked"]
            row["marking"] = json.loads(row["marking"])
            out.append(row)
        return out
