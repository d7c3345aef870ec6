"""CSRF protection on every form: a POST without the page's token is refused; with it, it goes through."""

import re

import pytest

from tests.web.conftest import ANSWERS, PASSWORD, make_draft, record_form


def token_from(html):
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app, username="officer"):
    """A client signed in through the real form (token and all)."""
    client = app.test_client()
    token = token_from(client.get("/auth/login").get_data(as_text=True))
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


def test_login_without_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/auth/login", data={"username": "officer", "password": PASSWORD})
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)


def test_login_with_a_forged_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    client.get("/auth/login")
    response = client.post("/auth/login", data={"username": "officer", "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 400


FORMS = [
    ("officer", "/auth/logout", "/", lambda draft: {}),
    ("officer", "/check/new", "/check/", lambda draft: {}),
    (
        "officer",
        "/check/{draft}/question/recipient",
        "/check/{draft}/question/recipient",
        lambda draft: {"answer": "health"},
    ),
    ("officer", "/check/{draft}/delete", "/check/{draft}/answers", lambda draft: {}),
    ("officer", "/records/new/{draft}", "/records/new/{draft}", lambda draft: record_form("share_with_conditions")),
    (
        "admin",
        "/admin/users/new",
        "/admin/users/new",
        lambda draft: {
            "username": "n",
            "name": "N",
            "role": "legal",
            "rank_or_role": "",
            "force_number": "",
            "force": "F",
        },
    ),
]


@pytest.mark.parametrize(("username", "action", "page", "data"), FORMS, ids=[f[1] for f in FORMS])
def test_every_form_needs_its_token(csrf_app, username, action, page, data):
    client = signed_in(csrf_app, username)
    draft = make_draft(csrf_app, "officer", ANSWERS)
    action, page = action.format(draft=draft), page.format(draft=draft)
    form = data(draft)
    refused = client.post(action, data=form)
    assert refused.status_code == 400
    html = client.get(page).get_data(as_text=True)
    assert 'name="csrf_token"' in html
    accepted = client.post(action, data=dict(form, csrf_token=token_from(html)))
    assert accepted.status_code in (200, 302)


def test_api_is_exempt_because_it_takes_no_cookies(csrf_app):
    client = signed_in(csrf_app)
    response = client.post("/api/v1/decide", json=ANSWERS)
    assert response.status_code == 401  # the session does not count; no CSRF token needed or accepted


TRAINING_FORMS = [
    ("trainer", "/training/cohorts/new", "/training/cohorts/new", {"name": "C", "join_code": "yes"}),
    (
        "trainer",
        "/training/exercises/new",
        "/training/exercises/new",
        {"title": "T", "as_at-day": "2", "as_at-month": "3", "as_at-year": "2026"},
    ),
    (
        "trainer",
        "/training/scenarios/new",
        "/training/scenarios/new",
        {"name": "N", "narrative": "A case.", "as_at-day": "2", "as_at-month": "3", "as_at-year": "2026"},
    ),
    ("officer", "/practice/join", "/practice/", {"code": "NOTACODE"}),
]


@pytest.mark.parametrize(("username", "action", "page", "form"), TRAINING_FORMS, ids=[f[1] for f in TRAINING_FORMS])
def test_every_training_form_needs_its_token(csrf_app, username, action, page, form):
    client = signed_in(csrf_app, username)
    assert client.post(action, data=form).status_code == 400
    html = client.get(page).get_data(as_text=True)
    accepted = client.post(action, data=dict(form, csrf_token=token_from(html)))
    assert accepted.status_code in (200, 302)


def test_every_post_form_in_the_templates_carries_the_token():
    import pathlib

    templates = pathlib.Path(__file__).resolve().parents[2] / "web" / "templates"
    for path in templates.rglob("*.html"):
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", path.read_text(encoding="utf-8"), re.S):
            assert 'name="csrf_token"' in form, path
