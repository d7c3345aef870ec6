"""The vocabulary of the decision contract (docs/decision-contract.md) and of the pack format, in one place.

Question and option ids fixed by the contract, the decisions and item outcomes advice may carry, rule
kinds and explanation outcomes. Legal services may add questions and options to a pack but must not
rename the contract's, because acceptance checks and other systems send them; `engine.pack.semantics`
refuses a pack that lacks any of them. Officer-facing words for these ids come from the pack and the
templates, never from here.
"""

from __future__ import annotations

# -- advice ----------------------------------------------------------------------------------------------
SHARE, SHARE_WITH_CONDITIONS, DO_NOT_SHARE, REFER, INCOMPLETE = (
    "share",
    "share_with_conditions",
    "do_not_share",
    "refer",
    "incomplete",
)
DECISIONS = (SHARE, SHARE_WITH_CONDITIONS, DO_NOT_SHARE, REFER, INCOMPLETE)
FINAL_DECISIONS = (SHARE, SHARE_WITH_CONDITIONS, DO_NOT_SHARE, REFER)  # what an officer can decide
SHARING_DECISIONS = (SHARE, SHARE_WITH_CONDITIONS)

# Item outcomes, from least to most restrictive: combining two outcomes keeps the more restrictive.
ITEM_SHARE, ITEM_REDACTED, ITEM_REFER, ITEM_WITHHOLD = "share", "share_redacted", "refer", "withhold"
ITEM_OUTCOMES = (ITEM_SHARE, ITEM_REDACTED, ITEM_REFER, ITEM_WITHHOLD)
ITEM_SHARED = (ITEM_SHARE, ITEM_REDACTED)

APPLIED, NOT_APPLIED, BLOCKED, UNANSWERED = "applied", "not_applied", "blocked", "unanswered"
EXPLANATION_OUTCOMES = (APPLIED, NOT_APPLIED, BLOCKED, UNANSWERED)

# -- the pack format ------------------------------------------------------------------------------------
RULE_KINDS = ("ground", "data_protection", "bar", "redaction", "condition", "referral", "handling")
PERMISSIVE_KINDS = frozenset({"ground", "data_protection"})  # what a disclosure needs
RESTRICTIVE_KINDS = frozenset({"bar", "redaction", "condition", "referral"})  # what limits it
LAYERS = (1, 2, 3, 4)  # power; data-protection regime; human rights and confidence; prohibitions
DEFAULT_LAYER = {"ground": 1, "data_protection": 2}  # every other kind: 4

UNSURE = "unsure"


def yes_no_problem(question, value) -> str | None:
    """Why `value` is not an answer to a yes/no `question` (None when it is one): the one wording used for
    answers and for values written in the pack's conditions."""
    if value is True or value is False or (value == UNSURE and question.unsure):
        return None
    allowed = 'true, false or "unsure"' if question.unsure else "true or false"
    return f"expected {allowed}, got {value!r}"


# -- the contract's questions and options ---------------------------------------------------------------
CONTRACT_QUESTIONS = (
    "recipient",
    "request_direction",
    "purpose",
    "purpose_is_law_enforcement",
    "data_categories",
    "data_subject_is_child",
    "consent",
    "urgency",
    "pressing_need",
    "intelligence_grading",
    "handling_code",
    "legacy_handling_code",
    "security_marking",
    "sharing_agreement_in_place",
    "recipient_verified",
    "prejudice_to_investigation",
    "destination",
    "death_penalty_risk",
    "originator_consent",
    "subject_notified",
)
CONTRACT_OPTIONS = {
    "recipient": (
        "police_uk_other_force",
        "nca",
        "hmrc",
        "border_force_immigration",
        "la_childrens_services",
        "la_adult_social_care",
        "safeguarding_adults_board",
        "health",
        "education",
        "housing_la",
        "housing_prp",
        "probation",
        "yos",
        "marac",
        "mappa",
        "mash",
        "channel_panel",
        "svd_partnership",
        "employer",
        "regulator",
        "landlord_private",
        "member_of_public",
        "media",
        "private_investigator",
        "overseas_le_eu",
        "overseas_le_non_eu",
        "interpol_europol",
        "intelligence_services",
        "anti_fraud_org",
        "dbs",
        "court_cps",
    ),
    "request_direction": ("proactive", "reactive"),
    "purpose": (
        "child_protection",
        "adult_safeguarding",
        "domestic_abuse_risk",
        "dvds_disclosure",
        "csods_disclosure",
        "offender_management",
        "crime_prevention_detection",
        "investigation_prosecution",
        "protect_life",
        "public_appeal",
        "employment_vetting",
        "employer_regulator_disclosure",
        "counter_terrorism",
        "immigration",
        "fraud_prevention",
        "serious_violence_duty",
        "media_reporting",
        "safeguarding_review",
        "civil_or_private",
        "other_non_policing",
    ),
    "data_categories": (
        "identity",
        "address_contact",
        "protected_location",
        "convictions_unspent",
        "convictions_spent",
        "cautions_ooc",
        "pending_charges_bail",
        "non_conviction",
        "intelligence_graded",
        "intelligence_legacy_5x5x5",
        "chis_derived",
        "intercept_product",
        "communications_data",
        "covert_techniques",
        "special_category",
        "biometrics_pace",
        "victim_details",
        "witness_details",
        "third_party",
        "childrens_data",
        "mappa_visor",
        "immigration_status",
        "agency_originated",
        "intel_services_derived",
        "seized_material",
        "lpp_material",
        "images_cctv_bwv",
    ),
    "consent": ("given", "refused", "not_sought", "would_prejudice", "not_applicable", "unsure"),
    "urgency": ("immediate_risk_to_life", "urgent", "routine"),
    "handling_code": ("P", "C", "none", "unsure"),
    "legacy_handling_code": ("1", "2", "3", "4", "5", "none"),
    "security_marking": ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET", "TOP SECRET"),
    "destination": ("eu_eea", "approved_third_country", "other_third_country"),
    "originator_consent": ("given", "refused", "not_sought", "not_applicable"),
    "subject_notified": (
        "before_disclosure",
        "representations_invited",
        "after_the_event",
        "not_notified",
        "not_applicable",
    ),
}

# The answer that means someone's life is at immediate risk (training flags not sharing then as dangerous).
EMERGENCY = ("urgency", "immediate_risk_to_life")
