"""Sessions end for good (issue 13): a cookie copied before sign-out, a password change, "sign out
everywhere" or an account being disabled is refused afterwards, and no session outlives its absolute limit."""

import datetime

from tests.web.conftest import PASSWORD, user_id
from web import account_actions, schema, sessions


def signed_in(app, username="officer"):
    client = app.test_client()
    assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302
    assert client.get("/").status_code == 200
    return client


def copy_of(app, client):
    """Another browser holding a copy of this one's session cookie (as an attacker who copied it would)."""
    name = app.config["SESSION_COOKIE_NAME"]
    thief = app.test_client()
    thief.set_cookie(name, client.get_cookie(name).value, domain="localhost")
    assert thief.get("/").status_code == 200
    return thief


def refused(client):
    response = client.get("/")
    return response.status_code == 302 and response.location.startswith("/auth/login")


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app):
    client = signed_in(app)
    thief = copy_of(app, client)
    client.post("/auth/logout")
    assert refused(thief)
    assert refused(client)


def test_a_password_change_ends_every_other_session(app):
    client, other = signed_in(app), signed_in(app)
    thief = copy_of(app, other)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # the person who changed it carries on, in a fresh session
    assert refused(other) and refused(thief)


def test_a_password_change_checks_the_current_password_and_the_new_one(app):
    client = signed_in(app)
    for form, message in [
        (
            {
                "current_password": "wrong",
                "new_password": "a brand new passphrase",
                "confirm_password": "a brand new passphrase",
            },
            "not right",
        ),
        ({"current_password": PASSWORD, "new_password": "short", "confirm_password": "short"}, "at least 12"),
        (
            {"current_password": PASSWORD, "new_password": "a brand new passphrase", "confirm_password": "different"},
            "same new password",
        ),
    ]:
        html = client.post("/account/password", data=form).get_data(as_text=True)
        assert message in html and "govuk-error-summary" in html
    assert client.get("/").status_code == 200


def test_an_administrator_setting_a_password_ends_the_sessions(app):
    client = signed_in(app)
    account_actions.set_password(
        app.extensions["sharewise_db"], user_id(app, "officer"), "set by the administrator", actor="test"
    )
    assert refused(client)


def test_sign_out_everywhere_ends_every_session_this_one_included(app):
    first, second = signed_in(app), signed_in(app)
    thief = copy_of(app, second)
    response = first.post("/account/sign-out-everywhere")
    assert response.location == "/auth/login"
    assert refused(first) and refused(second) and refused(thief)
    assert signed_in(app)  # and signing in again works


def test_disabling_an_account_ends_its_sessions_at_once(app):
    client = signed_in(app)
    thief = copy_of(app, client)
    account_actions.disable(app.extensions["sharewise_db"], user_id(app, "officer"), actor="test")
    assert refused(client) and refused(thief)
    assert app.test_client().post("/auth/login", data={"username": "officer", "password": PASSWORD}).status_code == 200
    account_actions.enable(app.extensions["sharewise_db"], user_id(app, "officer"), actor="test")
    assert refused(thief)  # re-enabling brings no session back
    assert signed_in(app)


def test_no_session_outlives_its_absolute_lifetime(app):
    client = signed_in(app)
    engine = app.extensions["sharewise_db"]
    limit = datetime.timedelta(hours=app.config["SESSION_ABSOLUTE_HOURS"])
    with engine.begin() as conn:
        row = conn.execute(schema.sessions.select()).mappings().one()
        conn.execute(
            schema.sessions.update().values(created_at=row["created_at"] - limit - datetime.timedelta(seconds=1))
        )
    response = client.get("/")
    assert refused(app.test_client()) and response.status_code == 302
    assert "signed in for too long" in client.get(response.location).get_data(as_text=True)


def test_a_session_idle_on_the_server_ends_even_if_the_cookie_says_otherwise(app):
    client = signed_in(app)
    engine = app.extensions["sharewise_db"]
    idle = datetime.timedelta(minutes=app.config["IDLE_TIMEOUT_MINUTES"]) + sessions.TOUCH_EVERY
    with engine.begin() as conn:
        row = conn.execute(schema.sessions.select()).mappings().one()
        conn.execute(
            schema.sessions.update().values(last_seen_at=row["last_seen_at"] - idle - datetime.timedelta(seconds=1))
        )
    assert refused(client)


def test_pages_that_only_read_do_not_write_the_session_every_time(app):
    client = signed_in(app)
    engine = app.extensions["sharewise_db"]
    with engine.connect() as conn:
        before = conn.execute(schema.sessions.select()).mappings().one()["last_seen_at"]
    for _ in range(3):
        client.get("/")
    with engine.connect() as conn:
        assert conn.execute(schema.sessions.select()).mappings().one()["last_seen_at"] == before


def test_the_account_page_lists_live_sessions(app):
    client = signed_in(app)
    signed_in(app)
    html = client.get("/account/").get_data(as_text=True)
    assert html.count("127.0.0.1") == 2
    assert "Sign out everywhere" in html


def test_ended_sessions_are_audited(app):
    client = signed_in(app)
    thief = copy_of(app, client)
    client.post("/auth/logout")
    thief.get("/")
    from web import audit

    events = [
        (row["event"], row["outcome"], row["details"].get("reason"))
        for row in audit.recent(app.extensions["sharewise_db"])
    ]
    assert ("auth.session_refused", "refused", "signed_out") in events
    assert ("auth.sign_out", "ok", None) in events
