"""The signed-in officer's draft, as the pages that work on it need it: theirs or 404, and evaluated.

Four pages (resume, check your answers, the advice and the record form) only make sense once the engine
has nothing left to ask. They share one prologue, ``complete_draft``: load the draft (404 for anyone
else's), ask the engine for advice, and send the officer to the next missing question while the advice
is incomplete. The questionnaire, advice and record pages all use these helpers, which is why they
live here rather than in one of those pages' modules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, g, redirect, url_for
from flask.typing import ResponseReturnValue

import engine
from engine.records import missing_answers
from web import db, draft_store
from web.draft_store import Draft, DraftSummary
from web.pack import get_pack, today

Advice = dict[str, Any]
DraftView = Callable[[Draft, Advice], ResponseReturnValue]


def load_draft(draft_id: str) -> Draft:
    """The signed-in user's draft, or 404 (another user's draft id is not found either)."""
    draft = draft_store.get_draft(db.get_engine(), draft_id, g.user["id"])
    if draft is None:
        abort(404)
    return draft


def unfinished_drafts() -> list[DraftSummary]:
    """The signed-in user's drafts within the retention period, newest first (to resume)."""
    return draft_store.list_drafts(db.get_engine(), g.user["id"], current_app.config["DRAFT_RETENTION_DAYS"])


def evaluate(draft: Draft) -> Advice:
    """The engine's advice on a draft's answers, as at today.

    If the policy pack changed since an answer was given and now rejects it, that answer is dropped
    (and will be asked again) rather than leaving the officer stuck on an error.
    """
    pack = get_pack()
    answers = draft["answers"]
    while True:
        try:
            advice: Advice = pack.decide(answers, as_at=today())
            return advice
        except engine.AnswerError as error:
            if error.field not in answers:
                raise
            answers.pop(error.field)
            draft["asked"] = [a for a in draft["asked"] if a in answers]
            draft_store.save_draft(db.get_engine(), draft["id"], g.user["id"], answers, draft["asked"])


def next_question(advice: Advice) -> str | None:
    """The next question to ask: the first the engine still needs (``missing``), else the first question
    the pack added that the advice had to assume a default for (``assumed``): the journey asks those too,
    so that the officer answers them rather than the default standing unseen."""
    if advice["missing"]:
        return str(advice["missing"][0])
    assumed = advice.get("assumed") or []
    return str(assumed[0]["question"]) if assumed else None


def question_url(draft_id: str, question_id: str, *, change: bool = False, record: bool = False) -> str:
    """The page that asks one question of a draft: while changing an answer from check your answers
    (``change``), or because the justification record needs it (``record``)."""
    return url_for(
        "questionnaire.question",
        draft_id=draft_id,
        question_id=question_id,
        change="1" if change else None,
        record="1" if record else None,
    )


def complete_draft(view: DraftView) -> Callable[[str], ResponseReturnValue]:
    """Give a ``/<draft_id>/...`` page the officer's draft and its advice, once nothing is missing.

    Loads the draft (404 unless it is the signed-in user's) and evaluates it; while the advice still
    needs an answer (or assumes one, see ``next_question``), the page is not shown and the officer goes
    to that question.
    Put it below ``@requires`` so that the role is checked first.
    """

    @functools.wraps(view)
    def with_complete_draft(draft_id: str) -> ResponseReturnValue:
        draft = load_draft(draft_id)
        advice = evaluate(draft)
        needed = next_question(advice)
        if needed:
            return redirect(question_url(draft_id, needed))
        return view(draft, advice)

    return with_complete_draft


def record_needs(draft: Draft) -> str | None:
    """The first question a justification record needs that the draft has no usable answer to, or None.

    The advice can be settled before every question is asked (a stop bar, say), while a record always
    needs some answers (who receives it, why, whether it was asked for). Which ones is the records
    package's rule (``engine.records.missing_answers``), not this module's.
    """
    needed = missing_answers(draft["answers"])
    return needed[0] if needed else None
