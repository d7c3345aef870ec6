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

from engine.records import missing_answers
from web import db, draft_store, journey, meeting_store
from web.draft_store import Draft, DraftSummary
from web.journey import Advice, Journey, next_question
from web.pack import get_pack, today

DraftView = Callable[[Draft, Advice], ResponseReturnValue]


def load_draft(draft_id: str) -> Draft:
    """The signed-in user's draft, or 404 (another user's draft id is not found either)."""
    draft = draft_store.get_draft(db.get_engine(), draft_id, g.user["id"])
    if draft is None:
        abort(404)
    return draft


class UnfinishedDraft(DraftSummary):
    """A draft as the lists of unfinished checks show it, with what it is about."""

    about: list[str]
    subject: str | None  # the agenda subject, for a meeting's check


# What tells one unfinished check from another on a shared terminal: who it is for and why.
DESCRIBED_BY = ("recipient", "purpose")


def unfinished_drafts() -> list[UnfinishedDraft]:
    """The signed-in user's drafts within the retention period, newest first (to resume), each with the
    labels of its recipient and purpose as far as they are answered, and its agenda subject if it is a
    meeting's check."""
    pack, engine = get_pack(), db.get_engine()
    found = draft_store.list_drafts(engine, g.user["id"], current_app.config["DRAFT_RETENTION_DAYS"])
    subjects = meeting_store.subject_labels(engine, [summary["id"] for summary in found], g.user["id"])
    return [
        UnfinishedDraft(**summary, about=_about(pack, summary["answers"]), subject=subjects.get(summary["id"]))
        for summary in found
    ]


def _about(pack: Any, answers: dict[str, Any]) -> list[str]:
    """The option labels of the describing answers; an answer the pack does not know is left out."""
    labels = []
    for question_id in DESCRIBED_BY:
        question, value = pack.question(question_id), answers.get(question_id)
        option = question.option(value) if question is not None and isinstance(value, str) else None
        if option is not None:
            labels.append(option.label)
    return labels


def meeting_link(draft_id: str) -> tuple[meeting_store.Meeting, meeting_store.Subject] | None:
    """The meeting and agenda subject this draft is the check of, or None; looked up once per request (the
    journey, the advice and the record form all ask while one page is made)."""
    found: dict[str, Any] = g.setdefault("meeting_links", {})
    if draft_id not in found:
        found[draft_id] = meeting_store.subject_for_draft(db.get_engine(), draft_id, g.user["id"])
    link: tuple[meeting_store.Meeting, meeting_store.Subject] | None = found[draft_id]
    return link


def draft_journey(draft: Draft) -> Journey:
    """The officer's questionnaire on a draft: answers kept in the draft, law as at today."""

    def save(answers: dict[str, Any], asked: list[str]) -> None:
        draft_store.save_draft(db.get_engine(), draft["id"], g.user["id"], answers, asked)

    # A check run for a meeting's agenda subject says so on every page, and its first Back goes to the meeting.
    link = meeting_link(draft["id"])
    return Journey(
        as_at=today(),
        save=save,
        question_url=lambda question_id, change: question_url(draft["id"], question_id, change=change),
        check_url=url_for("questionnaire.check_answers", draft_id=draft["id"]),
        start_url=url_for("meetings.show", meeting_id=link[0]["id"]) if link else url_for("questionnaire.start"),
        resume_url=url_for("questionnaire.resume", draft_id=draft["id"]),
        context={"meeting": link[0], "subject": link[1]} if link else {},
        agreements_from_register=True,
    )


def evaluate(draft: Draft) -> Advice:
    """The engine's advice on a draft's answers, as at today (``web.journey.evaluate``: an answer the
    pack now rejects is dropped and asked again)."""
    return journey.evaluate(draft_journey(draft), draft)


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
