"""Deciding cases under both packs and describing the difference.

Every decision goes through each pack's ordinary `Pack.decide`, with its durable_rules cross-check: the
impact of a draft is measured with the same engine, and the same safety net, that officers get. Both packs
are loaded once by the caller and reused for every case; identical answer sets on the same day (common in
stored records) are decided once. Long streams of cases are decided in batches, the draft's half in a
second process where that is possible (`engine.impact.parallel`).

A case the engine refuses under one pack (an option the draft removed, a date outside its period) is a
change in itself: it is reported with the engine's message under `refused`. A case both packs refuse is
no change, and is counted apart.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator

from engine.impact import parallel
from engine.impact.compare import causes, compare_advice, digest, direction
from engine.impact.rules_diff import OutcomeChanges
from engine.problems import AnswerError

_CACHE_LIMIT = 50_000
BATCH = 32


def outcome(pack, answers: dict, as_at: dt.date) -> tuple:
    """``("advice", digest)``, or ``("refused", the engine's reason)`` when the pack refuses the case."""
    try:
        return "advice", digest(pack.decide(answers, as_at))
    except AnswerError as error:
        return "refused", f"{error.field}: {error.message}"


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
        return next(iter(self._chunk([case], None)))[1]

    def run_all(self, cases: Iterable) -> Iterator:
        """``(case, result)`` for every case, in order, reading `cases` one batch at a time."""
        helper = parallel.DraftProcess(self.after, outcome) if parallel.available() else None
        try:
            iterator = iter(cases)
            while True:
                chunk = list(itertools.islice(iterator, BATCH))
                if not chunk:
                    return
                results = self._chunk(chunk, helper)
                yield from results
                if results.helper_failed and helper is not None:
                    helper.close()  # the rest is decided here
                    helper = None
        finally:
            if helper is not None:
                helper.close()

    def _chunk(self, chunk: list, helper):
        return _Chunk(self, chunk, helper)

    def _key(self, case):
        try:
            return json.dumps(case.answers, sort_keys=True), case.as_at
        except (TypeError, ValueError):
            return None

    def result(self, before: tuple, after: tuple, as_at: dt.date) -> dict:
        """The result for one case from its two outcomes (see `run`)."""
        (before_kind, before_value), (after_kind, after_value) = before, after
        if before_kind == "refused" and after_kind == "refused":
            return {"status": "refused_by_both", "problem": after_value}
        if before_kind == "refused" or after_kind == "refused":
            return {
                "status": "changed",
                "decision": {
                    "before": before_value["decision"] if before_kind == "advice" else None,
                    "after": after_value["decision"] if after_kind == "advice" else None,
                },
                "changes": {
                    "refused": {
                        "before": before_value if before_kind == "refused" else None,
                        "after": after_value if after_kind == "refused" else None,
                    }
                },
                "less_restrictive": False,
                "more_restrictive": False,
                "caused_by": [],
            }
        changes = compare_advice(before_value, after_value)
        if not changes:
            return {"status": "same"}
        less, more = direction(changes)
        return {
            "status": "changed",
            "decision": {"before": before_value["decision"], "after": after_value["decision"]},
            "changes": changes,
            "less_restrictive": less,
            "more_restrictive": more,
            "caused_by": causes(before_value, after_value, self._outcome_changes.on(as_at)),
        }


class _Chunk:
    """One batch of cases: decided when first iterated, the draft's half in the helper process if any."""

    def __init__(self, replay: Replay, cases: list, helper):
        self.replay, self.cases, self.helper = replay, cases, helper
        self.helper_failed = False

    def __iter__(self):
        replay = self.replay
        keys = [replay._key(case) for case in self.cases]
        todo: dict = {}
        for case, key in zip(self.cases, keys):
            if case.problem is None and (key is None or key not in replay._cache):
                todo.setdefault(key if key is not None else id(case), case)
        pending = list(todo.values())
        sent = self.helper is not None and bool(pending)
        if sent:
            sent = self.helper.submit([(case.answers, case.as_at) for case in pending])
        befores = [outcome(replay.before, case.answers, case.as_at) for case in pending]
        afters = self.helper.collect() if sent else None
        if sent and afters is None:
            self.helper_failed = True
        if afters is None:
            afters = [outcome(replay.after, case.answers, case.as_at) for case in pending]
        decided = {}
        for (key, case), before, after in zip(todo.items(), befores, afters):
            decided[key] = replay.result(before, after, case.as_at)
            if isinstance(key, tuple) and len(replay._cache) < _CACHE_LIMIT:
                replay._cache[key] = decided[key]
        for case, key in zip(self.cases, keys):
            if case.problem is not None:
                yield case, {"status": "refused_by_both", "problem": case.problem}
            else:
                found = decided.get(key if key is not None else id(case))
                yield case, found if found is not None else replay._cache[key]
