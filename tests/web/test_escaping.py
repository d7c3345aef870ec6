"""Free text is never rendered as HTML: a script tag typed into any field, or carried by the policy
pack's own text, comes back escaped on every page that shows it."""

import pytest

from tests.web.conftest import ANSWERS, PASSWORD, make_draft, record_form, save_record
from web import accounts

PAYLOAD = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"


def assert_escaped(html, expect_present=True):
    assert PAYLOAD not in html
    assert "<script>alert" not in html
    if expect_present:
        assert ESCAPED in html


def login(client, username="officer"):
    assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302


def test_login_username(client):
    response = client.post("/auth/login", data={"username": PAYLOAD, "password": "x"})
    assert_escaped(response.get_data(as_text=True))


def test_text_answer(app, client):
    login(client)
    draft_id = make_draft(app, "officer", {k: ANSWERS[k] for k in list(ANSWERS)[:5]})
    response = client.post(f"/check/{draft_id}/question/intelligence_grading", data={"answer": PAYLOAD})
    assert response.status_code == 200
    assert_escaped(response.get_data(as_text=True))


FREE_TEXT = [
    "override_reason",
    "necessity_rationale",
    "proportionality_rationale",
    "purpose_detail",
    "what_was_shared",
    "method",
    "recipient_detail",
    "requester",
    "identity_verification",
    "consent_notes",
    "subject-1-description",
    "authoriser-name",
    "authoriser-rank",
    "authoriser-number",
]


@pytest.mark.parametrize("field", FREE_TEXT)
def test_record_form_echoes_each_field_escaped(app, client, field):
    login(client)
    draft_id = make_draft(app, "officer")
    form = record_form("share_with_conditions")
    form[field] = PAYLOAD
    form["accepted"] = ""  # force the form to come back with an error, echoing what was typed
    response = client.post(f"/records/new/{draft_id}", data=form)
    assert response.status_code == 200
    assert_escaped(response.get_data(as_text=True))


def test_saved_record_shows_every_field_escaped(app, client):
    record_id = save_record(app, client, "officer", text=PAYLOAD)
    page = client.get(f"/records/{record_id}").get_data(as_text=True)
    assert_escaped(page)
    # Every free-text field of the record is on the page, escaped.
    assert page.count(ESCAPED) >= 12
    assert_escaped(client.get(f"/records/{record_id}/print").get_data(as_text=True))
    assert_escaped(client.get("/records/").get_data(as_text=True), expect_present=False)
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    html = supervisor.get("/records/force", query_string={"q": PAYLOAD, "officer": PAYLOAD}).get_data(as_text=True)
    assert_escaped(html)


@pytest.mark.parametrize("field", ["username", "name", "rank_or_role", "force_number", "force"])
def test_admin_user_fields(app, client, field):
    login(client, "admin")
    form = {
        "username": "someone",
        "name": "Some One",
        "role": "officer",
        "rank_or_role": "PC",
        "force_number": "77",
        "force": "Test Constabulary",
    }
    form[field] = PAYLOAD
    form["role"] = ""  # an error, so the form comes back
    response = client.post("/admin/users/new", data=form)
    assert_escaped(response.get_data(as_text=True))


def test_names_from_accounts_are_escaped_everywhere(app, client):
    engine = app.extensions["sharewise_db"]
    accounts.add_user(engine, "scripty", PASSWORD, "supervisor", PAYLOAD, "Test Constabulary", PAYLOAD, "S-1")
    login(client, "scripty")
    assert_escaped(client.get("/").get_data(as_text=True))
    admin = app.test_client()
    login(admin, "admin")
    assert_escaped(admin.get("/admin/users").get_data(as_text=True))


class HostilePack:
    """The fixture pack, but every string of its advice carries a script tag (and a javascript: URL)."""

    def __init__(self, pack):
        self._pack = pack

    def __getattr__(self, name):
        return getattr(self._pack, name)

    def decide(self, answers, as_at=None):
        advice = self._pack.decide(answers, as_at)
        if advice["missing"]:
            return advice
        return poison(advice)


def poison(value, key=None):
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and key in (
        "summary",
        "reasons",
        "citations",
        "instruction",
        "text",
        "citation",
        "title",
        "role",
        "reason",
        "because",
        "transfer_method",
        "onward_disclosure",
        "regime",
        "rule_id",
    ):
        return value + PAYLOAD
    if key == "url":
        return "javascript:alert(1)"
    return value


