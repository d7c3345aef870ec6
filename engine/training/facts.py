"""Facts: did the trainee read the brief the way its author did? The trainee's answers are compared with
the scenario's, question by question, in the questionnaire's order. A question counts once, whether the
trainee answered it differently, left it out, or answered one the brief does not settle."""

from __future__ import annotations

from engine.training.results import Difference
from engine.training.weights import FACTS, Part
from engine.training.wording import answer_words, quoted


def compare_facts(pack, brief: dict, yours: dict, only=None) -> tuple:
    """``(differences, Part)``: one `Difference` per question whose answer differs, out of every question
    either side answered (of those in `only`, when given: see `engine.training.questionnaire`)."""
    order = {q.id: i for i, q in enumerate(pack.questions)}
    either = {qid for qid in set(brief) | set(yours) if only is None or qid in only}
    asked = sorted(either, key=lambda qid: (order.get(qid, len(order)), qid))
    differences = [d for d in (_difference(pack, qid, brief, yours) for qid in asked) if d is not None]
    return differences, Part(FACTS, len(asked) - len(differences), len(asked))


def _difference(pack, qid: str, brief: dict, yours: dict) -> Difference | None:
    question = pack.question(qid)
    theirs, mine = brief.get(qid), yours.get(qid)
    if qid in brief and qid in yours and _same(theirs, mine):
        return None
    heading = quoted(question.wording) if question is not None else quoted(qid)
    if qid not in yours:
        message = f"{heading} You did not answer this; the brief says {answer_words(question, theirs)}."
    elif qid not in brief:
        message = (
            f"{heading} You answered {answer_words(question, mine)}; the brief does not say, so it should be left "
            "unanswered."
        )
    elif isinstance(theirs, list) and isinstance(mine, list):
        message = f"{heading} {_list_difference(question, theirs, mine)}"
    else:
        message = (
            f"{heading} You answered {answer_words(question, mine)}; the brief says {answer_words(question, theirs)}."
        )
    return Difference("facts", qid, mine, theirs, message, why=question.why if question is not None else "")


def _same(theirs, mine) -> bool:
    """Equal answers: a list in any order; yes/no only to yes/no (in Python True == 1)."""
    if isinstance(theirs, list) and isinstance(mine, list):
        return sorted(map(str, theirs)) == sorted(map(str, mine))
    if isinstance(theirs, bool) or isinstance(mine, bool):
        return theirs is mine
    return theirs == mine


def _list_difference(question, theirs: list, mine: list) -> str:
    """ "You included X, which the brief does not mention; you left out Y, which it does." (either half
    alone when only one applies)."""
    extra = [v for v in mine if v not in theirs]
    left_out = [v for v in theirs if v not in mine]
    if not left_out:
        return f"You included {answer_words(question, extra)}, which the brief does not mention."
    if not extra:
        return f"You left out {answer_words(question, left_out)}, which the brief mentions."
    return (
        f"You included {answer_words(question, extra)}, which the brief does not mention; "
        f"you left out {answer_words(question, left_out)}, which it does."
    )
