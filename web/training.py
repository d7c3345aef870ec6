"""Trainers' area (placeholder). Guarded like every other page."""

from flask import Blueprint, render_template

from web.permissions import requires

bp = Blueprint("training", __name__, url_prefix="/training")


@bp.route("/")
@requires("training:view")
def index():
    """Where scenario runs for training will live; for now trainers use the questionnaire itself."""
    return render_template("training/index.html")
