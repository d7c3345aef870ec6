"""The durable_rules compiler: DNF terms, chunking under the engine's limits, refusal of oversized rules."""

import pytest

from rules.compiled import compile_program
from rules.compiler import (
    MAX_MARKERS_PER_RULE,
    MAX_MATCHES_PER_RULESET,
    AlphaNetwork,
    CompileError,
    Term,
    _markers,
    chunk_terms,
    compile_terms,
    exclusive,
    rule_groups,
    rule_patterns,
    term_pattern,
)
from rules.ir import All, Any_, Not, Program, Ref, Unit
from rules.ir import Test as Comparison
from rules.terms import Leaf


def q(id_, op, value):
    return Comparison(Ref("q", id_), op, value)


DOMAINS = {"q_colour": frozenset({"red", "green", "blue"}), "q_flag": frozenset({"true", "false", "unsure"})}


def program(*units):
    return Program(units=list(units), domains=DOMAINS, list_fields=frozenset({"q_tags"}))


def test_not_in_becomes_the_other_values_of_the_domain():
    prog = program(Unit("rule:a", Not(q("colour", "in", ("red",))), 0, True))
    [[true_term, false_term]] = compile_terms(prog, {})
    assert true_term.leaves == (Leaf("in", "q_colour", frozenset({"green", "blue"})),)
    assert false_term.leaves == (Leaf("in", "q_colour", frozenset({"red"})),)


def test_or_of_different_fields_becomes_separate_terms():
    prog = program(Unit("rule:a", Any_((q("colour", "eq", "red"), q("flag", "eq", True))), 0))
    [terms] = compile_terms(prog, {})
    assert len(terms) == 2  # each counts as a match of its own against the limits, though one rule holds both


def test_contradictions_are_dropped_so_rule_can_never_fire():
    prog = program(Unit("rule:a", All((q("colour", "eq", "red"), q("colour", "eq", "blue")))))
    assert compile_terms(prog, {}) == [[]]


def test_list_tests_and_pattern_has_discriminator():
    prog = program(Unit("rule:a", q("tags", "contains_all", ("x", "y")), 0, True))
    [[true_term, *false_terms]] = compile_terms(prog, {})
    pattern = term_pattern(true_term)
    assert pattern["$and"][0] == {"t": "answers"}
    assert {"$iany": {"q_tags": {"$i": "x"}}} in pattern["$and"]
    assert len(false_terms) == 2  # lacks x, or lacks y


def test_oversized_condition_is_refused_at_compile_time():
    wide = All(tuple(Any_(tuple(q(f"f{i}_{j}", "eq", "v") for j in range(3))) for i in range(6)))  # 3**6 = 729 terms
    with pytest.raises(CompileError) as caught:
        compile_terms(program(Unit("rule:wide", wide)), {})
    assert caught.value.unit_key == "rule:wide"
    assert "too complex" in caught.value.message


def test_chunks_respect_the_per_ruleset_limit():
    prog = program(*[Unit(f"rule:r{i}", q("colour", "in", ("red", "green"))) for i in range(130)])
    [terms] = compile_terms(prog, {})
    chunks = chunk_terms(terms)
    assert all(len(c) <= MAX_MATCHES_PER_RULESET for c in chunks)
    assert sum(len(c) for c in chunks) == 130


def test_exclusive_terms_share_one_match_slot():
    """T and F of one unit, or terms needing different values of one field, never match together."""
    unit = Unit("rule:a", Any_((q("colour", "eq", "red"), q("colour", "eq", "blue"), q("flag", "eq", True))), 0, True)
    [terms] = compile_terms(program(unit), {})
    true_terms = [t for t in terms if t.polarity == "T"]
    assert exclusive(true_terms[0], true_terms[1]) or exclusive(true_terms[0], true_terms[2]) or len(true_terms) == 2
    false_term = next(t for t in terms if t.polarity == "F")
    assert all(exclusive(t, false_term) for t in true_terms)


