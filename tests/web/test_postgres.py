"""The web tables and a whole record journey on PostgreSQL (as in production with several workers).

Runs when SHAREWISE_TEST_POSTGRES_URL is set (CI sets it through .ci/postgres.sh), in a schema of its own.
"""

import pytest

from tests.web.conftest import PASSWORD, close_app, make_app, make_draft, record_form
from web import accounts, tokens
from web.records import get_store

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(tmp_path, web_pack_path, postgres_url):
    app = make_app(tmp_path, web_pack_path, DATABASE_URL=postgres_url)
    yield app
    close_app(app)


def test_journey_on_postgresql(pg_app):
    app = pg_app
    assert app.extensions["sharewise_db"].dialect.name == "postgresql"
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "officer", "password": PASSWORD}).status_code == 302
    draft_id = make_draft(app, "officer")
    assert client.get(f"/check/{draft_id}/answers").status_code == 200
    response = client.post(f"/records/new/{draft_id}", data=record_form("share_with_conditions"))
    assert response.status_code == 302
    record_id = response.location.rsplit("/", 1)[-1]
    with app.app_context():
        assert get_store().dialect == "postgresql"
        assert get_store().get(record_id)["decision_maker"]["force_number"] == "0001"
    assert record_id in client.get("/records/").get_data(as_text=True)
    assert client.get(f"/records/{record_id}/print").status_code == 200


def test_throttle_and_tokens_on_postgresql(pg_app):
    app = pg_app
    client = app.test_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/auth/login", data={"username": "officer", "password": "wrong"})
    assert client.post("/auth/login", data={"username": "officer", "password": PASSWORD}).status_code == 429
    engine = app.extensions["sharewise_db"]
    token = tokens.add_token(engine, accounts.get_user_by_username(engine, "legal")["id"])
    assert tokens.user_for_token(engine, token)["username"] == "legal"
    with pytest.raises(ValueError):
        accounts.add_user(engine, "officer", "x" * 12, "officer", "Dup", "Test Constabulary", "PC", "123")


def test_sessions_rate_limit_identities_and_audit_on_postgresql(pg_app):
    """Issue 13 on PostgreSQL: sessions end, the rate limit's upsert counts, identities clash, the audit table fills."""
    from web import account_actions, audit, rate_limit

    app = pg_app
    engine = app.extensions["sharewise_db"]
    client = app.test_client()
    assert client.post("/auth/login", data={"username": "officer", "password": PASSWORD}).status_code == 302
    account_actions.disable(engine, accounts.get_user_by_username(engine, "officer")["id"], actor="test")
    assert client.get("/").status_code == 302
    assert [rate_limit.spend(engine, "token:pg", 2, 5, 3600) for _ in range(3)][:2] == [0, 0]
    assert rate_limit.spend(engine, "token:pg", 1, 5, 3600) == 0
    assert rate_limit.spend(engine, "token:pg", 1, 5, 3600) > 0
    with pytest.raises(accounts.IdentityTaken):
        accounts.add_user(engine, "Imposter", "x" * 12, "officer", "Imp", "TEST  constabulary", "PC", "0001")
    with pytest.raises(accounts.IdentityTaken):
        accounts.add_user(engine, "OFFICER", "x" * 12, "legal", "Dup", "Test Constabulary")
    events = [row["event"] for row in audit.recent(engine)]
    assert "account.disabled" in events and "auth.session_refused" in events


def test_training_on_postgresql(pg_app):
    """An exercise opened to a cohort, played with a mistake, debriefed and exported, on PostgreSQL."""
    from tests.web.training_setup import GRADE_E, GRADE_E_FACTS, GRADE_E_MODEL, login, open_exercise, play
    from web import attempt_store, training_store

    app = pg_app
    exercise_id, items, cohort_id = open_exercise(app)
    engine = app.extensions["sharewise_db"]
    cohort = training_store.get_cohort(engine, cohort_id, "Test Constabulary")
    officer2 = login(app.test_client(), "officer2")
    assert officer2.post("/practice/join", data={"code": cohort["join_code"]}).status_code == 302
    said = dict(GRADE_E_MODEL, **{"item-intelligence_graded": "share"})
    attempt_id = play(login(app.test_client(), "officer"), exercise_id, items[GRADE_E], GRADE_E_FACTS, said)
    assert training_store.exercise_for(engine, exercise_id, accounts.get_user_by_username(engine, "officer2")["id"])
    [row] = attempt_store.exercise_attempts(engine, exercise_id)
    assert row["id"] == attempt_id and row["marking"]["dangerous"][0]["kind"] == "shared_hard_stop"
    trainer = login(app.test_client(), "trainer")
    assert "Intelligence graded E is withheld" in trainer.get(f"/training/exercises/{exercise_id}/debrief").get_data(
        as_text=True
    )
    assert trainer.get(f"/training/exercises/{exercise_id}/debrief.csv").get_data(as_text=True).count("\n") == 2
    with app.app_context():
        assert get_store().head() is None  # practice made no record


def test_a_draft_packs_impact_reads_the_records_on_postgresql(tmp_path, legal_pack_path, postgres_url):
    """The draft table, and `sharewise impact` in its child process replaying the records the web keeps."""
    import io

    from tests.web.conftest import loaded_pack, page_text, zip_folder
    from tests.web.test_legal_drafts import REFER_TO_WITHHOLD, finished, store_records

    app = make_app(tmp_path, legal_pack_path, DATABASE_URL=postgres_url)
    try:
        stored = store_records(app, loaded_pack(legal_pack_path))
        client = app.test_client()
        client.post("/auth/login", data={"username": "legal", "password": PASSWORD})
        data = {"pack": (io.BytesIO(zip_folder(legal_pack_path, REFER_TO_WITHHOLD)), "draft.zip")}
        response = client.post("/legal/drafts/", data=data, content_type="multipart/form-data")
        page = page_text(finished(app, client, response.location))
        assert f"1 of 4 scenarios and 2 of {len(stored)} past decisions change" in page
    finally:
        close_app(app)
