"""The explanation of a decision: one entry per rule in force, and the status of each of the four layers.

Every entry says whether the rule applied, was set aside by a bar, did not apply (the failing tests,
with the answers that failed them) or is still unanswered (the questions that would decide it).
"""

from __future__ import annotations

from engine.decide.evaluation import Alternatives
from rules.ir import FALSE, TRUE, UNKNOWN, Test


def explanation_entries(layout, status, world, evaluation, moot, idle, out_of_scope=frozenset()) -> list:
    """One entry per rule in force, in pack order: applied, blocked (by which bar), not applied (which tests
    failed, with the answers that failed them) or unanswered (which questions would decide it). Rules outside
    their `scope` (`out_of_scope`) are not considered, so they have no entry.

    The texts depend only on a condition and this decision's answers, so each is worked out once per
    distinct (hash-consed) condition."""
    describer = layout.describer
    words = layout.wording.explanation
    texts: dict = {}  # (outcome letter, id(condition)) -> text, for this decision
    out: list[dict] = []
    append = out.append
    for rule_id, base, condition in layout.explained:
        if rule_id in out_of_scope:
            continue
        entry = base.copy()
        state = status[rule_id]
        if state == TRUE:
            bar = world.blocked.get(rule_id)
            if bar is not None:
                entry["outcome"] = "blocked"
                entry["because"] = words("blocked", bar=bar.id, bar_title=bar.title)
            else:
                entry["outcome"] = "applied"
                entry["because"] = words("applied", condition=describer.node(condition))
        elif rule_id in idle:
            entry["outcome"] = "not_applied"
            entry["because"] = words("idle", categories=_labels(layout, idle[rule_id]))
        elif rule_id in moot:
            entry["outcome"] = "not_applied"
            entry["because"] = words("moot", questions=", ".join(q.replace("_", " ") for q in moot[rule_id]))
        elif state == FALSE:
            key = (FALSE, id(condition))
            because = texts.get(key)
            if because is None:
                because = texts[key] = _failure_text(evaluation, evaluation.failed_tests(condition), layout)
            entry["outcome"], entry["because"] = "not_applied", because
        else:
            key = (UNKNOWN, id(condition))
            because = texts.get(key)
            if because is None:
                open_questions = evaluation.open_questions(condition)
                because = texts[key] = words(
                    "unanswered", questions=", ".join(q.replace("_", " ") for q in open_questions)
                )
            entry["outcome"], entry["because"] = "unanswered", because
        append(entry)
    return out


def _failure_text(evaluation, failures, layout) -> str:
    """ "Does not apply, as it needs: ..." listing what the rule needs that does not hold, each failing test
    with the answer that failed it, alternatives joined by "or"."""
    parts = [_needed(evaluation, failure, layout, False) for failure in failures]
    return layout.wording.explanation(
        "not_applied", failures="; ".join(parts or [layout.wording.explanation("conditions_not_met")])
    )


def _needed(evaluation, failure, layout, nested: bool) -> str:
    """One thing a rule needs, in words: a test with the answer given, a rule reference or negation that does
    not hold, or alternatives (bracketed when `nested`, and each alternative of several parts bracketed)."""
    if type(failure) is Test:
        known, actual = evaluation.subject(failure)
        return layout.describer.test(failure, actual, answered=known)
    wording = layout.wording
    if isinstance(failure, Alternatives):
        joiner_and, joiner_or = f" {wording.condition('and')} ", f" {wording.condition('or')} "
        texts = []
        for alternative in failure:
            text = joiner_and.join(_needed(evaluation, part, layout, True) for part in alternative)
            texts.append(f"({text})" if len(alternative) > 1 else text)
        either = joiner_or.join(texts)
        return f"({either})" if nested else either
    return wording.condition("not_the_case", condition=layout.describer.node(failure))


def layer_statuses(layout, unknown_ids, world) -> list:
    layers = []
    for number, name in layout.wording.layers.items():
        members, member_ids = layout.layers[number]
        shown = (world.applied_ids | world.bar_ids) & member_ids
        applied = [r for r in members if r.id in shown]
        unknown = not unknown_ids.isdisjoint(member_ids)
        if number in (1, 2):
            kind = "ground" if number == 1 else "data_protection"
            found = [r for r in applied if r.kind == kind]
            state = "passed" if found else ("unknown" if unknown else "failed")
        else:
            bars = [r for r in applied if r.kind == "bar"]
            if any(b.effect == "stop" for b in bars):
                state = "failed"
            elif bars:
                state = "restricted"
            else:
                state = "unknown" if unknown else "passed"
        layers.append({"layer": number, "name": name, "status": state, "rules": [r.id for r in applied]})
    return layers


def _labels(layout, categories) -> str:
    question = layout.questions.get("data_categories")
    ordered = [o.id for o in question.options if o.id in categories] if question else sorted(categories)
    return "; ".join(question.label_for(c) if question else c for c in ordered)
