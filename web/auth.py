"""Signing in and out with local accounts: server-side sessions, idle and absolute expiry, the throttle.

The session cookie (signed, HttpOnly, SameSite=Lax, Secure outside the dev server) holds the user id, a
random session token and the time of the last request. The token names a ``web_sessions`` row
(``web.sessions``), and a session whose row has ended is refused: so a cookie copied before sign-out does
not work after it, nor after a password change, "sign out everywhere", the account being disabled,
IDLE_TIMEOUT_MINUTES without a request or SESSION_ABSOLUTE_HOURS after sign-in. Idle time is also checked
on the cookie's own clock, because police terminals are shared.

Sign-in attempts go through the throttle (``web.throttle``) first; a browser that signed in before carries
a device cookie (``web.devices``) that keeps its owner from being locked out by others' failures.
"""

from __future__ import annotations

import math
import time

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from web import accounts, audit, db, devices, identity, sessions, throttle
from web.permissions import SIGNED_IN, public, requires
from web.security import safe_next
from web.words import words

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.before_app_request
def load_logged_in_user() -> None:
    """Put the signed-in, active user on ``g.user`` (or None), refusing sessions that have ended."""
    g.user = None
    user_id = session.get("user_id")
    if user_id is None or request.path.startswith(("/static/", "/api/")):
        return
    config, now = current_app.config, int(time.time())
    idle = config["IDLE_TIMEOUT_MINUTES"] * 60
    engine = db.get_engine()
    ended: str | None
    if now - session.get("seen", 0) > idle:
        sessions.end(engine, session.get("sid"), sessions.IDLE)
        ended = sessions.IDLE
    else:
        ended = sessions.check(engine, session.get("sid"), user_id, idle, config["SESSION_ABSOLUTE_HOURS"] * 3600)
    user = accounts.get_user(engine, user_id) if ended is None else None
    if ended is None and (user is None or not user["active"]):
        sessions.end(engine, session.get("sid"), sessions.DISABLED)
        ended = sessions.DISABLED
    if ended is not None:
        session.clear()
        audit.record("auth.session_refused", "refused", actor="", subject_id=user_id, reason=ended)
        flash(f"session_ended:{ended}", "info")
        return
    g.user = user
    session["seen"] = now


def begin_session(user: accounts.User) -> None:
    """A fresh signed-in session for a user: nothing from before survives (session fixation)."""
    session.clear()
    session.permanent = True
    session["user_id"] = user["id"]
    session["sid"] = sessions.start(db.get_engine(), user["id"], request.remote_addr or "")
    session["seen"] = int(time.time())


@bp.route("/login", methods=("GET", "POST"))
@public
def login() -> ResponseReturnValue:
    """Sign in, through the throttle: refused attempts are a 429 saying how long to wait."""
    errors: dict[str, str] = {}
    username = ""
    next_url = safe_next(request.values.get("next"), url_for("index"))
    status = 200
    if request.method == "POST":
        username = request.form.get("username", "").strip()[:200]
        password = request.form.get("password", "")
        if not username:
            errors["username"] = "login.username"
        if not password:
            errors["password"] = "login.password"
        if not errors:
            user = _attempt(username, password)
            if isinstance(user, int):
                minutes = max(1, math.ceil(user / 60))
                errors["username"] = words().form_error("login.throttled", minutes)
                status = 429
            elif user is None:
                errors["username"] = "login.wrong"
            else:
                device = devices.device_for(user["id"])
                begin_session(user)
                audit.record("auth.sign_in", actor=user)
                response = redirect(next_url)
                devices.remember(response, user["id"], device)
                return response
    errors = {field: words().form_error(code) for field, code in errors.items()}
    return render_template("auth/login.html", errors=errors, username=username, next_url=next_url), status


def _attempt(username: str, password: str) -> accounts.User | int | None:
    """The user if the password is right; None if not; seconds to wait if the throttle refuses the attempt."""
    engine = db.get_engine()
    key, address = identity.username_key(username)[:80], request.remote_addr or "unknown"
    known = accounts.get_user_by_username(engine, username)
    device = devices.device_for(known["id"] if known else None)
    verdict = throttle.verdict(engine, current_app.config, key, address, device)
    subject = known["id"] if known else None
    if not verdict.allowed:
        audit.record("auth.sign_in", "refused", actor="", subject_id=subject, limit=verdict.limit)
        return verdict.retry_after
    user = accounts.authenticate(engine, username, password)
    throttle.record_login_attempt(engine, key, address, ok=user is not None, device=device)
    if user is None:
        audit.record("auth.sign_in", "failed", actor="", subject_id=subject, username_known=known is not None)
    return user


@bp.route("/logout", methods=("POST",))
@requires(SIGNED_IN)
def logout() -> ResponseReturnValue:
    """Sign out (a POST from the header's button, so another site cannot sign the officer out).

    The session's row ends, so a copy of the cookie no longer works either.
    """
    sessions.end(db.get_engine(), session.get("sid"), sessions.SIGNED_OUT)
    audit.record("auth.sign_out")
    session.clear()
    flash("signed_out", "info")
    return redirect(url_for("auth.login"))
