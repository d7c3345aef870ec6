"""Deciding cases under the draft in a second process while this one decides them under the live pack.

Replaying ten thousand past decisions means twenty thousand decisions. One process keeps only one core
busy with Python (its durable_rules worker uses a little of the other), so on a machine with two cores or
more the draft's half is handed to a forked child: the parent reads the records and decides each under
the live pack while the child decides the same answers under the draft, each with its own durable_rules
worker (`rules.worker` starts a fresh one after a fork). Both use the pack's ordinary `decide`; only the
compared parts of each advice (`engine.impact.compare.digest`) cross between the processes.

The child is used only where forking is safe: a system that can fork, at least two cores, and no other
thread running in this process (a fork copies only the calling thread, so a lock another thread held
would stay held in the child). If the child cannot be started, or stops, the caller decides in-process:
the report is the same either way, only slower.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading


def available() -> bool:
    """Whether a draft process can be used here (see the module docstring)."""
    return (
        (os.cpu_count() or 1) >= 2
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class DraftProcess:
    """A forked child that decides batches of ``(answers, as_at)`` with `decide(pack, answers, as_at)`."""

    def __init__(self, pack, decide):
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(pack, decide, child), name="sharewise-impact-draft", daemon=True
        )
        self._process.start()
        child.close()

    def submit(self, batch: list) -> bool:
        """Send a batch; False if the child cannot take it (the caller then decides it itself)."""
        try:
            self._conn.send(batch)
            return True
        except (OSError, ValueError):
            return False

    def collect(self) -> list | None:
        """The results of the batch last submitted, in order; None if the child stopped."""
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            return None

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._conn.send(None)
        self._conn.close()
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)


def _serve(pack, decide, conn) -> None:  # pragma: no cover - runs in the child; exercised through DraftProcess
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        conn.send([decide(pack, answers, as_at) for answers, as_at in batch])
