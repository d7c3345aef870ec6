"""The register of information sharing agreements, as loaded: agreements, their versions, the register itself.

Information governance keeps the register as YAML files beside the policy pack (`policies/agreements/`), each
version of an agreement with its dates, parties, purposes, information, ways of sharing, conditions, the signed
document's link and hash, and who changed it and when. Everything here has passed the schema and the meaning
checks (`engine.agreements.loader`); each object keeps the file and line it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.pack.model import InForce, Source

CONDITION_KEYS = ("onward_disclosure", "retention", "security")


@dataclass(frozen=True)
class Party:
    name: str
    recipient: str | None = None  # the pack's recipient option this party is, where police share with it


@dataclass(frozen=True)
class Version:
    """One version of an agreement, in force for its period (`in_force.end` is its expiry, or None)."""

    version: str
    title: str
    in_force: InForce
    review_by: dt.date
    parties: tuple
    purposes: tuple
    lawful_bases: tuple
    data_categories: tuple
    formats: tuple
    conditions: dict  # onward_disclosure, retention, security -> text
    document_url: str
    document_sha256: str
    changed_by: str
    changed_at: dt.date
    change: str
    dpia: str | None = None
    source: Source = Source("", 0)

    @property
    def recipients(self) -> frozenset:
        return frozenset(p.recipient for p in self.parties if p.recipient)


@dataclass(frozen=True)
class Agreement:
    reference: str
    owner: str
    versions: tuple  # Version, oldest first
    source: Source = Source("", 0)


@dataclass
class Register:
    """Every agreement by reference, with the register's own name, keeper, version and fingerprint."""

    name: str = ""
    owner: str = ""
    version: str = ""
    sha256: str = ""
    agreements: dict = field(default_factory=dict)  # reference -> Agreement

    def get(self, reference: str) -> Agreement | None:
        return self.agreements.get(reference)

    def identity(self) -> dict:
        """What a piece of advice or a record keeps of the register: its name, version and fingerprint."""
        return {"name": self.name, "version": self.version, "sha256": self.sha256}
