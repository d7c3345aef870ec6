"""An agreement named in the answers, looked up in the register and put into the advice.

`apply` runs before the rules: when the answers name an agreement (`agreement_reference`), the register
answers `agreement_status` (where it stands for this disclosure today) and `sharing_agreement_in_place`
(whether that counts, as the pack's `agreement_status` options say). `attach` runs after: the advice gets an
`agreement` entry (the register's entry, what it found, worded by the pack) and, where something is shared
under an agreement that counts, the agreement's own conditions among the advice's conditions.
"""

from __future__ import annotations

import datetime as dt

from engine.agreements.model import CONDITION_KEYS, Register
from engine.agreements.standing import Standing, standing
from engine.decide.wording import fill
from engine.problems import AnswerError, did_you_mean
from engine.vocabulary import DO_NOT_SHARE, ITEM_SHARED

REFERENCE, STATUS, IN_PLACE = "agreement_reference", "agreement_status", "sharing_agreement_in_place"
# what an agreement may leave out of a disclosure -> the question whose options name it
KEY_QUESTION = {
    "parties": "recipient",
    "purposes": "purpose",
    "data_categories": "data_categories",
    "formats": "sharing_format",
}


def apply(register: Register, questions: dict, given: dict, as_at: dt.date) -> tuple[dict, Standing | None]:
    """`given` with the register's answers added when an agreement is named, and where it stands."""
    reference = given.get(REFERENCE)
    if reference is None:
        return given, None
    for answered in (STATUS, IN_PLACE):
        if answered in given:
            raise AnswerError(
                answered, f"is answered from the register of agreements when {REFERENCE} is given: leave it out"
            )
    agreement = register.get(reference)
    if agreement is None:
        raise AnswerError(
            REFERENCE,
            f"no agreement '{reference}' on the register of agreements{did_you_mean(reference, register.agreements)}",
        )
    way = questions.get("sharing_format")
    found = standing(agreement, given, as_at, way.default if way is not None and way.has_default else None)
    option = questions[STATUS].option(found.status)
    counts = option is not None and option.details.get("counts_as_agreement") == "yes"
    return dict(given, **{STATUS: found.status, IN_PLACE: counts}), found


def describe(found: Standing, register: Register, wording: dict, counts: bool, questions: dict) -> dict:
    """The `agreement` entry of the advice: the register's entry and what it found, in the pack's words
    (what the agreement leaves out is named by the options' labels)."""
    version = found.version
    values = {
        "reference": found.reference,
        "title": version.title,
        "version": version.version,
        "from": version.in_force.start.isoformat(),
        "to": version.in_force.end.isoformat() if version.in_force.end else "",
        "review_by": version.review_by.isoformat(),
    }
    says = fill(wording[found.status], **values, what=_gaps(found, wording, questions))
    return {
        "reference": found.reference,
        "version": version.version,
        "title": version.title,
        "status": found.status,
        "counts": counts,
        "says": says,
        "owner": found.agreement.owner,
        "in_force": {"from": values["from"], "to": values["to"] or None},
        "review_by": values["review_by"],
        "parties": [party.name for party in version.parties],
        "purposes": list(version.purposes),
        "lawful_bases": list(version.lawful_bases),
        "data_categories": list(version.data_categories),
        "formats": list(version.formats),
        "conditions": {key: version.conditions[key] for key in CONDITION_KEYS},
        "dpia": version.dpia,
        "document": {"url": version.document_url, "sha256": version.document_sha256},
        "changed": {"by": version.changed_by, "at": version.changed_at.isoformat(), "change": version.change},
        "register": register.identity(),
    }


def _gaps(found: Standing, wording: dict, questions: dict) -> str:
    parts = []
    for key, missing in found.uncovered:
        question = questions.get(KEY_QUESTION[key])
        names = [question.label_for(value) if question else value for value in missing]
        parts.append(fill(wording[f"outside_{key}"], what=", ".join(names)))
    return " or ".join(parts)


def attach(advice: dict, found: Standing, answers: dict, register: Register, wording: dict, questions: dict) -> dict:
    """Add the `agreement` entry to `advice` and, where something is shared under an agreement that counts
    (`answers` are those `apply` returned), the agreement's conditions (onward disclosure, retention,
    security) to its conditions."""
    words = wording.get("agreements", {})
    counts = answers.get(IN_PLACE) is True
    entry = describe(found, register, words, counts, questions)
    advice["agreement"] = entry
    sharing = advice["decision"] != DO_NOT_SHARE and any(i["outcome"] in ITEM_SHARED for i in advice["items"])
    if counts and sharing:
        for key in CONDITION_KEYS:
            values = {"reference": entry["reference"], "title": entry["title"], "version": entry["version"]}
            advice["conditions"].append(
                {
                    "id": f"{entry['reference']}/{key}",
                    "text": entry["conditions"][key],
                    "citation": fill(words["condition_citation"], **values, what=words[key]),
                }
            )
    return advice
