"""The questionnaire: one question per page, then check your answers.

The engine decides what to ask: the next question is always the first id in the advice's ``missing``
list, so an officer is asked only what can still change the outcome. Answers are kept in a server-side
draft (web.draft_store) so that the officer can stop and resume; after every answer, answers that are no longer
relevant are dropped with ``pack.relevant_answers`` and any newly relevant question is asked before the
officer returns to check your answers.
"""

import re

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

import engine
from web import db, draft_store
from web.pack import UNSURE, answer_labels, find_question, get_pack, today
from web.permissions import requires

bp = Blueprint("questionnaire", __name__, url_prefix="/check")


@bp.route("/")
@requires("advice:ask")
def start():
    """Start page: what the check does, a start button and unfinished drafts."""
    drafts = draft_store.list_drafts(db.get_engine(), g.user["id"], current_app.config["DRAFT_RETENTION_DAYS"])
    return render_template("questionnaire/start.html", drafts=drafts)


@bp.route("/new", methods=("POST",))
@requires("advice:ask")
def new():
    """Open a new draft and go to its first question."""
    draft_id = draft_store.new_draft(db.get_engine(), g.user["id"])
    return redirect(url_for("questionnaire.resume", draft_id=draft_id))


@bp.route("/<draft_id>")
@requires("advice:ask")
def resume(draft_id):
    """Carry on where the officer stopped: the next question, or check your answers if none is left."""
    draft = load_draft(draft_id)
    advice = evaluate(draft)
    if (back := to_next_question(draft_id, advice)) is not None:
        return back
    return redirect(url_for("questionnaire.check_answers", draft_id=draft_id))


@bp.route("/<draft_id>/question/<question_id>", methods=("GET", "POST"))
@requires("advice:ask")
def question(draft_id, question_id):
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
    for_record = request.args.get("record") == "1" and question_id == record_needs(draft, advice)
    if question_id not in answers and question_id not in advice["missing"] and not for_record:
        return redirect(url_for("questionnaire.resume", draft_id=draft_id))

    errors = {}
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
def check_answers(draft_id):
    """Check your answers, with a change link per answer. Sends the officer back if anything is missing."""
    draft = load_draft(draft_id)
    advice = evaluate(draft)
    if (back := to_next_question(draft_id, advice)) is not None:
        return back
    pack = get_pack()
    rows = [
        {"q": q, "labels": answer_labels(q, draft["answers"][q.id])} for q in pack.questions if q.id in draft["answers"]
    ]
    return render_template("questionnaire/check_answers.html", draft=draft, rows=rows)


@bp.route("/<draft_id>/delete", methods=("POST",))
@requires("advice:ask")
def discard(draft_id):
    """Throw a draft away."""
    load_draft(draft_id)
    draft_store.delete_draft(db.get_engine(), draft_id, g.user["id"])
    flash("The check was deleted.", "success")
    return redirect(url_for("questionnaire.start"))


# Helpers shared with the advice and records pages -------------------------------------------------


def load_draft(draft_id):
    """The signed-in user's draft, or 404 (another user's draft id is not found either)."""
    draft = draft_store.get_draft(db.get_engine(), draft_id, g.user["id"])
    if draft is None:
        abort(404)
    return draft


def record_needs(draft, advice):
    """The question a justification record still needs an answer to, or None (see web.records)."""
    from web.records import record_needs as needs

    return needs(draft["answers"], advice)


def evaluate(draft):
    """The engine's advice on a draft's answers, as at today.

    If the policy pack changed since an answer was given and now rejects it, that answer is dropped
    (and will be asked again) rather than leaving the officer stuck on an error.
    """
    pack = get_pack()
    answers = draft["answers"]
    while True:
        try:
            return pack.decide(answers, as_at=today())
        except engine.AnswerError as error:
            if error.field not in answers:
                raise
            answers.pop(error.field)
            draft["asked"] = [a for a in draft["asked"] if a in answers]
            draft_store.save_draft(db.get_engine(), draft["id"], g.user["id"], answers, draft["asked"])


def parse_answer(q, form):
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
    raw = form.get("answer")
    if q.type == "bool":
        choices = {"yes": True, "no": False}
        if allow_unsure:
            choices[UNSURE] = UNSURE
        if raw not in choices:
            return None, "Select yes or no" + (", or that you are not sure" if allow_unsure else "")
        return choices[raw], None
    if raw in option_ids or (allow_unsure and raw == UNSURE):
        return raw, None
    return None, "Select an answer"


def save_answer(draft, pack, q, value):
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


def to_next_question(draft_id, advice):
    """A redirect to the engine's next missing question, or None when nothing is missing.

    The advice, check-answers and record pages all send the officer back here while anything that can
    still change the outcome is unanswered."""
    if advice["missing"]:
        return redirect(url_for("questionnaire.question", draft_id=draft_id, question_id=advice["missing"][0]))
    return None


def next_page(draft, changing):
    """After an answer: the engine's next missing question, or check your answers when none is left."""
    advice = evaluate(draft)
    if advice["missing"]:
        args = {"change": "1"} if changing else {}
        return url_for("questionnaire.question", draft_id=draft["id"], question_id=advice["missing"][0], **args)
    return url_for("questionnaire.check_answers", draft_id=draft["id"])


def back_url(draft, question_id, changing):
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
    return url_for("questionnaire.question", draft_id=draft["id"], question_id=previous)


def form_value(q, value):
    """An answer as the form shows it: 'yes'/'no'/'unsure' for bool, a list for many_of, text otherwise."""
    if value is None:
        return [] if q.type == "many_of" else ""
    if q.type == "bool":
        return {True: "yes", False: "no"}.get(value, value)
    if q.type == "many_of":
        return value if isinstance(value, list) else [value]
    return value if isinstance(value, str) else str(value)
