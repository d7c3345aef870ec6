"""`make run` takes a signed checkpoint of the records chain on start and on a timer (web.checkpoints)."""

import os
import subprocess
import sys
import threading
import time

from engine.records import checkpoint
from tests.conftest import ROOT
from tests.web.conftest import save_record
from tests.web.live import free_port
from web import audit, checkpoints


def test_a_key_is_made_once_and_a_checkpoint_taken(app):
    first = checkpoints.take(app)
    key = checkpoints.key_path(app)
    assert key.startswith(app.instance_path) and oct(os.stat(key).st_mode & 0o777) == "0o600"
    save_record(app, app.test_client())
    second = checkpoints.take(app)
    assert first != second
    anchors, problems = checkpoint.anchors_from(checkpoints.folder(app), checkpoint.load_public_key(key))
    assert problems == [] and sorted(anchors) == [0, 1]
    events = [row["event"] for row in audit.recent(app.extensions["sharewise_db"])]
    assert events.count("records.checkpoint") == 2


def test_a_chain_that_no_longer_extends_a_checkpoint_is_not_signed(app):
    save_record(app, app.test_client())
    checkpoints.take(app)
    # Forge the folder's only checkpoint: the timer refuses to sign on top of it.
    (path,) = [os.path.join(checkpoints.folder(app), n) for n in os.listdir(checkpoints.folder(app))]
    with open(path) as handle:
        text = handle.read()
    with open(path, "w") as handle:
        handle.write(text.replace('"seq":1', '"seq":2'))
    assert checkpoints.take(app) is None
    (row, *_) = audit.recent(app.extensions["sharewise_db"])
    assert (row["event"], row["outcome"]) == ("records.checkpoint", "failed")


def test_the_timer_takes_checkpoints_until_stopped(app):
    stop = threading.Event()
    thread = checkpoints.every(app, 0.2, stop)
    time.sleep(1.0)
    stop.set()
    thread.join(timeout=10)
    assert len(os.listdir(checkpoints.folder(app))) >= 2


def test_make_run_takes_a_checkpoint_when_it_starts(tmp_path):
    env = {**os.environ, "PYTHONPATH": ROOT, "SHAREWISE_INSTANCE_DIR": str(tmp_path / "instance")}
    for name in (
        "SHAREWISE_SECRET_KEY",
        "SHAREWISE_DATABASE_URL",
        "SHAREWISE_CHECKPOINT_KEY",
        "SHAREWISE_CHECKPOINT_DIR",
    ):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "web.run", "--port", str(free_port())],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Sharewise for"):
                break
    finally:
        process.terminate()
        process.communicate(timeout=30)
    output = "".join(lines)
    assert "Checkpoint of the records chain: " + str(tmp_path / "instance" / "checkpoints") in output, output
    assert (tmp_path / "instance" / "checkpoint-key.pem").exists()
    assert (tmp_path / "instance" / "checkpoint-key.pem.pub").exists()
