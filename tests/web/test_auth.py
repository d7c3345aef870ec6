"""Signing in and out: scrypt hashes, the throttle per user and address, idle expiry, safe redirects."""

import datetime
import time

import pytest
from flask import session

from tests.web.conftest import PASSWORD
from web import accounts, db, schema


def test_login_page(client):
    response = client.get("/auth/login")
    assert response.status_code == 200
    assert "Sign in" in response.get_data(as_text=True)


def test_login_and_logout(client, auth):
    response = auth.login()
    assert response.status_code == 302
    assert response.location == "/"
    with client:
        client.get("/")
        assert session["user_id"]
        assert set(session) <= {"user_id", "sid", "seen", "_permanent", "_fresh", "csrf_token", "_flashes"}
    response = auth.logout()
    assert response.location == "/auth/login"
    assert client.get("/").status_code == 302


def test_logout_is_post_only(client, auth):
    auth.login()
    assert client.get("/auth/logout").status_code == 405


def test_passwords_are_scrypt_hashed(app, client, auth):
    engine = app.extensions["sharewise_db"]
    accounts.add_user(engine, "newcomer", PASSWORD, "officer", "New Comer", "Test Constabulary", "PC", "5555")
    user = accounts.get_user_by_username(engine, "newcomer")
    assert user["password_hash"].startswith("scrypt:")
    assert PASSWORD not in user["password_hash"]
    assert auth.login("newcomer").status_code == 302


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", "x", "Enter your username"),
        ("officer", "", "Enter your password"),
        ("officer", "wrong", "Enter a correct username and password"),
        ("nobody", "wrong", "Enter a correct username and password"),
    ],
)
def test_login_errors(client, auth, username, password, message):
    response = auth.login(username, password)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "govuk-error-summary" in html
    assert "<title>Error: " in html


def test_disabled_account_cannot_sign_in(app, client, auth):
    engine = app.extensions["sharewise_db"]
    with engine.begin() as conn:
        conn.execute(schema.users.update().where(schema.users.c.username == "officer").values(active=False))
    assert auth.login().status_code == 200


def test_throttle_per_user_and_address(app, client, auth):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert auth.login("officer", "wrong").status_code == 200
    # Now even the right password is refused for this user from this address...
    response = auth.login("officer", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    # ...but another user from the same address is not locked out by someone else's failures.
    assert auth.login("supervisor", PASSWORD).status_code == 302
    # ...and the same user from another address can still sign in.
    other = app.test_client()
    response = other.post(
        "/auth/login", data={"username": "officer", "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.0.0.9"}
    )
    assert response.status_code == 302


def test_throttle_per_address(app, client, auth):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for name in ("a", "b", "c"):
        auth.login(name, "wrong")
    assert auth.login("officer", PASSWORD).status_code == 429


def test_success_resets_the_user_count(app, client, auth):
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        auth.login("officer", "wrong")
    assert auth.login("officer", PASSWORD).status_code == 302
    auth.logout()
    auth.login("officer", "wrong")
    assert auth.login("officer", PASSWORD).status_code == 302


def test_throttle_window_expires(app, client, auth):
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        auth.login("officer", "wrong")
    assert auth.login("officer", PASSWORD).status_code == 429
    # Move the failures back beyond the window.
    engine = app.extensions["sharewise_db"]
    earlier = db.utcnow() - datetime.timedelta(seconds=app.config["LOGIN_WINDOW_SECONDS"] + 1)
    with engine.begin() as conn:
        conn.execute(schema.login_attempts.update().values(at=earlier))
    assert auth.login("officer", PASSWORD).status_code == 302


def test_idle_session_expires(app, client, auth):
    auth.login()
    assert client.get("/").status_code == 200
    with client.session_transaction() as sess:
        sess["seen"] = int(time.time()) - app.config["IDLE_TIMEOUT_MINUTES"] * 60 - 1
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.startswith("/auth/login")
    page = client.get(response.location).get_data(as_text=True)
    assert "signed out because you were inactive" in page


def test_active_session_is_kept_alive(app, client, auth):
    auth.login()
    with client.session_transaction() as sess:
        sess["seen"] = int(time.time()) - app.config["IDLE_TIMEOUT_MINUTES"] * 60 + 30
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200


def test_session_cookie_flags(tmp_path, web_pack_path):
    from tests.web.conftest import close_app, make_app

    app = make_app(tmp_path, web_pack_path, SESSION_COOKIE_SECURE=True)
    try:
        response = app.test_client().post("/auth/login", data={"username": "officer", "password": PASSWORD})
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert "Expires=" in cookie  # a permanent session bounded by the idle lifetime
    finally:
        close_app(app)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_next_cannot_leave_the_site(client, target):
    response = client.post("/auth/login", data={"username": "officer", "password": PASSWORD, "next": target})
    assert response.location == "/"


def test_next_returns_to_the_page_asked_for(client):
    response = client.get("/records/")
    assert response.location == "/auth/login?next=/records/"
    response = client.post("/auth/login", data={"username": "officer", "password": PASSWORD, "next": "/records/"})
    assert response.location == "/records/"


def test_sign_in_starts_a_fresh_session(client, auth):
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    auth.login()
    with client.session_transaction() as sess:
        assert "planted" not in sess


# Issue 13, defect 2: what browsers strip from a URL (tabs, newlines) cannot smuggle another site in.
@pytest.mark.parametrize(
    "target",
    ["/%09/evil.example", "/%0a/evil.example", "/%0d%0a/x", "/%0a/x", "/\t/evil.example", "/%5c/evil.example"],
)
def test_next_with_control_characters_stays_on_the_site(client, target):
    response = client.post(
        f"/auth/login?next={target}", data={"username": "officer", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 302
    assert response.location == "/"


def test_a_newline_in_next_on_the_sign_in_page_is_not_an_error(client):
    response = client.get("/auth/login?next=/%0a/x")
    assert response.status_code == 200
    assert 'value="/"' in response.get_data(as_text=True)
