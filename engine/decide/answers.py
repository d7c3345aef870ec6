"""Type-check answers against the questionnaire before anything evaluates them.

durable_rules compares mismatched types in surprising ways ('9' > 17 is true), so nothing reaches it
without passing here: every key must be a question in force, every value must fit the question's type and
options in force on the as-at date. The first problem is raised as an `AnswerError` naming the field.
"""

from __future__ import annotations

import datetime as dt
import re

from engine.problems import AnswerError, did_you_mean
from engine.vocabulary import yes_no_problem


def check_answers(questions: dict, answers, as_at: dt.date, field_prefix: str = "") -> dict:
    """Return a clean copy of `answers`, or raise `AnswerError` for the first field that does not fit."""
    if not isinstance(answers, dict):
        raise AnswerError(field_prefix or "answers", "answers must be a JSON object of question id -> answer")
    clean = {}
    for qid, value in answers.items():
        field = f"{field_prefix}{qid}"
        question = questions.get(qid)
        if question is None:
            raise AnswerError(field, f"unknown question '{qid}'{did_you_mean(qid, questions)}")
        if not question.in_force.covers(as_at):
            raise AnswerError(field, f"question '{qid}' is not in force on {as_at.isoformat()}")
        clean[qid] = _check_value(question, value, as_at, field)
    return clean


def _check_value(question, value, as_at, field):
    qtype = question.type
    if value is None:
        raise AnswerError(field, "null is not an answer: leave the question out if it has not been answered")
    if qtype == "bool":
        problem = yes_no_problem(question, value)
        if problem:
            raise AnswerError(field, problem)
        return value
    if qtype == "one_of":
        return _check_option(question, value, as_at, field)
    if qtype == "many_of":
        if not isinstance(value, list):
            raise AnswerError(field, f"expected a list of options, got {value!r}")
        if not value:
            raise AnswerError(field, "the list is empty: give at least one")
        out = []
        for index, item in enumerate(value):
            checked = _check_option(question, item, as_at, f"{field}[{index}]")
            if checked in out:
                raise AnswerError(f"{field}[{index}]", f"'{checked}' is listed twice")
            out.append(checked)
        return out
    if qtype == "text":
        if not isinstance(value, str):
            raise AnswerError(field, f"expected text, got {value!r}")
        if question.pattern and not re.fullmatch(question.pattern, value):
            raise AnswerError(field, f"{value!r} does not have the expected form ({question.pattern})")
        return value
    if qtype == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerError(field, f"expected a number, got {value!r}")
        return value
    raise AnswerError(field, f"question type {qtype!r} is not supported")  # pragma: no cover - schema forbids it


def _check_option(question, value, as_at, field):
    if not isinstance(value, str):
        raise AnswerError(field, f"expected one of the options of '{question.id}' as text, got {value!r}")
    option = question.option(value)
    if option is None:
        ids = [o.id for o in question.options]
        raise AnswerError(field, f"unknown option '{value}' for '{question.id}'{did_you_mean(value, ids)}")
    if not option.in_force.covers(as_at):
        raise AnswerError(field, f"option '{value}' of '{question.id}' is not in force on {as_at.isoformat()}")
    return value


def with_defaults(questions: dict, answers: dict, as_at: dt.date) -> dict:
    """`answers` plus the default of every question in force that has one and was left unanswered.

    Only questions legal services added carry defaults (the pack's checks refuse one on a contract
    question), so an answer set that uses only the contract's questions still gets a complete decision."""
    out = dict(answers)
    for question in questions.values():
        if question.has_default and question.id not in out and question.in_force.covers(as_at):
            out[question.id] = question.default
    return out
