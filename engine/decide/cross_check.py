"""The N-version check: durable_rules' verdict on every rule unit compared with the explainer's.

Every decision is worked out twice, by the Python evaluator that explains it (``engine.decide.evaluation``)
and by durable_rules from the same compiled program (``rules``). They must agree on every unit and derived
fact; where they do not, the advice is ``refer`` and the difference is logged (docs/architecture.md).
"""

from __future__ import annotations

import logging

from rules.ir import FALSE, TRUE, rule_id_of

log = logging.getLogger("sharewise.engine")


def cross_check(pack_label: str, index, durable, evaluation, found: set[str]) -> str | None:
    """Compare durable_rules' result with the explainer's: a description of any difference, else None."""
    if isinstance(durable, Exception):
        return f"The rules engine failed: {durable}"
    statuses, derived = durable
    if type(statuses) is str:
        if statuses.encode("ascii") == evaluation.engine_statuses() and _same_derived(index, derived, evaluation):
            return None  # the usual case: every unit and derived fact agrees
        statuses = dict(zip((unit.key for unit in index.program.units), statuses))
    fired = {rule_id for key, s in statuses.items() if s == TRUE and (rule_id := rule_id_of(key))}
    differences: list[str] = sorted(fired ^ found)
    for key, s in statuses.items():
        rule_id = rule_id_of(key)
        if rule_id and s == FALSE and evaluation.unit(key) != FALSE:
            differences.append(rule_id)
    differences += [
        f"derived:{derived_id}"
        for derived_id in index.derived
        if not _same_derived_value(derived, derived_id, evaluation)
    ]
    if not differences:
        return None
    log.error("engine divergence in pack %s on rules %s", pack_label, ", ".join(differences))
    return "Rules that differed: " + ", ".join(differences) + "."


def _same_derived(index, derived, evaluation) -> bool:
    return all(_same_derived_value(derived, derived_id, evaluation) for derived_id in index.derived)


def _same_derived_value(derived: dict, derived_id: str, evaluation) -> bool:
    """Whether durable_rules' `derived` agrees with the explainer on one derived fact (known, and value)."""
    known, value = evaluation.derived(derived_id)
    return (derived_id in derived) == known and (not known or derived[derived_id] == value)
