"""durable_rules patterns: the discriminator first, one rule per unit and polarity, within the expression slots."""

from rules.compiled import compile_program
from rules.compiler import compile_terms
from rules.ir import All, Any_, Unit
from rules.limits import MAX_MARKERS_PER_RULE
from rules.patterns import expression_slots, rule_patterns, term_pattern
from tests.rules.programs import program, q


def test_list_tests_and_pattern_has_discriminator():
    prog = program(Unit("rule:a", q("tags", "contains_all", ("x", "y")), 0, True))
    [[true_term, *false_terms]] = compile_terms(prog, {})
    pattern = term_pattern(true_term)
    assert pattern["$and"][0] == {"t": "answers"}
    assert {"$iany": {"q_tags": {"$i": "x"}}} in pattern["$and"]
    assert len(false_terms) == 2  # lacks x, or lacks y


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
    """A rule's $and / $or markers share its expression slots (`rules.limits.EXPRESSION_SLOTS`; error 113
    beyond): wide units become several rules that report the same unit, and any one branch still decides it."""
    branches = tuple(All((q(f"a{i}", "eq", "x"), q(f"b{i}", "eq", "y"))) for i in range(20))
    prog = program(Unit("rule:wide", Any_(branches)))
    [terms] = compile_terms(prog, {})
    patterns = rule_patterns(terms)
    assert len(patterns) > 1
    assert all(expression_slots(pattern) <= MAX_MARKERS_PER_RULE for pattern, _ in patterns)
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
