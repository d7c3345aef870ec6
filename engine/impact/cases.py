"""The cases an impact report replays: the scenarios of both packs, and the answers of stored decisions.

Scenarios are matched by name. A scenario that only one pack has is still replayed under both (a new
scenario shows what the live pack would have said); one that both have is replayed as the draft writes it,
since the draft is what is under review. Each case keeps its own as-at date unless the caller fixes one.

Stored justification records are read one at a time from the store's export (chain order, one snapshot),
so ten thousand records never sit in memory together. A record is replayed from its answers and the
as-at date its advice was given for; its stored advice (possibly from an older pack) is never compared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SCENARIO, RECORD = "scenario", "record"


@dataclass(frozen=True)
class Case:
    """One set of answers to decide under both packs. `ref` identifies it in the report; `problem` says why
    it cannot be replayed at all (an unreadable stored date), when it cannot."""

    source: str
    ref: dict
    answers: dict
    as_at: dt.date | None
    problem: str | None = None


def scenario_cases(live_scenarios: list, draft_scenarios: list, as_at: dt.date | None = None) -> list:
    """The union of both packs' scenarios by name (the draft's version when both have one), draft order
    first."""
    live = {s.name: s for s in live_scenarios}
    draft = {s.name: s for s in draft_scenarios}
    cases = []
    for name in dict.fromkeys([*draft, *live]):
        scenario = draft.get(name) or live[name]
        if name in draft and name in live:
            found_in = "both"
        else:
            found_in = "draft" if name in draft else "live"
        ref = {"name": name, "where": scenario.where, "in": found_in}
        cases.append(Case(SCENARIO, ref, dict(scenario.answers), as_at or scenario.as_at))
    return cases


def record_cases(records: Iterable, as_at: dt.date | None = None) -> Iterator:
    """A case per stored record, streamed in the order the store yields them."""
    for record in records:
        ref = {"id": record.get("id"), "seq": record.get("seq"), "kind": record.get("kind")}
        answers = record.get("answers")
        day, problem = as_at, None
        if day is None:
            stored = (record.get("policy_pack") or {}).get("as_at") or (
                (record.get("advice") or {}).get("policy_pack") or {}
            ).get("as_at")
            try:
                day = dt.date.fromisoformat(str(stored))
            except ValueError:
                problem = "the record's as-at date cannot be read"
        if not isinstance(answers, dict):
            problem = "the record holds no answers"
            answers = {}
        yield Case(RECORD, ref, answers, day, problem)
