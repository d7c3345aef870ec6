"""Compile a `rules.ir.Program` into durable_rules ruleset definitions, within the engine's known limits.

durable_rules 2.0.28 crashes or hangs well inside ordinary use (see shared/research/durable-rules.md), so
this compiler shapes its output to stay clear of every limit found:

- each unit's condition becomes disjunctive normal form; every term counts as one match against the
  per-ruleset limits below, because a fact reaches a rule once per term it satisfies (too many at once
  overflow the engine's 64-entry match stack: error 303 followed by heap corruption);
- the terms of one unit and polarity share one durable rule, an ``$or`` of the terms, because durable_rules'
  cost per session grows with the number of rules (each gets about 20 KB of per-session state, allocated
  and cleared whether it matches or not); an ``$or`` holds at most `MAX_MARKERS_PER_RULE` and/or markers,
  since a rule's expression sequence has 32 slots (more fails with error 113);
- sets of values are sent as precomputed membership fields, not as ``$or`` of equalities; "not one of" is
  written as "one of the others" when the field's values are known;
- every pattern starts with the positive discriminator ``t == "answers"`` (negative-only patterns loop);
  then come the tests durable_rules shares between rules, and list tests last (it never shares those);
- `AlphaNetwork` models the alpha network each ruleset will have and bounds durable_rules' depth-first
  walk of it, which has a fixed 64-entry stack (past it: error 303 and a corrupted heap, then a crash);
  chunking keeps every ruleset within that bound and within the network's fan-out limits, and a unit
  that exceeds them on its own is refused;
- rulesets are chunked so that one fact can match at most `MAX_MATCHES_PER_RULESET` terms, with a bounded number of internal
  alternatives, distinct tests per field and per ruleset are kept under 512 (beyond that create hangs),
  and each ruleset reads at most `MAX_FIELDS_PER_RULESET` fields, because the fact asserted into it carries
  only those (more than 252 properties on one fact fails with error 302 or crashes);
- a condition needing more than `MAX_TERMS_PER_UNIT` terms is refused here, at compile time, with the
  unit it came from, rather than failing at run time.
"""

from __future__ import annotations

from itertools import product

from rules.ir import All, Any_, Not, Program, RuleHolds, Test, encode_scalar, rule_id_of
from rules.limits import (
    MAX_ALTERNATIVES_PER_RULESET,
    MAX_FIELDS_PER_RULESET,
    MAX_HASHED_CHILDREN,
    MAX_LISTED_CHILDREN,
    MAX_MARKERS_PER_RULE,
    MAX_MATCHES_PER_RULESET,
    MAX_RULES_PER_NODE,
    MAX_TERMS_PER_UNIT,
    MAX_TESTS_PER_FIELD,
    MAX_WALK_STACK,
)
from rules.terms import Kind, Leaf, Term, stable_text

DISCRIMINATOR = {"t": "answers"}


class CompileError(Exception):
    """A condition the durable_rules engine cannot run safely; `unit_key` names where it came from."""

    def __init__(self, unit_key: str, message: str, line: int = 0):
        super().__init__(message)
        self.unit_key = unit_key
        self.message = message
        self.line = line


_OPPOSITE = {"lt": "ge", "le": "gt", "gt": "le", "ge": "lt"}
_DURABLE_CMP = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}


