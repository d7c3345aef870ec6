"""Impact analysis: what a draft policy pack would change, against the live pack, before it is released.

    report = impact(live, draft, live_scenarios=..., draft_scenarios=..., records=store.export())

Every scenario of both packs, and (given `records`) the answers of every stored justification record, is
decided under both packs with each pack's ordinary `decide`; the report lists each case whose advice
changes, grouped by the rules that caused the change, with counts first, and the rule-level difference
between the packs (rules, questions, derived facts, pack metadata). The report is a JSON-ready dict whose
structure is documented in docs/impact.md; `engine.impact.text.render` words it for a lawyer.

Modules: `cases` (what is replayed), `replay` (deciding a case twice), `parallel` (the draft's half in a
second process), `compare` (what changed, in which direction, and why), `report` (counts and groups), `canonical`, `rules_diff` and `vocab_diff` (the
pack-level difference), `text` (the readable report), `bench` (the `sharewise bench --impact` timing).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from engine.impact.cases import record_cases, scenario_cases
from engine.impact.replay import Replay
from engine.impact.report import Collector
from engine.impact.rules_diff import diff_rules
from engine.impact.vocab_diff import diff_derived, diff_pack, diff_questions

__all__ = ["impact", "pack_ref"]


def pack_ref(pack) -> dict:
    return {"name": pack.name, "version": pack.version, "sha256": pack.sha256, "path": pack.root}


def impact(
    live,
    draft,
    *,
    live_scenarios: list,
    draft_scenarios: list,
    records: Iterable | None = None,
    as_at: dt.date | None = None,
) -> dict:
    """The impact report of `draft` against `live` (two loaded `Pack`s); see the module docstring.

    `records` is an iterable of stored records (`Store.export()`), read once, one at a time; None leaves past
    decisions out. `as_at` replaces every case's own date.
    """
    replay = Replay(live, draft)
    collector = Collector()
    cases = scenario_cases(live_scenarios, draft_scenarios, as_at)
    if records is None:
        for case in cases:
            collector.add(case, replay.run(case))
    else:  # a long stream: decided in batches, the draft's half in a second process where possible
        collector.records_read = True
        for case, result in replay.run_all(itertools.chain(cases, record_cases(records, as_at))):
            collector.add(case, result)
    rules = diff_rules(live.rules, draft.rules)
    questions = diff_questions(live.questions, draft.questions)
    derived = diff_derived(live.data.derived, draft.data.derived)
    pack = diff_pack(live.data, draft.data)
    summary = collector.summary()
    summary["rules"] = {key: len(value) for key, value in rules.items()}
    summary["questions"] = {key: len(value) for key, value in questions.items()}
    summary["derived"] = {key: len(value) for key, value in derived.items()}
    summary["pack_fields"] = len(pack)
    cases_changed = summary["scenarios"]["changed"] + (summary["records"] or {}).get("changed", 0)
    definitions_changed = any(summary[k][n] for k in ("rules", "questions", "derived") for n in summary[k])
    return {
        "draft": pack_ref(draft),
        "against": pack_ref(live),
        "as_at": as_at.isoformat() if as_at else None,
        "changed": bool(cases_changed or definitions_changed or pack),
        "summary": summary,
        "groups": collector.groups(),
        "rules": rules,
        "questions": questions,
        "derived": derived,
        "pack": pack,
    }
