"""Leaves and terms: named, hashable, and chained in an order that is the same in every run."""

from rules.compiler import compile_terms
from rules.terms import Leaf, stable_text
from tests.rules.programs import contains_and_colour


def test_list_tests_come_last_in_a_chain_because_durable_never_shares_them():
    [terms] = compile_terms(contains_and_colour(3), {})
    assert [leaf.kind for leaf in terms[0].leaves] == ["in", "has"]


def test_leaves_are_ordered_by_the_text_they_have_always_been_ordered_by():
    """The order decides which alpha nodes durable_rules shares: it must not change with the leaf's type."""
    assert stable_text(Leaf("in", "q_a", frozenset({"y", "x"}))) == "('in', 'q_a', {'x', 'y'})"
    assert stable_text(Leaf("cmp", "q_n", 3, "lt")) == "('cmp', 'q_n', 'lt', 3)"
    assert stable_text(Leaf("nex", "q_a")) == "('nex', 'q_a')"
    assert stable_text(Leaf("lacks", "q_tags", "x")) == "('lacks', 'q_tags', 'x')"
    assert Leaf("has", "q_tags", "x").chain_key() > Leaf("nex", "q_z").chain_key()  # list tests last


def test_compiled_rulesets_are_the_same_in_every_run():
    """Leaf order and chunking must not follow string hashing (which changes per interpreter), or the
    rulesets, their sharing and their speed would differ from one start to the next."""
    import os
    import subprocess
    import sys

    script = (
        "from rules.chunking import chunk_terms\n"
        "from rules.compiler import compile_terms\n"
        "from rules.patterns import rule_patterns\n"
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
