"""Cohorts and exercises in the database (``web_training_*``), always within one force.

A cohort is a named group of trainees: accounts the trainer adds, or that join with the cohort's code.
An exercise is a set of scenarios (copied in when added, so that it stays what its trainees played), the
date the law is applied as at, and the cohort it is open to. Every read names the force, so a trainer
never sees another force's cohorts or exercises, and a join code of another force is not found.
Trainees' attempts are in ``web.attempt_store``.
"""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from web.db import transaction, utcnow
from web.schema import training_cohorts as cohorts
from web.schema import training_exercise_scenarios as items
from web.schema import training_exercises as exercises
from web.schema import training_members as members
from web.schema import users

Row = dict[str, Any]
DRAFT, OPEN, CLOSED = "draft", "open", "closed"
# Join codes are read out in a classroom: no 0/O, 1/I/L.
CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """A join code as typed (any case, spaces or dashes) in the form it is stored."""
    return "".join(c for c in code.upper() if c.isalnum())


# -- cohorts -------------------------------------------------------------------------------------------
def new_cohort(engine: Engine, name: str, force: str, created_by: int, *, join_code: bool) -> int:
    """A cohort, with a join code if asked for; returns its id."""
    for _ in range(5):
        try:
            with transaction(engine) as conn:
                values = {
                    "name": name,
                    "force": force,
                    "join_code": new_join_code() if join_code else None,
                    "created_by": created_by,
                    "created_at": utcnow(),
                }
                cohort_id: int = conn.execute(insert(cohorts).values(values).returning(cohorts.c.id)).scalar_one()
                return cohort_id
        except IntegrityError:  # a join code already taken: draw another
            continue
    raise RuntimeError("could not draw an unused join code")


def list_cohorts(engine: Engine, force: str) -> list[Row]:
    """The force's cohorts with how many members each has, newest first."""
    count = select(func.count()).where(members.c.cohort_id == cohorts.c.id).scalar_subquery()
    with engine.connect() as conn:
        rows = conn.execute(
            select(cohorts, count.label("members")).where(cohorts.c.force == force).order_by(cohorts.c.id.desc())
        ).mappings()
        return [dict(r) for r in rows]


def get_cohort(engine: Engine, cohort_id: int, force: str) -> Row | None:
    with engine.connect() as conn:
        row = (
            conn.execute(select(cohorts).where(cohorts.c.id == cohort_id, cohorts.c.force == force)).mappings().first()
        )
    return dict(row) if row else None


def cohort_by_code(engine: Engine, code: str, force: str) -> Row | None:
    """The force's cohort with this join code (as typed), or None."""
    code = normalise_code(code)
    if not code:
        return None
    with engine.connect() as conn:
        row = (
            conn.execute(select(cohorts).where(cohorts.c.join_code == code, cohorts.c.force == force))
            .mappings()
            .first()
        )
    return dict(row) if row else None


