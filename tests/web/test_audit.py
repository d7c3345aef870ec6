"""The security audit log (issue 13): JSON lines of structured fields, never free text; and a table."""

import json
import os

import pytest

from engine import audit as lines
from tests.web.conftest import PASSWORD, save_record
from web import audit

ALLOWED_KEYS = {
    "at",
    "event",
    "outcome",
    "actor_id",
    "actor",
    "subject_id",
    "token_id",
    "record_id",
    "address",
    # details
    "reason",
    "limit",
    "username_known",
    "endpoint",
    "role",
    "role_from",
    "role_to",
    "sessions_ended",
    "tokens_revoked",
    "scope",
    "expires_days",
    "via",
}


def audit_lines(app):
    path = os.path.join(app.instance_path, "audit.log")
    with open(path, encoding="ascii") as handle:
        return [json.loads(line) for line in handle]


def test_what_happens_is_written_as_json_lines_without_free_text(app):
    client = app.test_client()
    client.post("/auth/login", data={"username": "my password is hunter2", "password": "x"})
    client.post("/auth/login", data={"username": "officer", "password": "wrong"})
    record_id = save_record(app, client, text="Jo Bloggs at 12 Acacia Avenue")
    client.get(f"/records/{record_id}")
    client.get(f"/records/{record_id}/print")
    client.get("/admin/users")  # 403 for an officer
    client.post("/auth/logout")
    entries = audit_lines(app)
    events = [(e["event"], e["outcome"]) for e in entries]
    for expected in [
        ("auth.sign_in", "failed"),
        ("auth.sign_in", "ok"),
        ("record.created", "ok"),
        ("record.viewed", "ok"),
        ("record.printed", "ok"),
        ("access.denied", "denied"),
        ("auth.sign_out", "ok"),
    ]:
        assert expected in events
    text = "\n".join(json.dumps(e) for e in entries)
    for personal in ("hunter2", "Acacia", "Jo Bloggs", "Officer Person", PASSWORD):
        assert personal not in text
    for entry in entries:
        assert set(entry) <= ALLOWED_KEYS, set(entry) - ALLOWED_KEYS
    assert [e["record_id"] for e in entries if e["event"] == "record.viewed"] == [record_id]
    assert oct(os.stat(os.path.join(app.instance_path, "audit.log")).st_mode & 0o777) == "0o600"


def test_the_table_holds_the_same_events(app):
    client = app.test_client()
    client.post("/auth/login", data={"username": "officer", "password": PASSWORD})
    client.get("/admin/users")
    rows = audit.recent(app.extensions["sharewise_db"])
    assert [(r["event"], r["actor"]) for r in rows[:2]] == [("access.denied", "officer"), ("auth.sign_in", "officer")]
    assert rows[0]["details"] == {"endpoint": "admin.users"}


@pytest.mark.parametrize("value", ["Jo Bloggs", "a sentence, with words", "x" * 121, 1.5, ["list"], {"a": 1}])
def test_free_text_cannot_be_logged(value):
    with pytest.raises(ValueError, match="free text"):
        lines.entry("record.viewed", note=value)


def test_the_lines_can_go_to_standard_error_or_nowhere(app, capsys):
    app.config["AUDIT_LOG"] = "-"
    with app.test_request_context("/"):
        audit.record("auth.sign_out", actor="test")
    assert json.loads(capsys.readouterr().err)["event"] == "auth.sign_out"
    app.config["AUDIT_LOG"] = ""
    with app.test_request_context("/"):
        audit.record("auth.sign_out", actor="test")
    assert capsys.readouterr().err == ""


def test_an_address_from_an_untrusted_header_is_not_written_as_is(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "1.2.3.4, <script>"}):
        entry = audit.record("auth.sign_out", actor="test")
    assert entry["address"] == "not-an-address"
