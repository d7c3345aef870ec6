"""Questions and derived facts whose answer or value can never change an outcome: nothing that shapes advice
reads them.

What shapes advice: every rule in force; the answers and derived facts the advice reads itself
(`ADVICE_READS`: the recipient and purpose in the summary, the data categories as the items, the security
marking in the handling, the `regime` derived fact, and the derived fact the pack names in
`identifying_details_alone_useful_when`); and, for a question that matters, its `ask_when`
(which decides whether it is asked). A question or derived fact is *used* when one of these reads it,
directly or through derived facts that are used; everything else is reported. The check is by reading,
not by search, so it is exact: an unused question cannot change the decision, the items, what is cited
or what is asked, whatever it is answered.
"""

from __future__ import annotations

from engine.analysis.search import Space
from rules.ir import RuleHolds, Test, walk

# What engine/decide/advice.py reads itself, besides the rules: ("q", question id) or ("d", derived id).
ADVICE_READS = (
    ("q", "recipient"),
    ("q", "purpose"),
    ("q", "data_categories"),
    ("q", "security_marking"),
    ("d", "regime"),
)


def _reads(condition) -> set:
    """("q", id), ("d", id) and ("r", id) for everything a condition reads."""
    out: set = set()
    if condition is None:
        return out
    for node in walk(condition):
        if type(node) is Test:
            out.add((node.subject.space, node.subject.id))
        elif type(node) is RuleHolds:
            out.add(("r", node.rule_id))
    return out


def unused(space: Space) -> tuple:
    """``(questions, derived)``: JSON-ready lists of what nothing that shapes advice reads."""
    derived = {d.id: d for d in space.pack.data.derived}
    pending = set(ADVICE_READS)
    if space.pack.data.identity_alone_fact:  # the derived fact the pack names for the decision's combination
        pending.add(("d", space.pack.data.identity_alone_fact))
    for rule in space.rules:
        pending |= _reads(rule.condition)
    used: set = set()
    while pending:
        item = pending.pop()
        if item in used:
            continue
        used.add(item)
        space_, ident = item
        if space_ == "d" and ident in derived:
            for case in derived[ident].cases:
                pending |= _reads(case.condition)
                if case.value_from:
                    pending.add(("q", case.value_from))
        elif space_ == "q" and ident in space.questions:
            pending |= _reads(space.questions[ident].ask_when)
    questions = [
        {"question": q.id, "where": str(q.source)}
        for q in space.pack.questions
        if q.id in space.in_force and ("q", q.id) not in used
    ]
    facts = [{"derived": d.id, "where": str(d.source)} for d in space.pack.data.derived if ("d", d.id) not in used]
    return questions, facts
