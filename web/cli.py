"""`sharewise users ...`: manage the web app's local accounts and API tokens from the command line.

Plugged into `sharewise` through the `sharewise.commands` entry point, so the engine never imports
the web package. The database is the web app's (instance config, SHAREWISE_DATABASE_URL, or --database).
Every change is audited (``web.audit``) as done by ``cli:<system user>``; the actions themselves are
``web.cli_actions``.

Exit status: 0 success; 2 bad input (the message names the option); 1 anything else.
"""

from __future__ import annotations

import argparse
import sys

from web.permissions import ROLES
from web.tokens import DEFAULT_EXPIRY_DAYS, SCOPES

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `users` and its actions to the `sharewise` command."""
    from web import cli_actions as run

    parser = subparsers.add_parser(
        "users",
        help="web accounts: add, list, disable, enable, role, password, sign-out; API tokens: token, tokens, revoke",
        description="Manage the web app's local accounts and API tokens. Every change is written to the audit log.",
    )
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        metavar="URL",
        default=None,
        help="database URL (default: the web app's: $SHAREWISE_DATABASE_URL or instance/sharewise.sqlite3)",
    )

    def action(name: str, help_text: str, handler: object, *users: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, parents=[common], help=help_text, description=help_text)
        for argument in users:
            sub.add_argument(argument)
        sub.set_defaults(handler=handler)
        return sub

    add = action("add", "add a local account (prompts for the password)", run.add, "username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", required=True, help="full name, as it appears on justification records")
    add.add_argument("--force", default=None, help="force name (default: the app's FORCE_NAME)")
    add.add_argument("--rank", default="", help="rank or role (required for officers and supervisors)")
    add.add_argument("--number", default="", help="collar or staff number (required for officers and supervisors)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    action("list", "list accounts", run.list_accounts)

    password = action("password", "set a user's password (ends all their sessions)", run.password, "username")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")

    action("disable", "disable an account: its sessions end and its API tokens are revoked", run.disable, "username")
    action("enable", "re-enable a disabled account", run.enable, "username")
    role = action("role", "give an account another role", run.role, "username")
    role.add_argument("role", choices=ROLES)
    action("sign-out", "end every session of an account (sign out everywhere)", run.sign_out, "username")

    token = action("token", "issue an API token for a user (shown once)", run.token, "username")
    token.add_argument("--label", default="", help="what the token is for")
    token.add_argument(
        "--scope",
        action="append",
        choices=list(SCOPES),
        help="what it may do: decide (default), records (read records); repeat for both",
    )
    token.add_argument(
        "--expires-days",
        type=int,
        default=DEFAULT_EXPIRY_DAYS,
        help=f"days until it expires (default {DEFAULT_EXPIRY_DAYS})",
    )
    tokens = action(
        "tokens", "list API tokens (label, scope, dates, last use, state; never the token)", run.list_tokens
    )
    tokens.add_argument("username", nargs="?", help="only this user's tokens")
    revoke = action("revoke", "revoke an API token at once (its id, from `sharewise users tokens`)", run.revoke)
    revoke.add_argument("token_id", type=int, metavar="TOKEN_ID")

    parser.set_defaults(handler=lambda _args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_INPUT
