"""The officers' web journey: questionnaire, advice, justification records and the decide API.

The web package holds no legal logic. Every question, answer check and piece of advice comes from the
engine's policy pack; these modules only ask, show and record.

Configuration is read, later sources winning, from: the defaults below, ``instance/config.py``, the
environment (``SHAREWISE_*``, e.g. ``SHAREWISE_SECRET_KEY``, ``SHAREWISE_DATABASE_URL``,
``SHAREWISE_SESSION_COOKIE_SECURE=true``) and finally ``test_config``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

DEFAULTS = {
    # No default secret: production must set SHAREWISE_SECRET_KEY; `make run` makes one for itself.
    "SECRET_KEY": None,
    # SQLAlchemy URL shared with the records store (separate tables). None: SQLite in the instance folder.
    "DATABASE_URL": None,
    # A policy pack folder; None uses the engine's bundled pack.
    "POLICY_PACK": None,
    "SERVICE_NAME": "Sharewise",
    "FORCE_NAME": "Demo Constabulary",
    # Header colour. White text sits on it, so it must give WCAG AA contrast (checked at start-up).
    "FORCE_COLOUR": "#0b0c0c",
    # Cookies: secure by default. The embedded dev server (web.run, plain http on 127.0.0.1) turns
    # SESSION_COOKIE_SECURE off for itself; production behind TLS keeps it on.
    "SESSION_COOKIE_NAME": "sharewise_session",
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # Sessions end after this many idle minutes (shared terminals in custody suites and stations), and
    # this many hours after sign-in whatever happens (a shift).
    "IDLE_TIMEOUT_MINUTES": 15,
    "SESSION_ABSOLUTE_HOURS": 12,
    # Sign-in throttle (web.throttle): failures allowed per (username, address) and per address in the
    # window; then the per-account backoff across addresses: free failures, first wait, longest wait.
    "LOGIN_WINDOW_SECONDS": 15 * 60,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_ACCOUNT_FAILURES": 10,
    "LOGIN_BACKOFF_SECONDS": 30,
    "LOGIN_BACKOFF_MAX_SECONDS": 15 * 60,
    # The API (web.api_input, web.rate_limit): body size, nesting depth and answer sets per request, and
    # decisions per token per window, counted in the database so that every worker shares the count.
    "API_MAX_BODY_BYTES": 256 * 1024,
    "API_MAX_DEPTH": 16,
    "API_MAX_BATCH": 50,
    "API_RATE_LIMIT": 600,
    "API_RATE_WINDOW_SECONDS": 60,
    # Security audit log as JSON lines (web.audit): None for audit.log in the instance folder, "-" for
    # standard error (a log shipper), "" for none (the database table is kept either way).
    "AUDIT_LOG": None,
    # Signed checkpoints of the records chain taken by the embedded default (web.checkpoints): the key
    # (None: instance/checkpoint-key.pem, made on first run), the folder (None: instance/checkpoints)
    # and how often. A deployment runs `sharewise records checkpoint` from its own scheduler instead.
    "CHECKPOINT_KEY": None,
    "CHECKPOINT_DIR": None,
    "CHECKPOINT_INTERVAL_SECONDS": 60 * 60,
    # Number of trusted reverse proxies setting X-Forwarded-For (0: use the peer address).
    "PROXY_FIX_X_FOR": 0,
    # Unsubmitted drafts older than this are deleted: at start-up, then at most once per purge interval.
    "DRAFT_RETENTION_DAYS": 7,
    "DRAFT_PURGE_INTERVAL_SECONDS": 60 * 60,
    "RECORDS_PAGE_SIZE": 25,
    "MAX_CONTENT_LENGTH": 1024 * 1024,  # every request, including a draft pack's zip
    # Draft packs uploaded by legal services: kept this long, and at most this big (uncompressed).
    "LEGAL_DRAFT_RETENTION_DAYS": 30,
    "LEGAL_DRAFT_MAX_FILES": 200,
    "LEGAL_DRAFT_MAX_FILE_BYTES": 2 * 1024 * 1024,
    "LEGAL_DRAFT_MAX_TOTAL_BYTES": 8 * 1024 * 1024,
    # A draft's impact (sharewise impact in a child process) is stopped after this long.
    "LEGAL_IMPACT_TIMEOUT_SECONDS": 600,
}

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure the app (flaskr-style factory).

    Every blueprint is registered here so that the role-by-endpoint test matrix sees the whole app.
    """
    instance = os.environ.get("SHAREWISE_INSTANCE_DIR")
    app = Flask(__name__, instance_relative_config=True, instance_path=os.path.abspath(instance) if instance else None)
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SHAREWISE")
    if test_config is not None:
        app.config.from_mapping(test_config)

    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["DATABASE_URL"]:
        path = os.path.join(app.instance_path, "sharewise.sqlite3")
        app.config["DATABASE_URL"] = "sqlite:///" + path
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("SECRET_KEY is not set: export SHAREWISE_SECRET_KEY (see README, Production)")
    _check_force_colour(app.config["FORCE_COLOUR"])
    app.permanent_session_lifetime = app.config["IDLE_TIMEOUT_MINUTES"] * 60

    if app.config["PROXY_FIX_X_FOR"]:
        # Flask's documented way to add WSGI middleware; mypy sees wsgi_app only as a method.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)  # type: ignore[method-assign]

    govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    app.jinja_loader = ChoiceLoader([loader for loader in (app.jinja_loader, govuk) if loader is not None])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    csrf.init_app(app)

    from web import db, draft_retention, security, views

    db.init_app(app)
    draft_retention.init_app(app)
    security.init_app(app)
    views.init_app(app)

    from web import (
        account,
        admin,
        admin_account,  # noqa: F401 - adds one account's pages to the admin blueprint
        advice,
        agreement_register,
        api,
        audit_pages,
        auth,
        cohorts,
        debrief,
        legal,
        legal_drafts,
        meetings,
        practice,
        questionnaire,
        records,
        reviews,
        scenario_editor,
        training,
    )

    app.register_blueprint(auth.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(audit_pages.bp)
    app.register_blueprint(questionnaire.bp)
    app.register_blueprint(advice.bp)
    app.register_blueprint(records.bp)
    app.register_blueprint(reviews.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(legal.bp)
    app.register_blueprint(legal_drafts.bp)
    app.register_blueprint(training.bp)
    app.register_blueprint(meetings.bp)
    app.register_blueprint(agreement_register.bp)
    app.register_blueprint(cohorts.bp)
    app.register_blueprint(scenario_editor.bp)
    app.register_blueprint(debrief.bp)
    app.register_blueprint(practice.bp)
    csrf.exempt(api.bp)
    return app


def _check_force_colour(colour: str | None) -> None:
    """Refuse a header colour that white text cannot be read on (WCAG 2.2 AA, 4.5:1)."""
    if colour is None or not _COLOUR.fullmatch(colour):
        raise ValueError(f"FORCE_COLOUR must look like #1d70b8, not {colour!r}")
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    ratio = 1.05 / (luminance + 0.05)
    if ratio < 4.5:
        raise ValueError(f"FORCE_COLOUR {colour} gives white text a contrast of {ratio:.1f}:1; AA needs 4.5:1")
