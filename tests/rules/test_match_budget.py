"""The match budget: terms that can never match the same fact count once against the match stack."""

from rules.compiler import compile_terms
from rules.ir import Any_, Unit
from rules.match_budget import exclusive
from tests.rules.programs import program, q


def test_exclusive_terms_share_one_match_slot():
    """T and F of one unit, or terms needing different values of one field, never match together."""
    unit = Unit("rule:a", Any_((q("colour", "eq", "red"), q("colour", "eq", "blue"), q("flag", "eq", True))), 0, True)
    [terms] = compile_terms(program(unit), {})
    true_terms = [t for t in terms if t.polarity == "T"]
    assert exclusive(true_terms[0], true_terms[1]) or exclusive(true_terms[0], true_terms[2]) or len(true_terms) == 2
    false_term = next(t for t in terms if t.polarity == "F")
    assert all(exclusive(t, false_term) for t in true_terms)
