"""The questionnaire: one question per page, then check your answers.

The engine decides what to ask: the next question is always the first id in the advice's ``missing``
list, so an officer is asked only what can still change the outcome. Answers are kept in a server-side
draft (``web.draft_store``) so that the officer can stop and resume. The pages themselves are
``web.journey``'s, shared with practice runs and scenario writing; this module gives them the draft.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from web import db, draft_store, journey
from web.draft_store import Draft
from web.drafts import Advice, complete_draft, draft_journey, load_draft, record_needs, unfinished_drafts
from web.permissions import requires

bp = Blueprint("questionnaire", __name__, url_prefix="/check")


@bp.route("/")
@requires("advice:ask")
def start() -> ResponseReturnValue:
    """Start page: what the check does, a start button and unfinished drafts."""
    drafts = unfinished_drafts()
    return render_template("questionnaire/start.html", drafts=drafts)


@bp.route("/new", methods=("POST",))
@requires("advice:ask")
def new() -> ResponseReturnValue:
    """Open a new draft and go to its first question."""
    draft_id = draft_store.new_draft(db.get_engine(), g.user["id"])
    return redirect(url_for("questionnaire.resume", draft_id=draft_id))


@bp.route("/<draft_id>")
@requires("advice:ask")
@complete_draft
def resume(draft: Draft, _advice: Advice) -> ResponseReturnValue:
    """Carry on where the officer stopped: the next question, or check your answers if none is left."""
    return redirect(url_for("questionnaire.check_answers", draft_id=draft["id"]))


@bp.route("/<draft_id>/question/<question_id>", methods=("GET", "POST"))
@requires("advice:ask")
def question(draft_id: str, question_id: str) -> ResponseReturnValue:
    """Ask one question (``web.journey.ask``). A question the advice no longer needs may still be asked
    because the justification record needs it; the officer then returns to the record form."""
    draft = load_draft(draft_id)
    for_record = request.args.get("record") == "1" and question_id == record_needs(draft)
    return journey.ask(
        draft_journey(draft),
        draft,
        question_id,
        also_allowed=for_record,
        done_url=url_for("records.new", draft_id=draft_id) if for_record else None,
        back=url_for("advice.show", draft_id=draft_id) if for_record else None,
        for_record=for_record,
    )


@bp.route("/<draft_id>/answers")
@requires("advice:ask")
@complete_draft
def check_answers(draft: Draft, _advice: Advice) -> ResponseReturnValue:
    """Check your answers, with a change link per answer. Sends the officer back if anything is missing."""
    return render_template(
        "questionnaire/check_answers.html", draft=draft, rows=journey.answer_rows(draft), journey=draft_journey(draft)
    )


@bp.route("/<draft_id>/delete", methods=("POST",))
@requires("advice:ask")
def discard(draft_id: str) -> ResponseReturnValue:
    """Throw a draft away."""
    load_draft(draft_id)
    draft_store.delete_draft(db.get_engine(), draft_id, g.user["id"])
    flash("The check was deleted.", "success")
    return redirect(url_for("questionnaire.start"))
