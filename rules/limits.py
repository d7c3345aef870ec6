"""Every durable_rules limit the compiler works within, each stated once with what it avoids.

durable_rules 2.0.28 has fixed sizes in its C engine (src/rules/rete.c and events.c) and does not check
most of them: past one it reports an error code at best, and more often corrupts its heap, crashes or hangs
(see docs/durable-rules.md). The first group below are those sizes as the engine has them; the
second are the caps the compiler keeps to, each derived from or set safely under the size it protects.
The compiler's modules import these names; no other module writes any of these numbers.
"""

from __future__ import annotations

# The C engine's sizes.

MATCH_STACK = 64
"""Entries in the stack durable_rules walks a fact's matches with: a depth-first walk of the alpha network
in which a node that matches is replaced by every child of it that matches too, so every term one fact
satisfies in a ruleset is on it at once. Past it: error 303, then a corrupted heap and a crash."""

FACT_PROPERTIES = 252
"""Properties one asserted fact may carry; more fails with error 302 or crashes."""

EXPRESSION_SLOTS = 32
"""Slots in one rule's expression sequence; each ``$and`` / ``$or`` takes `SLOTS_PER_MARKER` of them.
Reaching it fails with error 113."""

SLOTS_PER_MARKER = 2
"""Expression slots one ``$and`` / ``$or`` takes: its open and its end marker."""

HASHED_CHILDREN = 512
"""Tests durable_rules hashes under one alpha node (its children that test a field's value or existence);
beyond it, registering the ruleset hangs."""

LISTED_CHILDREN = 128
"""Children durable_rules lists rather than hashes under one alpha node: "does not exist" tests and the
forward nodes an ``$or`` links its branches to."""

RULES_PER_NODE = 256
"""Rules whose patterns may end at one alpha node."""

# What the compiler keeps to.

STACK_HEADROOM = 4
"""Entries of `MATCH_STACK` left unused, as a margin. In the match budget one of them is the housekeeping
sink rule, which matches every fact (the alpha-network model counts the sink's node itself)."""

MAX_MATCHES_PER_RULESET = MATCH_STACK - STACK_HEADROOM
"""The most terms of one ruleset a single fact may match (the match budget chunking keeps to)."""

MAX_WALK_STACK = MATCH_STACK - STACK_HEADROOM
"""The deepest the alpha-network model may let durable_rules' walk go for any fact."""

MAX_HASHED_CHILDREN = 400
"""Hashed children under one alpha node: kept well under `HASHED_CHILDREN`."""

MAX_TESTS_PER_FIELD = MAX_HASHED_CHILDREN
"""Distinct tests of one field in one ruleset, for the same reason as `MAX_HASHED_CHILDREN`."""

MAX_LISTED_CHILDREN = 120
"""Listed children under one alpha node: kept under `LISTED_CHILDREN`."""

MAX_RULES_PER_NODE = 250
"""Rules ending at one alpha node: kept under `RULES_PER_NODE`."""

MAX_FIELDS_PER_RULESET = 200
"""Fields one ruleset may read, and so the fields of the fact asserted into it (which carries only those,
besides its "t" and "sid"): kept well under `FACT_PROPERTIES`."""

MAX_MARKERS_PER_RULE = EXPRESSION_SLOTS - 4
"""``$and`` / ``$or`` marker slots one rule may use, keeping four of `EXPRESSION_SLOTS` in hand."""

# The compiler's own bounds on work, not sizes of the engine.

MAX_TERMS_PER_UNIT = 256
"""Terms one unit's condition may need in disjunctive normal form; a larger one is refused at compile time
with the unit it came from, rather than failing at run time."""

MAX_ALTERNATIVES_PER_RULESET = 2000
"""Internal alternatives (paths durable_rules matches a fact against) in one ruleset."""
