"""Account administration: list accounts and create local ones (administrators only).

Administrators manage who can sign in; they see no advice and no records (see permissions.py).
"""

from __future__ import annotations

import secrets

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from web import accounts, db
from web.permissions import ROLES, requires
from web.words import words

bp = Blueprint("admin", __name__, url_prefix="/admin")

FIELDS = ("username", "name", "role", "rank_or_role", "force_number", "force")


@bp.route("/users")
@requires("admin:users")
def users() -> ResponseReturnValue:
    """Every account, with its role and force."""
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
                accounts.add_user(db.get_engine(), password=password, **form)
            except ValueError as error:
                errors["username"] = str(error).capitalize()
            else:
                return render_template("admin/created.html", user=form, password=password)
    return render_template("admin/new_user.html", form=form, errors=errors, roles=ROLES)


def validate_user(form: dict[str, str]) -> dict[str, str]:
    """What an account needs: a username, a name, a known role, a force; rank and number for record keepers."""
    errors = {}
    if not form["username"] or len(form["username"]) > 80 or any(c.isspace() for c in form["username"]):
        errors["username"] = "user.username"
    if not form["name"]:
        errors["name"] = "user.name"
    if form["role"] not in ROLES:
        errors["role"] = "user.role"
    if form["role"] in ("officer", "supervisor"):
        if not form["rank_or_role"]:
            errors["rank_or_role"] = "user.rank_or_role"
        if not form["force_number"]:
            errors["force_number"] = "user.force_number"
    if not form["force"]:
        errors["force"] = "user.force"
    return {field: str(words().form_error(code)) for field, code in errors.items()}