class _Dnf:
    """Turns a condition into DNF for its true form (positive) or its false form (negative)."""

    def __init__(self, program: Program, rule_fields: dict, unit_key: str):
        self.domains = program.domains
        self.rule_fields = rule_fields
        self.unit_key = unit_key

    def terms(self, node, positive: bool) -> list:
        if isinstance(node, Not):
            return self.terms(node.item, not positive)
        if isinstance(node, (All, Any_)):
            conjunctive = isinstance(node, All) == positive
            parts = [self.terms(item, positive) for item in node.items]
            if conjunctive:
                return self._and(parts, node)
            out = []
            for part in parts:
                out.extend(part)
            return self._limit(_dedupe(out), node)
        if isinstance(node, RuleHolds):
            field = self.rule_fields[node.rule_id]
            return [frozenset({Leaf("in", field, frozenset({"T" if positive else "F"}))})]
        if isinstance(node, Test):
            return self._test(node, positive)
        raise CompileError(self.unit_key, f"unknown condition node {node!r}")

    def _and(self, parts: list, node) -> list:
        out = [frozenset()]
        for part in parts:
            combined = []
            for left, right in product(out, part):
                merged = _merge(left | right)
                if merged is not None:
                    combined.append(merged)
            out = self._limit(_dedupe(combined), node)
        return out

    def _limit(self, terms: list, node) -> list:
        if len(terms) > MAX_TERMS_PER_UNIT:
            raise CompileError(
                self.unit_key,
                f"condition is too complex for the rules engine ({len(terms)} alternative paths; the limit is "
                f"{MAX_TERMS_PER_UNIT}): split it into smaller rules or derived facts",
                getattr(node, "line", 0),
            )
        return terms

    def _test(self, test: Test, positive: bool) -> list:
        field = test.subject.field
        op, value = test.op, test.value
        domain = self.domains.get(field)
        one = lambda *leaves: [frozenset(leaves)]  # noqa: E731 - a tiny local helper reads best here
        if op in ("eq", "in", "ne", "not_in"):
            values = frozenset(encode_scalar(v) for v in (value if op in ("in", "not_in") else (value,)))
            wants_member = (op in ("eq", "in")) == positive
            if wants_member:
                return one(Leaf("in", field, values)) if values else []
            if domain is not None:
                rest = frozenset(domain) - values
                return one(Leaf("in", field, rest)) if rest else []
            return [frozenset([Leaf("ex", field)] + [Leaf("neq", field, v) for v in values])]
        if op in ("contains", "contains_any", "contains_all"):
            values = [encode_scalar(v) for v in (value if op != "contains" else (value,))]
            if op == "contains":
                op = "contains_all"
            any_of = (op == "contains_any") == positive
            kind: Kind = "has" if positive else "lacks"
            if any_of:
                return [frozenset({Leaf(kind, field, v)}) for v in values]
            return one(*[Leaf(kind, field, v) for v in values])
        if op in _OPPOSITE:
            return one(Leaf("cmp", field, value, op if positive else _OPPOSITE[op]))
        if op == "answered":
            present = bool(value) == positive
            return one(Leaf("ex", field) if present else Leaf("nex", field))
        raise CompileError(self.unit_key, f"unknown operator {op!r}", test.line)


def _dedupe(terms: list) -> list:
    seen, out = set(), []
    for term in terms:
        if term not in seen:
            seen.add(term)
            out.append(term)
    return out


def _merge(leaves: frozenset):
    """Simplify one conjunction; None when it can never hold (e.g. two different values of one field)."""
    sets: dict = {}
    other = []
    for leaf in leaves:
        if leaf.kind == "in":
            sets[leaf.field] = sets.get(leaf.field, leaf.value) & leaf.value
        else:
            other.append(leaf)
    rest = []
    for leaf in other:
        kind, field = leaf.kind, leaf.field
        if kind == "neq" and field in sets:
            sets[field] = sets[field] - {leaf.value}
        elif kind == "ex" and field in sets:
            continue
        elif (
            kind == "nex"
            and (field in sets or Leaf("ex", field) in leaves)
            or kind == "has"
            and Leaf("lacks", field, leaf.value) in leaves
        ):
            return None
        else:
            rest.append(leaf)
    if any(not values for values in sets.values()):
        return None
    return frozenset(rest + [Leaf("in", f, v) for f, v in sets.items()])


