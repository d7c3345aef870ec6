"""The bundled pack's absolute hard stops hold whatever else is answered (property test over random answers).

Intercept product (IPA 2016 ss.56-59), CHIS-derived material (RIPA 2000 s.29(5)(e)), intelligence-service
material without the originator's consent (CTSA 2015 s.38(4)-(5), CTA 2008 s.20) and legally privileged
material are never advised as `share` or `share_redacted`.
"""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.sampling import value_space

PROTECTED = ["intercept_product", "chis_derived", "intel_services_derived", "lpp_material"]
SHARED = {"share", "share_redacted"}


def answers_with(pack, category):
    """Random answers whose data categories always include `category`."""
    day = dt.date(2026, 6, 1)
    optional = {}
    for question in pack.questions:
        space = value_space(question, day)
        if question.id == "data_categories" or not space:
            continue
        optional[question.id] = st.sampled_from(space)
    others = [c for c in value_space(pack.question("data_categories"), day) if c != category]
    return st.tuples(
        st.fixed_dictionaries({}, optional=optional), st.lists(st.sampled_from(others), max_size=5, unique=True)
    )


def never_shared(advice, category, answers):
    if category == "chis_derived" and answers.get("urgency") == "immediate_risk_to_life":
        # Act first: where life is at immediate risk the sanitised protective minimum goes now, while the
        # source unit approves it alongside (A-EMERGENCY-MINIMUM); it is never shared unredacted.
        outcome = next(i["outcome"] for i in advice["items"] if i["category"] == category)
        return outcome != "share"
    if category == "intel_services_derived" and (
        answers.get("originator_consent") == "given" or answers.get("recipient") == "intelligence_services"
    ):
        # With the originator's consent the material may be shared, and returning it to the intelligence
        # services is not passing it on (A-CTA08-S20-ORIGINATOR); other rules still apply.
        return True
    outcome = next(i["outcome"] for i in advice["items"] if i["category"] == category)
    return outcome not in SHARED


@pytest.mark.slow
@pytest.mark.parametrize("category", PROTECTED)
def test_protected_material_is_never_advised_as_shared(bundled_pack, category):
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(answers_with(bundled_pack, category))
    def check(drawn):
        answers, more = drawn
        answers = dict(answers, data_categories=[category] + more)
        advice = bundled_pack.decide(answers, dt.date(2026, 6, 1))
        assert never_shared(advice, category, answers), (answers, advice["items"])
        assert advice["decision"] != "share"

    check()


@pytest.mark.parametrize("category", PROTECTED)
def test_even_the_most_favourable_answers_do_not_share_it(bundled_pack, category):
    answers = {
        "recipient": "police_uk_other_force",
        "request_direction": "reactive",
        "purpose": "investigation_prosecution",
        "data_categories": ["identity", category],
        "data_subject_is_child": False,
        "consent": "given",
        "urgency": "immediate_risk_to_life",
        "security_marking": "OFFICIAL",
        "sharing_agreement_in_place": True,
        "recipient_verified": True,
        "prejudice_to_investigation": False,
        "originator_consent": "refused",
        "subject_notified": "not_applicable",
    }
    advice = bundled_pack.decide(answers, dt.date(2026, 6, 1))
    assert never_shared(advice, category, answers)
