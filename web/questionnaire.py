"""The questionnaire: one question per page, then check your answers.

The engine decides what to ask: the next question is always the first id in the advice's ``missing``
list, so an officer is asked only what can still change the outcome, and then any question the pack
added whose default the advice assumed. Answers are kept in a server-side draft (``web.draft_store``)
so that the officer can stop and resume. The pages themselves are ``web.journey``'s, shared with practice
runs and scenario writing (a changed answer drops the answers about the old one, the pack's
``depends_on``, and those no longer relevant); this module gives them the draft, and its journey proposes
the register's agreements where the engine asks whether one covers the disclosure (``web.agreement_step``).
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from web import db, draft_store, journey
from web.draft_store import Draft
from web.drafts import Advice, complete_draft, draft_journey, load_draft, record_needs, unfinished_drafts
from web.pack import get_pack
from web.permissions import requires

bp = Blueprint("questionnaire", __name__, url_prefix="/check")
FORMAT_QUESTION = "sharing_format"  # other ways of sharing than a one-off can be chosen on the start page


@bp.route("/")
@requires("advice:ask")
def start() -> ResponseReturnValue:
    """Start page: what the check does, a start button and unfinished drafts."""
    drafts = unfinished_drafts()
    question = get_pack().question(FORMAT_QUESTION)
    ways = [o for o in question.options if o.id != question.default] if question is not None else []
    return render_template("questionnaire/start.html", drafts=drafts, ways=ways, format_question=FORMAT_QUESTION)


@bp.route("/new", methods=("POST",))
@requires("advice:ask")
def new() -> ResponseReturnValue:
    """Open a new draft and go to its first question; a way of sharing chosen on the start page is its
    first answer (a one-off disclosure, the default, needs none)."""
    engine_ = db.get_engine()
    draft_id = draft_store.new_draft(engine_, g.user["id"])
    way = request.form.get(FORMAT_QUESTION)
    question = get_pack().question(FORMAT_QUESTION)
    if question is not None and way and question.option(way) is not None and way != question.default:
        draft_store.save_draft(engine_, draft_id, g.user["id"], {FORMAT_QUESTION: way}, [FORMAT_QUESTION])
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
        draft=draft,
    )


@bp.route("/<draft_id>/answers")
@requires("advice:ask")
@complete_draft
def check_answers(draft: Draft, _advice: Advice) -> ResponseReturnValue:
    """Check your answers, with a change link per answer. Sends the officer back if anything is missing."""
    this_journey = draft_journey(draft)
    return render_template(
        "questionnaire/check_answers.html",
        draft=draft,
        rows=journey.answer_rows(draft),
        journey=this_journey,
        **this_journey.context,
    )


@bp.route("/<draft_id>/delete", methods=("GET", "POST"))
@requires("advice:ask")
def discard(draft_id: str) -> ResponseReturnValue:
    """Ask "are you sure?" (GET), then throw the draft away (POST)."""
    draft = load_draft(draft_id)
    if request.method == "GET":
        return render_template("questionnaire/delete.html", draft=draft)
    draft_store.delete_draft(db.get_engine(), draft_id, g.user["id"])
    flash("check_deleted", "success")
    return redirect(url_for("questionnaire.start"))
