"""What each `sharewise users` action does (the parser is ``web.cli``).

Each opens the web app's database (migrating it, as the app would), makes its change through
``web.account_actions`` and so ends sessions, revokes tokens and audits exactly as the Users pages do. The
audit events name the actor ``cli:<system user>``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from flask import Flask
from sqlalchemy.engine import Engine

from engine import audit as lines
from web import account_actions, accounts, audit, tokens
from web.account import MIN_PASSWORD_LENGTH, password_problem
from web.words import plain, words

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


class _Context:
    """The app's settings and database, and who the audit log says acted."""

    def __init__(self, args: argparse.Namespace) -> None:
        from web import create_app

        overrides = {"SECRET_KEY": os.environ.get("SHAREWISE_SECRET_KEY") or "not-used-by-the-command-line"}
        if args.database:
            overrides["DATABASE_URL"] = args.database
        self.app: Flask = create_app(overrides)
        self.engine: Engine = self.app.extensions["sharewise_db"]
        with self.app.app_context():
            path = audit.log_path()
        self.who: dict[str, Any] = {"actor": lines.system_actor(), "path": path}

    def user(self, username: str) -> accounts.User | None:
        return accounts.get_user_by_username(self.engine, username)


def _fail(message: str, status: int = EXIT_INPUT) -> int:
    print(f"sharewise users: {message}", file=sys.stderr)
    return status


def _read_password(args: argparse.Namespace, context: _Context) -> str:
    """The new password, from stdin or typed twice; `ValueError` says what is wrong with it."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            raise ValueError("the passwords do not match")
    problem = password_problem(password)
    if problem:
        with context.app.app_context():
            message = plain(words().form_error(problem, MIN_PASSWORD_LENGTH))
        raise ValueError(message[0].lower() + message[1:])
    return password


def add(args: argparse.Namespace) -> int:
    """Create an account with a scrypt-hashed password."""
    from web.admin import validate_user

    context = _Context(args)
    form = {
        "username": args.username,
        "name": args.name,
        "role": args.role,
        "rank_or_role": args.rank,
        "force_number": args.number,
        "force": args.force or context.app.config["FORCE_NAME"],
    }
    with context.app.app_context():
        errors = validate_user(form)
    if errors:
        option = {"rank_or_role": "--rank", "force_number": "--number"}.get(next(iter(errors)), next(iter(errors)))
        return _fail(f"{option}: {next(iter(errors.values()))}")
    try:
        password = _read_password(args, context)
    except ValueError as error:
        return _fail(f"password: {error}")
    try:
        account_actions.create(context.engine, form, password, **context.who)
    except accounts.IdentityTaken as error:
        return _fail(f"{'--number' if error.field == 'force_number' else 'username'}: {error}")
    print(f"added {args.username} ({args.role}, {form['force']})")
    return EXIT_OK


def list_accounts(args: argparse.Namespace) -> int:
    """One line per account: username, role, name, number, force, active."""
    context = _Context(args)
    for user in accounts.list_users(context.engine):
        state = "active" if user["active"] else "disabled"
        print("\t".join([user["username"], user["role"], user["name"], user["force_number"], user["force"], state]))
    return EXIT_OK


def password(args: argparse.Namespace) -> int:
    """Replace a user's password; every session of theirs ends."""
    context = _Context(args)
    user = context.user(args.username)
    if user is None:
        return _fail(f"username: no such user {args.username!r}")
    try:
        new = _read_password(args, context)
    except ValueError as error:
        return _fail(f"password: {error}")
    account_actions.set_password(context.engine, user["id"], new, **context.who)
    print(f"password changed for {user['username']}; signed out everywhere")
    return EXIT_OK


def _on_user(args: argparse.Namespace, done: str, act: Any) -> int:
    context = _Context(args)
    user = context.user(args.username)
    if user is None:
        return _fail(f"username: no such user {args.username!r}")
    act(context, user)
    print(f"{user['username']}: {done}")
    return EXIT_OK


def disable(args: argparse.Namespace) -> int:
    """Disable an account: sessions end, tokens are revoked."""
    return _on_user(
        args,
        "disabled; signed out everywhere and every API token revoked",
        lambda c, u: account_actions.disable(c.engine, u["id"], **c.who),
    )


def enable(args: argparse.Namespace) -> int:
    """Re-enable an account."""
    return _on_user(args, "enabled", lambda c, u: account_actions.enable(c.engine, u["id"], **c.who))


def role(args: argparse.Namespace) -> int:
    """Change an account's role."""
    return _on_user(
        args,
        f"role is now {args.role}",
        lambda c, u: account_actions.change_role(c.engine, u["id"], args.role, **c.who),
    )


def sign_out(args: argparse.Namespace) -> int:
    """End every session of an account."""
    return _on_user(
        args, "signed out everywhere", lambda c, u: account_actions.sign_out_everywhere(c.engine, u["id"], **c.who)
    )


def token(args: argparse.Namespace) -> int:
    """Issue an API token; only its hash is kept, so it is printed once."""
    context = _Context(args)
    user = context.user(args.username)
    if user is None:
        return _fail(f"username: no such user {args.username!r}")
    scopes = tuple(dict.fromkeys(args.scope or ["decide"]))
    try:
        _token_id, issued = account_actions.issue_token(
            context.engine, user["id"], args.label, scopes, args.expires_days, **context.who
        )
    except ValueError as error:
        return _fail(f"--expires-days: {error}")
    print(issued)
    return EXIT_OK


def list_tokens(args: argparse.Namespace) -> int:
    """One line per token: id, user, label, scope, issued, expires, last used, state."""
    context = _Context(args)
    user_id = None
    if args.username:
        user = context.user(args.username)
        if user is None:
            return _fail(f"username: no such user {args.username!r}")
        user_id = user["id"]

    def day(value: Any) -> str:
        return value.strftime("%Y-%m-%d %H:%M") if value else "-"

    for row in tokens.list_tokens(context.engine, user_id):
        fields = [str(row["id"]), row["username"], row["label"] or "-", row["scope"].replace(" ", "+")]
        print(
            "\t".join([*fields, day(row["created_at"]), day(row["expires_at"]), day(row["last_used_at"]), row["state"]])
        )
    return EXIT_OK


def revoke(args: argparse.Namespace) -> int:
    """Revoke one token by id."""
    context = _Context(args)
    if tokens.get_token(context.engine, args.token_id) is None:
        return _fail(f"TOKEN_ID: no token with id {args.token_id}")
    if not account_actions.revoke_token(context.engine, args.token_id, **context.who):
        print(f"token {args.token_id} was already revoked")
        return EXIT_OK
    print(f"token {args.token_id} revoked")
    return EXIT_OK
