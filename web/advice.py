"""The advice page: the engine's decision on a completed draft, laid out for an officer.

Nothing here decides anything. The page arranges the engine's advice (see ``web.advice_view``): the
decision and its one-line summary, what to do with each kind of information, how to send it, redactions
as a checklist, conditions, referrals, the law, why (and why not), and the four layers of the decision.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from web.advice_view import advice_view
from web.draft_store import Draft
from web.drafts import Advice, complete_draft, meeting_link
from web.permissions import requires

bp = Blueprint("advice", __name__, url_prefix="/check")


@bp.route("/<draft_id>/advice")
@requires("advice:ask")
@complete_draft
def show(draft: Draft, advice: Advice) -> ResponseReturnValue:
    """Show the advice for a draft whose questions are all answered."""
    link = meeting_link(draft["id"])
    return render_template(
        "advice/advice.html",
        draft=draft,
        advice=advice,
        view=advice_view(draft["answers"], advice),
        meeting=link[0] if link else None,
        subject=link[1] if link else None,
    )
