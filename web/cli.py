"""`sharewise users add|token|list|password`: manage the embedded default's local accounts.

Plugged into `sharewise` through the `sharewise.commands` entry point, so the engine never imports
the web package. The database is the web app's (instance config, SHAREWISE_DATABASE_URL, or --database).

Exit status: 0 success; 2 bad input (the message names the option); 1 anything else.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from flask import Flask

from web.permissions import ROLES

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `users` and its actions to the `sharewise` command."""
    parser = subparsers.add_parser(
        "users",
        help="web accounts: add, list, issue API tokens",
        description="Manage the web app's local accounts and API tokens.",
    )
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="database URL (default: the web app's: $SHAREWISE_DATABASE_URL or instance/sharewise.sqlite3)",
    )

    add = actions.add_parser("add", parents=[common], help="add a local account (prompts for the password)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", required=True, help="full name, as it appears on justification records")
    add.add_argument("--force", default=None, help="force name (default: the app's FORCE_NAME)")
    add.add_argument("--rank", default="", help="rank or role (required for officers and supervisors)")
    add.add_argument("--number", default="", help="collar or staff number (required for officers and supervisors)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=run_add)

    token = actions.add_parser("token", parents=[common], help="issue an API token for a user (shown once)")
    token.add_argument("username")
    token.add_argument("--label", default="", help="what the token is for")
    token.set_defaults(handler=run_token)

    lister = actions.add_parser("list", parents=[common], help="list accounts")
    lister.set_defaults(handler=run_list)

    password = actions.add_parser("password", parents=[common], help="set a user's password")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password.set_defaults(handler=run_password)

    parser.set_defaults(handler=lambda _args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_INPUT


def _app(args: argparse.Namespace) -> Flask:
    """The web app's configuration and database, without needing a secret key."""
    import os

    from web import create_app

    overrides = {"SECRET_KEY": os.environ.get("SHAREWISE_SECRET_KEY") or "not-used-by-the-command-line"}
    if args.database:
        overrides["DATABASE_URL"] = args.database
    return create_app(overrides)


MIN_PASSWORD_LENGTH = 12


def _read_password(args: argparse.Namespace) -> str:
    """The new password, from stdin or typed twice; `ValueError` says what is wrong with it."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            raise ValueError("the passwords do not match")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"use at least {MIN_PASSWORD_LENGTH} characters")
    return password


def _fail(message: str, status: int = EXIT_INPUT) -> int:
    print(f"sharewise users: {message}", file=sys.stderr)
    return status


def run_add(args: argparse.Namespace) -> int:
    """Create an account with a scrypt-hashed password."""
    from web import accounts, db
    from web.admin import validate_user

    app = _app(args)
    form = {
        "username": args.username,
        "name": args.name,
        "role": args.role,
        "rank_or_role": args.rank,
        "force_number": args.number,
        "force": args.force or app.config["FORCE_NAME"],
    }
    with app.app_context():
        errors = validate_user(form)
    if errors:
        option = {"rank_or_role": "--rank", "force_number": "--number"}.get(next(iter(errors)), next(iter(errors)))
        return _fail(f"{option}: {next(iter(errors.values()))}")
    try:
        password = _read_password(args)
    except ValueError as error:
        return _fail(f"password: {error}")
    try:
        accounts.add_user(db.make_engine(app.config["DATABASE_URL"]), password=password, **form)
    except ValueError as error:
        return _fail(f"username: {error}")
    print(f"added {args.username} ({args.role}, {form['force']})")
    return EXIT_OK


def run_token(args: argparse.Namespace) -> int:
    """Issue an API token; only its hash is kept, so it is printed once."""
    from web import accounts, db, tokens

    app = _app(args)
    engine = db.make_engine(app.config["DATABASE_URL"])
    user = accounts.get_user_by_username(engine, args.username)
    if user is None:
        return _fail(f"username: no such user {args.username!r}")
    print(tokens.add_token(engine, user["id"], args.label))
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """One line per account: username, role, name, number, force, active."""
    from web import accounts, db

    app = _app(args)
    for user in accounts.list_users(db.make_engine(app.config["DATABASE_URL"])):
        state = "active" if user["active"] else "disabled"
        print("\t".join([user["username"], user["role"], user["name"], user["force_number"], user["force"], state]))
    return EXIT_OK


def run_password(args: argparse.Namespace) -> int:
    """Replace a user's password."""
    from web import accounts, db

    app = _app(args)
    try:
        password = _read_password(args)
    except ValueError as error:
        return _fail(f"password: {error}")
    if not accounts.set_password(db.make_engine(app.config["DATABASE_URL"]), args.username, password):
        return _fail(f"username: no such user {args.username!r}")
    print(f"password changed for {args.username}")
    return EXIT_OK
