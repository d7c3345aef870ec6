"""The signed-in person's own account: their live sessions, "sign out everywhere", and a new password.

Signing out everywhere ends every session of the account, this one included; a new password ends every
other session too and starts a fresh one here (``web.account_actions``, ``web.sessions``). Both are audited.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.security import check_password_hash

from web import account_actions, accounts, db, sessions
from web.auth import begin_session
from web.permissions import SIGNED_IN, requires
from web.words import words

bp = Blueprint("account", __name__, url_prefix="/account")

MIN_PASSWORD_LENGTH = 12


def password_problem(password: str) -> str | None:
    """Why a new password is not good enough, as a code of ``words.form_error`` (one rule for the page and the
    command line), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "password.short"
    if len(password) > 1000:
        return "password.long"
    return None


@bp.route("/")
@requires(SIGNED_IN)
def index() -> ResponseReturnValue:
    """Who you are signed in as, your live sessions, and what you can do about them."""
    config = current_app.config
    live = sessions.live(
        db.get_engine(), g.user["id"], config["IDLE_TIMEOUT_MINUTES"] * 60, config["SESSION_ABSOLUTE_HOURS"] * 3600
    )
    return render_template("account/index.html", sessions=live)


@bp.route("/sign-out-everywhere", methods=("POST",))
@requires(SIGNED_IN)
def sign_out_everywhere() -> ResponseReturnValue:
    """End every session of this account, on every device, this one included."""
    account_actions.sign_out_everywhere(db.get_engine(), g.user["id"], sessions.EVERYWHERE, "auth.sign_out_everywhere")
    session.clear()
    flash("signed_out_everywhere", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=("GET", "POST"))
@requires(SIGNED_IN)
def password() -> ResponseReturnValue:
    """Change your password: every other session of the account ends."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        current = request.form.get("current_password", "")
        new = request.form.get("new_password", "")
        user = accounts.get_user(db.get_engine(), g.user["id"])
        if not current:
            errors["current_password"] = "password.current_missing"
        elif user is None or not check_password_hash(user["password_hash"], current):
            errors["current_password"] = "password.current_wrong"
        problem = password_problem(new)
        if problem:
            errors["new_password"] = problem
        elif new != request.form.get("confirm_password", ""):
            errors["confirm_password"] = "password.mismatch"
        if not errors and user is not None:
            account_actions.set_password(db.get_engine(), user["id"], new, "auth.password_changed")
            begin_session(user)
            flash("password_changed", "success")
            return redirect(url_for("account.index"))
    errors = {field: words().form_error(code, MIN_PASSWORD_LENGTH) for field, code in errors.items()}
    return render_template("account/password.html", errors=errors)