def test_hundreds_of_rules_firing_at_once_do_not_overflow_durable():
    """Unchunked, 70 matching rules in one ruleset give durable_rules error 303 and then heap corruption."""
    units = [
        Unit(f"rule:r{i}", All((q("colour", "eq", "red"), q(f"extra{i % 40}", "answered", True)))) for i in range(400)
    ]
    prog = Program(units=units, domains=DOMAINS)
    compiled = compile_program(prog, "test303")
    try:
        answers = {"colour": "red", **{f"extra{i}": "x" for i in range(40)}}
        statuses, _ = compiled.evaluate(answers)
        assert sum(1 for s in statuses.values() if s == "T") == 400
    finally:
        compiled.close()


def test_facts_never_carry_more_fields_than_durable_accepts():
    """A fact with more than 252 properties makes durable_rules fail (302) or crash: each ruleset gets only
    the fields its own rules read, and a ruleset reads at most MAX_FIELDS_PER_RULESET of them."""
    from rules.compiler import MAX_FIELDS_PER_RULESET, fields_read

    units = [Unit(f"rule:r{i}", q(f"field{i}", "answered", True)) for i in range(600)]
    prog = Program(units=units, domains={})
    [terms] = compile_terms(prog, {})
    assert all(len(fields_read(chunk)) <= MAX_FIELDS_PER_RULESET for chunk in chunk_terms(terms))
    compiled = compile_program(prog, "wide")
    try:
        statuses, _ = compiled.evaluate({f"field{i}": "x" for i in range(600)})
        assert all(s == "T" for s in statuses.values())
    finally:
        compiled.close()


def test_the_terms_of_one_unit_share_one_durable_rule():
    """durable_rules pays per rule per session whether the rule matches or not: one rule per unit and
    polarity, an $or of its terms, which fires whichever term holds."""
    unit = Unit("rule:a", Any_((q("colour", "eq", "red"), All((q("flag", "eq", True), q("size", "gt", 3))))), 0, True)
    prog = program(unit)
    [terms] = compile_terms(prog, {})
    assert len([t for t in terms if t.polarity == "T"]) == 2
    assert len(rule_patterns(terms)) == 2  # one for T, one for F
    compiled = compile_program(prog, "merged")
    try:
        assert compiled.rule_count == 2
        for answers, expected in [
            ({"colour": "red"}, "T"),
            ({"flag": True, "size": 4}, "T"),
            ({"colour": "red", "flag": True, "size": 9}, "T"),
            ({"colour": "blue", "flag": True, "size": 2}, "F"),
            ({"colour": "blue", "flag": True}, "U"),
            ({}, "U"),
        ]:
            statuses, _ = compiled.evaluate(answers)
            assert statuses["rule:a"] == expected, answers
    finally:
        compiled.close()


def test_a_wide_unit_is_split_across_rules_within_the_expression_slot_limit():
    """A rule's $and / $or markers share 32 slots (error 113 beyond): wide units become several rules that
    report the same unit, and any one branch still decides it."""
    branches = tuple(All((q(f"a{i}", "eq", "x"), q(f"b{i}", "eq", "y"))) for i in range(20))
    prog = program(Unit("rule:wide", Any_(branches)))
    [terms] = compile_terms(prog, {})
    patterns = rule_patterns(terms)
    assert len(patterns) > 1
    assert all(_markers(pattern) <= MAX_MARKERS_PER_RULE for pattern, _ in patterns)
    assert {term.unit_key for _, term in patterns} == {"rule:wide"}
    compiled = compile_program(prog, "wide_or")
    try:
        for i in (0, 19):
            statuses, _ = compiled.evaluate({f"a{i}": "x", f"b{i}": "y"})
            assert statuses["rule:wide"] == "T"
        statuses, _ = compiled.evaluate({"a3": "x", "b4": "y"})
        assert statuses["rule:wide"] == "U"
    finally:
        compiled.close()


