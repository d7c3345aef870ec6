"""Stale answers: an answer that is about another answer goes when that answer changes.

Questions declare what they are about in the pack (``depends_on: [recipient]`` on "have you checked who
the recipient is?"). When the officer, or an API client, changes an answer, every answer that depends on
it, directly or through another dependant, is dropped, so that it is asked again about the new answer
instead of surviving as an old "yes" about someone else. Which answers depend on which is the pack's
law (``policies/questions.yaml``); this module only follows the declarations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def dependants(questions: Iterable[Any], changed: str) -> list[str]:
    """The ids of the questions whose answers depend on ``changed``, directly or through each other.

    ``questions`` are the pack's questions (anything with ``id`` and ``depends_on``), in asking order;
    the result keeps that order and never holds ``changed`` itself.
    """
    questions = list(questions)
    found: set[str] = set()
    frontier = {changed}
    while frontier:
        frontier = {q.id for q in questions if q.id not in found and q.id != changed and frontier & set(q.depends_on)}
        found |= frontier
    return [q.id for q in questions if q.id in found]


def change_answer(
    questions: Iterable[Any], answers: Mapping[str, Any], question_id: str, value: Any
) -> tuple[dict[str, Any], list[str]]:
    """``answers`` with ``question_id`` set to ``value`` and the answers that depend on it dropped.

    Returns ``(answers, dropped)``. Nothing is dropped when the answer is given for the first time or is
    given again unchanged: only a different answer makes the answers about it stale. A many-of answer is
    the same whatever the order of its options.
    """
    out = dict(answers)
    old = out.get(question_id)
    out[question_id] = value
    if question_id not in answers or _same(old, value):
        return out, []
    dropped = [qid for qid in dependants(questions, question_id) if qid in out]
    for qid in dropped:
        del out[qid]
    return out, dropped


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, list) and isinstance(new, list):
        return sorted(map(str, old)) == sorted(map(str, new))
    return type(old) is type(new) and old == new
