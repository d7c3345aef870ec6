"""durable_rules in a child process: crashes stay there, and it runs beside the Python explainer.

Two reasons to keep the C engine out of the application's own process:

- durable_rules 2.0.28 corrupts memory and segfaults in ordinary use (docs/durable-rules.md).
  Every known trigger is avoided by `rules.compiler` (and the modules it lists) and `rules.host`, but if an
  unknown one fires, only the worker dies: the caller gets `EngineFailure`, the engine fails closed
  (decision `refer`), and the next call starts a fresh worker.
- The C engine never releases the GIL, so in-process it cannot overlap with anything. In a child process
  it evaluates a decision on one core while the engine's explainer and advice run on the other.

One worker per application process, started on first use (and again after a fork, so each pre-forked web
worker gets its own). Requests are strictly one at a time, under a lock, like the in-process host.
"""

from __future__ import annotations

import contextlib
import gc
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

from rules.errors import CompileError, EngineFailure


def _serve(conn, reply) -> None:  # pragma: no cover - runs in the child process; exercised through Worker
    from rules.compiled import compile_program

    compiled = {}
    conn_send = reply.send
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        op = message[0]
        try:
            if op == "prepare":
                _, key, program, label = message
                if key not in compiled:
                    compiled[key] = compile_program(program, label)
                    # The compiled pack lives until it is forgotten: keep the cycle collector from rescanning
                    # it during decisions (full collections over a large pack stall a decision).
                    gc.collect()
                    gc.freeze()
                conn_send(("ok", None))
            elif op == "evaluate":
                _, key, answers = message
                conn_send(("ok", compiled[key].evaluate_packed(answers)))
            elif op == "forget":
                _, key = message
                found = compiled.pop(key, None)
                if found is not None:
                    found.close()
                conn_send(("ok", None))
            elif op == "crash":  # tests: die the way a segfault in durable_rules would, without replying
                os._exit(139)
            elif op == "rss":
                with open("/proc/self/statm") as handle:
                    pages = int(handle.read().split()[1])
                conn_send(("ok", pages * os.sysconf("SC_PAGE_SIZE")))
            else:
                conn_send(("failure", f"unknown request {op!r}"))
        except CompileError as error:
            conn_send(("compile_error", (error.unit_key, error.message, error.line)))
        except EngineFailure as error:
            conn_send(("failure", str(error)))
        except Exception as error:  # anything else is still a failure the caller must fail closed on
            conn_send(("failure", f"{type(error).__name__}: {error}"))


class Pending:
    """A decision sent to the worker; `result()` waits for durable_rules' answer."""

    def __init__(self, worker: Worker, unit_keys: tuple):
        self._worker = worker
        self._unit_keys = unit_keys
        self._done = False

    def result(self):
        """``(statuses by unit key, derived)``, as `rules.compiled.CompiledPack.evaluate` returns them."""
        packed, derived = self.packed()
        return dict(zip(self._unit_keys, packed)), derived

    def packed(self):
        """``(statuses, derived)`` with the statuses as the worker sends them: one letter per unit, in
        program order (see `rules.compiled.CompiledPack.evaluate_packed`)."""
        if self._done:
            raise RuntimeError("result already collected")
        self._done = True
        try:
            return self._worker._receive()
        finally:
            self._worker._lock.release()


