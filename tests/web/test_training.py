"""Trainers compose exercises from the pack's scenarios (filtered by tag, recipient and purpose), each
checked on the exercise's date as a scenario file is, keep cohorts, and open and close exercises."""

import datetime
import html
import re

from tests.web.training_setup import FAVOUR, GRADE_E, STRATEGY, login
from web import training_store

FORCE = "Test Constabulary"


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


def new_exercise(client, title="Intelligence", day="2", month="3", year="2026"):
    response = client.post(
        "/training/exercises/new", data={"title": title, "as_at-day": day, "as_at-month": month, "as_at-year": year}
    )
    assert response.status_code == 302, text_of(response)[:500]
    return int(re.search(r"/exercises/(\d+)/", response.location).group(1))


def listed(page):
    return re.findall(r'name="scenario" type="checkbox" value="([^"]+)"', page)


def test_an_exercise_is_composed_from_tagged_scenarios_and_opened_to_a_cohort(app):
    trainer = login(app.test_client(), "trainer")
    exercise_id = new_exercise(trainer)
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}/scenarios?tag=intelligence"))
    assert listed(page) == [f"pack:{STRATEGY}", f"pack:{GRADE_E}"]
    assert "2 scenarios match" in page
    added = trainer.post(
        f"/training/exercises/{exercise_id}/scenarios?tag=intelligence", data={"scenario": listed(page)}
    )
    assert added.status_code == 302
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}"))
    assert STRATEGY in page and GRADE_E in page and "scenarios/web.yaml:" in page
    # What is in the exercise is not offered again.
    assert listed(text_of(trainer.get(f"/training/exercises/{exercise_id}/scenarios"))) == [f"pack:{FAVOUR}"]

    cohort = trainer.post("/training/cohorts/new", data={"name": "Intake 12", "members": "officer\nsupervisor"})
    cohort_id = int(cohort.location.rsplit("/", 1)[-1])
    opened = trainer.post(f"/training/exercises/{exercise_id}/open", data={"cohort": str(cohort_id)})
    assert opened.status_code == 302
    exercise = training_store.get_exercise(app.extensions["sharewise_db"], exercise_id, FORCE)
    assert (exercise["status"], exercise["cohort_id"]) == ("open", cohort_id)
    # Once open, its scenarios are fixed.
    assert trainer.get(f"/training/exercises/{exercise_id}/scenarios").location.endswith(f"/exercises/{exercise_id}")
    item = training_store.exercise_scenarios(app.extensions["sharewise_db"], exercise_id)[0]["id"]
    trainer.post(f"/training/exercises/{exercise_id}/scenarios/{item}/remove")
    assert len(training_store.exercise_scenarios(app.extensions["sharewise_db"], exercise_id)) == 2
    assert trainer.post(f"/training/exercises/{exercise_id}/close").status_code == 302
    assert training_store.get_exercise(app.extensions["sharewise_db"], exercise_id, FORCE)["status"] == "closed"


def test_filters_by_recipient_and_purpose_with_the_packs_labels(app):
    trainer = login(app.test_client(), "trainer")
    exercise_id = new_exercise(trainer)
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}/scenarios?purpose=other_non_policing"))
    assert listed(page) == [f"pack:{FAVOUR}"]
    assert "Local authority children" in page  # the recipient option's label from the pack
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}/scenarios?recipient=health"))
    assert listed(page) == [] and "No scenario matches these filters" in page
    unknown = text_of(trainer.get(f"/training/exercises/{exercise_id}/scenarios?tag=intelligenc"))
    assert "No scenario has the tag 'intelligenc' (did you mean 'intelligence'?)" in unknown
    assert 'href="#filter-tag"' in unknown


def test_each_scenario_is_checked_on_the_exercises_date(app):
    trainer = login(app.test_client(), "trainer")
    for fields, message in (
        ({"title": ""}, "Enter a title for the exercise"),
        ({"day": "31", "month": "2"}, "must be a real date"),
        ({"year": "1990"}, "is in force"),
    ):
        data = {"title": "T", "as_at-day": "2", "as_at-month": "3", "as_at-year": "2026"}
        data.update({f"as_at-{k}" if k in ("day", "month", "year") else k: v for k, v in fields.items()})
        page = trainer.post("/training/exercises/new", data=data)
        assert page.status_code == 200 and message in text_of(page), message
    # No scenario chosen.
    exercise_id = new_exercise(trainer)
    refused = trainer.post(f"/training/exercises/{exercise_id}/scenarios", data={})
    assert "Select at least one scenario to add" in text_of(refused)


