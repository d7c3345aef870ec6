"""Properties of the bundled pack's advice over random answer sets (issue 15).

- Restrictions belong to items: adding a category that ends up withheld or referred never changes the
  outcome of the items already there.
- Act first: with an immediate risk to life and a protective purpose, at least one item is shared unless
  every category answered is stopped by an absolute bar (the pack marks those `absolute: true`).
- An `unsure` answer never yields `share`.

Every question in force is answered (so the decision is complete); hypothesis shrinks any failure to a
small answer set.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.sampling import value_space

DAY = dt.date(2026, 6, 1)
PROTECTIVE = ["child_protection", "adult_safeguarding", "domestic_abuse_risk", "protect_life"]
SHARED = {"share", "share_redacted"}
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def complete_answers(pack, **fixed):
    """Every question in force answered at random (fixed ones as given), without the data categories."""
    fields = {}
    for question in pack.questions:
        space = value_space(question, DAY)
        if question.id == "data_categories" or not space or not question.in_force.covers(DAY):
            continue
        fields[question.id] = st.just(fixed[question.id]) if question.id in fixed else st.sampled_from(space)
    return st.fixed_dictionaries(fields)


def categories(pack, min_size=1, max_size=4):
    return st.lists(
        st.sampled_from(value_space(pack.question("data_categories"), DAY)),
        min_size=min_size,
        max_size=max_size,
        unique=True,
    )


def outcomes(advice):
    return {item["category"]: item["outcome"] for item in advice["items"]}


@pytest.mark.slow
def test_a_withheld_or_referred_item_never_changes_the_others(bundled_pack):
    @SETTINGS
    @given(complete_answers(bundled_pack), categories(bundled_pack, 1, 3), st.data())
    def check(answers, base, data):
        extra = data.draw(
            st.sampled_from([c for c in value_space(bundled_pack.question("data_categories"), DAY) if c not in base])
        )
        before = bundled_pack.decide(dict(answers, data_categories=base), DAY)
        after = bundled_pack.decide(dict(answers, data_categories=base + [extra]), DAY)
        if "incomplete" in (before["decision"], after["decision"]):
            return
        if outcomes(after)[extra] in ("withhold", "refer"):
            assert {c: outcomes(after)[c] for c in base} == outcomes(before), (answers, base, extra)

    check()


@pytest.mark.slow
def test_with_life_at_immediate_risk_something_is_shared_unless_all_is_absolutely_barred(bundled_pack):
    absolute = [r for r in bundled_pack.rules if r.kind == "bar" and r.absolute]
    assert absolute

    @SETTINGS
    @given(st.sampled_from(PROTECTIVE), st.data())
    def check(purpose, data):
        answers = data.draw(complete_answers(bundled_pack, urgency="immediate_risk_to_life", purpose=purpose))
        answers["data_categories"] = data.draw(categories(bundled_pack))
        advice = bundled_pack.decide(answers, DAY)
        assert advice["decision"] != "incomplete"
        if any(outcome in SHARED for outcome in outcomes(advice).values()):
            return
        applied = {e["rule_id"] for e in advice["explanation"] if e["outcome"] == "applied"}
        barred = {
            c for c in answers["data_categories"] for r in absolute if r.id in applied and r.applies_to_category(c)
        }
        assert barred == set(answers["data_categories"]), (answers, outcomes(advice))

    check()


@pytest.mark.slow
def test_unsure_never_yields_share(bundled_pack):
    @SETTINGS
    @given(complete_answers(bundled_pack), categories(bundled_pack))
    def check(answers, cats):
        answers = dict(answers, data_categories=cats)
        if "unsure" not in answers.values():
            return
        assert bundled_pack.decide(answers, DAY)["decision"] != "share", answers

    check()


def test_the_pack_marks_the_catalogues_absolute_bars(bundled_pack):
    """Intercept, privilege and intelligence-service material to partners hold even in an emergency."""
    absolute = {r.id for r in bundled_pack.rules if r.kind == "bar" and r.absolute}
    assert {"A-IPA16-INTERCEPT", "A-LPP", "A-CTA08-S20-PARTNERS", "A-CTSA15-S38-4"} <= absolute
