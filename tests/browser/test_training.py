"""A whole training exercise in a real browser, with axe (WCAG 2.2 AA) on every page and screenshots.

A trainer makes a cohort, creates an exercise from scenarios filtered by tag and opens it; an officer
(the trainee) plays one scenario with one deliberate mistake (sharing intelligence graded E), and the
marking names the rule and its citation; the trainer's debrief shows it. A second test writes a
scenario in the web, page by page.
"""

import re

import pytest

from tests.browser.test_journey import SUMMARY_HAS_FOCUS, answer, current_question, sign_in, sign_out
from tests.web.conftest import loaded_pack
from tests.web.training_setup import GRADE_E, GRADE_E_FACTS, STRATEGY

pytestmark = pytest.mark.browser

RULE = "Intelligence graded E is withheld"
CITATION = "APP Intelligence management, 3x5x2 grading"


def check(page, name):
    """axe on the page, then a screenshot of it."""
    page.axe(name)
    page.screenshot_as(name)


def fill_date(page, day, month, year):
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)


def test_a_whole_exercise(live_server, page):
    server = live_server
    pack = loaded_pack(server.app.config["POLICY_PACK"])

    # The trainer: a cohort, then an exercise of the scenarios tagged "intelligence", opened to it.
    sign_in(page, server, "trainer")
    page.get_by_role("navigation").get_by_role("link", name="Training").click()
    check(page, "training-index-empty")
    page.get_by_role("link", name="Cohorts").click()
    check(page, "training-cohorts-empty")
    page.get_by_role("button", name="Create a cohort").click()
    page.get_by_role("button", name="Create the cohort").click()
    page.locator(".govuk-error-summary").wait_for()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    check(page, "training-cohort-new-errors")
    page.get_by_label("Name").fill("Intake 12")
    page.get_by_label("Trainees", exact=True).fill("officer\nsupervisor")
    page.get_by_label("Let trainees join with a code").check()
    page.get_by_role("button", name="Create the cohort").click()
    page.wait_for_url(re.compile(r".*/training/cohorts/\d+$"))
    assert "Join code:" in page.locator("main").inner_text()
    check(page, "training-cohort")
    page.goto(server.url + "/training/cohorts/")
    check(page, "training-cohorts")

    page.goto(server.url + "/training/")
    page.get_by_role("button", name="Create an exercise").click()
    page.get_by_label("Title").fill("Intelligence for new detectives")
    fill_date(page, "2", "3", "2026")
    check(page, "training-exercise-new")
    page.get_by_role("button", name="Continue to choose scenarios").click()
    page.wait_for_url(re.compile(r".*/training/exercises/\d+/scenarios$"))
    page.get_by_label("Tag", exact=True).select_option("intelligence")
    page.get_by_role("button", name="Filter scenarios").click()
    page.wait_for_url(re.compile(r".*/scenarios\?tag=intelligence.*"))
    assert page.get_by_text("2 scenarios match").is_visible()
    check(page, "training-exercise-add")
    page.get_by_label(STRATEGY).check()
    page.get_by_label(GRADE_E).check()
    page.get_by_role("button", name="Add the selected scenarios").click()
    page.wait_for_url(re.compile(r".*/training/exercises/\d+$"))
    exercise_url = page.url
    page.get_by_label("Intake 12").check()
    check(page, "training-exercise-draft")
    page.get_by_role("button", name="Open to this cohort").click()
    page.locator(".govuk-notification-banner").wait_for()
    check(page, "training-exercise-open")
    page.goto(server.url + "/training/")
    check(page, "training-index")
    sign_out(page, server)

    # The trainee plays the graded-E scenario and shares the graded-E report: one deliberate mistake.
    sign_in(page, server, "officer")
    page.get_by_role("navigation").get_by_role("link", name="Practice").click()
    page.wait_for_url(re.compile(r".*/practice/$"))
    page.locator(".app-practice").wait_for()
    check(page, "practice-index")
    page.get_by_role("link", name="Intelligence for new detectives").click()
    check(page, "practice-exercise")
    page.get_by_role("button", name=f"Start {GRADE_E}").click()
    page.wait_for_url(re.compile(r".*/practice/attempts/[\w-]+$"))
    assert "believed to have made it up" in page.locator(".app-brief").inner_text()
    check(page, "practice-brief")
    page.get_by_role("button", name="Start answering").click()
    while question_id := current_question(page):
        assert "Nothing here is a real check" in page.locator(".app-practice").inner_text()
        assert page.title().startswith("Practice: ")
        page.axe(f"practice question {question_id}")
        if question_id == "intelligence_grading":
            page.get_by_text("Read the brief again").click()
            page.screenshot_as("practice-question")
        answer(page, pack.question(question_id), GRADE_E_FACTS[question_id])
    page.wait_for_url(re.compile(r".*/answers$"))
    check(page, "practice-check-answers")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/decision$"))
    assert page.locator(".app-decision").count() == 0  # no advice before the trainee says what they would do
    page.get_by_role("button", name="Mark my answer").click()
    page.locator(".govuk-error-summary").wait_for()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    check(page, "practice-decision-errors")
    page.get_by_label("Share with conditions").check()
    page.locator("#item-identity").check()
    page.locator("input[name='item-intelligence_graded'][value='share']").check()  # the mistake
    page.get_by_label("Which power do you rely on to share?").select_option("W-GROUND-PARTNER")
    page.screenshot_as("practice-decision")
    page.get_by_role("button", name="Mark my answer").click()
    page.wait_for_url(re.compile(r".*/feedback$"))
    main = page.locator("main").inner_text()
    assert "85 out of 100" in main
    assert RULE in main and CITATION in main
    assert "You would share information that must be withheld" in main
    check(page, "practice-feedback")
    sign_out(page, server)

    # The trainer's debrief shows the attempt, the fact and the rule.
    sign_in(page, server, "trainer")
    page.goto(exercise_url)
    page.get_by_role("link", name="Debrief: how the cohort did").click()
    page.wait_for_url(re.compile(r".*/debrief$"))
    main = page.locator("main").inner_text()
    assert "Officer Person" in main and RULE in main and CITATION in main
    assert page.locator("svg.app-chart__svg rect.app-chart__bar").count() == 1
    check(page, "training-debrief")


