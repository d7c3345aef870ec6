"""Which facts a trainee who plays through the questionnaire could have given.

The questionnaire (the web's, one question per page) asks only what can still change the outcome: the
first question in the advice's `missing`, again and again, until nothing is missing, dropping answers that
a later answer made irrelevant. A scenario's `answers` usually say more than that (an author writes the
whole case down), so a trainee who reads the brief perfectly is still never asked some of them. Marking
those as "you did not answer this" would mark the questionnaire, not the trainee.

`facts_to_mark` is what the marking compares when the trainee's answers came through the questionnaire
(docs/training.md, "Facts through the questionnaire"); `questionnaire_path` replays the questionnaire on
the brief's own answers (the facts a perfect reader is asked for, which the web's feedback lists).
"""

from __future__ import annotations

import datetime as dt


def questionnaire_path(pack, answers: dict, as_at: dt.date) -> list:
    """The question ids the questionnaire asks, in order, of someone whose answers are `answers`: each
    time the first question the advice still misses, until none is missing or `answers` has no answer to
    it (a brief the pack cannot decide on). Answers that a later answer makes irrelevant drop out, as
    they do in the questionnaire."""
    given: dict = {}
    asked: list = []
    for _ in range(2 * len(pack.questions) + 1):  # each question is asked at most once per relevant answer set
        missing = [qid for qid in pack.decide(given, as_at)["missing"] if qid not in given]
        if not missing or missing[0] not in answers:
            break
        question_id = missing[0]
        given[question_id] = answers[question_id]
        given = pack.relevant_answers(given, as_at)
        asked = [qid for qid in asked if qid in given] + [question_id]
    return asked


def facts_to_mark(brief: dict, asked) -> set:
    """The questions whose answers are marked when the trainee answered through the questionnaire and was
    asked `asked`: those the trainee was asked that the brief answers. A question the brief answers but
    the questionnaire never asked the trainee is not marked: either a perfect reader is never asked it
    either (`questionnaire_path`), or an earlier answer took the trainee elsewhere, and that earlier
    answer is the mistake, marked where it was made. A question the trainee was asked only because of
    such a mistake, which the brief does not answer, is not marked for the same reason."""
    return set(asked) & set(brief)
