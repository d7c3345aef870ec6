"""Meaning checks on a pack that the schema cannot express.

Unknown references are caught while conditions are parsed (`engine.pack.conditions`); this module adds the
whole-pack checks: ids defined twice with overlapping in-force periods, cycles among derived facts and rule
references, bars that block unknown rules, rules outside the pack's own in-force period, and the contract's
questions and options being present (legal services may add to them but not rename them).
"""

from __future__ import annotations

from typing import Any

from engine.decide.answers import check_answers
from engine.pack.conditions import references
from engine.problems import AnswerError, Problem, did_you_mean
from engine.vocabulary import CONTRACT_OPTIONS, CONTRACT_QUESTIONS


def suggest(word, choices) -> str:
    return did_you_mean(word, choices)


def derived_value_sets(derived_raw, question_map) -> dict:
    """For each derived fact, the set of values it can take (None when it copies a free-text answer)."""
    out = {}
    for _, _, _, raw in derived_raw:
        values = {raw.get("default")}
        open_ended = False
        for case in raw.get("cases", []):
            if "value_from" in case:
                question = question_map.get(case["value_from"])
                if question is None or question.type in ("text", "number", "many_of"):
                    open_ended = True
                elif question.type == "bool":
                    values |= {True, False} | ({"unsure"} if question.unsure else set())
                else:
                    values |= {o.id for o in question.options}
            else:
                values.add(case.get("value"))
        out[raw["id"]] = None if open_ended else values
    return out


def check(pack) -> list:
    problems = []
    problems += _duplicate_ids(pack)
    problems += _cycles(pack)
    problems += _blocks(pack)
    problems += _outside_pack_period(pack)
    problems += _contract(pack)
    problems += _defaults_and_steps(pack)
    problems += _identity_alone_fact(pack)
    problems += _dependencies_and_groups(pack)
    return problems


def _duplicate_ids(pack) -> list:
    problems = []
    by_id: dict[str, list] = {}
    for rule in pack.rules:
        for other in by_id.get(rule.id, []):
            if rule.in_force.overlaps(other.in_force):
                problems.append(
                    Problem(
                        rule.source.file,
                        rule.source.line,
                        f"rule '{rule.id}' is in force {rule.in_force.describe()}, which overlaps its "
                        f"other version at {other.source} ({other.in_force.describe()})",
                    )
                )
            elif rule.kind != other.kind:
                problems.append(
                    Problem(
                        rule.source.file,
                        rule.source.line,
                        f"rule '{rule.id}' changes kind between versions ({other.kind} at {other.source})",
                    )
                )
        by_id.setdefault(rule.id, []).append(rule)
    seen: dict[str, Any] = {}
    for derived in pack.derived:
        if derived.id in seen:
            problems.append(
                Problem(
                    derived.source.file,
                    derived.source.line,
                    f"derived fact '{derived.id}' is defined twice (also at {seen[derived.id]})",
                )
            )
        seen[derived.id] = derived.source
        if any(q.id == derived.id for q in pack.questions):
            problems.append(
                Problem(
                    derived.source.file,
                    derived.source.line,
                    f"derived fact '{derived.id}' has the same id as a question",
                )
            )
    return problems