class Memberships:
    """Names for "this field is one of these values" tests, sent to durable_rules as precomputed fields.

    durable_rules expands an ``$or`` of equalities into one internal path per value, and a term with two
    such sets into their product; on a large pack that is tens of thousands of paths to match per fact.
    Instead each set becomes a field of the fact (``m3: "true"`` when the answer is in the set, ``"false"``
    when it is not, absent when unanswered) and the pattern tests that one field.
    """

    def __init__(self):
        self.by_set: dict = {}  # (field, frozenset of values) -> name
        self.sets: dict = {}  # name -> (field, frozenset of values)

    def name(self, field: str, values: frozenset) -> str:
        key = (field, values)
        name = self.by_set.get(key)
        if name is None:
            name = self.by_set[key] = f"m{len(self.by_set)}"
            self.sets[name] = key
        return name

    def fill(self, fact: dict, names) -> dict:
        """The membership fields `names` for a fact holding the plain answers."""
        out = {}
        for name in names:
            field, values = self.sets[name]
            if field in fact:
                out[name] = "true" if fact[field] in values else "false"
        return out


def _leaf_json(leaf: Leaf, memberships: Memberships | None = None) -> dict:
    kind, field, value = leaf.kind, leaf.field, leaf.value
    if kind == "in":
        values = sorted(value, key=repr)
        if len(values) == 1:
            return {field: values[0]}
        if memberships is not None:
            return {memberships.name(field, value): "true"}
        return {"$or": [{field: v} for v in values]}
    if kind == "neq":
        return {"$neq": {field: value}}
    if kind == "has":
        return {"$iany": {field: {"$i": value}}}
    if kind == "lacks":
        return {"$iall": {field: {"$neq": {"$i": value}}}}
    if kind == "cmp":
        return {_DURABLE_CMP[leaf.op]: {field: value}}
    if kind == "ex":
        return {"$ex": {field: 1}}
    if kind == "nex":
        return {"$nex": {field: 1}}
    raise ValueError(leaf)


def term_pattern(term: Term, memberships: Memberships | None = None) -> dict:
    """The durable_rules pattern for one term: the discriminator and every leaf, in a stable order."""
    return {"$and": [dict(DISCRIMINATOR)] + [_leaf_json(leaf, memberships) for leaf in term.leaves]}


def _markers(pattern) -> int:
    """The expression slots an ``$and`` / ``$or`` structure takes in durable_rules (two each: open and end)."""
    if isinstance(pattern, dict):
        return sum((2 if key in ("$and", "$or") else 0) + _markers(value) for key, value in pattern.items())
    if isinstance(pattern, list):
        return sum(_markers(item) for item in pattern)
    return 0


def _branch(term: Term, memberships: Memberships | None):
    leaves = [_leaf_json(leaf, memberships) for leaf in term.leaves]
    return leaves[0] if len(leaves) == 1 else {"$and": leaves}


def rule_groups(terms: list, memberships_used: bool = True) -> list:
    """How a chunk's terms become durable rules: a list of term lists, one per rule. The terms of one unit
    and polarity share a rule (an ``$or`` of them) as far as the expression-slot limit allows; a term that
    always holds makes its rule just that term."""
    groups: dict = {}
    for term in terms:
        groups.setdefault((term.unit_key, term.polarity), []).append(term)
    out = []
    for group in groups.values():
        always = [term for term in group if not term.leaves]
        if always:
            out.append(always[:1])
            continue
        batch, used = [], 4  # the outer $and and the $or
        for term in group:
            cost = _branch_markers(term, memberships_used)
            if batch and used + cost > MAX_MARKERS_PER_RULE:
                out.append(batch)
                batch, used = [], 4
            batch.append(term)
            used += cost
        out.append(batch)
    return out


def _branch_markers(term: Term, memberships_used: bool) -> int:
    """Expression slots one term takes as a branch of an ``$or``: its own ``$and`` when it has several
    leaves, and an ``$or`` per value set when sets are not sent as membership fields."""
    sets = 0 if memberships_used else sum(1 for leaf in term.leaves if leaf.is_set)
    return (2 if len(term.leaves) > 1 else 0) + 2 * sets


