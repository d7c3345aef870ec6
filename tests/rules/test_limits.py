"""The compiler's caps stay within the durable_rules sizes they protect."""

from rules import limits


def test_every_cap_is_within_the_engine_size_it_protects():
    assert limits.MAX_MATCHES_PER_RULESET < limits.MATCH_STACK
    assert limits.MAX_WALK_STACK < limits.MATCH_STACK
    assert limits.MAX_FIELDS_PER_RULESET < limits.FACT_PROPERTIES
    assert limits.MAX_MARKERS_PER_RULE < limits.EXPRESSION_SLOTS
    assert limits.MAX_HASHED_CHILDREN < limits.HASHED_CHILDREN
    assert limits.MAX_TESTS_PER_FIELD < limits.HASHED_CHILDREN
    assert limits.MAX_LISTED_CHILDREN < limits.LISTED_CHILDREN
    assert limits.MAX_RULES_PER_NODE < limits.RULES_PER_NODE


def test_the_alpha_network_model_checks_against_the_same_caps():
    from rules.alpha_network import AlphaNetwork

    assert AlphaNetwork.MAX_STACK == limits.MAX_WALK_STACK
    assert AlphaNetwork.MAX_HASHED_CHILDREN == limits.MAX_HASHED_CHILDREN
    assert AlphaNetwork.MAX_LISTED_CHILDREN == limits.MAX_LISTED_CHILDREN
    assert AlphaNetwork.MAX_RULES_PER_NODE == limits.MAX_RULES_PER_NODE
