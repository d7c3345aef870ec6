"""Every page checks the role: a role-by-endpoint matrix of expected statuses, and no unguarded view."""

import pytest

from tests.web.conftest import (
    ANSWERS,
    PASSWORD,
    close_app,
    make_app,
    make_draft,
    make_meeting,
    record_form,
    save_record,
    user_id,
)
from tests.web.training_setup import GRADE_E, GRADE_E_FACTS, GRADE_E_MODEL, login, open_exercise, play
from web import accounts, draft_store, pack_drafts, tokens
from web.permissions import PERMISSIONS, ROLES

WHO = ("anonymous",) + ROLES

TRAINER = (302, 403, 403, 403, 200, 403, 403)
TRAINER_POST = (302, 403, 403, 403, 302, 403, 403)
TRAINEE = (302, 200, 200, 403, 403, 403, 403)
TRAINEE_POST = (302, 302, 302, 403, 403, 403, 403)
EXERCISE = {"title": "Matrix", "as_at-day": "2", "as_at-month": "3", "as_at-year": "2026"}
SCENARIO = {"name": "Matrix case", "narrative": "A case.", "as_at-day": "2", "as_at-month": "3", "as_at-year": "2026"}
OUTCOME = {"decision": "share_with_conditions", "item-identity": "share"}

