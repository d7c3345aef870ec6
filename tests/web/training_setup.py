"""Helpers for the training tests: an exercise of the fixture pack's scenarios open to a cohort, and a
trainee playing it through the pages (the questionnaire one page at a time, then what they would do)."""

from __future__ import annotations

import datetime
import re

from tests.web.conftest import PASSWORD, user_id
from web import training_store
from web.exercises import check_at, pack_scenarios, source_of

AS_AT = datetime.date(2026, 3, 2)
STRATEGY = "Strategy meeting asks for graded intelligence about a child"
GRADE_E = "Intelligence graded E about a child's father"
FAVOUR = "A friend at the council asks a favour"

# The facts of GRADE_E as the questionnaire asks for them, and what the pack advises on them.
GRADE_E_FACTS = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "intelligence_graded"],
    "data_subject_is_child": True,
    "intelligence_grading": "3E",
}
GRADE_E_MODEL = {
    "decision": "share_with_conditions",
    "item-identity": "share",
    "item-intelligence_graded": "withhold",
    "power": "W-GROUND-PARTNER",
}


def login(client, username):
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, username
    return client


def open_exercise(app, names=(STRATEGY, GRADE_E), members=("officer", "supervisor"), title="Intelligence"):
    """An exercise of the named fixture scenarios, as at AS_AT, open to a new cohort of `members`.
    Returns (exercise id, {scenario name: exercise scenario id}, cohort id)."""
    engine = app.extensions["sharewise_db"]
    force = "Test Constabulary"
    trainer = user_id(app, "trainer")
    with app.app_context():
        by_name = {s.name: s for s in pack_scenarios()[0]}
        cohort_id = training_store.new_cohort(engine, "Intake", force, trainer, join_code=True)
        for member in members:
            training_store.add_member(engine, cohort_id, user_id(app, member))
        exercise_id = training_store.new_exercise(engine, force, trainer, title, AS_AT)
        for name in names:
            raw, problems = check_at(by_name[name], AS_AT)
            assert problems == []
            training_store.add_scenario(engine, exercise_id, name, source_of(by_name[name]), raw)
    training_store.set_status(engine, exercise_id, training_store.OPEN, cohort_id)
    items = {i["name"]: i["id"] for i in training_store.exercise_scenarios(engine, exercise_id)}
    return exercise_id, items, cohort_id


def form_value(value):
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def start(client, exercise_id, item_id):
    response = client.post(f"/practice/exercises/{exercise_id}/{item_id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.location.rsplit("/", 1)[-1]


def answer_all(client, attempt_id, facts):
    """Answer whatever the questionnaire asks, from `facts`, until check your answers; returns the
    question ids asked, in order."""
    asked = []
    location = client.get(f"/practice/attempts/{attempt_id}/answers").location or ""
    while "/question/" in location:
        question_id = re.search(r"/question/(\w+)", location).group(1)
        asked.append(question_id)
        posted = client.post(location, data={"answer": form_value(facts[question_id])})
        assert posted.status_code == 302, posted.get_data(as_text=True)[:500]
        location = posted.location
        assert len(asked) < 30, "the questionnaire did not end"
    assert client.get(f"/practice/attempts/{attempt_id}/answers").status_code == 200
    return asked


def play(client, exercise_id, item_id, facts, said):
    """Start, answer every question and say what you would do; returns the attempt id."""
    attempt_id = start(client, exercise_id, item_id)
    answer_all(client, attempt_id, facts)
    response = client.post(f"/practice/attempts/{attempt_id}/decision", data=said)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    assert response.location.endswith("/feedback")
    return attempt_id
