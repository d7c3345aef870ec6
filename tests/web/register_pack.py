"""A copy of the bundled pack with a register of agreements dated around today, for the web and browser tests.

The bundled register's dates are fixed (its scenarios have fixed as-at dates); pages work as at today, so the
tests write a register of their own: a MARAC protocol in force, a housing agreement that expired yesterday, a
MASH agreement whose review fell due yesterday and a MARAC protocol superseded long ago.
"""

from __future__ import annotations

import datetime
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POLICIES = os.path.join(ROOT, "policies")
HASH = "ab" * 32


# Answers that reach the agreement question with this register: a housing association (whose agreement
# expired yesterday) and a MARAC (whose protocol is in force).
HOUSING_ANSWERS = {
    "recipient": "housing_prp",
    "request_direction": "proactive",
    "purpose": "crime_prevention_detection",
    "data_categories": ["identity", "address_contact", "victim_details"],
    "urgency": "routine",
    "consent": "not_applicable",
    "security_marking": "OFFICIAL",
}
MARAC_ANSWERS = {
    "recipient": "marac",
    "request_direction": "proactive",
    "purpose": "domestic_abuse_risk",
    "data_categories": ["identity", "convictions_unspent"],
    "data_subject_is_child": False,
    "urgency": "urgent",
    "consent": "would_prejudice",
    "security_marking": "OFFICIAL-SENSITIVE",
}


def _version(
    number, title, start, end, review, parties, purposes, categories, formats, bases="[A-CL-POLICING, A-DPA3-S35]"
):
    end_text = f'"{end.isoformat()}"' if end else "null"
    party_lines = "\n".join(
        f"        - {{name: {name}, recipient: {rid}}}" if rid else f"        - {{name: {name}}}"
        for name, rid in parties
    )
    return f"""    - version: "{number}"
      title: {title}
      in_force: {{from: "{start.isoformat()}", to: {end_text}}}
      review_by: "{review.isoformat()}"
      parties:
{party_lines}
      purposes: [{", ".join(purposes)}]
      lawful_bases: {bases}
      data_categories: [{", ".join(categories)}]
      formats: [{", ".join(formats)}]
      conditions:
        onward_disclosure: Used only for the safety plan agreed at the meeting; not passed on without asking.
        retention: Kept for six years after the case closes.
        security: OFFICIAL-SENSITIVE, secure email to named members only.
      document: {{url: "https://documents.test.invalid/{title.replace(" ", "-")}.pdf", sha256: {HASH}}}
      changed_by: Test Keeper, Information Governance
      changed_at: "{start.isoformat()}"
      change: Written for the tests.
"""


def write_register(folder, today: datetime.date, bases: str = "[A-CL-POLICING, A-DPA3-S35]") -> None:
    """The test register, dated around `today`, in `folder` (a pack's agreements/ folder); `bases` are rule ids
    of the pack the agreements rely on."""
    day = datetime.timedelta(days=1)
    os.makedirs(folder, exist_ok=True)
    head = "# yaml-language-server: $schema=../schema/agreements.schema.json\n"
    files = {
        "register.yaml": head + 'register: {name: Test register, owner: Test Information Governance, version: "1"}\n',
        "marac.yaml": head
        + "agreement:\n  reference: ISA-TEST-MARAC\n  owner: Test Information Governance\n  versions:\n"
        + _version(
            "1",
            "Test MARAC protocol",
            today - 400 * day,
            today + 400 * day,
            today + 200 * day,
            [("Test Constabulary", None), ("Test MARAC", "marac")],
            ["domestic_abuse_risk", "child_protection"],
            [
                "identity",
                "address_contact",
                "convictions_unspent",
                "non_conviction",
                "victim_details",
                "childrens_data",
                "third_party",
                "special_category",
            ],
            ["meeting", "one_off"],
            bases,
        ),
        "housing.yaml": head
        + "agreement:\n  reference: ISA-TEST-HOUSING\n  owner: Test Information Governance\n  versions:\n"
        + _version(
            "1",
            "Test housing agreement",
            today - 900 * day,
            today - day,
            today - 100 * day,
            [("Test Constabulary", None), ("Test Homes", "housing_prp")],
            ["crime_prevention_detection"],
            ["identity", "address_contact", "convictions_unspent", "victim_details"],
            ["one_off"],
            bases,
        ),
        "mash.yaml": head
        + "agreement:\n  reference: ISA-TEST-MASH\n  owner: Test Information Governance\n  versions:\n"
        + _version(
            "1",
            "Test MASH agreement",
            today - 700 * day,
            today + 300 * day,
            today - day,
            [("Test Constabulary", None), ("Test MASH", "mash")],
            ["child_protection"],
            ["identity", "address_contact", "childrens_data"],
            ["meeting", "one_off"],
            bases,
        ),
    }
    for name, text in files.items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(text)


def make_register_pack(target, today: datetime.date | None = None) -> str:
    """The bundled pack (without its scenarios or its own register) and the test register."""
    shutil.copytree(POLICIES, target, ignore=shutil.ignore_patterns("scenarios", "agreements"))
    write_register(os.path.join(target, "agreements"), today or datetime.date.today())
    return str(target)
