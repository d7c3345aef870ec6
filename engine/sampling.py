"""Random but valid answer sets drawn from a pack's questionnaire, for benchmarks and agreement checks.

Each question is answered with some probability (so partial answer sets, which exercise "unanswered",
are common); values are always of the right type and in force, including "unsure" where it is allowed.
"""

from __future__ import annotations

import itertools
import random
import re


def _text_values(pattern: str) -> list:
    """Small patterns such as ``[1-3][A-E]`` are expanded; others fall back to no values."""
    classes = re.findall(r"\[([^\]]+)\]", pattern)
    if not classes or re.sub(r"\[[^\]]+\]", "", pattern):
        return []
    choices = []
    for cls in classes:
        chars = []
        for start, end in re.findall(r"(.)-(.)", cls):
            chars += [chr(c) for c in range(ord(start), ord(end) + 1)]
        choices.append(chars)
    return ["".join(p) for p in itertools.product(*choices)]


def value_space(question, as_at) -> list:
    """Every single value a question can take on `as_at` (lists are drawn separately)."""
    if question.type == "bool":
        return [True, False] + (["unsure"] if question.unsure else [])
    if question.type in ("one_of", "many_of"):
        return [o.id for o in question.options if o.in_force.covers(as_at)]
    if question.type == "text":
        return _text_values(question.pattern)
    if question.type == "number":
        return list(range(0, 100, 7))
    return []


def random_answers(pack, rng: random.Random, as_at, answer_probability: float = 0.75) -> dict:
    answers = {}
    for question in pack.questions:
        if not question.in_force.covers(as_at) or rng.random() > answer_probability:
            continue
        space = value_space(question, as_at)
        if not space:
            continue
        if question.type == "many_of":
            answers[question.id] = rng.sample(space, rng.randint(1, min(4, len(space))))
        else:
            answers[question.id] = rng.choice(space)
    return answers