def cohort_members(engine: Engine, cohort_id: int) -> list[Row]:
    """The members' accounts (id, username, name, rank, number), by name."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(users.c.id, users.c.username, users.c.name, users.c.rank_or_role, users.c.force_number)
            .join(members, members.c.user_id == users.c.id)
            .where(members.c.cohort_id == cohort_id)
            .order_by(users.c.name)
        ).mappings()
        return [dict(r) for r in rows]


def add_member(engine: Engine, cohort_id: int, user_id: int) -> bool:
    """Add an account to a cohort; False when it is already a member."""
    with transaction(engine) as conn:
        exists = conn.execute(
            select(members.c.id).where(members.c.cohort_id == cohort_id, members.c.user_id == user_id)
        ).first()
        if exists:
            return False
        conn.execute(insert(members).values(cohort_id=cohort_id, user_id=user_id, added_at=utcnow()))
        return True


def remove_member(engine: Engine, cohort_id: int, user_id: int) -> None:
    with transaction(engine) as conn:
        conn.execute(delete(members).where(members.c.cohort_id == cohort_id, members.c.user_id == user_id))


# -- exercises -----------------------------------------------------------------------------------------
def new_exercise(engine: Engine, force: str, created_by: int, title: str, as_at: datetime.date) -> int:
    """An exercise being composed (status draft); returns its id."""
    values = {
        "force": force,
        "created_by": created_by,
        "title": title,
        "as_at": as_at,
        "status": DRAFT,
        "created_at": utcnow(),
    }
    with transaction(engine) as conn:
        exercise_id: int = conn.execute(insert(exercises).values(values).returning(exercises.c.id)).scalar_one()
        return exercise_id


def list_exercises(engine: Engine, force: str) -> list[Row]:
    """The force's exercises with their cohort's name and how many scenarios each has, newest first."""
    count = select(func.count()).where(items.c.exercise_id == exercises.c.id).scalar_subquery()
    with engine.connect() as conn:
        rows = conn.execute(
            select(exercises, cohorts.c.name.label("cohort_name"), count.label("scenarios"))
            .outerjoin(cohorts, cohorts.c.id == exercises.c.cohort_id)
            .where(exercises.c.force == force)
            .order_by(exercises.c.id.desc())
        ).mappings()
        return [dict(r) for r in rows]


def get_exercise(engine: Engine, exercise_id: int, force: str) -> Row | None:
    """One exercise of the force, with its cohort's name, or None."""
    with engine.connect() as conn:
        row = (
            conn.execute(
                select(exercises, cohorts.c.name.label("cohort_name"))
                .outerjoin(cohorts, cohorts.c.id == exercises.c.cohort_id)
                .where(exercises.c.id == exercise_id, exercises.c.force == force)
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


def exercise_scenarios(engine: Engine, exercise_id: int) -> list[Row]:
    """The exercise's scenarios in order: id, position, name, source and the scenario (file form)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(items).where(items.c.exercise_id == exercise_id).order_by(items.c.position, items.c.id)
        ).mappings()
        return [{**dict(r), "scenario": json.loads(r["body"])} for r in rows]


def add_scenario(engine: Engine, exercise_id: int, name: str, source: str, scenario: dict[str, Any]) -> bool:
    """Copy a scenario (file form) into an exercise, last; False when one of that name is already in it."""
    with transaction(engine) as conn:
        taken = conn.execute(select(items.c.id).where(items.c.exercise_id == exercise_id, items.c.name == name)).first()
        if taken:
            return False
        position = conn.execute(
            select(func.coalesce(func.max(items.c.position), 0)).where(items.c.exercise_id == exercise_id)
        ).scalar_one()
        body = json.dumps(scenario)
        conn.execute(
            insert(items).values(exercise_id=exercise_id, position=position + 1, name=name, source=source, body=body)
        )
        return True


def remove_scenario(engine: Engine, exercise_id: int, item_id: int) -> None:
    """Take a scenario out of an exercise still being composed (no attempt can refer to it yet)."""
    with transaction(engine) as conn:
        conn.execute(delete(items).where(items.c.exercise_id == exercise_id, items.c.id == item_id))


def set_status(engine: Engine, exercise_id: int, status: str, cohort_id: int | None = None) -> None:
    """Open an exercise to a cohort, or close it."""
    values: dict[str, Any] = {"status": status}
    if status == OPEN:
        values.update(cohort_id=cohort_id, opened_at=utcnow())
    with transaction(engine) as conn:
        conn.execute(update(exercises).where(exercises.c.id == exercise_id).values(values))


def exercises_for(engine: Engine, user_id: int) -> list[Row]:
    """The exercises open (or closed, for their feedback) to a cohort the user is a member of, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(exercises, cohorts.c.name.label("cohort_name"))
            .join(cohorts, cohorts.c.id == exercises.c.cohort_id)
            .join(members, and_(members.c.cohort_id == cohorts.c.id, members.c.user_id == user_id))
            .where(exercises.c.status.in_((OPEN, CLOSED)))
            .order_by(exercises.c.id.desc())
        ).mappings()
        return [dict(r) for r in rows]


def exercise_for(engine: Engine, exercise_id: int, user_id: int) -> Row | None:
    """One exercise the user may play or look back on, or None."""
    found = [e for e in exercises_for(engine, user_id) if e["id"] == exercise_id]
    return found[0] if found else None
