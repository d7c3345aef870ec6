"""The alpha-network model: shared and unshared nodes, and the bound on durable_rules' walk of them."""

import pytest

from rules.alpha_network import AlphaNetwork
from rules.chunking import chunk_terms
from rules.compiled import compile_program
from rules.compiler import compile_terms
from rules.errors import CompileError
from rules.ir import All, Any_, Program, Unit
from rules.patterns import rule_groups
from rules.terms import Term
from tests.rules.programs import contains_and_colour, q


def test_many_rules_on_one_list_value_run_without_crashing_durable():
    """With the list test first, 65 such rules gave 65 unshared alpha nodes that all match at once: durable's
    walk overflowed its match stack (`rules.limits.MATCH_STACK`) and the process died (free(): invalid
    pointer)."""
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
    past the end of its match stack. The model refuses the unit with its key, before anything is
    registered."""
    from rules import check_units

    branches = tuple(All((q(f"flag{i}", "answered", True), q("colour", "eq", f"c{i}"))) for i in range(70))
    prog = Program(
        units=[Unit("rule:many", Any_(branches))], domains={"q_colour": frozenset(f"c{i}" for i in range(70))}
    )
    with pytest.raises(CompileError) as caught:
        check_units(prog)
    assert caught.value.unit_key == "rule:many"
    assert "alternatives that can hold at once" in caught.value.message