class AlphaNetwork:
    """A model of the alpha network durable_rules builds for one ruleset, to check it against the C engine's
    fixed sizes before registering it (src/rules/rete.c and events.c of durable_rules 2.0.28).

    durable_rules matches a fact by a depth-first walk of the alpha nodes with a stack of 64: a node that
    matches is replaced on the stack by every child of it that matches too. Past 64 it fails with error 303
    and corrupts its heap, so the bound computed here is the worst case over all facts: every child that can
    match alongside its siblings is assumed to, and the walk goes down the deepest path. Children of one
    node that test the same field against different values cannot all match (a field holds one value), and
    a field that is absent matches only its "does not exist" tests. A node is shared between rules when it
    tests the same field the same way under the same parent; list tests (``$iany``/``$iall``) never are. An
    ``$or`` links the end of each branch to a forward node of its rule, which is pushed whenever that end
    matches. Node fan-out is limited too: 512 hashed children (this keeps under 400), 128 listed ones
    ("does not exist" tests and forward nodes) and 256 rules ending at one node.
    """

    MAX_STACK = MAX_WALK_STACK
    MAX_HASHED_CHILDREN = MAX_HASHED_CHILDREN
    MAX_LISTED_CHILDREN = MAX_LISTED_CHILDREN
    MAX_RULES_PER_NODE = MAX_RULES_PER_NODE

    def __init__(self, rules=()):
        self.children = [{}]  # node -> {test key: child}; node 0 is the discriminator t == "answers"
        self.fields = [{}]  # node -> {field: [equal, exists, not exists, others that can all match]}
        self.forwards = [0]  # node -> forward nodes it pushes unconditionally
        self.hashed = [0]
        self.listed = [0]
        self.ends = [0]  # node -> rules whose pattern ends there
        for rule in rules:
            self.add_rule(rule)

    def _node(self) -> int:
        for column in (self.children, self.fields):
            column.append({})
        for column in (self.forwards, self.hashed, self.listed, self.ends):
            column.append(0)
        return len(self.children) - 1

    def _child(self, parent: int, leaf: Leaf) -> int:
        kind, field = leaf.kind, leaf.field
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

    def _chain(self, leaves) -> int:
        node = 0
        for leaf in leaves:
            node = self._child(node, leaf)
        return node

    def add_rule(self, terms: list) -> None:
        """Add one durable rule: the terms `rule_groups` put in it."""
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


def rule_patterns(terms: list, memberships: Memberships | None = None) -> list:
    """The durable rules for a chunk's terms: ``(pattern, term)`` pairs (see `rule_groups`); the term names
    the unit and polarity the rule reports."""
    return [
        (_merged([_branch(term, memberships) for term in group]), group[0])
        for group in rule_groups(terms, memberships is not None)
    ]


def _merged(branches: list) -> dict:
    if len(branches) == 1:
        branch = branches[0]
        leaves = branch["$and"] if set(branch) == {"$and"} else [branch]
        return {"$and": [dict(DISCRIMINATOR)] + leaves}
    return {"$and": [dict(DISCRIMINATOR), {"$or": branches}]}


def unit_terms(program: Program, rule_fields: dict, unit) -> list:
    """The terms of one unit: its true form, and its false form when a later step reads it."""
    dnf = _Dnf(program, rule_fields, unit.key)
    terms = [
        Term(unit.key, "T", tuple(sorted(leaves, key=Leaf.chain_key))) for leaves in dnf.terms(unit.condition, True)
    ]
    if unit.need_false:
        terms += [
            Term(unit.key, "F", tuple(sorted(leaves, key=Leaf.chain_key)))
            for leaves in dnf.terms(unit.condition, False)
        ]
    return terms


def compile_terms(program: Program, rule_fields: dict) -> list:
    """All terms of the program, grouped by stratum: a list (one per stratum) of lists of `Term`."""
    return [[term for unit in units for term in unit_terms(program, rule_fields, unit)] for units in program.strata()]


def check_group(group: list) -> int:
    """Refuse one unit's terms if they are beyond what any ruleset can hold; else their match bound."""
    if len(group) > MAX_TERMS_PER_UNIT:
        raise CompileError(group[0].unit_key, "condition lists too many combinations of values for the rules engine")
    bound = _simultaneous_bound(group)
    if bound > MAX_MATCHES_PER_RULESET:
        raise CompileError(
            group[0].unit_key, "condition has too many alternatives that can hold at once for the rules engine"
        )
    problem = AlphaNetwork(rule_groups(group)).problem()
    if problem:
        raise CompileError(group[0].unit_key, f"condition has {problem} for the rules engine")
    return bound


