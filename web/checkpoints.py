"""Checkpoints of the records chain taken by the embedded default (``make run``): on start and on a timer.

A deployment runs ``sharewise records checkpoint`` from its own scheduler, with the key where the web app's
account cannot read it (docs/records.md, "Signed checkpoints"). The embedded default has one machine and
one account, so it keeps a key in the instance folder (made on first run) and takes a checkpoint when it
starts and every CHECKPOINT_INTERVAL_SECONDS, into CHECKPOINT_DIR (default ``instance/checkpoints``).
A chain that no longer extends an earlier checkpoint is never signed: the failure is logged and audited.
"""

from __future__ import annotations

import logging
import os
import threading

from flask import Flask

from engine.records import checkpoint
from web import audit

log = logging.getLogger(__name__)
ACTOR = "system:checkpoint"


def key_path(app: Flask) -> str:
    """CHECKPOINT_KEY, else ``checkpoint-key.pem`` in the instance folder."""
    return app.config.get("CHECKPOINT_KEY") or os.path.join(app.instance_path, "checkpoint-key.pem")


def folder(app: Flask) -> str:
    """CHECKPOINT_DIR, else ``checkpoints`` in the instance folder."""
    return app.config.get("CHECKPOINT_DIR") or os.path.join(app.instance_path, "checkpoints")


def ensure_key(app: Flask) -> str:
    """The key's path, making a key pair there first if there is none."""
    path = key_path(app)
    if not os.path.exists(path):
        checkpoint.generate_key(path)
        log.info("made a checkpoint key in %s (public key %s)", path, checkpoint.public_key_path(path))
    return path


def take(app: Flask) -> str | None:
    """Take one checkpoint now; returns the file written, or None (logged and audited) if the chain fails."""
    from web.records import get_store

    with app.app_context():
        key = checkpoint.load_private_key(ensure_key(app))
        signed, problems = checkpoint.take(get_store(), key, folder(app))
        engine, path = app.extensions["sharewise_db"], audit.log_path()
        if signed is None:
            for problem in problems:
                log.error("no checkpoint taken: %s", problem)
            audit.record("records.checkpoint", "failed", engine=engine, path=path, actor=ACTOR)
            return None
        written = checkpoint.write(signed, folder(app))
        audit.record(
            "records.checkpoint", engine=engine, path=path, actor=ACTOR, seq=signed["seq"], key_id=signed["key_id"]
        )
        return str(written)


def every(app: Flask, seconds: float, stop: threading.Event) -> threading.Thread:
    """Take a checkpoint every ``seconds`` until ``stop`` is set, in a daemon thread."""

    def run() -> None:
        while not stop.wait(seconds):
            try:
                take(app)
            except Exception:  # the timer must outlive one failed attempt; the failure is logged
                log.exception("checkpoint failed")

    thread = threading.Thread(target=run, name="sharewise-checkpoints", daemon=True)
    thread.start()
    return thread
