"""`sharewise users add|token|list|password` and the dev server's demo accounts."""

import os
import subprocess
import sys

import pytest

from web import accounts, db, schema, tokens, training_store
from web.run import create_demo_accounts

SHAREWISE = os.path.join(os.path.dirname(sys.executable), "sharewise")


def users(tmp_path, *args, stdin=None):
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    env = dict(os.environ, SHAREWISE_INSTANCE_DIR=str(tmp_path / "instance"))
    env.pop("SHAREWISE_DATABASE_URL", None)
    return subprocess.run(
        [SHAREWISE, "users", *args, "--database", url],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_add_list_token_and_password(tmp_path):
    added = users(
        tmp_path,
        "add",
        "jbloggs",
        "--role",
        "officer",
        "--name",
        "PC Jo Bloggs",
        "--rank",
        "Police Constable",
        "--number",
        "4321",
        "--force",
        "Northshire Police",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert added.returncode == 0, added.stderr
    assert "added jbloggs" in added.stdout
    listed = users(tmp_path, "list")
    assert listed.stdout.split("\n")[0].split("\t") == [
        "jbloggs",
        "officer",
        "PC Jo Bloggs",
        "4321",
        "Northshire Police",
        "active",
    ]
    token = users(tmp_path, "token", "jbloggs", "--label", "case system")
    assert token.returncode == 0
    assert token.stdout.strip().startswith("sw_")
    engine = db.make_engine(f"sqlite:///{tmp_path}/cli.sqlite3")
    try:
        user = accounts.get_user_by_username(engine, "jbloggs")
        assert user["password_hash"].startswith("scrypt:")
        assert accounts.authenticate(engine, "jbloggs", "a long enough password")["username"] == "jbloggs"
        assert tokens.user_for_token(engine, token.stdout.strip())["username"] == "jbloggs"
        changed = users(tmp_path, "password", "jbloggs", "--password-stdin", stdin="another long password\n")
        assert changed.returncode == 0
        assert accounts.authenticate(engine, "jbloggs", "another long password") is not None
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "x", "--role", "officer", "--name", "X"], "--rank"),
        (["add", "x", "--role", "chief", "--name", "X"], "--role"),
        (["token", "nobody"], "no such user"),
        (["password", "nobody", "--password-stdin"], "no such user"),
    ],
)
def test_bad_input_names_the_problem(tmp_path, args, message):
    result = users(tmp_path, *args, stdin="a long enough password\n")
    assert result.returncode == 2
    assert message in result.stderr


def test_short_password_and_duplicate_username(tmp_path):
    base = ["add", "legal1", "--role", "legal", "--name", "L", "--password-stdin"]
    assert "at least 12" in users(tmp_path, *base, stdin="short\n").stderr
    assert users(tmp_path, *base, stdin="a long enough password\n").returncode == 0
    again = users(tmp_path, *base, stdin="a long enough password\n")
    assert again.returncode == 2 and "already taken" in again.stderr


def test_demo_accounts_once_per_role(app):
    engine = app.extensions["sharewise_db"]
    with engine.begin() as conn:
        conn.execute(schema.users.delete())
    created = create_demo_accounts(app)
    assert [(u, role) for u, _p, role in created] == [
        ("officer", "officer"),
        ("supervisor", "supervisor"),
        ("legal", "legal"),
        ("trainer", "trainer"),
        ("admin", "admin"),
        ("auditor", "auditor"),
        ("trainee", "officer"),  # trainees are officers
    ]
    for username, password, role in created:
        assert accounts.authenticate(engine, username, password)["role"] == role
    path = os.path.join(app.instance_path, "demo-accounts.txt")
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    assert create_demo_accounts(app) == []  # not again once accounts exist


def test_demo_training_is_a_cohort_of_the_officer_and_the_trainee_with_an_open_exercise(app):
    engine = app.extensions["sharewise_db"]
    with engine.begin() as conn:
        conn.execute(schema.users.delete())
    create_demo_accounts(app)
    force = app.config["FORCE_NAME"]
    [cohort] = training_store.list_cohorts(engine, force)
    assert cohort["join_code"] and cohort["members"] == 2
    [exercise] = training_store.list_exercises(engine, force)
    assert (exercise["status"], exercise["cohort_id"]) == ("open", cohort["id"])
    trainee = accounts.get_user_by_username(engine, "trainee")
    assert training_store.exercises_for(engine, trainee["id"])[0]["id"] == exercise["id"]
    # The fixture pack's scenarios carry no hard_stop tag: the first ones that can be played today are used.
    assert 1 <= exercise["scenarios"] <= 3


