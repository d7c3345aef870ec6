"""Drafts past DRAFT_RETENTION_DAYS: never listed, and deleted by the purge (at start-up, then on a timer).

Listing is only a read: it must not delete anyone's drafts, the officer's own or another user's.
Runs on SQLite and, when SHAREWISE_TEST_POSTGRES_URL is set, on PostgreSQL.
"""

import pytest

from tests.web.conftest import PASSWORD, age_draft, close_app, make_app, make_draft, user_id
from web import create_app, draft_retention, draft_store

EXPIRED = 8  # days; DRAFT_RETENTION_DAYS is 7


@pytest.fixture
def app(tmp_path, web_pack_path, database_url):
    app = make_app(tmp_path, web_pack_path, DATABASE_URL=database_url)
    yield app
    close_app(app)


def stored(app, draft_id, username):
    return draft_store.get_draft(app.extensions["sharewise_db"], draft_id, user_id(app, username))


def signed_in(app, username="officer"):
    client = app.test_client()
    assert client.post("/auth/login", data={"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_listing_does_not_delete_another_users_expired_draft(app):
    theirs = make_draft(app, "officer2")
    age_draft(app, theirs, EXPIRED)
    client = signed_in(app)
    assert client.get("/check/").status_code == 200
    assert client.get("/").status_code == 200
    assert stored(app, theirs, "officer2") is not None


def test_expired_drafts_are_not_listed_but_are_kept_until_the_purge(app):
    fresh, expired = make_draft(app, "officer"), make_draft(app, "officer")
    age_draft(app, expired, EXPIRED)
    listed = [d["id"] for d in draft_store.list_drafts(app.extensions["sharewise_db"], user_id(app, "officer"), 7)]
    assert listed == [fresh]
    page = signed_in(app).get("/check/").get_data(as_text=True)
    assert fresh in page and expired not in page
    assert stored(app, expired, "officer") is not None


def test_the_purge_deletes_every_users_expired_drafts_and_keeps_the_rest(app):
    mine, theirs, fresh = make_draft(app, "officer"), make_draft(app, "officer2"), make_draft(app, "officer2")
    age_draft(app, mine, EXPIRED)
    age_draft(app, theirs, EXPIRED)
    age_draft(app, fresh, 6)
    assert draft_retention.purge(app) == 2
    assert stored(app, mine, "officer") is None and stored(app, theirs, "officer2") is None
    assert stored(app, fresh, "officer2") is not None


def test_expired_drafts_are_purged_when_the_app_starts(app, database_url, tmp_path, monkeypatch):
    draft_id = make_draft(app, "officer2")
    age_draft(app, draft_id, EXPIRED)
    monkeypatch.setenv("SHAREWISE_INSTANCE_DIR", str(tmp_path / "restarted"))
    restarted = create_app({"SECRET_KEY": "test-secret", "DATABASE_URL": database_url})
    try:
        assert stored(app, draft_id, "officer2") is None
    finally:
        close_app(restarted)


def test_expired_drafts_are_purged_before_a_request_once_the_interval_has_passed(app):
    draft_id = make_draft(app, "officer2")
    age_draft(app, draft_id, EXPIRED)
    client = app.test_client()
    client.get("/auth/login")  # soon after start-up: not due yet
    assert stored(app, draft_id, "officer2") is not None
    app.config["DRAFT_PURGE_INTERVAL_SECONDS"] = 0
    client.get("/auth/login")  # any request, signed in or not
    assert stored(app, draft_id, "officer2") is None
