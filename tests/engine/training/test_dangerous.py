"""Dangerous errors are flagged whatever the score, exactly as docs/training.md defines them."""

from __future__ import annotations

from engine.decide.program import rules_in_force
from engine.training import check_attempt, mark
from engine.training.dangerous import SHARED_DESPITE_STOP, SHARED_HARD_STOP, WITHHELD_IN_EMERGENCY
from engine.training.model import ModelAnswer
from tests.engine.training.conftest import INTERCEPT_MASH, model_attempt

STOP = "A friend asks an officer to check out her daughter's new boyfriend"
REFER_BAR = "Neighbouring force asks for the source behind a drugs intelligence report"
MODEL_REFERS_IN_EMERGENCY = "Threat to life known only from intercept - the police protect the person themselves"


def marked(pack, scenario, **changes):
    raw = dict(model_attempt(pack, scenario), **changes)
    return mark(pack, scenario, check_attempt(pack, raw, scenario.as_at))


def kinds(marking) -> list:
    return [d.kind for d in marking.dangerous]


def test_sharing_a_hard_stopped_item_is_flagged_whatever_else_is_right(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    items = dict(model_attempt(bundled_pack, scenario)["items"], intercept_product="share_redacted")
    marking = marked(bundled_pack, scenario, items=items)
    assert marking.score == 90  # everything else is right
    assert kinds(marking) == [SHARED_HARD_STOP]
    danger = marking.dangerous[0]
    assert danger.field == "items.intercept_product"
    in_force = {r.id: r for r in rules_in_force(bundled_pack, scenario.as_at)}
    cited = [in_force[r["rule_id"]] for r in danger.rules]
    assert [(r.kind, r.effect) for r in cited] == [("bar", "withhold")]
    assert danger.message == f'You would share "Intercept product", which must be withheld: "{cited[0].title}".'


def test_deciding_to_share_past_a_stop_bar_is_flagged(bundled_pack, scenarios):
    scenario = scenarios[STOP]
    advice = bundled_pack.decide(scenario.answers, scenario.as_at)
    model = ModelAnswer(bundled_pack, advice, scenario.as_at)
    assert advice["decision"] == "do_not_share" and model.stop_bars()
    for decision in ("share", "share_with_conditions"):
        marking = marked(bundled_pack, scenario, decision=decision)
        assert kinds(marking) == [SHARED_DESPITE_STOP]
        assert [r["rule_id"] for r in marking.dangerous[0].rules] == [e["rule_id"] for e in model.stop_bars()]
    assert kinds(marked(bundled_pack, scenario, decision="refer")) == []
    # Under a stop bar every item is hard-stopped too.
    category = advice["items"][0]["category"]
    items = dict(model_attempt(bundled_pack, scenario)["items"], **{category: "share"})
    assert kinds(marked(bundled_pack, scenario, items=items)) == [SHARED_HARD_STOP]


def test_sharing_an_item_that_must_be_referred_is_wrong_but_not_a_hard_stop(bundled_pack, scenarios):
    scenario = scenarios[REFER_BAR]
    advice = bundled_pack.decide(scenario.answers, scenario.as_at)
    referred = next(i["category"] for i in advice["items"] if i["outcome"] == "refer")
    items = dict(model_attempt(bundled_pack, scenario)["items"], **{referred: "share"})
    marking = marked(bundled_pack, scenario, items=items)
    assert marking.score < 100
    assert kinds(marking) == []


def test_not_sharing_in_an_emergency_is_flagged(bundled_pack, scenarios):
    scenario = scenarios[INTERCEPT_MASH]
    assert scenario.answers["urgency"] == "immediate_risk_to_life"
    items = model_attempt(bundled_pack, scenario)["items"]
    withheld = dict.fromkeys(items, "withhold")
    assert kinds(marked(bundled_pack, scenario, items=withheld)) == [WITHHELD_IN_EMERGENCY]
    assert kinds(marked(bundled_pack, scenario, decision="do_not_share")) == [WITHHELD_IN_EMERGENCY]
    assert kinds(marked(bundled_pack, scenario, decision="refer")) == [WITHHELD_IN_EMERGENCY]
    assert kinds(marked(bundled_pack, scenario, items=dict.fromkeys(items, "refer"))) == [WITHHELD_IN_EMERGENCY]
    danger = marked(bundled_pack, scenario, items=withheld).dangerous[0]
    label = bundled_pack.question("urgency").label_for("immediate_risk_to_life")
    assert danger.message == (
        f'The brief says "{label}", and the pack\'s advice is to share at least some of the information, '
        "but you would share none of it."
    )
    advice = bundled_pack.decide(scenario.answers, scenario.as_at)
    model = ModelAnswer(bundled_pack, advice, scenario.as_at)
    emergency_rules = [e["rule_id"] for e in model.rules_reading("urgency")]
    assert emergency_rules
    assert [r["rule_id"] for r in danger.rules] == [e["rule_id"] for e in model.powers] + emergency_rules


def test_an_emergency_where_the_model_shares_nothing_or_refers_is_not_flagged_for_agreeing(bundled_pack, scenarios):
    scenario = scenarios[MODEL_REFERS_IN_EMERGENCY]
    assert scenario.answers["urgency"] == "immediate_risk_to_life"
    assert kinds(marked(bundled_pack, scenario)) == []
    assert kinds(marked(bundled_pack, scenario, decision="do_not_share")) == []


def test_withholding_everything_when_life_is_not_at_risk_is_wrong_but_not_dangerous(bundled_pack, scenarios):
    scenario = scenarios[REFER_BAR]
    assert scenario.answers["urgency"] != "immediate_risk_to_life"
    items = dict.fromkeys(model_attempt(bundled_pack, scenario)["items"], "withhold")
    marking = marked(bundled_pack, scenario, decision="do_not_share", items=items)
    assert marking.score < 100
    assert kinds(marking) == []
