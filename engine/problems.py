"""Errors the engine reports to people: invalid packs (with `file:line`) and invalid answers (with the field).

Both carry structure (not just a message) so that the command line, the web pages and the tests can show
them their own way; both have a "did you mean" helper for misspelt ids.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack, at a file and line."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class PackError(Exception):
    """A policy pack that cannot be used. `problems` lists every problem found, in file and line order."""

    def __init__(self, problems):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class AnswerError(ValueError):
    """Answers that do not fit the questionnaire. `field` names the question (or `answers`, or `[i].q`)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def did_you_mean(word: str, choices) -> str:
    """A " (did you mean 'x'?)" suffix when a close match exists, else ""."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
