"""Conditions as disjunctive normal form: one term per alternative, contradictions dropped, oversized refused."""

import pytest

from rules.compiler import compile_terms
from rules.errors import CompileError
from rules.ir import All, Any_, Not, Unit
from rules.terms import Leaf
from tests.rules.programs import program, q


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


def test_oversized_condition_is_refused_at_compile_time():
    wide = All(tuple(Any_(tuple(q(f"f{i}_{j}", "eq", "v") for j in range(3))) for i in range(6)))  # 3**6 = 729 terms
    with pytest.raises(CompileError) as caught:
        compile_terms(program(Unit("rule:wide", wide)), {})
    assert caught.value.unit_key == "rule:wide"
    assert "too complex" in caught.value.message
