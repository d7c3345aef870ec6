"""Fixtures for the training tests: the bundled pack's scenarios and attempts that copy the model answer."""

from __future__ import annotations

import pytest

from engine.scenarios import load_scenarios

INTERCEPT_MASH = "Intercept shows a child is about to be trafficked - MASH referral"


@pytest.fixture(scope="session")
def scenarios(bundled_pack) -> dict:
    return {s.name: s for s in load_scenarios(bundled_pack)}


def model_attempt(pack, scenario, advice=None) -> dict:
    """An attempt (raw, as in an ATTEMPT.json) that copies the model answer: the brief's answers and the
    pack's advice on them, relying on the first power it applies."""
    advice = advice or pack.decide(scenario.answers, scenario.as_at)
    grounds = {r.id for r in pack.rules if r.kind == "ground"}
    powers = [b["id"] for b in advice["lawful_bases"] if b["id"] in grounds]
    return {
        "answers": dict(scenario.answers),
        "decision": advice["decision"],
        "items": {item["category"]: item["outcome"] for item in advice["items"]},
        "power": powers[0] if powers else None,
    }
