"""Where an agreement stands on a day, and whether it covers a disclosure: facts read from the register.

Which of these facts count as an agreement being in place is the pack's call, not this module's: the
`agreement_status` question's options say it (`counts_as_agreement`), and the pack's rules
(`rules/agreements.yaml`) say what follows. Here the register is only read: the version in force on the day,
whether its review is overdue, and which of the recipient, purpose, information and way of sharing it leaves
out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from engine.agreements.model import Agreement, Register, Version

IN_FORCE, REVIEW_OVERDUE, EXPIRED, NOT_YET, OUTSIDE = (
    "in_force",
    "review_overdue",
    "expired",
    "not_yet_in_force",
    "outside_terms",
)
FORMAT_QUESTION = "sharing_format"


@dataclass(frozen=True)
class Standing:
    """An agreement on a day: the version that speaks for it (in force, else the last to have ended, else
    the first to come), its status, and what of this disclosure it does not cover (key -> values)."""

    agreement: Agreement
    version: Version
    status: str
    uncovered: tuple = ()  # ((key, (values...)), ...) for parties, purposes, data_categories, formats

    @property
    def reference(self) -> str:
        return self.agreement.reference


def dated(agreement: Agreement, day: dt.date) -> tuple[Version, str]:
    """The version that speaks for `agreement` on `day`, and whether it is in force, overdue for review,
    expired or not yet in force."""
    for version in agreement.versions:
        if version.in_force.covers(day):
            return version, (REVIEW_OVERDUE if day > version.review_by else IN_FORCE)
    ended = [v for v in agreement.versions if v.in_force.end is not None and v.in_force.end < day]
    if ended:
        return ended[-1], EXPIRED
    return agreement.versions[0], NOT_YET


def uncovered(version: Version, answers: dict, format_default) -> tuple:
    """What of the disclosure described by `answers` the version does not cover, as ((key, values), ...)."""
    out = []
    recipient = answers.get("recipient")
    if recipient is not None and recipient not in version.recipients:
        out.append(("parties", (recipient,)))
    purpose = answers.get("purpose")
    if purpose is not None and purpose not in version.purposes:
        out.append(("purposes", (purpose,)))
    missing = tuple(c for c in answers.get("data_categories", ()) if c not in version.data_categories)
    if missing:
        out.append(("data_categories", missing))
    way = answers.get(FORMAT_QUESTION, format_default)
    if way is not None and way not in version.formats:
        out.append(("formats", (way,)))
    return tuple(out)


def standing(agreement: Agreement, answers: dict, day: dt.date, format_default=None) -> Standing:
    """Where `agreement` stands on `day` for the disclosure `answers` describe. A dated status (expired,
    overdue, not yet in force) comes first; an agreement in force that leaves part of it out is `outside_terms`."""
    version, status = dated(agreement, day)
    gaps = uncovered(version, answers, format_default)
    if status == IN_FORCE and gaps:
        status = OUTSIDE
    return Standing(agreement, version, status, gaps)


def candidates(register: Register, answers: dict, day: dt.date, format_default=None) -> list:
    """Agreements whose version speaking for `day` covers the recipient, purpose, information and way of
    sharing in `answers`, whatever their dates: those in force can be proposed to the officer, the others
    (expired, overdue, not yet in force) are named as not counting. In-force ones first, then by reference."""
    found = []
    for agreement in register.agreements.values():
        entry = standing(agreement, answers, day, format_default)
        if not entry.uncovered:
            found.append(entry)
    return sorted(found, key=lambda s: (s.status != IN_FORCE, s.reference))


def status_on(agreement: Agreement, day: dt.date) -> Standing:
    """Where an agreement stands on `day`, for the register's own listing (no disclosure in view)."""
    version, status = dated(agreement, day)
    return Standing(agreement, version, status)
