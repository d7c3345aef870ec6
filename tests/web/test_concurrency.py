"""Defect 1 of issue 13: the embedded default (SQLite) under concurrent clients gives no 5xx.

A deferred transaction that reads and then writes (the token lookup noting ``last_used_at``, an account
check before an insert) fails at once with "database is locked" on SQLite in WAL mode when another
connection wrote in between: SQLite cannot upgrade a stale read snapshot, and the busy timeout does not
apply. Eight clients against gunicorn (several workers, one SQLite file, as the README's production
section runs it) for a few seconds: API calls with two tokens, sign-ins, new drafts and answers.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.parse

from tests.web.conftest import ANSWERS, PASSWORD, close_app, make_app, user_id
from tests.web.live import gunicorn, server_log
from web import tokens

CLIENTS = 8
SECONDS = 4.0


def api_client(host, port, token, deadline, statuses):
    connection = http.client.HTTPConnection(host, port, timeout=120)
    body = json.dumps(ANSWERS)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        while time.monotonic() < deadline:
            connection.request("POST", "/api/v1/decide", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses.append(("api", response.status))
    finally:
        connection.close()


def browser_client(host, port, username, deadline, statuses):
    """Sign in, start a draft and answer its first question, over and over (each a write)."""
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection(host, port, timeout=120)
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD})
        connection.request(
            "POST", "/auth/login", body=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        response = connection.getresponse()
        response.read()
        statuses.append(("login", response.status))
        cookie = response.getheader("Set-Cookie", "").split(";")[0]
        connection.request("POST", "/check/new", headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        statuses.append(("draft", response.status))
        location = response.getheader("Location") or ""
        if "/question/" in location:
            path = urllib.parse.urlsplit(location).path
            connection.request(
                "POST",
                path,
                body="answer=health",
                headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
            )
            response = connection.getresponse()
            response.read()
            statuses.append(("answer", response.status))
        connection.close()


def test_eight_concurrent_clients_on_sqlite_get_no_server_errors(tmp_path, web_pack_path):
    url = f"sqlite:///{tmp_path}/sharewise.sqlite3"
    app = make_app(tmp_path, web_pack_path)
    engine = app.extensions["sharewise_db"]
    issued = [tokens.add_token(engine, user_id(app, name), "load") for name in ("officer", "supervisor")]
    close_app(app)
    settings = {"WTF_CSRF_ENABLED": False, "LOGIN_MAX_FAILURES_PER_ADDRESS": 100000, "API_RATE_LIMIT": 1000000}
    with gunicorn(tmp_path, url, web_pack_path, workers=3, threads=3, settings=settings) as (host, port):
        # Each worker loads and compiles the pack on its first decision: warm them before timing.
        warm: list = []
        warmers = [
            threading.Thread(target=api_client, args=(host, port, issued[0], time.monotonic() + 1.5, warm))
            for _ in range(3)
        ]
        for thread in warmers:
            thread.start()
        for thread in warmers:
            thread.join()
        statuses: list = []
        deadline = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=api_client, args=(host, port, issued[n % 2], deadline, statuses))
            for n in range(CLIENTS - 2)
        ]
        threads += [
            threading.Thread(target=browser_client, args=(host, port, name, deadline, statuses))
            for name in ("officer", "officer2")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
    failures = [(kind, status) for kind, status in warm + statuses if status >= 500]
    assert failures == [], f"{len(failures)} of {len(statuses)} failed\n" + server_log(tmp_path)[-4000:]
    kinds = {kind for kind, status in statuses if status < 400}
    assert {"api", "login", "draft"} <= kinds, statuses[:20]


def test_no_web_module_writes_in_a_deferred_transaction():
    """Every write in web/ goes through web.db.transaction (BEGIN IMMEDIATE on SQLite), never engine.begin()."""
    import pathlib
    import re

    web = pathlib.Path(__file__).resolve().parents[2] / "web"
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(web.rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\.begin\(\)", line)
    ]
    assert offenders == []