def test_policy_text_in_advice_is_escaped(app, client):
    app.extensions["sharewise_pack"] = HostilePack(app.extensions["sharewise_pack"])
    login(client)
    draft_id = make_draft(app, "officer", dict(ANSWERS, handling_code="C", handling_conditions="not_checked"))
    html = client.get(f"/check/{draft_id}/advice").get_data(as_text=True)
    assert_escaped(html)
    assert "javascript:" not in html
    html = client.get(f"/records/new/{draft_id}").get_data(as_text=True)
    assert_escaped(html)


def test_training_text_is_escaped_everywhere(app):
    """Exercise titles, cohort names and written scenarios (name, narrative, tags) come back escaped to the
    trainer and to the trainee, in the brief, the practice banner, the feedback and the debrief."""
    from tests.web.test_scenario_editor import DETAILS, write
    from tests.web.training_setup import GRADE_E_FACTS, GRADE_E_MODEL, open_exercise, play

    trainer = app.test_client()
    login(trainer, "trainer")
    scenario_id = write(trainer, details=dict(DETAILS, name=PAYLOAD, narrative=PAYLOAD, tags="x" + PAYLOAD))
    assert_escaped(trainer.get(f"/training/scenarios/{scenario_id}").get_data(as_text=True))
    assert_escaped(trainer.get("/training/scenarios/").get_data(as_text=True))
    cohort = trainer.post("/training/cohorts/new", data={"name": PAYLOAD, "members": PAYLOAD})
    assert_escaped(cohort.get_data(as_text=True))  # both come back with the error
    assert_escaped(trainer.post("/training/exercises/new", data={"title": PAYLOAD}).get_data(as_text=True))
    exercise_id, items, _ = open_exercise(app, title=PAYLOAD)
    assert_escaped(trainer.get("/training/").get_data(as_text=True))
    officer = app.test_client()
    login(officer, "officer")
    name = "Intelligence graded E about a child's father"
    attempt_id = play(officer, exercise_id, items[name], GRADE_E_FACTS, GRADE_E_MODEL)
    for path in ("/practice/", f"/practice/exercises/{exercise_id}", f"/practice/attempts/{attempt_id}/feedback"):
        assert_escaped(officer.get(path).get_data(as_text=True))
    assert_escaped(trainer.get(f"/training/exercises/{exercise_id}/debrief").get_data(as_text=True))
    assert_escaped(officer.post("/practice/join", data={"code": PAYLOAD}).get_data(as_text=True), expect_present=False)


def test_a_written_brief_is_escaped_in_the_brief_and_the_practice_banner(app):
    from tests.web.test_scenario_editor import DETAILS, write
    from tests.web.test_training import new_exercise
    from tests.web.training_setup import start

    trainer = app.test_client()
    login(trainer, "trainer")
    scenario_id = write(trainer, details=dict(DETAILS, narrative=PAYLOAD))
    exercise_id = new_exercise(trainer)
    trainer.post(f"/training/exercises/{exercise_id}/scenarios", data={"scenario": f"web:{scenario_id}"})
    cohort = trainer.post("/training/cohorts/new", data={"name": "C", "members": "officer"})
    trainer.post(f"/training/exercises/{exercise_id}/open", data={"cohort": cohort.location.rsplit("/", 1)[-1]})
    officer = app.test_client()
    login(officer, "officer")
    item_id = int(
        __import__("re")
        .search(r"/exercises/\d+/(\d+)/start", officer.get(f"/practice/exercises/{exercise_id}").get_data(as_text=True))
        .group(1)
    )
    attempt_id = start(officer, exercise_id, item_id)
    assert_escaped(officer.get(f"/practice/attempts/{attempt_id}").get_data(as_text=True))
    page = officer.get(f"/practice/attempts/{attempt_id}/question/recipient").get_data(as_text=True)
    assert_escaped(page)
    assert '<p class="govuk-body">' + ESCAPED + "</p>" in page  # the banner's brief, as text in a paragraph


def test_words_worded_in_python_are_escaped_once_not_twice(app, client):
    """Messages Python takes from the words template (web.words.words) are plain text, so a page escapes them
    once: "person's" is person&#39;s in the HTML, never person&amp;#39;s."""
    login(client, "admin")
    form = {"username": "someone", "name": "", "role": "officer", "rank_or_role": "PC", "force_number": "77"}
    html = client.post("/admin/users/new", data=dict(form, force="Test Constabulary")).get_data(as_text=True)
    assert "Enter the person&#39;s full name" in html
    assert "&amp;#39;" not in html and "&amp;amp;" not in html
    draft_id = make_draft(app, "officer", ANSWERS)
    login(client)
    html = client.get(f"/check/{draft_id}/answers").get_data(as_text=True)
    assert "Local authority children&#39;s social care" in html and "&amp;#39;" not in html
