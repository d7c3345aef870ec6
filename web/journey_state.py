"""What a questionnaire journey is: where its answers are kept and where its pages are (``web.journey``).

Its own module so that the pages a journey hands over to (``web.agreement_step``) can name these types
without importing the journey that calls them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

Advice = dict[str, Any]


class Answers(TypedDict):
    """What a journey keeps: the answers so far and the question ids in the order they were met (it
    drives the back link). Drafts, attempts and scenarios being written all carry these two keys."""

    answers: dict[str, Any]
    asked: list[str]


@dataclass(frozen=True)
class Journey:
    """Where one questionnaire's answers are kept and where its pages are."""

    as_at: datetime.date
    # Keep (answers, asked) after a change.
    save: Callable[[dict[str, Any], list[str]], None]
    # The page asking one question: (question id, changing from check your answers) -> URL.
    question_url: Callable[[str, bool], str]
    check_url: str
    # Where the first question's back link goes.
    start_url: str
    # Where a question that does not arise sends the person (default: check your answers, which goes on
    # to whatever is still missing).
    resume_url: str | None = None
    # Extra template variables for every page of the journey (the practice banner, say).
    context: Mapping[str, Any] = field(default_factory=dict)
    # Propose the register's agreements for the agreement question (officers' checks).
    agreements_from_register: bool = False
