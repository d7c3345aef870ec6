"""The agreement question, asked from the register: propose the agreement that fits, and ask the officer to confirm.

When the engine needs to know whether an information sharing agreement covers the disclosure
(`sharing_agreement_in_place`), the questionnaire looks the register up (``engine.agreements.candidates``)
for agreements covering this recipient, purpose, information and way of sharing. Those in force are proposed
and the officer confirms one (the answer becomes `agreement_reference`, and the engine reads the register
itself), or says none covers it, or is not sure. An agreement that has expired, is overdue for review or is
not yet in force is never proposed: the page says so, and if it is the only one the register holds for this
disclosure it is named in the answers so that the advice says why it does not count. With nothing on the
register, the plain yes/no question is asked as before.
"""

from __future__ import annotations

import datetime
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue

import engine
import engine.agreements as agreements
from web.journey_state import Answers, Journey
from web.words import words

QUESTION = "sharing_agreement_in_place"
REFERENCE = "agreement_reference"
NONE, UNSURE, LAPSED = "none", "unsure", "lapsed"


def proposal(pack: engine.Pack, answers: dict[str, Any], as_at: datetime.date) -> tuple[list, list] | None:
    """``(in force, not counting)`` agreements on the register for the disclosure, or None if it holds none."""
    question = pack.question("sharing_format")
    default = question.default if question is not None and question.has_default else None
    found = agreements.candidates(pack.register, answers, as_at, default)
    if not found:
        return None
    return [s for s in found if s.status == agreements.IN_FORCE], [s for s in found if s.status != agreements.IN_FORCE]


def page(
    journey: Journey, state: Answers, pack: engine.Pack, found: tuple[list, list], context: dict[str, Any]
) -> ResponseReturnValue | None:
    """Show the proposal, or take the officer's answer: returns a page, or None once it is saved."""
    usable, lapsed = found
    errors: dict[str, str] = {}
    if request.method == "POST":
        choice = request.form.get("agreement", "")
        changes: dict[str, Any] | None = None
        if choice in {s.reference for s in usable}:
            changes = {REFERENCE: choice, QUESTION: None}
        elif usable and choice == NONE:
            changes = {REFERENCE: None, QUESTION: False}
        elif usable and choice == UNSURE:
            changes = {REFERENCE: None, QUESTION: UNSURE}
        elif not usable and choice == LAPSED and lapsed:
            changes = {REFERENCE: lapsed[0].reference, QUESTION: None}
        if changes is not None:
            problem = save(journey, state, pack, changes)
            if problem is None:
                return None
            errors["agreement"] = problem
        else:
            errors["agreement"] = words().form_error("agreement.choose")
    question = pack.question(QUESTION)
    return render_template(
        "questionnaire/agreement.html",
        q=question,
        usable=usable,
        lapsed=lapsed,
        errors=errors,
        chosen=state["answers"].get(REFERENCE) or _current(state["answers"].get(QUESTION)),
        **context,
    )


def _current(value: Any) -> str:
    if value is False:
        return NONE
    return UNSURE if value == UNSURE else ""


def save(journey: Journey, state: Answers, pack: engine.Pack, changes: dict[str, Any]) -> str | None:
    """Store several answers at once (None removes one) after the engine accepts them; drop answers they made
    irrelevant. Returns the engine's objection, or None."""
    tentative = dict(state["answers"])
    for question_id, value in changes.items():
        if value is None:
            tentative.pop(question_id, None)
        else:
            tentative[question_id] = value
    try:
        pack.decide(tentative, as_at=journey.as_at)
    except engine.AnswerError as error:
        return error.message[:1].upper() + error.message[1:]
    answers = pack.relevant_answers(tentative, as_at=journey.as_at)
    asked = [a for a in state["asked"] if a in answers]
    asked += [q for q in changes if q in answers and q not in asked]
    state["answers"], state["asked"] = answers, asked
    journey.save(answers, asked)
    return None
