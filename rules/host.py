"""A hardened, synchronous durable_rules host: the only place a `durable` session is opened.

Workarounds applied here (numbers refer to shared/research/durable-rules.md §2):
- (3, 13) `SyncHost` disables the host's timer threads, and one process-wide lock serialises every call
  into the C engine, which never releases the GIL anyway.
- (1) every ruleset has an `end` rule matching a ``{"t": "end"}`` fact, so every session has run an action
  before it is deleted (deleting a session in which nothing fired segfaults).
- (9) a `sink` rule handles any fact, so a batch never raises "message not handled".
- (2) every session is deleted in ``finally``, so live sessions never approach the 1,024 limit.
- (8) exceptions stored in the session state by a failing action are raised, not ignored.
- (12) rulesets are registered under versioned names and freed with ``delete_ruleset`` when replaced.
- after fork (e.g. a pre-forking web server) a fresh host is created in the child.
"""
from __future__ import annotations

import json
import os
import threading
import uuid

import durable_rules_engine
from durable import engine as durable_engine

_LOCK = threading.RLock()
_HOST = None
_HOST_PID = None
_GENERATION = 0


class SyncHost(durable_engine.Host):
    """A durable_rules host without the background timer threads that race the synchronous path."""

    def _run(self):  # noqa: D401 - overriding the timer loop with nothing is the point
        pass


class EngineFailure(Exception):
    """durable_rules reported an error; the caller must fail closed."""


def _host() -> SyncHost:
    global _HOST, _HOST_PID
    if _HOST is None or _HOST_PID != os.getpid():
        _HOST = SyncHost()
        _HOST_PID = os.getpid()
    return _HOST


_FIRED: set = set()  # keys of the rules that fired in the current call; guarded by _LOCK


def _marker(key: str):
    """An action that records its key without touching session state.

    Writing to `c.s` makes durable_rules serialise the whole state back to C after every action, which
    grows with each rule that fires; the call is synchronous and under `_LOCK`, so a set is enough.
    """
    def action(c):
        _FIRED.add(key)
    return action


def _housekeeping() -> dict:
    return {
        "zz_end": {"all": [{"m": {"t": "end"}}], "pri": 100, "run": _marker("__end__")},
        "zz_sink": {"all": [{"a": {"$ex": {"t": 1}}}, {"b": {"t": "__never__"}}], "run": _marker("__sink__")},
    }


def next_generation() -> int:
    """A process-wide counter used to give every compiled pack's rulesets unique, versioned names."""
    global _GENERATION
    with _LOCK:
        _GENERATION += 1
        return _GENERATION


def register(name: str, rules: dict) -> None:
    """Register one ruleset. `rules` maps rule name -> (pattern, state key set when it fires)."""
    definition = {rule_name: {"all": [{"m": pattern}], "run": _marker(key)} for rule_name, (pattern, key) in rules.items()}
    definition.update(_housekeeping())
    with _LOCK:
        try:
            _host().set_rulesets({name: definition})
        except Exception as error:  # durable raises its own error type, or plain Exception
            raise EngineFailure(f"durable_rules refused ruleset {name}: {error}") from error


def unregister(names) -> None:
    """Free rulesets (the C side too: popping the Python directory alone leaks ~2 MB per reload)."""
    with _LOCK:
        host = _host()
        for name in names:
            ruleset = host._ruleset_directory.pop(name, None)
            if ruleset is None:
                continue
            if ruleset in host._ruleset_list:
                host._ruleset_list.remove(ruleset)
            durable_rules_engine.delete_ruleset(ruleset._handle)


def fire(name: str, fact: dict) -> set:
    """Assert one answers fact into a fresh session of ruleset `name`; return the keys whose rules fired."""
    sid = uuid.uuid4().hex
    facts = [dict(fact, t="answers", sid=sid), {"t": "end", "sid": sid}]
    with _LOCK:
        host = _host()
        _FIRED.clear()
        try:
            state = host.assert_facts(name, facts)
            if state is None:
                raise EngineFailure(f"durable_rules ran no action in {name}")
            if "exception" in state:
                raise EngineFailure(f"an action failed in {name}: {state['exception']}")
            if "__end__" not in _FIRED:
                raise EngineFailure(f"the end rule did not run in {name}")
            return {key for key in _FIRED if not key.startswith("__")}
        except EngineFailure:
            raise
        except Exception as error:
            raise EngineFailure(f"durable_rules failed in {name}: {error}") from error
        finally:
            _FIRED.clear()
            try:
                host.delete_state(name, sid)
            except Exception:  # pragma: no cover - a session that never opened has nothing to delete
                pass


def describe(name: str) -> str:
    """The JSON definition durable_rules holds for a ruleset (for debugging compiled packs)."""
    with _LOCK:
        return json.dumps(_host()._ruleset_directory[name]._definition, indent=1, sort_keys=True)
