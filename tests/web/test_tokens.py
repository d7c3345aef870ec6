"""API tokens (issue 13): expiry, scope, listing with label and last use, revocation; the records API."""

import datetime

import pytest

from tests.web.conftest import ANSWERS, save_record, user_id
from web import account_actions, schema, tokens


def issue(app, username="officer", scopes=("decide",), days=30, label="tests"):
    return tokens.issue(app.extensions["sharewise_db"], user_id(app, username), label, scopes=scopes, expires_days=days)


def decide(client, token):
    return client.post("/api/v1/decide", json=ANSWERS, headers={"Authorization": f"Bearer {token}"})


def get(client, token, path):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_a_revoked_token_is_refused_at_once(app, client):
    token_id, token = issue(app)
    assert decide(client, token).status_code == 200
    assert account_actions.revoke_token(app.extensions["sharewise_db"], token_id, actor="test")
    response = decide(client, token)
    assert response.status_code == 401
    assert "revoked" in response.get_json()["error"]


def test_an_expired_token_is_refused(app, client):
    token_id, token = issue(app)
    with app.extensions["sharewise_db"].begin() as conn:
        conn.execute(
            schema.api_tokens.update()
            .where(schema.api_tokens.c.id == token_id)
            .values(expires_at=datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(seconds=1))
        )
    response = decide(client, token)
    assert response.status_code == 401
    assert "expired" in response.get_json()["error"]


def test_disabling_an_account_revokes_its_tokens_for_good(app, client):
    _token_id, token = issue(app)
    engine = app.extensions["sharewise_db"]
    account_actions.disable(engine, user_id(app, "officer"), actor="test")
    assert decide(client, token).status_code == 401
    account_actions.enable(engine, user_id(app, "officer"), actor="test")
    assert decide(client, token).status_code == 401
    assert tokens.list_tokens(engine, user_id(app, "officer"))[0]["state"] == "revoked"


@pytest.mark.parametrize(("days", "ok"), [(0, False), (1, True), (366, True), (367, False)])
def test_expiry_is_bounded(app, days, ok):
    if ok:
        issue(app, days=days)
    else:
        with pytest.raises(ValueError, match="expires"):
            issue(app, days=days)


def test_unknown_scopes_are_refused(app):
    with pytest.raises(ValueError, match="scope"):
        issue(app, scopes=("everything",))


def test_a_decide_token_cannot_read_records(app, client):
    record_id = save_record(app, app.test_client())
    _token_id, token = issue(app)
    response = get(client, token, f"/api/v1/records/{record_id}")
    assert response.status_code == 403
    assert "scope" in response.get_json()["error"]


def test_a_records_token_reads_own_records_only(app, client):
    record_id = save_record(app, app.test_client())
    _token_id, token = issue(app, scopes=("records",))
    listed = get(client, token, "/api/v1/records").get_json()
    assert [row["id"] for row in listed["records"]] == [record_id]
    assert get(client, token, f"/api/v1/records/{record_id}").get_json()["id"] == record_id
    assert decide(client, token).status_code == 403  # records only: no decide scope
    _other_id, other = issue(app, "officer2", scopes=("records",))
    assert get(client, other, f"/api/v1/records/{record_id}").status_code == 404
    assert get(client, other, "/api/v1/records").get_json()["records"] == []


def test_a_supervisor_reads_the_forces_records_through_the_api(app, client):
    record_id = save_record(app, app.test_client())
    _token_id, token = issue(app, "supervisor", scopes=("decide", "records"))
    assert get(client, token, f"/api/v1/records/{record_id}").status_code == 200
    _outsider_id, outsider = issue(app, "outsider", scopes=("records",))
    assert get(client, outsider, f"/api/v1/records/{record_id}").status_code == 404


def test_roles_without_records_cannot_read_them_with_any_token(app, client):
    _token_id, token = issue(app, "legal", scopes=("decide", "records"))
    assert get(client, token, "/api/v1/records").status_code == 403


def test_bad_page_names_the_field(app, client):
    _token_id, token = issue(app, scopes=("records",))
    for page in ("zero", "0", "100000"):
        response = get(client, token, f"/api/v1/records?page={page}")
        assert response.status_code == 400
        assert response.get_json()["field"] == "page"


def test_listing_shows_label_scope_and_last_use_never_the_token(app, client):
    _token_id, token = issue(app, scopes=("decide", "records"), label="case system")
    engine = app.extensions["sharewise_db"]
    assert tokens.list_tokens(engine)[0]["last_used_at"] is None
    decide(client, token)
    (row,) = [r for r in tokens.list_tokens(engine) if r["label"] == "case system"]
    assert row["scope"] == "decide records" and row["state"] == "active" and row["last_used_at"] is not None
    assert token not in str(row)


def test_last_use_is_noted_at_most_once_a_minute(app, client):
    token_id, token = issue(app)
    engine = app.extensions["sharewise_db"]
    decide(client, token)
    first = tokens.get_token(engine, token_id)["last_used_at"]
    decide(client, token)
    assert tokens.get_token(engine, token_id)["last_used_at"] == first


def test_refused_tokens_are_audited_without_the_token(app, client):
    token_id, token = issue(app)
    engine = app.extensions["sharewise_db"]
    account_actions.revoke_token(engine, token_id, actor="test")
    decide(client, token)
    from web import audit

    (row,) = [r for r in audit.recent(engine) if r["event"] == "api.token_refused"]
    assert row["token_id"] == token_id and row["details"] == {"reason": "revoked"}
    assert token not in str(audit.recent(engine))
