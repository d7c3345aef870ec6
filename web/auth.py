"""Signing in and out with local accounts, idle expiry and a sign-in throttle.

The session cookie (signed, HttpOnly, SameSite=Lax, Secure outside the dev server) holds only the user
id and the time of the last request. A session idle for longer than IDLE_TIMEOUT_MINUTES is dropped on
the server side as well as by the cookie's own lifetime, because a cookie's expiry is the browser's to
honour and police terminals are shared.
"""

from __future__ import annotations

import time

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from web import accounts, db, throttle
from web.permissions import SIGNED_IN, public, requires
from web.security import safe_next
from web.words import words

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.before_app_request
def load_logged_in_user() -> None:
    """Put the signed-in, active user on ``g.user`` (or None), ending idle sessions."""
    g.user = None
    user_id = session.get("user_id")
    if user_id is None or request.path.startswith("/static/"):
        return
    now = int(time.time())
    idle_limit = current_app.config["IDLE_TIMEOUT_MINUTES"] * 60
    if now - session.get("seen", 0) > idle_limit:
        session.clear()
        flash("signed_out_idle", "info")
        return
    user = accounts.get_user(db.get_engine(), user_id)
    if user is None or not user["active"]:
        session.clear()
        return
    g.user = user
    session["seen"] = now


@bp.route("/login", methods=("GET", "POST"))
@public
def login() -> ResponseReturnValue:
    """Sign in. Too many failures for a username from one address, or from one address, are refused."""
    errors: dict[str, str] = {}
    username = ""
    next_url = safe_next(request.values.get("next"), url_for("index"))
    status = 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        if not username:
            errors["username"] = "login.username"
        if not password:
            errors["password"] = "login.password"
        if not errors:
            engine = db.get_engine()
            address = request.remote_addr or "unknown"
            config = current_app.config
            pair, by_address = throttle.recent_failures(engine, username, address, config["LOGIN_WINDOW_SECONDS"])
            if pair >= config["LOGIN_MAX_FAILURES"] or by_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]:
                minutes = config["LOGIN_WINDOW_SECONDS"] // 60
                errors["username"] = str(words().form_error("login.throttled", minutes))
                status = 429
            else:
                user = accounts.authenticate(engine, username, password)
                throttle.record_login_attempt(engine, username, address, ok=user is not None)
                if user is None:
                    errors["username"] = "login.wrong"
                else:
                    # A fresh session on sign-in: nothing from before survives (session fixation).
                    session.clear()
                    session.permanent = True
                    session["user_id"] = user["id"]
                    session["seen"] = int(time.time())
                    return redirect(next_url)
    errors = {field: str(words().form_error(code)) for field, code in errors.items()}
    return render_template("auth/login.html", errors=errors, username=username, next_url=next_url), status


@bp.route("/logout", methods=("POST",))
@requires(SIGNED_IN)
def logout() -> ResponseReturnValue:
    """Sign out (a POST from the header's button, so another site cannot sign the officer out)."""
    session.clear()
    flash("signed_out", "info")
    return redirect(url_for("auth.login"))