# method, path, form data, expected status for: anonymous, officer, supervisor, legal, trainer, admin.
# {draft} is a completed draft of the user making the request; {record} is a record the officer saved;
# {meeting} is a meeting of the user making the request (officer and supervisor), with one agenda subject
# ({subject}); for other roles it is the officer's meeting, which they cannot open anyway.
MATRIX = [
    ("GET", "/", None, (302, 200, 200, 200, 200, 200, 200)),
    ("GET", "/auth/login", None, (200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/auth/logout", {}, (302, 302, 302, 302, 302, 302, 302)),
    ("GET", "/brand.css", None, (200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/static/app.mjs", None, (200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/check/", None, (302, 200, 200, 200, 200, 403, 403)),
    ("POST", "/check/new", {}, (302, 302, 302, 302, 302, 403, 403)),
    ("GET", "/check/{draft}", None, (302, 302, 302, 302, 302, 403, 403)),
    ("GET", "/check/{draft}/question/recipient", None, (302, 200, 200, 200, 200, 403, 403)),
    ("POST", "/check/{draft}/question/recipient", {"answer": "health"}, (302, 302, 302, 302, 302, 403, 403)),
    ("GET", "/check/{draft}/answers", None, (302, 200, 200, 200, 200, 403, 403)),
    ("POST", "/check/{draft}/delete", {}, (302, 302, 302, 302, 302, 403, 403)),
    ("GET", "/check/{draft}/advice", None, (302, 200, 200, 200, 200, 403, 403)),
    ("GET", "/records/new/{draft}", None, (302, 200, 200, 403, 403, 403, 403)),
    ("POST", "/records/new/{draft}", "record", (302, 302, 302, 403, 403, 403, 403)),
    ("GET", "/records/", None, (302, 200, 200, 403, 403, 403, 403)),
    ("GET", "/records/force", None, (302, 403, 200, 403, 403, 403, 403)),
    ("GET", "/records/{record}", None, (302, 200, 200, 403, 403, 403, 403)),
    ("GET", "/records/{record}/print", None, (302, 200, 200, 403, 403, 403, 403)),
    ("GET", "/records/{record}/record.pdf", None, (302, 200, 200, 403, 403, 403, 403)),
    ("GET", "/check/{draft}/delete", None, (302, 200, 200, 200, 200, 403, 403)),
    ("GET", "/reviews/", None, (302, 403, 200, 403, 403, 403, 403)),
    ("GET", "/reviews/export.csv", None, (302, 403, 200, 403, 403, 403, 403)),
    ("GET", "/reviews/{record}", None, (302, 403, 200, 403, 403, 403, 403)),
    ("POST", "/reviews/{record}", {"outcome": "agree"}, (302, 403, 302, 403, 403, 403, 403)),
    ("POST", "/api/v1/change", "json", (401, 401, 401, 401, 401, 401, 401)),
    # The API never accepts the session cookie: only a token (see test_api.py for the token matrix).
    ("POST", "/api/v1/decide", "json", (401, 401, 401, 401, 401, 401, 401)),
    ("GET", "/admin/users", None, (302, 403, 403, 403, 403, 200, 403)),
    ("GET", "/admin/users/new", None, (302, 403, 403, 403, 403, 200, 403)),
    ("POST", "/admin/users/new", "user", (302, 403, 403, 403, 403, 200, 403)),
    ("GET", "/admin/users/{user}", None, (302, 403, 403, 403, 403, 200, 403)),
    ("GET", "/admin/users/{user}/role", None, (302, 403, 403, 403, 403, 200, 403)),
    ("POST", "/admin/users/{user}/role", {"role": "officer"}, (302, 403, 403, 403, 403, 302, 403)),
    ("GET", "/admin/users/{user}/tokens/new", None, (302, 403, 403, 403, 403, 200, 403)),
    (
        "POST",
        "/admin/users/{user}/tokens/new",
        {"label": "x", "scopes": "decide", "expires": "90"},
        (302, 403, 403, 403, 403, 200, 403),
    ),
    ("POST", "/admin/tokens/{token}/revoke", {}, (302, 403, 403, 403, 403, 302, 403)),
    ("POST", "/admin/users/{user}/sign-out", {}, (302, 403, 403, 403, 403, 302, 403)),
    ("POST", "/admin/users/{user}/password", {}, (302, 403, 403, 403, 403, 200, 403)),
    ("POST", "/admin/users/{user}/disable", {}, (302, 403, 403, 403, 403, 302, 403)),
    ("POST", "/admin/users/{user}/enable", {}, (302, 403, 403, 403, 403, 302, 403)),
    ("GET", "/audit/", None, (302, 403, 403, 403, 403, 403, 200)),
    ("GET", "/account/", None, (302, 200, 200, 200, 200, 200, 200)),
    ("GET", "/account/password", None, (302, 200, 200, 200, 200, 200, 200)),
    ("POST", "/account/password", {}, (302, 200, 200, 200, 200, 200, 200)),
    ("POST", "/account/sign-out-everywhere", {}, (302, 302, 302, 302, 302, 302, 302)),
    # The API never accepts the session cookie; its description is public.
    ("GET", "/api/v1/records", None, (401, 401, 401, 401, 401, 401, 401)),
    ("GET", "/api/v1/records/{record}", None, (401, 401, 401, 401, 401, 401, 401)),
    ("GET", "/api/v1/openapi.json", None, (200, 200, 200, 200, 200, 200, 200)),
    ("GET", "/legal/", None, (302, 403, 403, 200, 403, 403, 403)),
    ("GET", "/legal/rules", None, (302, 403, 403, 200, 403, 403, 403)),
    ("GET", "/legal/rules/W-BAR-HANDLING", None, (302, 403, 403, 200, 403, 403, 403)),
    ("GET", "/legal/search?q=intelligence", None, (302, 403, 403, 200, 403, 403, 403)),
    ("GET", "/legal/coverage", None, (302, 403, 403, 200, 403, 403, 403)),
    ("GET", "/legal/analysis", None, (302, 403, 403, 200, 403, 403, 403)),
    ("GET", "/legal/drafts/", None, (302, 403, 403, 200, 403, 403, 403)),
    # An upload without a file is refused with the form's error.
    ("POST", "/legal/drafts/", {}, (302, 403, 403, 400, 403, 403, 403)),
    # {pack_draft} is a draft pack of the legal user's with problems: there is no impact to work out.
    ("GET", "/legal/drafts/{pack_draft}", None, (302, 403, 403, 200, 403, 403, 403)),
    ("POST", "/legal/drafts/{pack_draft}/run", {}, (302, 403, 403, 404, 403, 403, 403)),
    ("POST", "/legal/drafts/{pack_draft}/delete", {}, (302, 403, 403, 302, 403, 403, 403)),
    ("GET", "/meetings/", None, (302, 200, 200, 403, 403, 403, 403)),
    ("GET", "/meetings/new", None, (302, 200, 200, 403, 403, 403, 403)),
    ("POST", "/meetings/new", "meeting", (302, 302, 302, 403, 403, 403, 403)),
    ("GET", "/meetings/{meeting}/agreement", None, (302, 200, 200, 403, 403, 403, 403)),
    ("POST", "/meetings/{meeting}/agreement", {"agreement": "none"}, (302, 302, 302, 403, 403, 403, 403)),
    ("GET", "/meetings/{meeting}/purpose", None, (302, 200, 200, 403, 403, 403, 403)),
    ("POST", "/meetings/{meeting}/purpose", {"purpose": "domestic_abuse_risk"}, (302, 302, 302, 403, 403, 403, 403)),
    ("GET", "/meetings/{meeting}", None, (302, 200, 200, 403, 403, 403, 403)),
    ("POST", "/meetings/{meeting}/subjects", {"label": "Case 9"}, (302, 302, 302, 403, 403, 403, 403)),
    ("POST", "/meetings/{meeting}/subjects/{subject}/check", {}, (302, 302, 302, 403, 403, 403, 403)),
    ("GET", "/meetings/{meeting}/pack", None, (302, 200, 200, 403, 403, 403, 403)),
    ("GET", "/meetings/{meeting}/pack.pdf", None, (302, 200, 200, 403, 403, 403, 403)),
    ("GET", "/agreements/", None, (302, 200, 200, 200, 403, 403, 403)),
    ("GET", "/agreements/ISA-TEST-MARAC", None, (302, 200, 200, 200, 403, 403, 403)),
    # Training: only trainers manage exercises, cohorts and scenarios and see debriefs ({exercise} is open
    # to a cohort of the officer and the supervisor; {closable} another; {scenario} one the trainer wrote).
    ("GET", "/training/", None, (302, 403, 403, 403, 200, 403, 403)),
    ("GET", "/training/exercises/new", None, TRAINER),
    ("POST", "/training/exercises/new", EXERCISE, TRAINER_POST),
    ("GET", "/training/exercises/{exercise}", None, TRAINER),
    ("GET", "/training/exercises/{exercise}/scenarios", None, TRAINER_POST),  # open: back to the exercise
    ("POST", "/training/exercises/{exercise}/scenarios", {"scenario": "pack:x"}, TRAINER_POST),
    ("POST", "/training/exercises/{exercise}/scenarios/{item}/remove", {}, TRAINER_POST),
    ("POST", "/training/exercises/{exercise}/open", {"cohort": "{cohort}"}, TRAINER),  # already open: says so
    ("POST", "/training/exercises/{closable}/close", {}, TRAINER_POST),
    ("GET", "/training/exercises/{exercise}/debrief", None, TRAINER),
    ("GET", "/training/exercises/{exercise}/debrief.csv", None, TRAINER),
    ("GET", "/training/cohorts/", None, TRAINER),
    ("GET", "/training/cohorts/new", None, TRAINER),
    ("POST", "/training/cohorts/new", {"name": "New cohort", "join_code": "yes"}, TRAINER_POST),
    ("GET", "/training/cohorts/{cohort}", None, TRAINER),
    ("POST", "/training/cohorts/{cohort}/members", {"members": "officer"}, TRAINER_POST),
    ("POST", "/training/cohorts/{cohort}/members/{member}/remove", {}, TRAINER_POST),
    ("GET", "/training/scenarios/", None, TRAINER),
    ("GET", "/training/scenarios/new", None, TRAINER),
    ("POST", "/training/scenarios/new", SCENARIO, TRAINER_POST),
    ("GET", "/training/scenarios/{scenario}", None, TRAINER),
    ("GET", "/training/scenarios/{scenario}/details", None, TRAINER),
    ("POST", "/training/scenarios/{scenario}/details", dict(SCENARIO, name="Written for the matrix"), TRAINER_POST),
    ("GET", "/training/scenarios/{scenario}/question/recipient", None, TRAINER),
    ("POST", "/training/scenarios/{scenario}/question/recipient", {"answer": "la_childrens_services"}, TRAINER_POST),
    ("GET", "/training/scenarios/{scenario}/answers", None, TRAINER),
    ("GET", "/training/scenarios/{scenario}/outcome", None, TRAINER),
    ("POST", "/training/scenarios/{scenario}/outcome", OUTCOME, TRAINER_POST),
    ("GET", "/training/scenarios/{scenario}/scenario.yaml", None, TRAINER),
    ("GET", "/training/scenarios/scenarios.yaml", None, TRAINER),
    # Practice: officers and supervisors play; each sees only their own attempt ({attempt} is the
    # requester's own, marked; for other roles the officer's).
    ("GET", "/practice/", None, TRAINEE),
    ("POST", "/practice/join", {"code": "NOTACODE"}, TRAINEE),  # a wrong code: the page says so
    ("GET", "/practice/exercises/{exercise}", None, TRAINEE),
    ("POST", "/practice/exercises/{exercise}/{item}/start", {}, TRAINEE_POST),
    ("GET", "/practice/attempts/{attempt}", None, TRAINEE),
    ("GET", "/practice/attempts/{attempt}/question/recipient", None, TRAINEE_POST),  # marked: to the feedback
    ("POST", "/practice/attempts/{attempt}/question/recipient", {"answer": "health"}, TRAINEE_POST),
    ("GET", "/practice/attempts/{attempt}/answers", None, TRAINEE_POST),
    ("GET", "/practice/attempts/{attempt}/decision", None, TRAINEE_POST),
    ("POST", "/practice/attempts/{attempt}/decision", {"decision": "share"}, TRAINEE_POST),
    ("GET", "/practice/attempts/{attempt}/feedback", None, TRAINEE),
]


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory, web_pack_path):
    app = make_app(tmp_path_factory.mktemp("matrix"), web_pack_path)
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 10_000
    app.config["matrix_record"] = save_record(app, app.test_client())
    app.config["matrix_user"] = user_id(app, "officer2")
    app.config["matrix_token"] = tokens.issue(
        app.extensions["sharewise_db"], app.config["matrix_user"], "matrix", scopes=("decide",), expires_days=30
    )[0]
    app.config["matrix_training"] = training_fixtures(app)
    yield app
    close_app(app)


def training_fixtures(app):
    """An exercise open to the officer and the supervisor, each with a marked attempt; another exercise to
    close; a scenario the trainer wrote; ids for the matrix's paths."""
    exercise_id, items, cohort_id = open_exercise(app, names=(GRADE_E,))
    closable, _, _ = open_exercise(app, names=(GRADE_E,), members=())
    attempts = {
        who: play(login(app.test_client(), who), exercise_id, items[GRADE_E], GRADE_E_FACTS, GRADE_E_MODEL)
        for who in ("officer", "supervisor")
    }
    trainer = login(app.test_client(), "trainer")
    created = trainer.post("/training/scenarios/new", data=dict(SCENARIO, name="Written for the matrix"))
    scenario_id = int(created.location.split("/")[3])
    facts = {"recipient": "la_childrens_services", "request_direction": "reactive", "purpose": "child_protection"}
    facts.update(data_categories="identity", data_subject_is_child="no")
    for question_id, value in facts.items():
        trainer.post(f"/training/scenarios/{scenario_id}/question/{question_id}", data={"answer": value})
    trainer.post(f"/training/scenarios/{scenario_id}/outcome", data=OUTCOME)
    return {
        "exercise": exercise_id,
        "closable": closable,
        "item": items[GRADE_E],
        "cohort": cohort_id,
        "member": user_id(app, "officer2"),
        "scenario": scenario_id,
        "attempts": attempts,
    }


def make_pack_draft(app):
    """A draft pack of the legal user's that validation refused."""
    engine = app.extensions["sharewise_db"]
    owner = accounts.get_user_by_username(engine, "legal")["id"]
    return pack_drafts.new_draft(engine, owner, "draft.zip", {"pack.yaml": "x"}, ["pack.yaml:1: a problem"])


def _cases():
    for method, path, data, statuses in MATRIX:
        for who, status in zip(WHO, statuses, strict=True):
            yield pytest.param(method, path, data, who, status, id=f"{who}-{method}-{path}")


@pytest.mark.parametrize(("method", "path", "data", "who", "expected"), list(_cases()))
def test_role_endpoint_matrix(matrix_app, method, path, data, who, expected):
    app = matrix_app
    client = app.test_client()
    if who != "anonymous":
        assert client.post("/auth/login", data={"username": who, "password": PASSWORD}).status_code == 302
    owner = who if who in ("officer", "supervisor", "legal", "trainer") else "officer"
    training = app.config["matrix_training"]
    ids = {key: value for key, value in training.items() if key != "attempts"}
    attempt = training["attempts"].get(who, training["attempts"]["officer"])
    meeting, subject = (
        make_meeting(app, who if who in ("officer", "supervisor") else "officer") if "{meeting}" in path else ("", "")
    )
    url = path.format(
        draft=make_draft(app, owner) if "{draft}" in path else "",
        record=app.config["matrix_record"],
        meeting=meeting,
        subject=subject,
        user=app.config["matrix_user"],
        token=app.config["matrix_token"],
        attempt=attempt,
        pack_draft=make_pack_draft(app) if "{pack_draft}" in path else "",
        **ids,
    )
    kwargs = {}
    if data == "record":
        kwargs["data"] = record_form("share_with_conditions")
    elif data == "user":
        kwargs["data"] = {
            "username": f"new-{who}",
            "name": "New Person",
            "role": "officer",
            "rank_or_role": "PC",
            "force_number": f"N-{who}",
            "force": "Test Constabulary",
        }
    elif data == "meeting":
        kwargs["data"] = {"kind": "marac", "held_on-day": "1", "held_on-month": "12", "held_on-year": "2026"}
    elif data == "json":
        kwargs["json"] = ANSWERS
    elif data is not None:
        kwargs["data"] = {key: value.format(**ids) for key, value in data.items()}
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == expected, response.get_data(as_text=True)[:500]
    if expected == 302 and who == "anonymous":
        assert response.location.startswith("/auth/login")
    response.close()


def test_matrix_covers_every_route(app):
    """A new route must be added to the matrix (and so given a deliberate answer for every role)."""
    covered = set()
    adapter = app.url_map.bind("localhost")
    for method, path, _data, _statuses in MATRIX:
        ids = dict.fromkeys(("exercise", "closable", "item", "cohort", "member", "scenario"), 1)
        url = path.format(
            draft="d", record="r", meeting="m", subject="1", user=1, token=1, attempt="a", pack_draft="p", **ids
        ).split("?")[0]
        endpoint, _args = adapter.match(url, method=method)
        covered.add(endpoint)
    every = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert every - covered == set()


def test_every_view_declares_its_permission(app):
    """Every view is either guarded by @requires / token_requires or deliberately marked @public."""
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert hasattr(view, "required_permission"), f"{endpoint} has no permission check"


def test_only_guarded_views_are_public(app):
    public = {e for e, v in app.view_functions.items() if getattr(v, "required_permission", 1) is None}
    assert public == {"auth.login", "brand_css", "api.openapi_document"}


def test_roles_are_exactly_the_six(app):
    assert set(PERMISSIONS) == {"officer", "supervisor", "legal", "trainer", "admin", "auditor"}


def test_officer_cannot_read_another_officers_record(app):
    record_id = save_record(app, app.test_client(), "officer")
    other = app.test_client()
    other.post("/auth/login", data={"username": "officer2", "password": PASSWORD})
    assert other.get(f"/records/{record_id}").status_code == 404
    assert other.get(f"/records/{record_id}/print").status_code == 404
    assert record_id not in other.get("/records/").get_data(as_text=True)


def test_supervisor_of_another_force_cannot_read_the_record(app):
    record_id = save_record(app, app.test_client(), "officer")
    outsider = app.test_client()
    outsider.post("/auth/login", data={"username": "outsider", "password": PASSWORD})
    assert outsider.get(f"/records/{record_id}").status_code == 404
    assert record_id not in outsider.get("/records/force").get_data(as_text=True)


def test_drafts_belong_to_their_officer(app):
    draft_id = make_draft(app, "officer")
    other = app.test_client()
    other.post("/auth/login", data={"username": "officer2", "password": PASSWORD})
    for path in ("", "/question/recipient", "/answers", "/advice"):
        assert other.get(f"/check/{draft_id}{path}").status_code == 404
    assert other.get(f"/records/new/{draft_id}").status_code == 404
    assert other.post(f"/check/{draft_id}/delete").status_code == 404
    assert (
        draft_store.get_draft(
            app.extensions["sharewise_db"],
            draft_id,
            accounts.get_user_by_username(app.extensions["sharewise_db"], "officer")["id"],
        )
        is not None
    )


def test_navigation_shows_only_what_the_role_may_open(app):
    expected = {
        "officer": {"/check/", "/meetings/", "/records/", "/agreements/", "/practice/"},
        "supervisor": {
            "/check/",
            "/meetings/",
            "/records/",
            "/records/force",
            "/reviews/",
            "/agreements/",
            "/practice/",
        },
        "legal": {"/check/", "/legal/", "/agreements/"},
        "trainer": {"/check/", "/training/"},
        "admin": {"/admin/users"},
        "auditor": {"/audit/"},
    }
    import re

    for role, links in expected.items():
        client = app.test_client()
        client.post("/auth/login", data={"username": role, "password": PASSWORD})
        html = client.get("/").get_data(as_text=True)
        nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
        assert set(re.findall(r'href="([^"]+)"', nav)) == links, role