def contains_and_colour(count: int) -> Program:
    units = [Unit(f"rule:r{i}", All((q("tags", "contains", "x"), q("colour", "eq", f"c{i}")))) for i in range(count)]
    return Program(
        units=units, domains={"q_colour": frozenset(f"c{i}" for i in range(count))}, list_fields=frozenset({"q_tags"})
    )


def test_list_tests_come_last_in_a_chain_because_durable_never_shares_them():
    [terms] = compile_terms(contains_and_colour(3), {})
    assert [leaf.kind for leaf in terms[0].leaves] == ["in", "has"]


def test_many_rules_on_one_list_value_run_without_crashing_durable():
    """With the list test first, 65 such rules gave 65 unshared alpha nodes that all match at once: durable's
    64-entry walk overflowed and the process died (free(): invalid pointer)."""
    compiled = compile_program(contains_and_colour(100), "lists_last")
    try:
        statuses, _ = compiled.evaluate({"tags": ["x"], "colour": "c7"})
        assert [key for key, s in statuses.items() if s == "T"] == ["rule:r7"]
    finally:
        compiled.close()


def test_the_alpha_network_model_counts_unshared_list_tests_and_shared_equalities():
    [terms] = compile_terms(contains_and_colour(100), {})
    assert AlphaNetwork(rule_groups(terms)).stack_bound() <= AlphaNetwork.MAX_STACK
    list_first = [Term(t.unit_key, t.polarity, tuple(reversed(t.leaves))) for t in terms]
    network = AlphaNetwork(rule_groups(list_first))
    assert network.stack_bound() > 100  # one "contains x" node per rule, every one matching
    assert "alternatives" in network.problem()
    # chunking keeps every ruleset's walk within durable's stack, even for chains the budget alone allows
    chunks = chunk_terms(list_first, {"q_colour": frozenset(f"c{i}" for i in range(100))})
    assert len(chunks) > 1
    assert all(not AlphaNetwork(rule_groups(chunk)).problem() for chunk in chunks)


def test_a_unit_whose_own_walk_would_overflow_durable_is_refused_at_compile_time():
    """70 alternatives that exclude each other (different colours) pass the match budget, but each starts
    with an "answered" test on a different field: all 70 nodes match at once, and durable_rules segfaults
    past 64. The model refuses the unit with its key, before anything is registered."""
    from rules import check_units

    branches = tuple(All((q(f"flag{i}", "answered", True), q("colour", "eq", f"c{i}"))) for i in range(70))
    prog = Program(
        units=[Unit("rule:many", Any_(branches))], domains={"q_colour": frozenset(f"c{i}" for i in range(70))}
    )
    with pytest.raises(CompileError) as caught:
        check_units(prog)
    assert caught.value.unit_key == "rule:many"
    assert "alternatives that can hold at once" in caught.value.message


def test_compiled_rulesets_are_the_same_in_every_run():
    """Leaf order and chunking must not follow string hashing (which changes per interpreter), or the
    rulesets, their sharing and their speed would differ from one start to the next."""
    import os
    import subprocess
    import sys

    script = (
        "from rules.compiler import compile_terms, chunk_terms, rule_patterns\n"
        "from rules.ir import All, Any_, Program, Ref, Unit, Test\n"
        "q = lambda f, op, v: Test(Ref('q', f), op, v)\n"
        "units = [Unit(f'rule:r{i}', All((q('colour', 'in', ('red', 'green', 'blue')), q('f', 'in', [('a', 'b'), ('a', 'c'), ('b', 'c'), ('c', 'd')][i % 4]),"
        " Any_((q('tags', 'contains', 'x'), q(f'g{i % 5}', 'eq', 'y')))))) for i in range(60)]\n"
        "prog = Program(units=units, domains={'q_colour': frozenset({'red', 'green', 'blue'})}, list_fields=frozenset({'q_tags'}))\n"
        "[terms] = compile_terms(prog, {})\n"
        "print([[repr(p) for p, _ in rule_patterns(c)] for c in chunk_terms(terms, prog.domains)])\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1
