"""Scenarios as a catalogue of exercises: trainers compose a set by filtering on tags, recipient and
purpose (`sharewise exercise list`, and the web's exercise picker)."""

from __future__ import annotations

from engine.problems import AnswerError, did_you_mean


def exercises(pack, scenarios: list, tags=(), recipient: str | None = None, purpose: str | None = None) -> list:
    """The scenarios that carry every tag in `tags` and, when given, have this recipient and purpose (ids
    as in the answers). An id the pack does not know, or a tag no scenario carries, raises `AnswerError`
    naming the filter (``tag``, ``recipient``, ``purpose``), so that a misspelling is not mistaken for an
    empty set."""
    known_tags = sorted({t for s in scenarios for t in s.tags})
    for tag in tags:
        if tag not in known_tags:
            raise AnswerError("tag", f"no scenario has the tag '{tag}'{did_you_mean(tag, known_tags)}")
    for question_id, value in (("recipient", recipient), ("purpose", purpose)):
        question = pack.question(question_id)
        options = [o.id for o in question.options] if question else []
        if value is not None and value not in options:
            raise AnswerError(
                question_id, f"unknown option '{value}' for '{question_id}'{did_you_mean(value, options)}"
            )
    return [
        s
        for s in scenarios
        if set(tags) <= set(s.tags)
        and (recipient is None or s.answers.get("recipient") == recipient)
        and (purpose is None or s.answers.get("purpose") == purpose)
    ]


def describe(scenario) -> dict:
    """One exercise as a trainer picks it: name, where it is, its date, tags, recipient, purpose and brief."""
    return {
        "name": scenario.name,
        "file": scenario.where,
        "as_at": scenario.as_at.isoformat(),
        "tags": list(scenario.tags),
        "recipient": scenario.answers.get("recipient"),
        "purpose": scenario.answers.get("purpose"),
        "narrative": scenario.narrative,
    }
