"""Deciding one case under both packs and describing the difference.

Every decision goes through each pack's ordinary `Pack.decide`, with its durable_rules cross-check: the
impact of a draft is measured with the same engine, and the same safety net, that officers get. Both packs
are loaded once by the caller and reused for every case; identical answer sets on the same day (common in
stored records) are decided once.

A case the engine refuses under one pack (an option the draft removed, a date outside its period) is a
change in itself: it is reported with the engine's message under `refused`. A case both packs refuse is
no change, and is counted apart.
"""

from __future__ import annotations

import json

from engine.impact.compare import causes, compare_advice, direction
from engine.impact.rules_diff import OutcomeChanges
from engine.problems import AnswerError

_CACHE_LIMIT = 50_000


class Replay:
    """Decides cases under the live pack (`before`) and the draft (`after`)."""

    def __init__(self, before, after):
        self.before = before
        self.after = after
        self._outcome_changes = OutcomeChanges(before.rules, after.rules)
        self._cache: dict = {}

    def run(self, case) -> dict:
        """``{"status": "same" | "changed" | "refused_by_both", ...}``; a change carries ``decision``
        (before and after), ``changes``, ``less_restrictive``, ``more_restrictive`` and ``caused_by``."""
        if case.problem is not None:
            return {"status": "refused_by_both", "problem": case.problem}
        try:
            key = (json.dumps(case.answers, sort_keys=True), case.as_at)
        except (TypeError, ValueError):
            key = None
        found = self._cache.get(key) if key is not None else None
        if found is None:
            found = self._decide(case)
            if key is not None and len(self._cache) < _CACHE_LIMIT:
                self._cache[key] = found
        return found

    def _decide(self, case) -> dict:
        before, before_problem = _advise(self.before, case)
        after, after_problem = _advise(self.after, case)
        if before is None and after is None:
            return {"status": "refused_by_both", "problem": after_problem}
        if before is None or after is None:
            return {
                "status": "changed",
                "decision": {
                    "before": before["decision"] if before else None,
                    "after": after["decision"] if after else None,
                },
                "changes": {"refused": {"before": before_problem, "after": after_problem}},
                "less_restrictive": False,
                "more_restrictive": False,
                "caused_by": [],
            }
        changes = compare_advice(before, after)
        if not changes:
            return {"status": "same"}
        less, more = direction(changes)
        return {
            "status": "changed",
            "decision": {"before": before["decision"], "after": after["decision"]},
            "changes": changes,
            "less_restrictive": less,
            "more_restrictive": more,
            "caused_by": causes(before, after, self._outcome_changes.on(case.as_at)),
        }


def _advise(pack, case):
    """``(advice, None)`` or ``(None, the engine's reason for refusing the case)``."""
    try:
        return pack.decide(case.answers, case.as_at), None
    except AnswerError as error:
        return None, f"{error.field}: {error.message}"
