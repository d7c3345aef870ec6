"""Unfinished checks are deleted once DRAFT_RETENTION_DAYS have passed since they were last touched, and
legal services' draft packs once LEGAL_DRAFT_RETENTION_DAYS have passed since they were uploaded.

Drafts hold case details, so they must not outlive the retention period, whoever owns them. The purge
runs when the app starts and then at most once every DRAFT_PURGE_INTERVAL_SECONDS, before the first
request after that: no timer thread, because gunicorn forks its workers, and a request is when the app
is using the database anyway. Lists of drafts leave expired ones out even before a purge deletes them.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, current_app

from web import draft_store, pack_drafts

log = logging.getLogger(__name__)

_PURGED_AT = "sharewise_drafts_purged_at"


def init_app(app: Flask) -> None:
    """Purge now, and again before the first request after each interval."""
    purge(app)
    app.before_request(_purge_when_due)


def purge(app: Flask) -> int:
    """Delete every expired draft now; returns how many were deleted."""
    engine = app.extensions["sharewise_db"]
    deleted = draft_store.purge_expired_drafts(engine, app.config["DRAFT_RETENTION_DAYS"])
    packs = pack_drafts.purge_expired(engine, app.config["LEGAL_DRAFT_RETENTION_DAYS"])
    app.extensions[_PURGED_AT] = time.monotonic()
    if deleted or packs:
        log.info("deleted %d drafts and %d draft packs older than their retention periods", deleted, packs)
    return deleted


def _purge_when_due() -> None:
    if time.monotonic() - current_app.extensions[_PURGED_AT] >= current_app.config["DRAFT_PURGE_INTERVAL_SECONDS"]:
        purge(current_app)
