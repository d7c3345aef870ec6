"""A model of the alpha network durable_rules will build for a ruleset, and the bound on its walk.

Counting the terms one fact can match is not enough to keep durable_rules within its match stack: 65 rules
reading "the categories include X and the colour is C" crashed the engine when the list test came first in
the chain, because durable_rules shares some alpha nodes between rules and never shares others. So the
compiler builds this model of each ruleset's network before registering it, and chunking keeps every
ruleset's worst-case walk and fan-out within the limits in `rules.limits`; a unit that exceeds them on its
own is refused.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from rules import limits
from rules.terms import Leaf, Term


class AlphaNetwork:
    """A model of the alpha network durable_rules builds for one ruleset, to check it against the C engine's
    fixed sizes before registering it (src/rules/rete.c and events.c of durable_rules 2.0.28).

    durable_rules matches a fact by a depth-first walk of the alpha nodes with a stack of
    `limits.MATCH_STACK` entries: a node that matches is replaced on the stack by every child of it that
    matches too. Past the stack's end it fails with error 303 and corrupts its heap, so the bound computed
    here is the worst case over all facts: every child that can match alongside its siblings is assumed to,
    and the walk goes down the deepest path. Children of one node that test the same field against
    different values cannot all match (a field holds one value), and a field that is absent matches only its
    "does not exist" tests. A node is shared between rules when it tests the same field the same way under
    the same parent; list tests (``$iany``/``$iall``) never are. An ``$or`` links the end of each branch to a
    forward node of its rule, which is pushed whenever that end matches. Node fan-out is limited too:
    hashed children (`limits.HASHED_CHILDREN`), listed ones ("does not exist" tests and forward nodes,
    `limits.LISTED_CHILDREN`) and rules ending at one node (`limits.RULES_PER_NODE`).
    """

    MAX_STACK = limits.MAX_WALK_STACK
    MAX_HASHED_CHILDREN = limits.MAX_HASHED_CHILDREN
    MAX_LISTED_CHILDREN = limits.MAX_LISTED_CHILDREN
    MAX_RULES_PER_NODE = limits.MAX_RULES_PER_NODE

    def __init__(self, rules: Iterable[Sequence[Term]] = ()):
        # node -> {test key: child}; node 0 is the discriminator t == "answers"
        self.children: list[dict[Hashable, int]] = [{}]
        # node -> {field: [equal, exists, not exists, others that can all match]}
        self.fields: list[dict[Hashable, list[int]]] = [{}]
        self.forwards = [0]  # node -> forward nodes it pushes unconditionally
        self.hashed = [0]
        self.listed = [0]
        self.ends = [0]  # node -> rules whose pattern ends there
        for rule in rules:
            self.add_rule(rule)

    def _node(self) -> int:
        self.children.append({})
        self.fields.append({})
        self.forwards.append(0)
        self.hashed.append(0)
        self.listed.append(0)
        self.ends.append(0)
        return len(self.children) - 1

    def _child(self, parent: int, leaf: Leaf) -> int:
        kind = leaf.kind
        field: Hashable = leaf.field
        key: Hashable
        if kind == "in":
            if leaf.is_set:
                field = ("set", field, leaf.value)  # a membership field of its own
            key, slot = ("eq", field, leaf.value), 0
        elif kind == "ex":
            key, slot = leaf, 1
        elif kind == "nex":
            key, slot = leaf, 2
        else:
            key, slot = leaf, 3
        shared = not leaf.is_list_test
        if shared and key in self.children[parent]:
            return self.children[parent][key]
        node = self._node()
        self.children[parent][key if shared else (key, node)] = node
        counts = self.fields[parent].setdefault(field, [0, 0, 0, 0])
        counts[slot] = counts[slot] + 1 if slot == 3 else 1
        if kind == "nex":
            self.listed[parent] += 1
        else:
            self.hashed[parent] += 1
        return node

    def _chain(self, leaves: Iterable[Leaf]) -> int:
        node = 0
        for leaf in leaves:
            node = self._child(node, leaf)
        return node

    def add_rule(self, terms: Sequence[Term]) -> None:
        """Add one durable rule: the terms `rules.patterns.rule_groups` put in it."""
        if len(terms) == 1:
            self.ends[self._chain(terms[0].leaves)] += 1
            return
        forward = self._node()
        self.ends[forward] += 1
        for term in terms:
            end = self._chain(term.leaves)
            self.children[end][("forward", forward)] = forward
            self.forwards[end] += 1
            self.listed[end] += 1

    def stack_bound(self) -> int:
        """The most entries durable_rules' alpha walk can hold at once for an answers fact."""
        worst = [0] * len(self.children)
        for node in range(len(self.children) - 1, -1, -1):  # children are always created after parents
            matching = self.forwards[node] + sum(
                max(equal + exists + others, absent) for equal, exists, absent, others in self.fields[node].values()
            )
            deepest = max((worst[child] for child in self.children[node].values()), default=0)
            worst[node] = max(matching, matching - 1 + deepest) if matching else 0
        # the walk starts at the root: the sink's "t exists" node and this discriminator both match there
        return max(2, 1 + worst[0])

    def problem(self) -> str:
        """Why durable_rules could not hold this network safely, or "" when it can."""
        if max(self.hashed) > self.MAX_HASHED_CHILDREN:
            return "too many different tests under one condition"
        if max(self.listed) > self.MAX_LISTED_CHILDREN:
            return "too many 'not answered' tests or alternatives under one condition"
        if max(self.ends) > self.MAX_RULES_PER_NODE:
            return "too many rules with the same conditions"
        if self.stack_bound() > self.MAX_STACK:
            return "too many alternatives that can hold at once"
        return ""
