"""Account administration (administrators only): list accounts, create them, and look after each one.

Administrators manage who can sign in; they see no advice and no records (see permissions.py). What each
action on an account does besides (sessions ended, tokens revoked, the audit log) is
``web.account_actions``'; the pages for one account are in ``web.admin_account``.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from web import account_actions, accounts, db
from web.permissions import ROLES, requires

bp = Blueprint("admin", __name__, url_prefix="/admin")

FIELDS = ("username", "name", "role", "rank_or_role", "force_number", "force")


@bp.route("/users")
@requires("admin:users")
def users() -> ResponseReturnValue:
    """Every account, with its role, force and state."""
    return render_template("admin/users.html", users=accounts.list_users(db.get_engine()))


@bp.route("/users/new", methods=("GET", "POST"))
@requires("admin:users")
def new_user() -> ResponseReturnValue:
    """Create a local account with a one-off password shown once to the administrator."""
    errors: dict[str, str] = {}
    form = {name: request.form.get(name, "").strip() for name in FIELDS}
    if request.method == "POST":
        errors = validate_user(form)
        if not errors:
            password = secrets.token_urlsafe(12)
            try:
                account_actions.create(db.get_engine(), form, password)
            except accounts.IdentityTaken as error:
                errors[error.field] = str(error).capitalize()
            else:
                return render_template("admin/created.html", user=form, password=password)
    return render_template("admin/new_user.html", form=form, errors=errors, roles=ROLES)


def validate_user(form: dict[str, str]) -> dict[str, str]:
    """What an account needs: a username, a name, a known role, a force; rank and number for record keepers."""
    errors = {}
    if not form["username"] or len(form["username"]) > 80 or any(c.isspace() for c in form["username"]):
        errors["username"] = "Enter a username of up to 80 characters, without spaces"
    if not form["name"] or len(form["name"]) > 200:
        errors["name"] = "Enter the person's full name (up to 200 characters)"
    if form["role"] not in ROLES:
        errors["role"] = "Select a role"
    if form["role"] in ("officer", "supervisor"):
        if not form["rank_or_role"]:
            errors["rank_or_role"] = "Enter the rank or role (it goes on every justification record)"
        if not form["force_number"]:
            errors["force_number"] = "Enter the collar or staff number (it goes on every justification record)"
    if len(form["rank_or_role"]) > 100:
        errors["rank_or_role"] = "Enter the rank or role in up to 100 characters"
    if len(form["force_number"]) > 40:
        errors["force_number"] = "Enter the number in up to 40 characters"
    if not form["force"] or len(form["force"]) > 200:
        errors["force"] = "Enter the force (up to 200 characters)"
    return errors