def test_a_scenario_whose_facts_the_date_cannot_take_is_refused_naming_the_field(app, monkeypatch):
    trainer = login(app.test_client(), "trainer")
    exercise_id = new_exercise(trainer)
    from engine.scenarios import ScenarioProblem
    from web import training

    def refuse(scenario, as_at):
        return {}, [ScenarioProblem(("answers", "recipient"), "answers.recipient", "not asked on that date", "")]

    monkeypatch.setattr(training, "check_at", refuse)
    refused = trainer.post(f"/training/exercises/{exercise_id}/scenarios", data={"scenario": f"pack:{FAVOUR}"})
    assert f"{FAVOUR}: answers.recipient: not asked on that date" in text_of(refused)
    assert training_store.exercise_scenarios(app.extensions["sharewise_db"], exercise_id) == []


def test_an_exercise_opens_only_with_scenarios_and_a_cohort_of_the_force(app):
    trainer = login(app.test_client(), "trainer")
    exercise_id = new_exercise(trainer)
    page = text_of(trainer.post(f"/training/exercises/{exercise_id}/open", data={"cohort": "1"}))
    assert "Add at least one scenario before opening the exercise" in page
    trainer.post(f"/training/exercises/{exercise_id}/scenarios", data={"scenario": f"pack:{FAVOUR}"})
    page = text_of(trainer.post(f"/training/exercises/{exercise_id}/open", data={"cohort": "999"}))
    assert "Select the cohort to open the exercise to" in page


def test_cohorts_take_only_trainees_of_the_force(app):
    trainer = login(app.test_client(), "trainer")
    for members, message in (
        ("nobody", "There is no account called nobody in Test Constabulary"),
        ("outsider", "There is no account called outsider in Test Constabulary"),  # another force
        ("legal", "legal cannot be a trainee"),
        ("", "Enter the usernames of the trainees, or let trainees join with a code"),
    ):
        page = trainer.post("/training/cohorts/new", data={"name": "Intake", "members": members})
        assert page.status_code == 200 and message in text_of(page), message
    made = trainer.post("/training/cohorts/new", data={"name": "Code only", "join_code": "yes"})
    cohort = training_store.get_cohort(app.extensions["sharewise_db"], int(made.location.rsplit("/", 1)[-1]), FORCE)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", cohort["join_code"])
    page = text_of(trainer.get(made.location))
    assert cohort["join_code"] in page and "No trainees yet" in page
    trainer.post(f"/training/cohorts/{cohort['id']}/members", data={"members": "officer, officer2"})
    assert [m["username"] for m in training_store.cohort_members(app.extensions["sharewise_db"], cohort["id"])] == [
        "officer",
        "officer2",
    ]
    officer = training_store.cohort_members(app.extensions["sharewise_db"], cohort["id"])[0]
    trainer.post(f"/training/cohorts/{cohort['id']}/members/{officer['id']}/remove")
    assert len(training_store.cohort_members(app.extensions["sharewise_db"], cohort["id"])) == 1


def test_a_trainer_sees_only_their_forces_exercises_and_cohorts(app):
    engine = app.extensions["sharewise_db"]
    other_exercise = training_store.new_exercise(engine, "Other Constabulary", 1, "Theirs", datetime.date(2026, 3, 2))
    other_cohort = training_store.new_cohort(engine, "Their cohort", "Other Constabulary", 1, join_code=False)
    trainer = login(app.test_client(), "trainer")
    assert "Theirs" not in text_of(trainer.get("/training/"))
    for path in (
        f"/training/exercises/{other_exercise}",
        f"/training/exercises/{other_exercise}/scenarios",
        f"/training/exercises/{other_exercise}/debrief",
        f"/training/exercises/{other_exercise}/debrief.csv",
        f"/training/cohorts/{other_cohort}",
    ):
        assert trainer.get(path).status_code == 404, path
