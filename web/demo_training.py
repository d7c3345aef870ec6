"""The demo's training (``make run``): a cohort with the demo officer and a demo trainee, and an exercise
open to it, so that a trainer sees the feature at once and a trainee has something to play.

The exercise is made exactly as a trainer makes one: scenarios of the pack (those tagged ``hard_stop``
if the pack has any, else the first few), each checked on today's date as a scenario file is, and only
those without a problem are added.
"""

from __future__ import annotations

from flask import Flask

from web import training_store
from web.exercises import check_at, pack_scenarios, source_of
from web.pack import today
from web.words import plain, words

DEMO_TAG = "hard_stop"
DEMO_SIZE = 3


def create_demo_training(app: Flask, trainer_id: int, trainee_ids: list[int]) -> str | None:
    """The demo cohort and exercise; returns the cohort's join code, or None when the pack has no
    scenario that can be played today (then nothing is made)."""
    engine = app.extensions["sharewise_db"]
    force = app.config["FORCE_NAME"]
    with app.app_context():
        scenarios = pack_scenarios()[0]
        tagged = [s for s in scenarios if DEMO_TAG in s.tags] or scenarios
        chosen = []
        for scenario in tagged:
            raw, problems = check_at(scenario, today())
            if not problems:
                chosen.append((scenario, raw))
            if len(chosen) == DEMO_SIZE:
                break
        if not chosen:
            return None
        cohort_id = training_store.new_cohort(engine, plain(words().demo("cohort")), force, trainer_id, join_code=True)
        for user_id in trainee_ids:
            training_store.add_member(engine, cohort_id, user_id)
        title = plain(words().demo("exercise"))
        exercise_id = training_store.new_exercise(engine, force, trainer_id, title, today())
        for scenario, raw in chosen:
            training_store.add_scenario(engine, exercise_id, scenario.name, source_of(scenario), raw)
        training_store.set_status(engine, exercise_id, training_store.OPEN, cohort_id)
        cohort = training_store.get_cohort(engine, cohort_id, force)
    return cohort["join_code"] if cohort else None
