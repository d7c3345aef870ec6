"""The scenario library: every scenario passes, and together they exercise every rule of the pack."""

import pytest

import engine
from engine.scenarios import coverage, load_scenarios, run_scenario

PACK = engine.default_pack()
SCENARIOS = load_scenarios(PACK)


def test_the_library_is_large_enough():
    assert len(SCENARIOS) >= 60


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(scenario):
    result = run_scenario(PACK, scenario)
    assert result.failures == [], "\n".join(f"{what}: expected {exp}, got {got}" for what, exp, got in result.failures)


def test_every_rule_is_exercised_by_a_scenario():
    results = [run_scenario(PACK, s) for s in SCENARIOS]
    assert [f"{r.id} ({r.source})" for r in coverage(PACK, results)] == []


def test_coverage_of_recipients_purposes_and_categories():
    seen = {"recipient": set(), "purpose": set(), "data_categories": set()}
    for scenario in SCENARIOS:
        for key in seen:
            value = scenario.answers.get(key)
            seen[key].update(value if isinstance(value, list) else [value] if value else [])
    for key, values in seen.items():
        options = {o.id for o in PACK.question(key).options}
        assert options - values == set(), key


def test_unsure_answers_never_end_in_share():
    unsure = [s for s in SCENARIOS if "unsure" in s.answers.values()]
    assert len(unsure) >= 3
    for scenario in unsure:
        assert run_scenario(PACK, scenario).advice["decision"] != "share"
