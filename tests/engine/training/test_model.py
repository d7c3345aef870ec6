"""The model answer is read back into rules from the advice alone; if the advice's wording of item reasons
changes (engine/decide/combine.py), these tests say so before the feedback silently loses its citations."""

from __future__ import annotations

from engine.training.model import ModelAnswer


def test_every_item_citation_is_traced_to_an_applied_rule(bundled_pack, scenarios):
    traced = 0
    for scenario in scenarios.values():
        advice = bundled_pack.decide(scenario.answers, scenario.as_at)
        model = ModelAnswer(bundled_pack, advice, scenario.as_at)
        for item in advice["items"]:
            found = model.item_rules(item["category"])
            assert {e["citation"] for e in found} == set(item["citations"]), (scenario.name, item)
            assert len(found) >= sum(1 for reason in item["reasons"] if ": " in reason), (scenario.name, item)
            traced += len(found)
    assert traced > 100


def test_every_limited_item_has_a_deciding_rule_unless_no_power_applies(bundled_pack, scenarios):
    for scenario in scenarios.values():
        advice = bundled_pack.decide(scenario.answers, scenario.as_at)
        model = ModelAnswer(bundled_pack, advice, scenario.as_at)
        for item in advice["items"]:
            rules = model.deciding_item_rules(item["category"])
            if item["outcome"] == "share" or rules:
                continue
            assert item["outcome"] == "withhold" and not model.powers, (scenario.name, item)
            assert item["citations"] == [], (scenario.name, item)  # no rule withholds it: there is no power
