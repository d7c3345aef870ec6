"""`sharewise bench`: decision latency, throughput, load time and memory, printed as JSON.

Measures the bundled pack and a generated pack ten times its size (every rule copied nine more times with
new ids), each through the full `decide` path (durable_rules in its worker process, the explainer, the
agreement check and the advice) and through the explainer alone as a baseline; the time to load, validate
and compile the bundled pack; and resident memory of both processes before and after 10,000 decisions,
which must stay flat. With `--impact`, also the time `sharewise impact` takes over 10,000 synthetic stored
decisions (`engine.impact.bench`).
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from typing import Any

from engine.cli import EXIT_OK, EXIT_PACK
from engine.commands.common import add_policies_option
from engine.decide.evaluation import Evaluation
from engine.pack.files import pack_files
from engine.pack.location import bundled_pack_dir
from engine.policy import load_pack
from engine.problems import PackError
from engine.sampling import random_answers
from rules import worker

TARGETS = {"bundled_p99_ms": 5.0, "ten_times_p99_ms": 25.0, "load_validate_compile_s": 1.0, "memory_growth_mb": 20.0}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="measure decision latency, load time and memory (JSON)",
        description="Benchmark the engine and print the results as JSON.",
    )
    parser.add_argument("--decisions", type=int, default=2000, help="timed decisions per pack (default 2000)")
    parser.add_argument("--memory-decisions", type=int, default=10000, help="decisions for the memory check")
    parser.add_argument("--seed", type=int, default=20261121)
    parser.add_argument(
        "--impact",
        action="store_true",
        help="also time `sharewise impact` over synthetic stored decisions (builds a temporary store first)",
    )
    parser.add_argument(
        "--impact-records", type=int, default=10000, metavar="N", help="stored decisions for --impact (default 10000)"
    )
    add_policies_option(parser)
    parser.set_defaults(handler=run)


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _percentile(samples, q) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _timed(fn, answer_sets) -> dict:
    for answers in answer_sets[:50]:
        fn(answers)
    samples = []
    start = time.perf_counter()
    for answers in answer_sets:
        t0 = time.perf_counter()
        fn(answers)
        samples.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - start
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p99_ms": round(_percentile(samples, 0.99), 3),
        "throughput_per_s": round(len(samples) / elapsed, 1),
    }


def measure_pack(pack, decisions: int, seed: int, as_at) -> dict:
    rng = random.Random(seed)
    answer_sets = [random_answers(pack, rng, as_at) for _ in range(decisions)]
    index, _ = pack._program(as_at)
    decide = _timed(lambda a: pack.decide(a, as_at), answer_sets)

    def explain_only(answers):
        clean = pack.check(answers, as_at)
        evaluation = Evaluation(index, clean)
        for rule in index.rules:
            evaluation.rule(rule.id)

    baseline = _timed(explain_only, answer_sets)
    return {"rules": len(pack.rules), "decisions": decisions, "decide": decide, "explainer_only": baseline}


def ten_times_pack(source: str, target: str) -> None:
    """Write a copy of the pack at `source` with every rule repeated ten times under new ids."""
    import yaml

    from engine.pack import yamlsafe

    for relpath in pack_files(source):
        with open(os.path.join(source, relpath), encoding="utf-8") as handle:
            data, _, _ = yamlsafe.load(handle.read())
        if "rules" in data:
            copies = []
            for n in range(10):
                for rule in data["rules"]:
                    copies.append(_renamed(rule, n))
            data["rules"] = copies
        os.makedirs(os.path.dirname(os.path.join(target, relpath)), exist_ok=True)
        with open(os.path.join(target, relpath), "w", encoding="utf-8") as handle:
            yaml.safe_dump(data, handle, sort_keys=False, allow_unicode=True)
    shutil.copytree(os.path.join(source, "schema"), os.path.join(target, "schema"), dirs_exist_ok=True)


def _renamed(node, n):
    if n == 0:
        return node
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("id", "rule") and isinstance(value, str):
                out[key] = f"{value}-X{n}"
            elif key == "blocks":
                out[key] = [f"{v}-X{n}" for v in value]
            else:
                out[key] = _renamed(value, n)
        return out
    if isinstance(node, list):
        return [_renamed(item, n) for item in node]
    return node


def run(args) -> int:
    source = args.policies or bundled_pack_dir()
    as_at = dt.date.today()
    try:
        started = time.perf_counter()
        pack = load_pack(source)
        load_seconds = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as folder:
            ten_times_pack(source, folder)
            big = load_pack(folder)
    except PackError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_PACK
    result: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "as_at": as_at.isoformat(),
        "load_validate_compile_s": round(load_seconds, 3),
        "bundled": measure_pack(pack, args.decisions, args.seed, as_at),
        "ten_times": measure_pack(big, args.decisions, args.seed, as_at),
    }
    big.close()
    rng = random.Random(args.seed + 1)
    sets = [random_answers(pack, rng, as_at) for _ in range(500)]
    for answers in sets:
        pack.decide(answers, as_at)
    gc.collect()
    before = _rss_mb()
    worker_before = worker().rss_bytes() / 2**20
    for i in range(args.memory_decisions):
        pack.decide(sets[i % len(sets)], as_at)
    gc.collect()
    after = _rss_mb()
    worker_after = worker().rss_bytes() / 2**20
    result["memory"] = {
        "decisions": args.memory_decisions,
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "growth_mb": round(after - before, 1),
        "worker_rss_before_mb": round(worker_before, 1),
        "worker_rss_after_mb": round(worker_after, 1),
        "worker_growth_mb": round(worker_after - worker_before, 1),
    }
    result["targets"] = TARGETS
    result["meets_targets"] = {
        "bundled_p99": result["bundled"]["decide"]["p99_ms"] <= TARGETS["bundled_p99_ms"],
        "ten_times_p99": result["ten_times"]["decide"]["p99_ms"] <= TARGETS["ten_times_p99_ms"],
        "load_validate_compile": load_seconds <= TARGETS["load_validate_compile_s"],
        "memory_flat": max(result["memory"]["growth_mb"], result["memory"]["worker_growth_mb"])
        <= TARGETS["memory_growth_mb"],
    }
    if args.impact:
        _add_impact(result, pack, source, args, as_at)
    print(json.dumps(result, indent=2))
    return EXIT_OK


def _add_impact(result: dict, pack, source: str, args, as_at) -> None:
    """The `--impact` section: `sharewise impact` timed over synthetic stored decisions."""
    from engine.impact.bench import TARGET_SECONDS, measure_impact

    impact = measure_impact(pack, source, args.impact_records, args.seed, as_at)
    result["impact"] = impact
    result["targets"] = {**TARGETS, "impact_s": TARGET_SECONDS}
    result["meets_targets"] = {**result["meets_targets"], "impact": impact["meets_target"]}
