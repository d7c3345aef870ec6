"""Which questions are still worth asking, and which undecided rules can never be decided.

`missing` lists only questions that could still change the outcome (`engine.decide.advice` asks only
when the permissive and restrictive bounds disagree). A rule waiting only on questions whose `ask_when`
is false will never be decided: it is moot, and treated as not applying.
"""

from __future__ import annotations

from rules.ir import FALSE, UNKNOWN


def moot_rules(layout, evaluation, status) -> dict:
    """Undecided rules that only wait on questions that do not arise here (their `ask_when` is false).

    Such a question will never be asked, so the rule can never be decided: it is treated as not applying,
    and its explanation says which questions do not arise.
    """
    irrelevant = {qid for qid, condition in layout.ask_when.items() if evaluation.value(condition) == FALSE}
    moot: dict[str, list] = {}
    if not irrelevant:
        return moot
    conditions = layout.conditions
    # Only a rule that reads one of those questions (directly, or through derived facts and rules) can be
    # waiting on them alone: the others need no look at their open questions.
    readers = layout.readers
    candidates = set().union(*(readers.get(q, ()) for q in irrelevant))
    for rule_id in sorted(candidates, key=layout.position.__getitem__):
        if status.get(rule_id) == UNKNOWN:
            open_questions = evaluation.open_questions(conditions[rule_id])
            if open_questions and all(q in irrelevant for q in open_questions):
                moot[rule_id] = open_questions
    return moot


def missing_questions(layout, evaluation, status, answers) -> list:
    wanted = {}
    conditions = layout.conditions
    for rule_id, state in status.items():
        if state == UNKNOWN:
            wanted.update(dict.fromkeys(evaluation.open_questions(conditions[rule_id])))
    if "data_categories" not in answers:
        wanted["data_categories"] = None
    order = layout.question_order
    relevant = []
    for qid in sorted(wanted, key=lambda q: order.get(q, 10**6)):
        if qid not in layout.questions or qid in answers:
            continue
        condition = layout.ask_when.get(qid)
        if condition is not None and evaluation.value(condition) == FALSE:
            continue
        relevant.append(qid)
    return relevant
