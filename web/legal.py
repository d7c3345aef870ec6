"""Legal services' area (placeholder): the policy pack in use. Guarded like every other page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from web.pack import get_pack
from web.permissions import requires

bp = Blueprint("legal", __name__, url_prefix="/legal")


@bp.route("/")
@requires("legal:view")
def index() -> ResponseReturnValue:
    """Which pack is in use and how many questions it asks; editing and diffing policies come later."""
    pack = get_pack()
    return render_template("legal/index.html", pack=pack)
