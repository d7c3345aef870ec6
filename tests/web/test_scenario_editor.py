"""Trainers write scenarios in the web: facts through the questionnaire, the expected outcome, checked exactly
as scenario files are, and downloaded as a file `sharewise test` accepts (the round trip, through the real
command)."""

import html
import re
import shutil

from engine.pack import yamlsafe
from tests.conftest import run_cli
from tests.web.training_setup import form_value, login
from web import scenario_store

FACTS = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "third_party"],
    "data_subject_is_child": False,
}
DETAILS = {
    "name": "Health visitor asks about a family's lodger",
    "narrative": "A health visitor asks about a lodger.\nShe is calling from a checked number.",
    "tags": "redaction mine",
    "as_at-day": "2",
    "as_at-month": "3",
    "as_at-year": "2026",
}
OUTCOME = {"decision": "share_with_conditions", "item-identity": "share", "item-third_party": "share_redacted"}


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


def write(client, details=DETAILS, facts=FACTS, outcome=OUTCOME):
    """Write a scenario through the pages; returns its id."""
    created = client.post("/training/scenarios/new", data=details)
    assert created.status_code == 302, text_of(created)[:600]
    scenario_id = int(re.search(r"/scenarios/(\d+)/", created.location).group(1))
    location = client.get(created.location).location or ""
    while "/question/" in location:
        question_id = re.search(r"/question/(\w+)", location).group(1)
        location = client.post(location, data={"answer": form_value(facts[question_id])}).location
    assert client.get(f"/training/scenarios/{scenario_id}/answers").status_code == 200
    saved = client.post(f"/training/scenarios/{scenario_id}/outcome", data=outcome)
    assert saved.status_code == 302, text_of(saved)[:600]
    return scenario_id


def test_a_written_scenario_downloads_as_a_file_sharewise_test_passes(app, tmp_path, web_pack_path):
    trainer = login(app.test_client(), "trainer")
    scenario_id = write(trainer)
    page = text_of(trainer.get(f"/training/scenarios/{scenario_id}"))
    assert "Ready: the scenario has no problem" in page
    download = trainer.get(f"/training/scenarios/{scenario_id}/scenario.yaml")
    assert download.status_code == 200 and download.mimetype == "application/yaml"
    assert "attachment" in download.headers["Content-Disposition"]
    text = download.get_data(as_text=True)
    # Read back by the pack's strict reader: exactly what was written.
    data, _lines, problems = yamlsafe.load(text)
    assert problems == []
    scenario = data["scenarios"][0]
    assert scenario["name"] == DETAILS["name"] and scenario["narrative"] == DETAILS["narrative"]
    assert scenario["answers"] == FACTS and scenario["tags"] == ["redaction", "mine"]
    assert scenario["expect"] == {
        "decision": "share_with_conditions",
        "items": {"identity": "share", "third_party": "share_redacted"},
    }
    # The round trip through the real command: the file joins a pack's scenarios and passes.
    pack = tmp_path / "pack"
    shutil.copytree(web_pack_path, pack)
    (pack / "scenarios" / "written.yaml").write_text(text, encoding="utf-8")
    result = run_cli("test", str(pack), "-k", "lodger")
    assert result.code == 0, result.out + result.err
    assert "1 passed, 0 failed" in result.out


def test_the_whole_set_downloads_as_one_file(app, tmp_path, web_pack_path):
    trainer = login(app.test_client(), "trainer")
    write(trainer)
    write(trainer, details=dict(DETAILS, name="A second case"), outcome=dict(OUTCOME, decision="share"))
    text = trainer.get("/training/scenarios/scenarios.yaml").get_data(as_text=True)
    pack = tmp_path / "pack"
    shutil.copytree(web_pack_path, pack)
    (pack / "scenarios" / "written.yaml").write_text(text, encoding="utf-8")
    result = run_cli("test", str(pack))
    # The second expects the wrong decision: `sharewise test` reports it, as the scenario page did.
    assert result.code != 0 and "4 passed, 1 failed" in result.out, result.out
    second = [
        r
        for r in scenario_store.list_scenarios(app.extensions["sharewise_db"], "Test Constabulary")
        if r["name"] == "A second case"
    ][0]
    page = text_of(trainer.get(f"/training/scenarios/{second['id']}"))
    assert "The scenario expects decision share, but the policy advises share_with_conditions." in page


def test_problems_are_named_by_field_as_for_a_scenario_file(app):
    trainer = login(app.test_client(), "trainer")
    for fields, element, message in (
        ({"name": ""}, "name", "Enter a name for the scenario"),
        ({"narrative": ""}, "narrative", "Enter the narrative"),
        ({"as_at-day": "30", "as_at-month": "2"}, "as_at-day", "must be a real date"),
        ({"name": "Strategy meeting asks for graded intelligence about a child"}, "name", "is already used"),
    ):
        page = text_of(trainer.post("/training/scenarios/new", data=dict(DETAILS, **fields)))
        assert message in page and f'href="#{element}"' in page, message
    scenario_id = write(trainer)
    # A fact the questionnaire of another date would not take is named as `sharewise test` names it.
    engine = app.extensions["sharewise_db"]
    row = scenario_store.get_scenario(engine, scenario_id, "Test Constabulary")
    raw = dict(row["scenario"], answers=dict(row["scenario"]["answers"], recipient="la_childrens_servics"))
    scenario_store.save_scenario(engine, scenario_id, raw, row["asked"])
    page = text_of(trainer.get(f"/training/scenarios/{scenario_id}"))
    assert "This scenario has problems" in page
    assert "answers.recipient: unknown option 'la_childrens_servics' for 'recipient' (did you mean" in page
    assert f'href="/training/scenarios/{scenario_id}/question/recipient?change=1"' in page
    assert trainer.get(f"/training/scenarios/{scenario_id}/scenario.yaml").status_code == 302
    # A scenario with a problem is not offered for an exercise.
    from tests.web.test_training import listed, new_exercise

    exercise_id = new_exercise(trainer)
    assert f"web:{scenario_id}" not in listed(text_of(trainer.get(f"/training/exercises/{exercise_id}/scenarios")))


def test_a_written_scenario_can_be_played(app):
    trainer = login(app.test_client(), "trainer")
    scenario_id = write(trainer)
    from tests.web.test_training import listed, new_exercise

    exercise_id = new_exercise(trainer)
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}/scenarios?tag=mine"))
    assert listed(page) == [f"web:{scenario_id}"]
    trainer.post(f"/training/exercises/{exercise_id}/scenarios", data={"scenario": f"web:{scenario_id}"})
    page = text_of(trainer.get(f"/training/exercises/{exercise_id}"))
    assert DETAILS["name"] in page and "written in Sharewise" in page


def test_the_expected_outcome_names_each_missing_field(app):
    trainer = login(app.test_client(), "trainer")
    scenario_id = write(trainer)
    page = text_of(trainer.post(f"/training/scenarios/{scenario_id}/outcome", data={"item-identity": "share"}))
    assert "Select what you would decide" in page and "Select what to do with" in page
    assert "Select the power" not in page  # optional for the author
    trainer.post(f"/training/scenarios/{scenario_id}/outcome", data=dict(OUTCOME, power="W-GROUND-PARTNER"))
    row = scenario_store.get_scenario(app.extensions["sharewise_db"], scenario_id, "Test Constabulary")
    assert row["scenario"]["expect"]["cites"] == ["W-GROUND-PARTNER"]
    assert "Partner gateway" in text_of(trainer.get(f"/training/scenarios/{scenario_id}"))
