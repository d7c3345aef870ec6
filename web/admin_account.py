"""One account, for administrators: its details and state, sessions and API tokens, and what can be done.

Disable or re-enable it, change its role, set a new one-off password, sign it out everywhere, issue and
revoke API tokens: each through ``web.account_actions``, which ends what must end and audits it. An
administrator cannot disable their own account or change their own role (so no one locks the last
administrator out by mistake); another administrator, or ``sharewise users``, can.
"""

from __future__ import annotations

import secrets

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from web import account_actions, accounts, db, sessions, tokens
from web.admin import bp
from web.permissions import ROLES, requires
from web.words import message, words

EXPIRY_CHOICES = (30, 90, 180, 365)


def _account(user_id: int) -> accounts.User:
    user = accounts.get_user(db.get_engine(), user_id)
    if user is None:
        abort(404)
    return user


def _not_yourself(user: accounts.User, what: str) -> ResponseReturnValue | None:
    if user["id"] == g.user["id"]:
        flash(message("not_yourself", what), "info")
        return redirect(url_for("admin.account", user_id=user["id"]))
    return None


@bp.route("/users/<int:user_id>")
@requires("admin:users")
def account(user_id: int) -> ResponseReturnValue:
    """An account's details, state, live sessions and tokens, with the actions on each."""
    user = _account(user_id)
    config = current_app.config
    live = sessions.live(
        db.get_engine(), user_id, config["IDLE_TIMEOUT_MINUTES"] * 60, config["SESSION_ABSOLUTE_HOURS"] * 3600
    )
    return render_template(
        "admin/account.html",
        user=user,
        live_sessions=len(live),
        tokens=tokens.list_tokens(db.get_engine(), user_id),
    )


@bp.route("/users/<int:user_id>/disable", methods=("POST",))
@requires("admin:users")
def disable(user_id: int) -> ResponseReturnValue:
    """Disable the account: its sessions end and its tokens are revoked at once."""
    user = _account(user_id)
    refused = _not_yourself(user, "disable")
    if refused:
        return refused
    account_actions.disable(db.get_engine(), user_id)
    flash(message("account_disabled", user["username"]), "success")
    return redirect(url_for("admin.account", user_id=user_id))


@bp.route("/users/<int:user_id>/enable", methods=("POST",))
@requires("admin:users")
def enable(user_id: int) -> ResponseReturnValue:
    """Re-enable the account (it signs in again; revoked tokens stay revoked)."""
    user = _account(user_id)
    account_actions.enable(db.get_engine(), user_id)
    flash(message("account_enabled", user["username"]), "success")
    return redirect(url_for("admin.account", user_id=user_id))


@bp.route("/users/<int:user_id>/sign-out", methods=("POST",))
@requires("admin:users")
def sign_out(user_id: int) -> ResponseReturnValue:
    """End every session of the account."""
    user = _account(user_id)
    ended = account_actions.sign_out_everywhere(db.get_engine(), user_id)
    flash(message("account_signed_out", user["username"], ended), "success")
    return redirect(url_for("admin.account", user_id=user_id))


@bp.route("/users/<int:user_id>/password", methods=("POST",))
@requires("admin:users")
def reset_password(user_id: int) -> ResponseReturnValue:
    """Set a new one-off password, shown once; every session of the account ends."""
    user = _account(user_id)
    password = secrets.token_urlsafe(12)
    account_actions.set_password(db.get_engine(), user_id, password)
    return render_template("admin/password_set.html", user=user, password=password)


@bp.route("/users/<int:user_id>/role", methods=("GET", "POST"))
@requires("admin:users")
def role(user_id: int) -> ResponseReturnValue:
    """Give the account another role (one question on its own page)."""
    user = _account(user_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        refused = _not_yourself(user, "change_role")
        if refused:
            return refused
        chosen = request.form.get("role", "")
        if chosen not in ROLES:
            errors["role"] = words().form_error("user.role")
        else:
            account_actions.change_role(db.get_engine(), user_id, chosen)
            flash(message("role_changed", user["username"], chosen), "success")
            return redirect(url_for("admin.account", user_id=user_id))
    return render_template("admin/role.html", user=user, roles=ROLES, errors=errors)


@bp.route("/users/<int:user_id>/tokens/new", methods=("GET", "POST"))
@requires("admin:users")
def new_token(user_id: int) -> ResponseReturnValue:
    """Issue an API token for the account: a label, a scope and an expiry; the token is shown once."""
    user = _account(user_id)
    errors: dict[str, str] = {}
    label, scopes = request.form.get("label", "").strip(), request.form.getlist("scopes")
    expires = request.form.get("expires", "90")
    if request.method == "POST":
        if not label or len(label) > 200:
            errors["label"] = words().form_error("token.label")
        if not scopes or any(scope not in tokens.SCOPES for scope in scopes):
            errors["scopes"] = words().form_error("token.scopes")
        if expires not in {str(days) for days in EXPIRY_CHOICES}:
            errors["expires"] = words().form_error("token.expires")
        if not errors:
            _token_id, token = account_actions.issue_token(db.get_engine(), user_id, label, tuple(scopes), int(expires))
            return render_template("admin/token_created.html", user=user, token=token, label=label)
    form = {"label": label, "scopes": scopes, "expires": expires}
    return render_template(
        "admin/new_token.html", user=user, form=form, errors=errors, scopes=tokens.SCOPES, expiries=EXPIRY_CHOICES
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=("POST",))
@requires("admin:users")
def revoke_token(token_id: int) -> ResponseReturnValue:
    """Revoke one API token at once."""
    row = tokens.get_token(db.get_engine(), token_id)
    if row is None:
        abort(404)
    if account_actions.revoke_token(db.get_engine(), token_id):
        flash(message("token_revoked", row["label"]), "success")
    return redirect(url_for("admin.account", user_id=row["user_id"]))
