"""The scenarios exercises are made of, as the engine's ``Scenario``s: the pack's own scenario files, those
written in the web, and an exercise's scenario as its trainees play it (at the exercise's as-at date).

Nothing here marks or decides: choosing is ``engine.training.exercises``, checking is
``engine.training.validate_scenario`` (exactly as scenario files are checked) and marking is
``engine.training.mark``. Scenarios are handled in the file's own form (``scenario_dict``) wherever they
are kept, so that one checker and one writer serve files and the web alike.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from flask import current_app

import engine
from engine.problems import PackError
from engine.scenarios import Scenario, ScenarioProblem, load_scenarios
from engine.training import scenario_dict, validate_scenario
from web import db, scenario_store
from web.pack import get_pack

log = logging.getLogger(__name__)

PACK, WEB = "pack", "web"
WRITTEN_IN_THE_WEB = "written in Sharewise"


def pack_scenarios() -> tuple[list[Scenario], list[str]]:
    """The pack's scenarios and, if its scenario files have problems, those problems (and no scenarios).
    Read once per app: scenario files change with the pack, which is also read once."""
    cached = current_app.extensions.get("sharewise_scenarios")
    if cached is None:
        try:
            cached = (load_scenarios(get_pack()), [])
        except PackError as error:
            problems = [str(p) for p in error.problems]
            log.error("the policy pack's scenario files have %d problem(s); run sharewise test", len(problems))
            cached = ([], problems)
        current_app.extensions["sharewise_scenarios"] = cached
    return cached


def as_scenario(raw: dict[str, Any], file: str, line: int = 0, as_at: datetime.date | None = None) -> Scenario:
    """A scenario in the file's form (already checked) as the engine's ``Scenario``, at `as_at` if given."""
    when = as_at or datetime.date.fromisoformat(raw["as_at"])
    answers = get_pack().check(raw["answers"], when)
    return Scenario(raw["name"], raw["narrative"], when, answers, raw["expect"], file, line, list(raw.get("tags", [])))


def taken_names(force: str, leaving_out: int | None = None) -> list[str]:
    """Scenario names already used: the pack's and the force's own written ones (but `leaving_out`)."""
    names = [s.name for s in pack_scenarios()[0]]
    return names + [r["name"] for r in scenario_store.list_scenarios(db.get_engine(), force) if r["id"] != leaving_out]


def problems_of(row: dict[str, Any], force: str) -> list[ScenarioProblem]:
    """Everything wrong with a written scenario, as ``sharewise test`` would see it in a file."""
    return validate_scenario(get_pack(), row["scenario"], taken_names(force, leaving_out=row["id"]))


def catalogue(force: str) -> dict[str, Scenario]:
    """Every scenario a trainer of the force can put in an exercise, by key (``pack:<name>`` or
    ``web:<id>``): the pack's, then the force's written scenarios that have no problem."""
    found = {f"{PACK}:{s.name}": s for s in pack_scenarios()[0]}
    for row in scenario_store.list_scenarios(db.get_engine(), force):
        if not problems_of(row, force):
            found[f"{WEB}:{row['id']}"] = as_scenario(row["scenario"], WRITTEN_IN_THE_WEB, row["id"])
    return found


def source_of(scenario: Scenario) -> str:
    """Where a scenario came from, as the trainer reads it: a pack file and line, or the web."""
    return WRITTEN_IN_THE_WEB if scenario.file == WRITTEN_IN_THE_WEB else scenario.where


def check_at(scenario: Scenario, as_at: datetime.date) -> tuple[dict[str, Any], list[ScenarioProblem]]:
    """The scenario in the file's form, dated `as_at`, and its problems on that date (facts the
    questionnaire of that day cannot take, say), checked exactly as a scenario file is."""
    raw = dict(scenario_dict(scenario), as_at=as_at.isoformat())
    return raw, validate_scenario(get_pack(), raw)


def played(item: dict[str, Any], as_at: datetime.date) -> Scenario:
    """An exercise's scenario (a row of ``training_store.exercise_scenarios`` or an attempt) as played."""
    raw = item["scenario"]
    return as_scenario(raw, item.get("source") or WRITTEN_IN_THE_WEB, 0, as_at)


def in_force(as_at: datetime.date) -> str | None:
    """None when the pack can advise as at this date, else why not (for the as-at field)."""
    try:
        get_pack().decide({}, as_at=as_at)
    except engine.AnswerError as error:
        return error.message[:1].upper() + error.message[1:]
    return None