def test_writing_a_scenario(live_server, page):
    server = live_server
    pack = loaded_pack(server.app.config["POLICY_PACK"])
    facts = {
        "recipient": "la_childrens_services",
        "request_direction": "reactive",
        "purpose": "child_protection",
        "data_categories": ["identity", "third_party"],
        "data_subject_is_child": False,
    }
    sign_in(page, server, "trainer")
    page.goto(server.url + "/training/scenarios/")
    check(page, "scenario-index-empty")
    page.get_by_role("button", name="Write a scenario").click()
    page.get_by_role("button", name="Continue to the facts").click()
    page.locator(".govuk-error-summary").wait_for()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    check(page, "scenario-details-errors")
    page.get_by_label("Name").fill("Health visitor asks about a family's lodger")
    page.get_by_label("Narrative").fill("A health visitor asks about the lodger of a family she visits.")
    page.get_by_label("Tags (optional)").fill("redaction")
    fill_date(page, "2", "3", "2026")
    check(page, "scenario-details")
    page.get_by_role("button", name="Continue to the facts").click()
    while question_id := current_question(page):
        page.axe(f"scenario question {question_id}")
        answer(page, pack.question(question_id), facts[question_id])
    page.wait_for_url(re.compile(r".*/answers$"))
    check(page, "scenario-facts")
    page.get_by_role("button", name="Continue to the expected outcome").click()
    page.get_by_label("Share with conditions").check()
    page.locator("#item-identity").check()
    page.locator("input[name='item-third_party'][value='share_redacted']").check()
    check(page, "scenario-outcome")
    page.get_by_role("button", name="Save the expected outcome").click()
    page.wait_for_url(re.compile(r".*/training/scenarios/\d+$"))
    assert "Ready: the scenario has no problem" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Download as a scenario file (YAML)").is_visible()
    check(page, "scenario")
    page.goto(server.url + "/training/scenarios/")
    check(page, "scenario-index")


def test_the_bundled_pack_as_an_exercise(live_server_bundled, page):
    """The real pack's scenarios: the trainer's picker filtered by tag, and a trainee sharing intercept
    product in the MASH scenario, marked as a dangerous error citing the pack's own rule."""
    import engine
    from engine.scenarios import load_scenarios

    server = live_server_bundled
    pack = engine.default_pack()
    mash = next(s for s in load_scenarios(pack) if s.name.startswith("Intercept shows a child"))
    sign_in(page, server, "trainer")
    page.goto(server.url + "/training/exercises/new")
    page.get_by_label("Title").fill("Hard stops")
    fill_date(page, *mash.as_at.strftime("%-d %-m %Y").split())
    page.get_by_role("button", name="Continue to choose scenarios").click()
    page.get_by_label("Tag", exact=True).select_option("hard_stop")
    page.get_by_role("button", name="Filter scenarios").click()
    page.wait_for_url(re.compile(r".*tag=hard_stop.*"))
    check(page, "training-exercise-add-bundled")
    page.get_by_label(mash.name).check()
    page.get_by_role("button", name="Add the selected scenarios").click()
    page.wait_for_url(re.compile(r".*/training/exercises/\d+$"))
    page.goto(server.url + "/training/cohorts/new")
    page.get_by_label("Name").fill("Detectives")
    page.get_by_label("Trainees", exact=True).fill("officer")
    page.get_by_role("button", name="Create the cohort").click()
    page.goto(server.url + "/training/")
    page.get_by_role("link", name="Hard stops").click()
    page.get_by_label("Detectives").check()
    page.get_by_role("button", name="Open to this cohort").click()
    page.locator(".govuk-notification-banner").wait_for()
    sign_out(page, server)

    sign_in(page, server, "officer")
    page.goto(server.url + "/practice/")
    page.get_by_role("link", name="Hard stops").click()
    page.get_by_role("button", name=f"Start {mash.name}").click()
    page.get_by_role("button", name="Start answering").click()
    while question_id := current_question(page):
        page.axe(f"bundled practice question {question_id}")
        answer(page, pack.question(question_id), mash.answers[question_id])
    page.wait_for_url(re.compile(r".*/answers$"))
    page.get_by_role("button", name="Continue").click()
    check(page, "practice-decision-bundled")
    advice = pack.decide(mash.answers, mash.as_at)
    page.get_by_label("Share with conditions").check()
    for item in advice["items"]:
        page.locator(f"input[name='item-{item['category']}'][value='share']").check()  # intercept too
    grounds = {r.id for r in pack.rules if r.kind == "ground"}
    power = next(b["id"] for b in advice["lawful_bases"] if b["id"] in grounds)
    page.get_by_label("Which power do you rely on to share?").select_option(power)
    page.get_by_role("button", name="Mark my answer").click()
    page.wait_for_url(re.compile(r".*/feedback$"))
    main = page.locator("main").inner_text()
    bar = next(e for e in advice["explanation"] if e["outcome"] == "applied" and e["kind"] == "bar")
    assert "You would share information that must be withheld" in main
    assert bar["title"] in main and bar["citation"] in main
    check(page, "practice-feedback-bundled")
