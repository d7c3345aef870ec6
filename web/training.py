"""Trainers' area (placeholder). Guarded like every other page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from web.permissions import requires

bp = Blueprint("training", __name__, url_prefix="/training")


@bp.route("/")
@requires("training:view")
def index() -> ResponseReturnValue:
    """Where scenario runs for training will live; for now trainers use the questionnaire itself."""
    return render_template("training/index.html")
