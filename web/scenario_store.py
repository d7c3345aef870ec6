"""Scenarios written in the web (``web_training_scenarios``), one force's each.

A scenario is kept in the scenario file's own form (name, tags, narrative, as_at, answers, expect), so
that it is checked exactly as scenario files are (``engine.training.validate_scenario``) and written out
as a file ``sharewise test`` reads (``engine.training.dump_scenarios``). While the trainer answers the
questionnaire to set its facts, the order the questions were asked in is kept beside it (``asked``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from web.db import transaction, utcnow
from web.schema import training_scenarios as scenarios

Row = dict[str, Any]


def _row(row: Any) -> Row:
    body = json.loads(row["body"])
    return {**dict(row), "scenario": body["scenario"], "asked": body["asked"]}


def new_scenario(engine: Engine, force: str, created_by: int, scenario: dict[str, Any]) -> int:
    """Keep a new scenario (file form, answers and expect possibly still empty); returns its id."""
    now = utcnow()
    body = json.dumps({"scenario": scenario, "asked": []})
    with transaction(engine) as conn:
        scenario_id: int = conn.execute(
            insert(scenarios)
            .values(
                force=force, created_by=created_by, name=scenario["name"], body=body, created_at=now, updated_at=now
            )
            .returning(scenarios.c.id)
        ).scalar_one()
        return scenario_id


def get_scenario(engine: Engine, scenario_id: int, force: str) -> Row | None:
    """One of the force's scenarios: the row with ``scenario`` (file form) and ``asked``, or None."""
    with engine.connect() as conn:
        row = (
            conn.execute(select(scenarios).where(scenarios.c.id == scenario_id, scenarios.c.force == force))
            .mappings()
            .first()
        )
    return _row(row) if row else None


def list_scenarios(engine: Engine, force: str) -> list[Row]:
    """The force's scenarios, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(scenarios).where(scenarios.c.force == force).order_by(scenarios.c.name)).mappings()
        return [_row(r) for r in rows]


def save_scenario(engine: Engine, scenario_id: int, scenario: dict[str, Any], asked: list[str]) -> None:
    """Replace a scenario (file form) and the order its questions were asked in."""
    body = json.dumps({"scenario": scenario, "asked": asked})
    with transaction(engine) as conn:
        conn.execute(
            update(scenarios)
            .where(scenarios.c.id == scenario_id)
            .values(name=scenario["name"], body=body, updated_at=utcnow())
        )
