"""A hardened, synchronous durable_rules host: the only place a `durable` session is opened.

Workarounds applied here (numbers refer to docs/durable-rules.md §2):
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

import contextlib
import itertools
import json
import os
import threading

import durable_rules_engine
from durable import engine as durable_engine

from rules.errors import EngineFailure

_LOCK = threading.RLock()
_HOST = None
_HOST_PID = None
_GENERATION = 0


class SyncHost(durable_engine.Host):
    """A durable_rules host without the background timer threads that race the synchronous path."""

    def _run(self):  # noqa: D401 - overriding the timer loop with nothing is the point
        pass


def _host() -> SyncHost:
    global _HOST, _HOST_PID
    if _HOST is None or os.getpid() != _HOST_PID:
        _HOST = SyncHost()
        _HOST_PID = os.getpid()
    return _HOST


def _marker(key: str):
    """The Python action durable_rules requires for every rule. `fire` drives the C engine directly and
    reads which rule fired from the action message, so these are never called in normal operation."""

    def action(c):  # pragma: no cover - see docstring
        raise EngineFailure(f"unexpected Python action for {key}")

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


_KEYS: dict = {}  # ruleset name -> {rule name -> key reported when it fires}


def register(name: str, rules: dict) -> None:
    """Register one ruleset. `rules` maps rule name -> (pattern, key reported when it fires)."""
    definition = {
        rule_name: {"all": [{"m": pattern}], "run": _marker(key)} for rule_name, (pattern, key) in rules.items()
    }
    definition.update(_housekeeping())
    with _LOCK:
        _KEYS[name] = {rule_name: key for rule_name, (_, key) in rules.items()}
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
            _KEYS.pop(name, None)
            if ruleset in host._ruleset_list:
                host._ruleset_list.remove(ruleset)
            durable_rules_engine.delete_ruleset(ruleset._handle)


_SESSIONS = itertools.count(1)  # session ids need only be unique among live sessions; every one is deleted


def fire(name: str, fact: dict) -> set:
    """Assert one answers fact into a fresh session of ruleset `name`; return the keys whose rules fired."""
    return fire_encoded(name, json.dumps(fact, ensure_ascii=False)[1:-1])


def fire_encoded(name: str, fields: str) -> set:
    """`fire`, with the fact's fields already encoded as the inside of a JSON object (``"a": 1, "b": "x"``),
    so that a caller asserting the same answers into many rulesets encodes each field once.

    This drives durable_rules' C engine directly rather than through `Host.assert_facts`: the Python glue
    there builds a closure, serialises the whole session state to JSON and writes it back to C after every
    action, which was most of the cost of a decision. Our actions only need to know which rule fired, and
    that is the name at the head of each action message. The discipline is the same as the glue's: start
    the session's actions, complete each one in turn, and delete the session in ``finally``.
    """
    sid = f"s{os.getpid()}-{next(_SESSIONS)}"
    payload = f'[{{{fields}{", " if fields else ""}"t": "answers", "sid": "{sid}"}}, {{"t": "end", "sid": "{sid}"}}]'
    with _LOCK:
        ruleset = _host()._ruleset_directory.get(name)
        if ruleset is None:
            raise EngineFailure(f"ruleset {name} is not registered")
        handle, keys = ruleset._handle, _KEYS[name]
        fired = set()
        try:
            result = durable_rules_engine.assert_facts(handle, payload)
            if result[0] in (1, 2):
                raise EngineFailure(f"durable_rules did not accept the facts in {name} (code {result[0]})")
            state_handle = result[1]
            action = durable_rules_engine.start_action_for_state(handle, state_handle)
            message = action[1] if action else None
            while message:
                fired.add(_action_name(message))
                message = durable_rules_engine.complete_and_start_action(handle, state_handle)
        except EngineFailure:
            raise
        except Exception as error:
            raise EngineFailure(f"durable_rules failed in {name}: {error}") from error
        finally:
            # a session that never opened has nothing to delete
            with contextlib.suppress(Exception):
                durable_rules_engine.delete_state(handle, sid)
        if "zz_end" not in fired:
            raise EngineFailure(f"the end rule did not run in {name}")
        return {keys[rule] for rule in fired if rule in keys}


def _action_name(message: str) -> str:
    """The rule name an action message is for: messages are ``{"<rule name>": {...}}``."""
    return message[2 : message.index('"', 2)]


def describe(name: str) -> str:
    """The JSON definition durable_rules holds for a ruleset (for debugging compiled packs)."""
    with _LOCK:
        return json.dumps(_host()._ruleset_directory[name]._definition, indent=1, sort_keys=True)