def _cycles(pack) -> list:
    """Derived facts and rules may read each other; a cycle has no first step, so it is refused."""
    graph, sources = {}, {}
    for derived in pack.derived:
        node = ("derived", derived.id)
        sources[node] = derived.source
        deps = set()
        for case in derived.cases:
            rules, facts = references(case.condition)
            deps |= {("rule", r) for r in rules} | {("derived", f) for f in facts}
        graph[node] = deps
    for rule in pack.rules:
        node = ("rule", rule.id)
        sources.setdefault(node, rule.source)
        rules, facts = references(rule.condition)
        graph.setdefault(node, set()).update({("rule", r) for r in rules} | {("derived", f) for f in facts})
    problems, state = [], {}

    def visit(node, trail):
        state[node] = "active"
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == "active":
                cycle = trail[trail.index(dep) :] + [dep] if dep in trail else [node, dep]
                where = sources.get(dep)
                text = " -> ".join(f"{kind} {ident}" for kind, ident in cycle)
                problems.append(Problem(where.file if where else "", where.line if where else 1, f"cycle: {text}"))
            elif dep not in state:
                visit(dep, trail + [dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return problems


def _blocks(pack) -> list:
    ids = {r.id for r in pack.rules}
    return [
        Problem(rule.source.file, rule.source.line, f"'{rule.id}' blocks unknown rule '{b}'{did_you_mean(b, ids)}")
        for rule in pack.rules
        for b in rule.blocks
        if b not in ids
    ]


def _outside_pack_period(pack) -> list:
    return [
        Problem(
            rule.source.file,
            rule.source.line,
            f"rule '{rule.id}' is in force {rule.in_force.describe()}, outside the pack's own period "
            f"({pack.in_force.describe()}): it can never apply",
        )
        for rule in pack.rules
        if not rule.in_force.overlaps(pack.in_force)
    ]


def _contract(pack) -> list:
    problems = []
    questions = {q.id: q for q in pack.questions}
    anchor = pack.questions[0].source if pack.questions else None
    for qid in CONTRACT_QUESTIONS:
        if qid not in questions:
            problems.append(
                Problem(
                    anchor.file if anchor else "questions.yaml",
                    anchor.line if anchor else 1,
                    f"the decision contract's question '{qid}' is missing",
                )
            )
    for qid, option_ids in CONTRACT_OPTIONS.items():
        question = questions.get(qid)
        if question is None:
            continue
        have = {o.id for o in question.options}
        for option_id in option_ids:
            if option_id not in have:
                problems.append(
                    Problem(
                        question.source.file,
                        question.source.line,
                        f"the decision contract's option '{option_id}' of '{qid}' is missing",
                    )
                )
    return problems


def _defaults_and_steps(pack) -> list:
    """A default belongs only to a question legal services added (the contract says an unanswered contract
    question is simply absent), and every default and next step must be a valid answer to its question."""
    problems = []
    by_id = {q.id: q for q in pack.questions}

    def check_value(question, value, what):
        option = question.option(value) if isinstance(value, str) else None
        day = max(question.in_force.start, option.in_force.start) if option else question.in_force.start
        try:
            check_answers(by_id, {question.id: value}, day)
        except AnswerError as error:
            problems.append(Problem(question.source.file, question.source.line, f"{what}: {error.message}"))

    for question in pack.questions:
        if question.has_default:
            if question.id in CONTRACT_QUESTIONS:
                problems.append(
                    Problem(
                        question.source.file,
                        question.source.line,
                        f"'{question.id}' is a question of the decision contract and cannot have a default",
                    )
                )
            check_value(question, question.default, f"the default of '{question.id}'")
        for step in question.next_steps:
            check_value(question, step.answer, f"a next step of '{question.id}'")
            for value in step.start_from:
                check_value(question, value, f"the 'from' of a next step of '{question.id}'")
    return problems


def _identity_alone_fact(pack) -> list:
    fact = pack.identity_alone_fact
    ids = [d.id for d in pack.derived]
    if not fact or fact in ids:
        return []
    return [
        Problem(
            "pack.yaml",
            1,
            f"identifying_details_alone_useful_when names no derived fact '{fact}'{did_you_mean(fact, ids)}",
        )
    ]


def _dependencies_and_groups(pack) -> list:
    """`depends_on` names other questions of the pack; option groups are declared, used, and cover every option."""
    problems = []
    ids = [q.id for q in pack.questions]
    for question in pack.questions:

        def report(message, question=question):
            problems.append(Problem(question.source.file, question.source.line, message))

        for other in question.depends_on:
            if other == question.id:
                report(f"'{question.id}' cannot depend on itself")
            elif other not in ids:
                report(f"'{question.id}' depends on unknown question '{other}'{did_you_mean(other, ids)}")
        if not question.groups:
            for option in question.options:
                if option.group:
                    report(
                        f"option '{option.id}' of '{question.id}' names group '{option.group}', but the question has no groups"
                    )
            continue
        group_ids = [g.id for g in question.groups]
        if len(set(group_ids)) != len(group_ids):
            report(f"'{question.id}' lists a group id twice")
        for option in question.options:
            if not option.group:
                report(f"option '{option.id}' of '{question.id}' has no group (the question's options are grouped)")
            elif option.group not in group_ids:
                report(
                    f"option '{option.id}' of '{question.id}' names unknown group '{option.group}'"
                    f"{did_you_mean(option.group, group_ids)}"
                )
        used = {option.group for option in question.options}
        for group in question.groups:
            if group.id not in used:
                report(f"group '{group.id}' of '{question.id}' has no options")
    return problems
