"""The questionnaire: one question per page, then check your answers.

The engine decides what to ask: the next question is always the first id in the advice's ``missing``
list, so an officer is asked only what can still change the outcome, and then any question the pack
added whose default the advice assumed. Answers are kept in a server-side draft (``web.draft_store``)
so that the officer can stop and resume; after every answer, the answers that were about the old answer
(the pack's ``depends_on``) and those no longer relevant are dropped with ``pack.change_answer``, and any
newly needed question is asked before the officer returns to check your answers. Where the engine asks whether an information sharing
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
from web.drafts import (
    Advice,
    complete_draft,
    evaluate,
    load_draft,
    next_question,
    question_url,
    record_needs,
    unfinished_drafts,
)
from web.pack import UNSURE, find_question, get_pack, today
from web.permissions import requires
from web.words import words

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
    assumed = [item["question"] for item in advice.get("assumed", [])]
    if question_id not in answers and question_id not in advice["missing"] + assumed and not for_record:
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
        value, problem = parse_answer(q, request.form)
        if problem is None:
            problem = save_answer(draft, pack, q, value)
        if problem is None:
            if for_record:
                return redirect(url_for("records.new", draft_id=draft_id))
            return redirect(next_page(draft, changing))
        errors["answer"] = str(words().question_error(q, problem))

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
        option_items=option_items,
    )


@bp.route("/<draft_id>/answers")
@requires("advice:ask")
@complete_draft
def check_answers(draft: Draft, _advice: Advice) -> ResponseReturnValue:
    """Check your answers, with a change link per answer. Sends the officer back if anything is missing."""
    pack = get_pack()
    rows = [{"q": q, "value": draft["answers"][q.id]} for q in pack.questions if q.id in draft["answers"]]
    return render_template("questionnaire/check_answers.html", draft=draft, rows=rows)


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


# What parse_answer reports; the template words each from the pack's `error` and `format_error`.
MISSING, FORMAT = "missing", "format"


def parse_answer(q: Question, form: MultiDict[str, str]) -> tuple[Any, str | None]:
    """Read one answer from the form: (value, None) or (None, ``MISSING`` or ``FORMAT``).

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
        return (values, None) if values else (None, MISSING)
    if q.type == "text" or q.type == "number":
        if allow_unsure and form.get("unsure") == UNSURE:
            return UNSURE, None
        raw = form.get("answer", "").strip()
        if not raw:
            return None, MISSING
        if q.type == "number":
            try:
                number = float(raw)
            except ValueError:
                return None, FORMAT
            return (int(number) if number.is_integer() else number), None
        pattern = getattr(q, "pattern", None)
        if pattern and not re.fullmatch(pattern, raw):
            return raw, FORMAT
        return raw, None
    chosen = form.get("answer")
    choices: dict[str, Any] = {"yes": True, "no": False} if q.type == "bool" else {o: o for o in option_ids}
    if allow_unsure:
        choices[UNSURE] = UNSURE
    return (choices[chosen], None) if chosen in choices else (None, MISSING)


def save_answer(draft: Draft, pack: engine.Pack, q: Question, value: Any) -> str | None:
    """Store an answer after the engine accepts it. Answers about the old answer (the pack's ``depends_on``)
    and answers it made irrelevant are dropped, and asked again where they still matter. Returns an
    error (``FORMAT``) or None."""
    try:
        pack.check({q.id: value}, as_at=today())
    except engine.AnswerError:
        return FORMAT
    answers, _dropped = pack.change_answer(draft["answers"], q.id, value, as_at=today())
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
    needed = next_question(evaluate(draft))
    if needed:
        return question_url(draft["id"], needed, change=changing)
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


def option_items(options: Any) -> list[dict[str, Any]]:
    """The pack's options (all of a question's, or one group's) as GOV.UK radio or checkbox items.

    An "unsure" option is left out: the template offers it once, after a divider, below every group."""
    return [
        {"value": o.id, "text": o.label, "hint": {"text": o.hint} if o.hint else None}
        for o in options
        if o.id != UNSURE
    ]


def form_value(q: Question, value: Any) -> Any:
    """An answer as the form shows it: 'yes'/'no'/'unsure' for bool, a list for many_of, text otherwise."""
    if value is None:
        return [] if q.type == "many_of" else ""
    if q.type == "bool":
        return {True: "yes", False: "no"}.get(value, value)
    if q.type == "many_of":
        return value if isinstance(value, list) else [value]
    return value if isinstance(value, str) else str(value)
