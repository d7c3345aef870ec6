"""Draft policy packs: legal services upload a draft as a zip, see its problems with ``file:line`` and its
impact against the live pack over the scenarios and past decisions, and discard it when done.

A draft is never executed and never becomes the live pack: the zip is read safely
(``web.pack_upload``), only its YAML is read, by the engine's strict loader (``web.draft_impact``), and
the live pack stays what the deployment configures. Publishing is a reviewed change outside the web.
Drafts belong to the person who uploaded them and are deleted after ``LEGAL_DRAFT_RETENTION_DAYS``.
"""

from __future__ import annotations

import datetime
import os
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from web import db, draft_impact, pack_drafts
from web.pack import category_label, get_pack
from web.pack_upload import Limits, UploadError, read_zip
from web.permissions import requires
from web.words import message, words

bp = Blueprint("legal_drafts", __name__, url_prefix="/legal/drafts")
UPLOAD_FIELD = "pack"


@bp.route("/")
@requires("legal:drafts")
def index() -> ResponseReturnValue:
    """The user's drafts and the upload form."""
    return _index_page({})


@bp.route("/", methods=("POST",))
@requires("legal:drafts")
def upload() -> ResponseReturnValue:
    """Check an uploaded zip, keep the draft, and start working out its impact if it is valid."""
    upload = request.files.get(UPLOAD_FIELD)
    if upload is None or not upload.filename:
        return _index_page({UPLOAD_FIELD: words().form_error("draft.file")}), 400
    config = current_app.config
    limits = Limits(
        config["LEGAL_DRAFT_MAX_FILES"], config["LEGAL_DRAFT_MAX_FILE_BYTES"], config["LEGAL_DRAFT_MAX_TOTAL_BYTES"]
    )
    try:
        files = read_zip(upload.read(limits.max_total_bytes + 65536), limits)
    except UploadError as error:
        return _index_page({UPLOAD_FIELD: words().form_error("draft.refused", str(error))}), 400
    problems = draft_impact.check_files(files, os.path.join(current_app.instance_path, "legal-drafts"))
    name = os.path.basename(upload.filename.replace("\\", "/")) or "draft.zip"
    draft_id = pack_drafts.new_draft(db.get_engine(), g.user["id"], name, files, problems)
    if not problems:
        draft_impact.start(current_app._get_current_object(), draft_id)  # type: ignore[attr-defined]
    return redirect(url_for("legal_drafts.show", draft_id=draft_id))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> ResponseReturnValue:
    megabytes = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    return _index_page({UPLOAD_FIELD: words().form_error("draft.too_large", f"{megabytes:.0f}")}), 413


def _index_page(errors: dict[str, str]) -> str:
    drafts = pack_drafts.list_drafts(db.get_engine(), g.user["id"], current_app.config["LEGAL_DRAFT_RETENTION_DAYS"])
    return render_template(
        "legal/drafts.html",
        drafts=drafts,
        errors=errors,
        pack=get_pack(),
        retention_days=current_app.config["LEGAL_DRAFT_RETENTION_DAYS"],
        limits=current_app.config,
    )


@bp.route("/<draft_id>")
@requires("legal:drafts")
def show(draft_id: str) -> ResponseReturnValue:
    """One draft: its problems, or its impact (being worked out, failed, or the report)."""
    draft = _draft(draft_id)
    return render_template(
        "legal/draft.html",
        draft=draft,
        report=draft["report"],
        stopped=_stopped(draft),
        file_count=len(draft["files"]),
        expires=draft["created_at"] + datetime.timedelta(days=current_app.config["LEGAL_DRAFT_RETENTION_DAYS"]),
        pack=get_pack(),
        category=lambda item: category_label(get_pack(), item),
    )


@bp.route("/<draft_id>/run", methods=("POST",))
@requires("legal:drafts")
def run(draft_id: str) -> ResponseReturnValue:
    """Work the impact out again (after a failure, or a run that stopped with its process)."""
    draft = _draft(draft_id)
    if draft["status"] == pack_drafts.INVALID:
        abort(404)
    if draft["status"] in (pack_drafts.DONE, pack_drafts.FAILED) or _stopped(draft):
        pack_drafts.set_state(db.get_engine(), draft_id, pack_drafts.QUEUED, started_at=None)
        draft_impact.start(current_app._get_current_object(), draft_id)  # type: ignore[attr-defined]
    return redirect(url_for("legal_drafts.show", draft_id=draft_id))


@bp.route("/<draft_id>/delete", methods=("POST",))
@requires("legal:drafts")
def delete(draft_id: str) -> ResponseReturnValue:
    """Discard a draft and everything worked out about it."""
    if not pack_drafts.delete_draft(db.get_engine(), draft_id, g.user["id"]):
        abort(404)
    flash(message("draft_discarded"), "success")
    return redirect(url_for("legal_drafts.index"))


def _draft(draft_id: str) -> dict[str, Any]:
    """The user's draft within the retention period, else 404."""
    draft = pack_drafts.get_draft(db.get_engine(), draft_id, g.user["id"])
    days = current_app.config["LEGAL_DRAFT_RETENTION_DAYS"]
    if draft is None or draft["created_at"] < db.utcnow() - datetime.timedelta(days=days):
        abort(404)
    return draft


def _stopped(draft: dict[str, Any]) -> bool:
    """A run marked running for longer than a run may take: its process stopped (a restart, a crash)."""
    limit = datetime.timedelta(seconds=current_app.config["LEGAL_IMPACT_TIMEOUT_SECONDS"] + 60)
    started = draft.get("started_at")
    return draft["status"] == pack_drafts.RUNNING and started is not None and started < db.utcnow() - limit
