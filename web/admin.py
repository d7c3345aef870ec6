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
from web.words import words

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
                errors[error.field] = words().form_error(f"taken.{error.code}", *error.values)
            else:
                return render_template("admin/created.html", user=form, password=password)
    return render_template("admin/new_user.html", form=form, errors=errors, roles=ROLES)


def validate_user(form: dict[str, str]) -> dict[str, str]:
    """What an account needs: a username, a name, a known role, a force; rank and number for record keepers."""
    errors = {}
    if not form["username"] or len(form["username"]) > 80 or any(c.isspace() for c in form["username"]):
        errors["username"] = "user.username"
    if not form["name"] or len(form["name"]) > 200:
        errors["name"] = "user.name"
    if form["role"] not in ROLES:
        errors["role"] = "user.role"
    if form["role"] in ("officer", "supervisor"):
        if not form["rank_or_role"]:
            errors["rank_or_role"] = "user.rank_or_role"
        if not form["force_number"]:
            errors["force_number"] = "user.force_number"
    if len(form["rank_or_role"]) > 100:
        errors["rank_or_role"] = "user.rank_or_role_long"
    if len(form["force_number"]) > 40:
        errors["force_number"] = "user.force_number_long"
    if not form["force"] or len(form["force"]) > 200:
        errors["force"] = "user.force"
    return {field: words().form_error(code) for field, code in errors.items()}
