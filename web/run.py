"""`python -m web.run` (`make run`): the embedded default on http://127.0.0.1:8000 with SQLite.

For trying Sharewise on one machine. It keeps a secret key in the instance folder, creates one demo
account per role and a demo trainee (an officer) on first run and prints their passwords (also kept,
readable only by you, in instance/demo-accounts.txt), with a demo cohort and an exercise open to it. It
serves plain http on loopback, so SESSION_COOKIE_SECURE is off here and only here; see README, Production,
for a real deployment. It signs a checkpoint of the records chain when it starts and every
CHECKPOINT_INTERVAL_SECONDS (``web.checkpoints``; the key is made in the instance folder on first run).
"""

from __future__ import annotations

import argparse
import os
import secrets
import threading

from flask import Flask
from sqlalchemy.engine import Engine

from web import accounts, checkpoints, create_app
from web.demo_training import create_demo_training
from web.permissions import ROLES

DEMO_PEOPLE = {
    "officer": ("PC Alex Morgan", "Police Constable", "1001"),
    "supervisor": ("Sgt Sam Patel", "Sergeant", "2001"),
    "legal": ("Jo Okafor", "Force Solicitor", "L301"),
    "trainer": ("Chris Doyle", "Trainer", "T401"),
    "admin": ("Pat Lee", "System Administrator", "A501"),
    "auditor": ("Ash Rahman", "Information Security Auditor", "S601"),
}
# Trainees are officers (README, Training): the demo trainee is a student officer's account.
DEMO_TRAINEE = ("trainee", "officer", "PC Robin Hale", "Student Officer", "1002")


def instance_path() -> str:
    """The instance folder create_app will use (SHAREWISE_INSTANCE_DIR, else Flask's default for web)."""
    if os.environ.get("SHAREWISE_INSTANCE_DIR"):
        return os.path.abspath(os.environ["SHAREWISE_INSTANCE_DIR"])
    return Flask("web").instance_path


def _secret_key(instance_path: str) -> str:
    """SHAREWISE_SECRET_KEY, else a random key kept in instance/secret_key (0600) across restarts."""
    if os.environ.get("SHAREWISE_SECRET_KEY"):
        return os.environ["SHAREWISE_SECRET_KEY"]
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        os.makedirs(instance_path, mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        return handle.read().strip()


def create_demo_accounts(app: Flask) -> list[tuple[str, str, str]]:
    """One account per role and a demo trainee when the database has none, and the demo training (a
    cohort of the officer and the trainee, an exercise open to it); returns [(username, password, role)]."""
    engine: Engine = app.extensions["sharewise_db"]
    if accounts.count_users(engine):
        return []
    people = [(role, role, *DEMO_PEOPLE[role]) for role in ROLES] + [DEMO_TRAINEE]
    created, ids = [], {}
    for username, role, name, rank, number in people:
        password = secrets.token_urlsafe(12)
        ids[username] = accounts.add_user(
            engine, username, password, role, name, app.config["FORCE_NAME"], rank, number
        )
        created.append((username, password, role))
    create_demo_training(app, ids["trainer"], [ids["officer"], ids[DEMO_TRAINEE[0]]])
    path = os.path.join(app.instance_path, "demo-accounts.txt")
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        for username, password, role in created:
            handle.write(f"{username}\t{password}\t{role}\n")
    return created


def main(argv: list[str] | None = None) -> None:
    """Start the development server on loopback."""
    parser = argparse.ArgumentParser(prog="python -m web.run", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    app = create_app({"SECRET_KEY": _secret_key(instance_path()), "SESSION_COOKIE_SECURE": False})
    created = create_demo_accounts(app)
    if created:
        print("Demo accounts (one per role, and a trainee) were created. Sign in with:")
        for username, password, role in created:
            print(f"  {role:<11} username {username:<11} password {password}")
        print("The demo trainee and officer are in a demo cohort with an exercise open to them (Practice).")
        print(f"(kept in {os.path.join(app.instance_path, 'demo-accounts.txt')}, readable only by you)")
    else:
        print(
            f"Accounts already exist; demo passwords, if any, are in {os.path.join(app.instance_path, 'demo-accounts.txt')}"
        )
    written = checkpoints.take(app)
    print(f"Checkpoint of the records chain: {written or 'NOT TAKEN: the chain does not verify (see the log)'}")
    stop = threading.Event()
    checkpoints.every(app, app.config["CHECKPOINT_INTERVAL_SECONDS"], stop)
    print(f"Sharewise for {app.config['FORCE_NAME']}: http://127.0.0.1:{args.port}/")
    try:
        app.run(host="127.0.0.1", port=args.port, debug=False, use_reloader=False)
    finally:
        stop.set()


if __name__ == "__main__":
    main()