def test_dev_server_keeps_its_secret_key_private(tmp_path, monkeypatch):
    from web.run import _secret_key

    monkeypatch.delenv("SHAREWISE_SECRET_KEY", raising=False)
    first = _secret_key(str(tmp_path / "instance"))
    assert len(first) == 64
    assert oct(os.stat(tmp_path / "instance" / "secret_key").st_mode & 0o777) == "0o600"
    assert _secret_key(str(tmp_path / "instance")) == first
    monkeypatch.setenv("SHAREWISE_SECRET_KEY", "from-the-environment")
    assert _secret_key(str(tmp_path / "instance")) == "from-the-environment"


def test_disable_enable_role_sign_out_tokens_and_revoke(tmp_path):
    """Issue 13: every account action on the command line, each audited as done by cli:<user>."""
    from web import audit, sessions

    base = ["add", "jbloggs", "--role", "officer", "--name", "Jo", "--rank", "PC", "--number", "9", "--password-stdin"]
    assert users(tmp_path, *base, stdin="a long enough password\n").returncode == 0
    issued = users(tmp_path, "token", "jbloggs", "--label", "case system", "--scope", "decide", "--scope", "records")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip()
    engine = db.make_engine(f"sqlite:///{tmp_path}/cli.sqlite3")
    try:
        listed = users(tmp_path, "tokens", "jbloggs").stdout.strip().split("\t")
        assert listed[1:4] == ["jbloggs", "case system", "decide+records"] and listed[-1] == "active"
        assert token not in users(tmp_path, "tokens").stdout
        user = accounts.get_user_by_username(engine, "jbloggs")
        sessions.start(engine, user["id"], "127.0.0.1")
        assert users(tmp_path, "sign-out", "JBloggs").returncode == 0  # usernames in any case
        assert sessions.live(engine, user["id"], 900, 3600) == []
        assert users(tmp_path, "role", "jbloggs", "supervisor").returncode == 0
        assert accounts.get_user(engine, user["id"])["role"] == "supervisor"
        assert users(tmp_path, "disable", "jbloggs").returncode == 0
        assert tokens.user_for_token(engine, token) is None
        assert users(tmp_path, "list").stdout.split("\n")[0].endswith("disabled")
        assert users(tmp_path, "enable", "jbloggs").returncode == 0
        assert tokens.user_for_token(engine, token) is None  # revoked on disable, for good
        second = users(tmp_path, "token", "jbloggs", "--expires-days", "7").stdout.strip()
        assert tokens.user_for_token(engine, second)["username"] == "jbloggs"
        token_id = users(tmp_path, "tokens", "jbloggs").stdout.split("\t")[0]
        assert users(tmp_path, "revoke", token_id).returncode == 0
        assert tokens.user_for_token(engine, second) is None
        assert "already revoked" in users(tmp_path, "revoke", token_id).stdout
        events = {row["event"] for row in audit.recent(engine, limit=100) if row["actor"].startswith("cli:")}
        assert events >= {
            "account.created",
            "token.issued",
            "account.sessions_ended",
            "account.role_changed",
            "account.disabled",
            "account.enabled",
            "token.revoked",
        }
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["disable", "nobody"], "no such user"),
        (["role", "nobody", "officer"], "no such user"),
        (["role", "x", "chief"], "invalid choice"),
        (["revoke", "999"], "no token with id 999"),
        (["token", "nobody"], "no such user"),
        (["tokens", "nobody"], "no such user"),
    ],
)
def test_account_actions_name_the_problem(tmp_path, args, message):
    result = users(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_a_token_expiry_out_of_range_is_refused(tmp_path):
    base = ["add", "legal1", "--role", "legal", "--name", "L", "--password-stdin"]
    assert users(tmp_path, *base, stdin="a long enough password\n").returncode == 0
    result = users(tmp_path, "token", "legal1", "--expires-days", "400")
    assert result.returncode == 2 and "--expires-days" in result.stderr
