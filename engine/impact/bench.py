"""`sharewise bench --impact`: how long the impact of a draft takes over 10,000 stored decisions.

The target is that impact analysis is fast enough to run on every edit of the pack: 10,000 past decisions
in under a minute on the two-core development machine. The benchmark builds what it needs in a temporary
folder and times only the impact itself:
  - a store of synthetic justification records: random answer sets (`engine.sampling.random_answers`, with
    the answers a record requires filled in), the live pack's real advice, and an officer who accepts it;
  - a draft: a copy of the pack with one `withhold` bar turned into `refer` (whichever comes first; the
    edit only has to change some advice, it stands for no particular law).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import tempfile
import time

from engine.impact import impact
from engine.records import build_record, open_store
from engine.sampling import random_answers, value_space

TARGET_SECONDS = 60.0
OFFICER = {"name": "Bench Officer", "rank_or_role": "Police Constable", "force_number": "B0001", "force": "Benchshire"}
REQUIRED = ("recipient", "purpose", "request_direction", "data_categories")


def _answers(pack, rng: random.Random, as_at: dt.date) -> dict:
    answers = random_answers(pack, rng, as_at)
    for question_id in REQUIRED:
        question = pack.question(question_id)
        if question_id not in answers and question is not None:
            space = value_space(question, as_at)
            answers[question_id] = [rng.choice(space)] if question.type == "many_of" else rng.choice(space)
    return answers


SYNTHETIC_SHARING = {
    "necessity_rationale": "Synthetic benchmark record.",
    "proportionality_rationale": "Synthetic benchmark record.",
    "what_was_shared": "Synthetic benchmark record.",
    "redactions_applied": [],
    "method": "Secure email",
    "requester": "Benchmark requester",
    "identity_verification": "Call-back",
    "data_subjects": [{"description": "Person A", "role": "other"}],
    "authoriser": None,
    "consent_notes": "Synthetic benchmark record.",
    "review_date": None,
}


def officer_response(advice: dict, sharing: dict) -> tuple:
    """An officer's acceptance of whatever was advised, as ``(decision, sharing)`` for ``build_record``: what
    was shared and how are left out when nothing is shared, and incomplete advice is referred (synthetic
    stores for the benchmark and the tests)."""
    sharing = dict(sharing)
    if advice["decision"] in ("share", "share_with_conditions"):
        return {"accepted": True}, sharing
    sharing.update(what_was_shared=None, method=None)
    if advice["decision"] == "incomplete":
        return {"accepted": False, "final_decision": "refer", "override_reason": "Answers outstanding."}, sharing
    return {"accepted": True}, sharing


def write_records(pack, url: str, count: int, seed: int, as_at: dt.date) -> None:
    """Append `count` synthetic records, advised by `pack`, to a new store at `url`."""
    rng = random.Random(seed)
    with open_store(url) as store:
        for _ in range(count):
            answers = _answers(pack, rng, as_at)
            advice = pack.decide(answers, as_at)
            decision, sharing = officer_response(advice, SYNTHETIC_SHARING)
            store.append(
                build_record(answers, advice, OFFICER, decision, sharing, requirements=pack.record_requirements)
            )


def write_draft(source: str, target: str) -> str | None:
    """Copy the pack at `source` to `target` with its first `withhold` bar made a `refer` bar; the changed
    rule's id, or None if the pack has no such bar."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("scenarios"))
    for folder, _dirs, files in sorted(os.walk(target)):
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().split("\n")
            for n, line in enumerate(lines):
                if line.strip() == "effect: withhold":
                    lines[n] = line.replace("withhold", "refer")
                    rule = next((t.split("id:", 1)[1].strip() for t in reversed(lines[:n]) if "- id:" in t), None)
                    with open(path, "w", encoding="utf-8") as handle:
                        handle.write("\n".join(lines))
                    return rule
    return None


def measure_impact(live, source: str, records: int, seed: int, as_at: dt.date) -> dict:
    """The ``impact`` section of `sharewise bench`'s report."""
    from engine.policy import load_pack

    # In memory where the system offers it: the store syncs every append to disk, which would make building
    # the store (not the impact, which only reads it) take minutes.
    memory = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(dir=memory) as folder:
        url = f"sqlite:///{os.path.join(folder, 'records.sqlite3')}"
        started = time.perf_counter()
        write_records(live, url, records, seed, as_at)
        setup = time.perf_counter() - started
        changed_rule = write_draft(source, os.path.join(folder, "draft"))
        draft = load_pack(os.path.join(folder, "draft"))
        try:
            with open_store(url, create=False) as store:
                started = time.perf_counter()
                report = impact(live, draft, live_scenarios=[], draft_scenarios=[], records=store.export())
                seconds = time.perf_counter() - started
        finally:
            draft.close()
    counts = report["summary"]["records"]
    return {
        "records": counts["total"],
        "changed": counts["changed"],
        "draft_change": f"{changed_rule}: effect withhold -> refer" if changed_rule else None,
        "seconds": round(seconds, 2),
        "per_record_ms": round(seconds * 1000 / max(1, counts["total"]), 3),
        "setup_seconds": round(setup, 1),
        "target_seconds": TARGET_SECONDS,
        "meets_target": seconds < TARGET_SECONDS,
    }
