"""Checking an uploaded draft pack, and working out its impact against the live pack in the background.

Checking (`check_files`) is the engine's own: the files are written to a new folder and loaded with
``engine.checked.load_checked``, exactly as ``sharewise impact`` loads a draft, so every problem comes
back as ``file:line: message``. A draft is checked against the pack format this Sharewise reads: a
``schema/*.json`` it carries must be the bundled one, because the engine's schema decides what it can load.

The impact (`start`) is ``sharewise impact DRAFT --records --format json`` in a child process, against
the live pack the deployment configures and the records store the web uses. It runs from a background
thread, at most one per process at a time (others wait as ``queued``), so a page never waits for it and
two impacts never compete for the two cores; the result is kept with the draft. The child has its own
durable_rules worker and is stopped if it runs past ``LEGAL_IMPACT_TIMEOUT_SECONDS``.

Words (``words.legal_problem``): a draft's problems are kept as the text shown (``file:line: message``; the
engine's as it gives them, the two of this module worded when the draft is checked). Why an impact failed is
kept as a code and its values (``web.words.message``), worded when shown by ``words.impact_failure``, which
shows a reason kept in words before as it is.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading

from flask import Flask

from engine.checked import load_checked
from engine.pack.location import bundled_schema_dir
from engine.problems import PackError
from engine.records import open_store
from web import pack_drafts
from web.db import utcnow
from web.pack_upload import write_files
from web.words import message, words

log = logging.getLogger(__name__)
_ONE_AT_A_TIME = threading.Lock()
THREADS = "sharewise_impact_threads"


class ImpactFailed(RuntimeError):
    """The impact could not be worked out; the message is why, as a code and its values (never record content)."""

    def __init__(self, code: str, *values: object) -> None:
        super().__init__(message(code, *values))


def check_files(files: dict[str, str], scratch: str) -> list[str]:
    """Every problem of a draft as ``file:line: message`` (empty for a valid draft)."""
    problems = _schema_problems(files)
    os.makedirs(scratch, mode=0o700, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        root = os.path.join(folder, "pack")
        write_files({name: text for name, text in files.items() if not name.endswith(".json")}, root)
        try:
            pack, _scenarios = load_checked(root, freeze=False)
        except PackError as error:  # paths are the pack's own; the scratch folder is never shown
            the_draft = words().legal_problem("the_draft")
            problems += [str(p).replace(root + os.sep, "").replace(root, the_draft) for p in error.problems]
        except Exception:  # a draft the engine cannot read is a problem to show, never a 500
            log.exception("checking an uploaded draft pack failed")
            problems.append(words().legal_problem("draft_unreadable"))
        else:
            pack.close()
    return problems


def _schema_problems(files: dict[str, str]) -> list[str]:
    out = []
    for name, text in sorted(files.items()):
        if not name.endswith(".json"):
            continue
        bundled = os.path.join(bundled_schema_dir(), os.path.basename(name))
        try:
            with open(bundled, encoding="utf-8") as handle:
                same = json.loads(text) == json.load(handle)
        except (OSError, ValueError):
            same = False
        if not same:
            out.append(words().legal_problem("schema_differs", [name]))
    return out


def start(app: Flask, draft_id: str) -> threading.Thread:
    """Work out a draft's impact on a background thread (the draft must be ``queued``)."""
    thread = threading.Thread(target=_run, args=(app, draft_id), name="sharewise-impact", daemon=True)
    app.extensions.setdefault(THREADS, {})[draft_id] = thread
    thread.start()
    return thread


def _run(app: Flask, draft_id: str) -> None:
    engine = app.extensions["sharewise_db"]
    timeout = app.config["LEGAL_IMPACT_TIMEOUT_SECONDS"]
    with _ONE_AT_A_TIME:
        stale = utcnow() - datetime.timedelta(seconds=timeout + 60)
        if not pack_drafts.claim(engine, draft_id, stale):
            return
        try:
            report = _impact(app, draft_id, timeout)
        except ImpactFailed as error:
            pack_drafts.set_state(engine, draft_id, pack_drafts.FAILED, error=str(error), finished_at=utcnow())
        except Exception:  # the page must say so rather than wait forever
            log.exception("working out the impact of a draft pack failed")
            pack_drafts.set_state(
                engine, draft_id, pack_drafts.FAILED, error=message("unexpected_see_log"), finished_at=utcnow()
            )
        else:
            if report is not None:
                pack_drafts.set_state(engine, draft_id, pack_drafts.DONE, report=report, finished_at=utcnow())


def _impact(app: Flask, draft_id: str, timeout: int) -> dict | None:
    draft = pack_drafts.get_draft(app.extensions["sharewise_db"], draft_id, None)
    if draft is None:
        return None  # discarded meanwhile
    url = app.config["DATABASE_URL"]
    open_store(url).close()  # the store exists (and is migrated) even before the first record
    scratch = os.path.join(app.instance_path, "legal-drafts")
    os.makedirs(scratch, mode=0o700, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as folder:
        root = os.path.join(folder, "pack")
        write_files({name: text for name, text in draft["files"].items() if not name.endswith(".json")}, root)
        command = [sys.executable, "-m", "engine.cli", "impact", root, "--records", "--format", "json"]
        if app.config.get("POLICY_PACK"):
            command += ["--against", os.path.abspath(app.config["POLICY_PACK"])]
        out, err, code = _run_child(command, {**os.environ, "SHAREWISE_DATABASE_URL": url}, timeout)
    if code in (0, 1):
        try:
            return json.loads(out)
        except ValueError:
            raise ImpactFailed("impact_no_report") from None
    lines = [line for line in err.splitlines() if line.strip()]
    raise ImpactFailed("impact_stopped", code, " / ".join(lines[-5:]))


def _run_child(command: list[str], env: dict[str, str], timeout: int) -> tuple[str, str, int]:
    """Run the command in a session of its own; on timeout stop it and everything it started."""
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.communicate()
        raise ImpactFailed("impact_timeout", timeout) from None
    return out, err, child.returncode