def exclusive(a: Term, b: Term) -> bool:
    """True when no fact can match both terms (so they never count twice against the match limit)."""
    if a.unit_key == b.unit_key and a.polarity != b.polarity:
        return True  # a condition cannot be both true and false
    sets_a = {leaf.field: leaf.value for leaf in a.leaves if leaf.kind == "in"}
    for leaf in b.leaves:
        kind, field = leaf.kind, leaf.field
        if kind == "in" and field in sets_a and not (sets_a[field] & leaf.value):
            return True
        if kind == "nex" and (field in sets_a or Leaf("ex", field) in a.leaves):
            return True
        if kind in ("in", "ex") and Leaf("nex", field) in a.leaves:
            return True
        if kind == "has" and Leaf("lacks", field, leaf.value) in a.leaves:
            return True
        if kind == "lacks" and Leaf("has", field, leaf.value) in a.leaves:
            return True
    return False


def _simultaneous_bound(group: list) -> int:
    """An upper bound on how many of a unit's terms one fact can match: a greedy cover by groups of
    pairwise-exclusive terms (each group contributes at most one match)."""
    cliques: list = []
    for term in group:
        for clique in cliques:
            if all(exclusive(term, other) for other in clique):
                clique.append(term)
                break
        else:
            cliques.append([term])
    return len(cliques)


def _units(terms: list) -> list:
    by_unit: dict = {}
    for term in terms:
        by_unit.setdefault(term.unit_key, []).append(term)
    return list(by_unit.values())


_ABSENT = object()  # stands for "the field has no value" when partitioning facts by a field's value


class _MatchBudget:
    """The most terms of one ruleset that a single fact could match, bounded two ways.

    Plainly, it is the sum of each unit's `_simultaneous_bound`. Better, for a field whose values are known
    (such as the recipient), a fact has exactly one value (or none), so only the terms compatible with that
    value can match: the bound is the worst value's total. The smallest of these bounds is used, which lets
    a ruleset hold many more terms when they are about different recipients or purposes.
    """

    def __init__(self, partitions: dict):
        self.partitions = partitions  # field -> tuple of possible values, including _ABSENT
        self.plain = 0
        self.per_value = {f: dict.fromkeys(values, 0) for f, values in partitions.items()}

    def increments(self, group: list, unit_bound: int) -> dict:
        out = {}
        for f, values in self.partitions.items():
            out[f] = {v: min(unit_bound, sum(1 for t in group if _compatible(t, f, v))) for v in values}
        return out

    def bound_with(self, unit_bound: int, increments: dict) -> int:
        best = self.plain + unit_bound
        for f, counts in self.per_value.items():
            inc = increments[f]
            best = min(best, max(counts[v] + inc[v] for v in counts))
        return best

    def add(self, unit_bound: int, increments: dict) -> None:
        self.plain += unit_bound
        for f, counts in self.per_value.items():
            for v, n in increments[f].items():
                counts[v] += n


def _compatible(term: Term, field: str, value) -> bool:
    """Whether a fact whose `field` is `value` (or absent) could match `term`."""
    for leaf in term.leaves:
        if leaf.field != field:
            continue
        kind = leaf.kind
        if value is _ABSENT:
            if kind != "nex":
                return False
        elif kind == "in" and value not in leaf.value or kind == "nex" or (kind == "neq" and leaf.value == value):
            return False
    return True


def _partition_fields(terms: list, domains: dict, how_many: int = 3) -> dict:
    """The scalar fields with known values that the most terms constrain: the best ones to bound by."""
    counts: dict = {}
    for term in terms:
        for leaf in term.leaves:
            if leaf.kind == "in" and leaf.field in domains:
                counts[leaf.field] = counts.get(leaf.field, 0) + 1
    chosen = sorted(counts, key=lambda f: (-counts[f], f))[:how_many]
    return {f: tuple(sorted(domains[f], key=repr)) + (_ABSENT,) for f in chosen}


