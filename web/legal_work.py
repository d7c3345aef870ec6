"""What the legal pages work out about the live pack once per process, on a background thread.

The scenarios' advice (which rules each exercises, the coverage report) and the static analysis do not
change while a pack is loaded, and the analysis takes seconds to tens of seconds. Each is computed once
per loaded pack (and, for the analysis, per day) on a background thread; a page that needs one shows it
when it is ready and says it is being worked out until then, so no request waits for it. A failure's problems
are kept as the text shown: the engine's ``file:line: message``, or this module's words (``words.legal_problem``).
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import threading
from collections.abc import Callable
from typing import Any

import engine
from engine.analysis import analyse
from engine.checked import scenarios_of
from engine.problems import PackError, Problem
from engine.scenarios import coverage, run_scenario
from web.words import words

log = logging.getLogger(__name__)
WORKING, DONE, FAILED = "working", "done", "failed"

_KEEP = 8
_LOCK = threading.Lock()
_WORK: dict[tuple, Work] = {}


@dataclasses.dataclass
class Work:
    """One result being worked out: its state, and the result or the problems that stopped it."""

    state: str = WORKING
    result: Any = None
    problems: list[str] = dataclasses.field(default_factory=list)
    thread: threading.Thread | None = None

    def wait(self, timeout: float | None = None) -> Work:
        """Block until the work is finished (for tests and the command line; pages never wait)."""
        if self.thread is not None:
            self.thread.join(timeout)
        return self


def _started(key: tuple, compute: Callable[[], Any]) -> Work:
    with _LOCK:
        work = _WORK.get(key)
        if work is not None:
            return work
        work = _WORK[key] = Work()
        while len(_WORK) > _KEEP:  # the oldest results go (a pack no longer loaded, an earlier day)
            del _WORK[next(iter(_WORK))]

    def run() -> None:
        try:
            work.result = compute()
            work.state = DONE
        except PackError as error:
            work.problems = [str(problem) for problem in error.problems]
            work.state = FAILED
        except Exception:  # shown as failed rather than "being worked out" for ever
            log.exception("legal area: working out %s failed", key[0])
            work.problems = [words().legal_problem("unexpected_see_log")]
            work.state = FAILED

    work.thread = threading.Thread(target=run, name=f"sharewise-legal-{key[0]}", daemon=True)
    work.thread.start()
    return work


def scenario_results(pack: engine.Pack) -> Work:
    """Every scenario of the pack with its advice, the rules each exercises and the coverage report."""
    return _started(("scenarios", pack.sha256, id(pack)), lambda: _scenarios(pack))


def analysis(pack: engine.Pack, as_at: datetime.date) -> Work:
    """The static analysis report (``engine.analysis.analyse``) of the pack as at a day."""
    return _started(("analysis", pack.sha256, id(pack), as_at), lambda: _analysis(pack, as_at))


def _analysis(pack: engine.Pack, as_at: datetime.date) -> dict[str, Any]:
    if not pack.data.in_force.covers(as_at):
        source = pack.data.in_force.describe()
        problem = words().legal_problem("not_in_force", [source, as_at.isoformat()])
        raise PackError([Problem("pack.yaml", 1, problem)])
    return analyse(pack, as_at)


def _scenarios(pack: engine.Pack) -> dict[str, Any]:
    results = [run_scenario(pack, scenario) for scenario in scenarios_of(pack)]
    exercised: dict[str, list[dict[str, Any]]] = {}
    for result in results:
        for entry in result.advice["explanation"]:
            if entry["outcome"] in ("applied", "blocked"):
                exercised.setdefault(entry["rule_id"], []).append(
                    {"name": result.scenario.name, "where": result.scenario.where, "outcome": entry["outcome"]}
                )
    return {
        "results": [
            {
                "name": r.scenario.name,
                "where": r.scenario.where,
                "decision": r.advice["decision"],
                "passed": r.passed,
                "failures": [{"what": what, "expected": str(e), "actual": str(a)} for what, e, a in r.failures],
            }
            for r in results
        ],
        "exercised": exercised,
        "unexercised": [rule.id for rule in coverage(pack, results)],
    }
