"""The questionnaire: one question per page, then check your answers.

The engine decides what to ask: the next question is always the first id in the advice's ``missing``
list, so an officer is asked only what can still change the outcome. Answers are kept in a server-side
draft (``web.draft_store``) so that the officer can stop and resume; after every answer, answers that
are no longer relevant are dropped with ``pack.relevant_answers`` and any newly relevant question is
asked before the officer returns to check your answers. Where the engine asks whether an information sharing
agreement covers the disclosure, the register's agreements are proposed instead (``web.agreement_step``).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

import engine
from engine.pack.model import Question
from web import agreement_step, db, draft_store
from web.draft_store import Draft
from web.drafts import Advice, complete_draft, evaluate, load_draft, question_url, record_needs, unfinished_drafts
from web.pack import UNSURE, answer_labels, find_question, get_pack, today
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
    """Ask one question. Only a question the engine still needs, or one already answered, is shown."""
    draft = load_draft(draft_id)
    pack = get_pack()
    q = find_question(pack, question_id)
    if q is None:
        abort(404)
    answers = draft["answers"]
    changing = request.args.get("change") == "1"
    advice = evaluate(draft)
    # A question the advice no longer needs may still be needed by the justification record.
    for_record = request.args.get("record") == "1" and question_id == record_needs(draft)
    if question_id not in answers and question_id not in advice["missing"] and not for_record:
        return redirect(url_for("questionnaire.resume", draft_id=draft_id))

    if question_id in (agreement_step.QUESTION, agreement_step.REFERENCE):
        found = agreement_step.proposal(pack, answers)
        if found is not None:
            back = back_url(draft, question_id, changing)
            shown = agreement_step.page(draft, pack, found, {"changing": changing, "back_url": back})
            return shown if shown is not None else redirect(next_page(draft, changing))
    errors: dict[str, str] = {}
    value = answers.get(question_id)
    if request.method == "POST":
        value, message = parse_answer(q, request.form)
        if message is None:
            message = save_answer(draft, pack, q, value)
        if message is None:
            if for_record:
                return redirect(url_for("records.new", draft_id=draft_id))
            return redirect(next_page(draft, changing))
        errors["answer"] = message

    return render_template(
        "questionnaire/question.html",
        draft=draft,
        q=q,
        value=value,
        errors=errors,
        changing=changing,
        for_record=for_record,
        back_url=url_for("advice.show", draft_id=draft_id) if for_record else back_url(draft, question_id, changing),
        form_value=form_value(q, value),
    )


@bp.route("/<draft_id>/answers")
@requires("advice:ask")
@complete_draft
def check_answers(draft: Draft, _advice: Advice) -> ResponseReturnValue:
    """Check your answers, with a change link per answer. Sends the officer back if anything is missing."""
    pack = get_pack()
    rows = [
        {"q": q, "labels": answer_labels(q, draft["answers"][q.id])} for q in pack.questions if q.id in draft["answers"]
    ]
    return render_template("questionnaire/check_answers.html", draft=draft, rows=rows)


@bp.route("/<draft_id>/delete", methods=("POST",))
@requires("advice:ask")
def discard(draft_id: str) -> ResponseReturnValue:
    """Throw a draft away."""
    load_draft(draft_id)
    draft_store.delete_draft(db.get_engine(), draft_id, g.user["id"])
    flash("The check was deleted.", "success")
    return redirect(url_for("questionnaire.start"))


def parse_answer(q: Question, form: MultiDict[str, str]) -> tuple[Any, str | None]:
    """Read one answer from the form: (value, None) or (None, error message).

    Only the shape is checked here (something chosen, a number, the pack's pattern); whether the value
    is acceptable is the engine's call in save_answer.
    """
    allow_unsure = bool(getattr(q, "unsure", False))
    option_ids = [o.id for o in (q.options or [])]
    if q.type == "many_of":
        values = form.getlist("answer")
        if allow_unsure and UNSURE in values:
            return UNSURE, None
        values = [v for v in values if v in option_ids]
        if not values:
            return None, "Select at least one option"
        return values, None
    if q.type == "text" or q.type == "number":
        if allow_unsure and form.get("unsure") == UNSURE:
            return UNSURE, None
        raw = form.get("answer", "").strip()
        if not raw:
            return None, "Enter an answer" + (", or say you are not sure" if allow_unsure else "")
        if q.type == "number":
            try:
                number = float(raw)
            except ValueError:
                return None, "Enter a number, like 16"
            return (int(number) if number.is_integer() else number), None
        pattern = getattr(q, "pattern", None)
        if pattern and not re.fullmatch(pattern, raw):
            return raw, "Enter the answer in the format shown in the hint"
        return raw, None
    chosen = form.get("answer")
    if q.type == "bool":
        choices: dict[str, bool | str] = {"yes": True, "no": False}
        if allow_unsure:
            choices[UNSURE] = UNSURE
        if chosen not in choices:
            return None, "Select yes or no" + (", or that you are not sure" if allow_unsure else "")
        return choices[chosen], None
    if chosen in option_ids or (allow_unsure and chosen == UNSURE):
        return chosen, None
    return None, "Select an answer"


def save_answer(draft: Draft, pack: engine.Pack, q: Question, value: Any) -> str | None:
    """Store an answer after the engine accepts it; drop answers it made irrelevant. Returns an error or None."""
    tentative = dict(draft["answers"])
    tentative[q.id] = value
    try:
        pack.decide(tentative, as_at=today())
    except engine.AnswerError as error:
        if error.field == q.id:
            return error.message[:1].upper() + error.message[1:]
        raise
    answers = pack.relevant_answers(tentative, as_at=today())
    asked = [a for a in draft["asked"] if a in answers and a != q.id]
    if q.id in answers:
        # Keep the order in which the officer met the questions (it drives the back link).
        position = draft["asked"].index(q.id) if q.id in draft["asked"] else len(asked)
        asked.insert(min(position, len(asked)), q.id)
    draft["answers"], draft["asked"] = answers, asked
    draft_store.save_draft(db.get_engine(), draft["id"], g.user["id"], answers, asked)
    return None


def next_page(draft: Draft, changing: bool) -> str:
    """After an answer: the engine's next missing question, or check your answers when none is left."""
    advice = evaluate(draft)
    if advice["missing"]:
        return question_url(draft["id"], advice["missing"][0], change=changing)
    return url_for("questionnaire.check_answers", draft_id=draft["id"])


def back_url(draft: Draft, question_id: str, changing: bool) -> str:
    """The back link: check your answers when changing, else the question asked before this one."""
    if changing:
        return url_for("questionnaire.check_answers", draft_id=draft["id"])
    asked = draft["asked"]
    if question_id in asked:
        position = asked.index(question_id)
        previous = asked[position - 1] if position > 0 else None
    else:
        previous = asked[-1] if asked else None
    if previous is None:
        return url_for("questionnaire.start")
    return question_url(draft["id"], previous)


def form_value(q: Question, value: Any) -> Any:
    """An answer as the form shows it: 'yes'/'no'/'unsure' for bool, a list for many_of, text otherwise."""
    if value is None:
        return [] if q.type == "many_of" else ""
    if q.type == "bool":
        return {True: "yes", False: "no"}.get(value, value)
    if q.type == "many_of":
        return value if isinstance(value, list) else [value]
    return value if isinstance(value, str) else str(value)
