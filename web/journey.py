"""The questionnaire as a journey: one question per page, then check your answers, wherever the answers live.

Officers keep their answers in drafts (``web.draft_store``); a trainee's practice run keeps them with the
attempt, and a trainer writing a scenario with the scenario (``web.training_store``), so that practice
never mixes with real checks. The pages and their rules are the same for all three: the engine decides
what to ask (the first id of the advice's ``missing``, so only what can still change the outcome, then any
question the pack added whose default the advice assumed), answers are checked by the engine, a changed
answer goes through ``pack.change_answer`` (the answers that were about the old one, the pack's
``depends_on``, and those no longer relevant are dropped), and a newly needed question is asked before
returning to check your answers. Officers' checks ask whether an agreement covers the disclosure from the
register (``web.agreement_step``); practice runs and scenarios ask it as the plain question.

A ``Journey`` says where the answers are kept, the date the law is applied as at and where the pages are;
``ask`` is the whole question page and ``answer_rows`` the body of check your answers.
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, redirect, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

import engine
from engine.pack.model import Question
from web import agreement_step
from web.journey_state import Advice, Answers, Journey
from web.pack import UNSURE, find_question, get_pack
from web.words import answer_labels, words


def evaluate(journey: Journey, state: Answers) -> Advice:
    """The engine's advice on the answers so far, as at the journey's date.

    If the policy pack changed since an answer was given and now rejects it, that answer is dropped (and
    will be asked again) rather than leaving the person stuck on an error.
    """
    pack = get_pack()
    answers = state["answers"]
    while True:
        try:
            advice: Advice = pack.decide(answers, as_at=journey.as_at)
            return advice
        except engine.AnswerError as error:
            if error.field not in answers:
                raise
            answers.pop(error.field)
            state["asked"] = [a for a in state["asked"] if a in answers]
            journey.save(answers, state["asked"])


def ask(
    journey: Journey,
    state: Answers,
    question_id: str,
    *,
    also_allowed: bool = False,
    done_url: str | None = None,
    back: str | None = None,
    **context: Any,
) -> ResponseReturnValue:
    """The page asking one question (GET shows it, POST saves the answer and moves on).

    Only a question the engine still needs, or one already answered, is shown (``also_allowed`` lets
    the caller ask one more, such as a question the justification record needs); any other goes to the
    journey's resume page, which sends the person on to whatever is still missing. After a good answer the
    person goes to ``done_url`` if given, else the next missing question, else check your answers.
    """
    pack = get_pack()
    q = find_question(pack, question_id)
    if q is None:
        abort(404)
    answers = state["answers"]
    changing = request.args.get("change") == "1"
    advice = evaluate(journey, state)
    assumed = [item["question"] for item in advice.get("assumed", [])]
    if question_id not in answers and question_id not in advice["missing"] + assumed and not also_allowed:
        return redirect(journey.resume_url or journey.check_url)
    back = back or back_url(journey, state, question_id, changing)

    if journey.agreements_from_register and question_id in (agreement_step.QUESTION, agreement_step.REFERENCE):
        found = agreement_step.proposal(pack, answers, journey.as_at)
        if found is not None:
            page_context = {"changing": changing, "back_url": back, **journey.context, **context}
            shown = agreement_step.page(journey, state, pack, found, page_context)
            return shown if shown is not None else redirect(done_url or next_page(journey, state, changing))
    errors: dict[str, str] = {}
    value = answers.get(question_id)
    if request.method == "POST":
        value, problem = parse_answer(q, request.form)
        if problem is None:
            problem = save_answer(journey, state, pack, q, value)
        if problem is None:
            return redirect(done_url or next_page(journey, state, changing))
        errors["answer"] = words().question_error(q, problem)

    return render_template(
        "questionnaire/question.html",
        q=q,
        value=value,
        errors=errors,
        changing=changing,
        back_url=back,
        form_value=form_value(q, value),
        option_items=option_items,
        **journey.context,
        **context,
    )


def next_question(advice: Advice) -> str | None:
    """The next question to ask: the first the engine still needs (``missing``), else the first question
    the pack added that the advice had to assume a default for (``assumed``): the journey asks those too,
    so that the person answers them rather than the default standing unseen."""
    if advice["missing"]:
        return str(advice["missing"][0])
    assumed = advice.get("assumed") or []
    return str(assumed[0]["question"]) if assumed else None


def next_to_ask(journey: Journey, state: Answers) -> str | None:
    """The next question of this journey (``next_question`` of its advice), or None when nothing is left."""
    return next_question(evaluate(journey, state))


def answer_rows(state: Answers) -> list[dict[str, Any]]:
    """Check your answers: each answered question with its answer as labels, in the questionnaire's order."""
    pack = get_pack()
    return [
        {"q": q, "labels": answer_labels(q, state["answers"][q.id])} for q in pack.questions if q.id in state["answers"]
    ]


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
        if pattern and not re.fullmatch(pattern, raw) and re.fullmatch(pattern, raw.upper()):
            raw = raw.upper()  # "2b" typed for "2B": the form the pack asks for is plain, so take it
        if pattern and not re.fullmatch(pattern, raw):
            return raw, FORMAT
        return raw, None
    chosen = form.get("answer")
    choices: dict[str, Any] = {"yes": True, "no": False} if q.type == "bool" else {o: o for o in option_ids}
    if allow_unsure:
        choices[UNSURE] = UNSURE
    return (choices[chosen], None) if chosen in choices else (None, MISSING)


def save_answer(journey: Journey, state: Answers, pack: engine.Pack, q: Question, value: Any) -> str | None:
    """Keep an answer after the engine accepts it. Answers about the old answer (the pack's ``depends_on``)
    and answers it made irrelevant are dropped, and asked again where they still matter. Returns an
    error (``FORMAT``) or None."""
    try:
        pack.check({q.id: value}, as_at=journey.as_at)
    except engine.AnswerError:
        return FORMAT
    answers, _dropped = pack.change_answer(state["answers"], q.id, value, as_at=journey.as_at)
    asked = [a for a in state["asked"] if a in answers and a != q.id]
    if q.id in answers:
        # Keep the order in which the questions were met (it drives the back link).
        position = state["asked"].index(q.id) if q.id in state["asked"] else len(asked)
        asked.insert(min(position, len(asked)), q.id)
    state["answers"], state["asked"] = answers, asked
    journey.save(answers, asked)
    return None


def next_page(journey: Journey, state: Answers, changing: bool) -> str:
    """After an answer: the engine's next missing question, or check your answers when none is left."""
    question_id = next_to_ask(journey, state)
    return journey.question_url(question_id, changing) if question_id else journey.check_url


def back_url(journey: Journey, state: Answers, question_id: str, changing: bool) -> str:
    """The back link: check your answers when changing, else the question asked before this one."""
    if changing:
        return journey.check_url
    asked = state["asked"]
    if question_id in asked:
        position = asked.index(question_id)
        previous = asked[position - 1] if position > 0 else None
    else:
        previous = asked[-1] if asked else None
    if previous is None:
        return journey.start_url
    return journey.question_url(previous, False)


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