class Worker:
    """The process-wide durable_rules worker; programs are registered under a key and kept for restarts."""

    def __init__(self):
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._conn: Connection | None = None  # replies from the worker
        self._send_conn: Connection | None = None  # requests to the worker
        self._pid: int | None = None
        self._broken = False
        self._programs = {}  # key -> (program, label), re-sent to a restarted worker
        self._unit_keys = {}  # key -> unit keys in program order, to unpack the statuses the worker sends

    # -- lifecycle -------------------------------------------------------------------------------------
    def _alive(self) -> bool:
        return (
            self._process is not None and not self._broken and self._pid == os.getpid() and self._process.poll() is None
        )

    def _start(self) -> None:
        """Start ``python -m rules.worker_process`` with a pipe each way (a clean interpreter: nothing of the
        caller's main module or threads is copied, which `multiprocessing` would do)."""
        to_child_read, to_child_write = os.pipe()
        from_child_read, from_child_write = os.pipe()
        process = subprocess.Popen(
            [sys.executable, "-m", "rules.worker_process", str(to_child_read), str(from_child_write)],
            pass_fds=(to_child_read, from_child_write),
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        os.close(to_child_read)
        os.close(from_child_write)
        self._process, self._pid, self._broken = process, os.getpid(), False
        self._send_conn = send_conn = Connection(to_child_write, readable=False)
        self._conn = Connection(from_child_read, writable=False)
        for key, (program, label) in self._programs.items():
            send_conn.send(("prepare", key, program, label))
            self._receive()

    def _ensure(self) -> Connection:
        """Start the worker if it is not running; the connection to send it requests on."""
        if not self._alive():
            if self._process is not None and self._pid == os.getpid():
                self._process.kill()
                self._process.wait(timeout=5)
                for conn in self._connections():
                    conn.close()
            self._start()
        return self._connections()[0]

    def _connections(self) -> tuple[Connection, Connection]:
        """``(requests, replies)``: the pipes to the worker, set whenever it has been started."""
        if self._send_conn is None or self._conn is None:
            raise EngineFailure("the rules engine process has not been started")
        return self._send_conn, self._conn

    def _receive(self):
        try:
            status, payload = self._connections()[1].recv()
        except (EOFError, OSError) as error:
            # it died (a crash in durable_rules): the next call reaps it and starts a new one
            self._broken = True
            raise EngineFailure(f"the rules engine process stopped: {error or 'no reply'}") from None
        if status == "ok":
            return payload
        if status == "compile_error":
            raise CompileError(*payload)
        raise EngineFailure(payload)

    def _call(self, *message):
        with self._lock:
            self._ensure().send(message)
            return self._receive()

    # -- requests --------------------------------------------------------------------------------------
    def prepare(self, key, program, label: str) -> None:
        """Compile and register a program in the worker (raises `CompileError` for limits)."""
        with self._lock:
            self._programs[key] = (program, label)
            self._unit_keys[key] = tuple(unit.key for unit in program.units)
        try:
            self._call("prepare", key, program, label)
        except Exception:
            with self._lock:
                self._programs.pop(key, None)
                self._unit_keys.pop(key, None)
            raise

    def start(self, key, answers: dict) -> Pending:
        """Send one decision; the worker evaluates it while the caller does other work."""
        self._lock.acquire()
        try:
            unit_keys = self._unit_keys.get(key)
            if unit_keys is None:
                raise EngineFailure(f"no program {key} has been prepared in the rules engine process")
            self._ensure().send(("evaluate", key, answers))
        except BaseException as error:
            self._lock.release()
            if isinstance(error, (OSError, EOFError)):
                self._broken = True
                raise EngineFailure(f"the rules engine process could not be reached: {error}") from None
            raise
        return Pending(self, unit_keys)

    def evaluate(self, key, answers: dict):
        """`(statuses, derived)` from durable_rules for one answer set (see `rules.compiled.CompiledPack.evaluate`)."""
        return self.start(key, answers).result()

    def forget(self, key) -> None:
        """Free a program's rulesets in the worker."""
        with self._lock:
            self._programs.pop(key, None)
            self._unit_keys.pop(key, None)
            if not self._alive():
                return
        with contextlib.suppress(EngineFailure):
            self._call("forget", key)

    def rss_bytes(self) -> int:
        """Resident memory of the worker process (for `sharewise bench`)."""
        return self._call("rss")

    def kill(self) -> None:
        """Stop the worker abruptly (tests use it to show the engine fails closed and recovers)."""
        with self._lock:
            process = self._process
            if process is not None and self._alive():
                process.kill()
                process.wait(timeout=5)


_WORKER = None
_WORKER_LOCK = threading.Lock()


def worker() -> Worker:
    """The worker for this process."""
    global _WORKER
    with _WORKER_LOCK:
        if _WORKER is None:
            _WORKER = Worker()
        return _WORKER
