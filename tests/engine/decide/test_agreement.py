"""durable_rules and the Python explainer must agree on every rule, for any answers.

Hypothesis draws at least 1,000 answer sets per pack per run; for each, the three-valued statuses durable_rules
computes (rules fired, and the negated forms compiled for referenced units) and the derived-fact values must
equal the explainer's. A fault injected into either side must make the decision `refer` (fail closed).
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.decide.evaluation import Evaluation
from engine.decide.plan import Plan
from engine.sampling import value_space
from rules.ir import FALSE, UNKNOWN

DAY = dt.date(2026, 6, 1)


def answers_strategy(pack):
    optional = {}
    for question in pack.questions:
        space = value_space(question, DAY)
        if not space:
            continue
        if question.type == "many_of":
            optional[question.id] = st.lists(st.sampled_from(space), min_size=1, max_size=5, unique=True)
        else:
            optional[question.id] = st.sampled_from(space)
    return st.fixed_dictionaries({}, optional=optional)


def assert_agree(pack, answers):
    index, compiled = pack._program(DAY)
    clean = pack.check(answers, DAY)
    statuses, derived = compiled.evaluate(clean)
    evaluation = Evaluation(index, clean)
    for unit in index.program.units:
        expected = evaluation.unit(unit.key)
        if not unit.need_false and expected == FALSE:
            expected = UNKNOWN  # only the true form was compiled
        assert statuses[unit.key] == expected, (unit.key, clean)
    # the packed form the engine compares first, in the usual case
    assert evaluation.engine_statuses().decode() == "".join(statuses[unit.key] for unit in index.program.units)
    for derived_id in index.derived:
        known, value = evaluation.derived(derived_id)
        assert (derived_id in derived) == known, (derived_id, clean)
        if known:
            assert derived[derived_id] == value


SETTINGS = settings(
    max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@pytest.mark.slow
def test_bundled_pack_agrees(bundled_pack):
    @SETTINGS
    @given(answers_strategy(bundled_pack))
    def check(answers):
        assert_agree(bundled_pack, answers)

    check()


@pytest.mark.slow
def test_constructs_pack_agrees(constructs_pack):
    @SETTINGS
    @given(answers_strategy(constructs_pack))
    def check(answers):
        assert_agree(constructs_pack, answers)

    check()


SHARE_CASE = {
    "recipient": "health",
    "purpose": "child_protection",
    "data_categories": ["identity"],
    "recipient_verified": True,
    "security_marking": "OFFICIAL",
}


def test_fault_in_durable_side_fails_closed(constructs_pack, caplog):
    assert constructs_pack.decide(SHARE_CASE, DAY)["decision"] == "share"

    def drop_fired_rule(statuses, derived):
        statuses = dict(statuses)
        statuses["rule:T-GROUND-PARTNER"] = UNKNOWN
        return statuses, derived

    constructs_pack.fault = drop_fired_rule
    try:
        advice = constructs_pack.decide(SHARE_CASE, DAY)
    finally:
        constructs_pack.fault = None
    assert advice["decision"] == "refer"
    assert advice["explanation"][-1]["rule_id"] == "ENGINE-DIVERGENCE"
    assert "T-GROUND-PARTNER" in advice["explanation"][-1]["because"]
    assert any("divergence" in r.getMessage() for r in caplog.records)
    assert not any("health" in r.getMessage() for r in caplog.records)  # answers are never logged


def test_fault_in_durable_packed_statuses_fails_closed(constructs_pack, monkeypatch):
    """Without a fault hook the engine compares the worker's packed statuses first: one wrong letter is a
    divergence that names the rule."""
    from rules.worker import Pending

    index, _ = constructs_pack._program(DAY)
    position = [unit.key for unit in index.program.units].index("rule:T-GROUND-PARTNER")
    original = Pending.packed

    def wrong(self):
        packed, derived = original(self)
        return packed[:position] + UNKNOWN + packed[position + 1 :], derived

    monkeypatch.setattr(Pending, "packed", wrong)
    advice = constructs_pack.decide(SHARE_CASE, DAY)
    assert advice["decision"] == "refer"
    assert "T-GROUND-PARTNER" in advice["explanation"][-1]["because"]


def test_fault_in_explainer_side_fails_closed(constructs_pack, monkeypatch):
    original = Plan.run

    def wrong(self, answers):  # the explainer wrongly finds a bar that does not apply
        tests, nodes, units, derived = original(self, answers)
        units[self.positions["rule:T-BAR-PERSONAL"]] = 2
        return tests, nodes, units, derived

    monkeypatch.setattr(Plan, "run", wrong)
    advice = constructs_pack.decide(SHARE_CASE, DAY)
    assert advice["decision"] == "refer"
    assert advice["explanation"][-1]["rule_id"] == "ENGINE-DIVERGENCE"


def test_engine_failure_fails_closed(constructs_pack):
    import rules

    def explode(statuses, derived):
        raise rules.EngineFailure("simulated error code 303")

    constructs_pack.fault = explode
    try:
        advice = constructs_pack.decide(SHARE_CASE, DAY)
    finally:
        constructs_pack.fault = None
    assert advice["decision"] == "refer"
    assert "303" in advice["explanation"][-1]["because"]
