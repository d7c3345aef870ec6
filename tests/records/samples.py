"""Realistic inputs for building records: one reactive request to children's services, accepted.

Everything here is invented. ``MARKER`` is a string that appears only in a record's personal data,
so tests can look for it in logs and in the raw database file.
"""

import copy
import functools

from engine.pack.loader import read_pack

MARKER = "Zebedee Quillfeather"
PACK_SHA = "3f" * 32

ANSWERS = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "address_contact", "convictions_unspent"],
    "data_subject_is_child": True,
    "consent": "would_prejudice",
    "urgency": "urgent",
    "security_marking": "OFFICIAL-SENSITIVE",
    "sharing_agreement_in_place": True,
    "recipient_verified": True,
    "prejudice_to_investigation": False,
    "subject_notified": "not_notified",
}

ADVICE = {
    "decision": "share_with_conditions",
    "summary": "Share with children's services under the Children Act 2004, with conditions.",
    "regime": "DPA 2018 Part 3",
    "lawful_bases": [
        {
            "id": "A-CA04-S10-S11",
            "title": "Children Act 2004 s.10 and s.11",
            "kind": "statutory",
            "citation": "Children Act 2004, s.11",
            "url": "https://www.legislation.gov.uk/ukpga/2004/31/section/11",
        },
        {
            "id": "A-DPA3-S35",
            "title": "Lawful and fair processing",
            "kind": "data_protection",
            "citation": "Data Protection Act 2018, s.35(2)(b)",
            "url": "https://www.legislation.gov.uk/ukpga/2018/12/section/35",
        },
    ],
    "items": [
        {
            "category": "identity",
            "outcome": "share",
            "reasons": ["needed to identify the child"],
            "citations": ["s.11"],
        },
        {"category": "address_contact", "outcome": "share", "reasons": [], "citations": []},
        {"category": "convictions_unspent", "outcome": "share_redacted", "reasons": ["third parties"], "citations": []},
    ],
    "redactions": [
        {
            "id": "R05-THIRD-PARTY",
            "applies_to": ["convictions_unspent"],
            "instruction": "Remove third-party names.",
            "citation": "DPA 2018 s.37",
        }
    ],
    "conditions": [{"id": "C-NO-ONWARD", "text": "No onward disclosure without consent.", "citation": "GSCP"}],
    "refer_to": [],
    "handling": {
        "security_marking": "OFFICIAL-SENSITIVE",
        "transfer_method": "secure email",
        "onward_disclosure": "not without the originator's consent",
    },
    "explanation": [
        {
            "rule_id": "A-CA04-S10-S11",
            "kind": "ground",
            "outcome": "applied",
            "because": "recipient is children's services",
            "citation": "Children Act 2004, s.11",
        }
    ],
    "missing": [],
    "policy_pack": {"name": "england-and-wales", "version": "2026.11.1", "sha256": PACK_SHA, "as_at": "2026-11-21"},
}

OFFICER = {
    "name": "PC Ada Example",
    "rank_or_role": "Police Constable",
    "force_number": "PC1234",
    "force": "Exampleshire Police",
}

DECISION = {"accepted": True, "override_reason": None, "final_decision": None}

SHARING = {
    "necessity_rationale": "Children's services need the address to complete a s.47 strategy discussion today.",
    "proportionality_rationale": "Only identity, address and relevant convictions; third parties removed.",
    "what_was_shared": "Name, date of birth and address of the child's mother's partner; two unspent convictions.",
    "redactions_applied": ["R05-THIRD-PARTY"],
    "method": "Secure email to the MASH team inbox",
    "requester": "J. Smith, social worker, Exampleshire Children's Services",
    "identity_verification": "Call-back via the MASH switchboard",
    "data_subjects": [{"description": MARKER, "role": "suspect"}, {"description": "Child A", "role": "child"}],
    "authoriser": None,
    "consent_notes": "Seeking consent could alert the suspect and put the child at risk.",
    "review_date": None,
}


@functools.cache
def requirements():
    """The bundled pack's record requirements (policies/record.yaml), read once."""
    return read_pack().record_requirements


def inputs(**changes):
    """Deep copies of the sample inputs as keyword arguments for build_record, with sections replaced.

    ``inputs(sharing={"method": None})`` merges into the sample section; a value of None deletes a key
    only when ``drop=[...]`` names it.
    """
    values = {"answers": ANSWERS, "advice": ADVICE, "officer": OFFICER, "decision": DECISION, "sharing": SHARING}
    result = {name: copy.deepcopy(value) for name, value in values.items()}
    for name, change in changes.items():
        result[name].update(copy.deepcopy(change))
    result["requirements"] = requirements()
    return result
