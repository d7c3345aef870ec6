"""The register of information sharing agreements, as officers and legal services read it.

The register is kept by information governance as YAML beside the policy pack and changed through the same
reviewed path (``sharewise validate``, ``sharewise agreements check``), so the web only reads it: officers see
which agreements exist, where each stands today and its conditions; those who keep it (``agreements:review``)
also see what needs attention. Where an agreement stands is the engine's reading of the register.
"""

from __future__ import annotations

import datetime

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from engine.agreements import status_on
from web.pack import find_question, get_pack, option_label, today
from web.permissions import requires

bp = Blueprint("agreements", __name__, url_prefix="/agreements")

ATTENTION_DAYS = 60  # reviews and expiries this close are shown to those who keep the register


@bp.route("/")
@requires("agreements:view")
def index() -> ResponseReturnValue:
    """Every agreement, where it stands today, and (for its keepers) what needs attention."""
    register = get_pack().register
    day = today()
    rows = [status_on(agreement, day) for _, agreement in sorted(register.agreements.items())]
    soon = day + datetime.timedelta(days=ATTENTION_DAYS)
    attention = [
        row
        for row in rows
        if row.status in ("review_overdue", "expired")
        or (row.status == "in_force" and (row.version.review_by <= soon or (row.version.in_force.end or soon) < soon))
    ]
    return render_template("agreements/index.html", register=register, rows=rows, attention=attention, day=day)


@bp.route("/<reference>")
@requires("agreements:view")
def show(reference: str) -> ResponseReturnValue:
    """One agreement: where it stands, its current terms and every version with who changed it and when."""
    pack = get_pack()
    agreement = pack.register.get(reference)
    if agreement is None:
        abort(404)
    found = status_on(agreement, today())

    def label(question_id: str, value: str) -> str:
        question = find_question(pack, question_id)
        return option_label(question, value) if question else value

    return render_template(
        "agreements/show.html", agreement=agreement, found=found, label=label, register=pack.register
    )
