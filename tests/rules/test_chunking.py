"""Chunking: every ruleset within the match budget and the fields a fact may carry, checked in durable_rules."""

from rules.chunking import chunk_terms, fields_read
from rules.compiled import compile_program
from rules.compiler import compile_terms
from rules.ir import All, Program, Unit
from rules.limits import MAX_FIELDS_PER_RULESET, MAX_MATCHES_PER_RULESET
from tests.rules.programs import DOMAINS, program, q


def test_chunks_respect_the_per_ruleset_limit():
    prog = program(*[Unit(f"rule:r{i}", q("colour", "in", ("red", "green"))) for i in range(130)])
    [terms] = compile_terms(prog, {})
    chunks = chunk_terms(terms)
    assert all(len(c) <= MAX_MATCHES_PER_RULESET for c in chunks)
    assert sum(len(c) for c in chunks) == 130


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
    """A fact with more properties than durable_rules accepts (`rules.limits.FACT_PROPERTIES`) makes it fail
    (302) or crash: each ruleset gets only the fields its own rules read, and a ruleset reads at most
    MAX_FIELDS_PER_RULESET of them."""
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