def chunk_terms(terms: list, domains: dict | None = None) -> list:
    """Split one stratum's terms into rulesets that respect the engine's per-ruleset limits.

    Two bounds keep a fact's match within durable_rules' 64-entry stack: how many terms one fact can match
    in a ruleset (`_MatchBudget`) and the walk of the ruleset's alpha network (`AlphaNetwork`). The terms
    of one unit are kept together. Units that read the same fields are placed next to each other, so each
    ruleset's fact carries fewer fields: durable_rules loops over every field of the fact at every node
    that matches, so this made decisions on a large pack about a tenth faster.
    """
    partitions = _partition_fields(terms, domains or {})
    chunks, current, alternatives, per_field, sent = [], [], 0, {}, frozenset()
    budget = _MatchBudget(partitions)
    network = AlphaNetwork()  # the current chunk's, grown a unit at a time
    for group in sorted(_units(terms), key=lambda g: sorted(map(stable_text, fields_read(g)))):
        group_alternatives = len(group)  # sets are sent as membership fields, so each term is one path
        bound = check_group(group)
        tests: dict = {}
        for term in group:
            for f, t in _field_tests(term).items():
                tests.setdefault(f, set()).update(t)
        group_fields = fields_read(group)
        increments = budget.increments(group, bound)
        fits = (
            budget.bound_with(bound, increments) <= MAX_MATCHES_PER_RULESET
            and alternatives + group_alternatives <= MAX_ALTERNATIVES_PER_RULESET
            and all(len(per_field.get(f, set()) | t) <= MAX_TESTS_PER_FIELD for f, t in tests.items())
            and len(sent | group_fields) <= MAX_FIELDS_PER_RULESET
        )
        group_rules = rule_groups(group)  # a unit's terms are all in its group, so its rules are too
        if fits:
            for rule in group_rules:
                network.add_rule(rule)
            fits = not network.problem()
        if not fits:
            if current:
                chunks.append(current)
                current, alternatives, per_field, sent = [], 0, {}, frozenset()
                budget = _MatchBudget(partitions)
                increments = budget.increments(group, bound)
            network = AlphaNetwork(group_rules)
        sent = sent | group_fields
        current.extend(group)
        alternatives += group_alternatives
        budget.add(bound, increments)
        for f, t in tests.items():
            per_field.setdefault(f, set()).update(t)
    if current:
        chunks.append(current)
    return chunks


def _sent(leaf: Leaf) -> str | Leaf:
    """What a leaf needs in the fact: its field, or for a set of two or more values, that set's membership
    (named by the leaf itself)."""
    return leaf if leaf.is_set else leaf.field


def fields_read(terms) -> frozenset:
    """The fact fields a group of terms reads (a membership as its ``in`` leaf): only these are sent."""
    return frozenset(_sent(leaf) for term in terms for leaf in term.leaves)


def _field_tests(term: Term) -> dict:
    tests: dict = {}
    for leaf in term.leaves:
        if leaf.kind == "in":
            tests.setdefault(leaf.field, set()).update(("eq", v) for v in leaf.value)
        else:
            tests.setdefault(leaf.field, set()).add(leaf)
    return tests


def rule_fields(program: Program) -> dict:
    """The fact field that carries each referenced rule's status into later strata."""
    return {rule_id_of(key): f"r_{i}" for i, key in enumerate(sorted(program.referenced_rules))}


def check_units(program: Program) -> set:
    """Check every unit on its own against the engine's limits, without registering anything.

    Chunking always finds room for a unit that passes on its own, so this validates every date's set of
    rules at once (the program may hold every version of every rule). Raises `CompileError`; returns the
    keys of units whose conditions can never hold.
    """
    fields = rule_fields(program)
    never = set()
    for unit in program.units:
        terms = unit_terms(program, fields, unit)
        if not any(t.polarity == "T" for t in terms):
            never.add(unit.key)
        if terms:
            check_group(terms)  # as chunking checks it: both forms of the unit share a ruleset
    return never
