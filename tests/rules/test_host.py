"""The hardened durable_rules host: sessions are always deleted, rulesets are freed, failures are reported."""

import os

from rules import host
from rules.compiled import compile_program
from rules.ir import Program, Ref, Unit
from rules.ir import Test as Comparison


def _program(n=20):
    return Program(
        units=[Unit(f"rule:r{i}", Comparison(Ref("q", "colour"), "eq", f"c{i % 5}")) for i in range(n)],
        domains={"q_colour": frozenset(f"c{i}" for i in range(5))},
    )


def _rss_mb():
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_sessions_are_deleted_so_the_1024_limit_is_never_reached():
    compiled = compile_program(_program(), "sessions")
    try:
        for i in range(3000):  # well past durable_rules' 1,024 live sessions per ruleset
            statuses, _ = compiled.evaluate({"colour": f"c{i % 5}"})
            assert sum(s == "T" for s in statuses.values()) == 4
        # a session where nothing fires is also deleted safely (the end rule always runs)
        compiled.evaluate({})
    finally:
        compiled.close()


def test_closing_frees_rulesets_and_memory_stays_flat():
    names = []
    for _ in range(5):
        compiled = compile_program(_program(100), "reload")
        compiled.evaluate({"colour": "c1"})
        names += compiled.ruleset_names
        compiled.close()
    before = _rss_mb()
    for _ in range(40):
        compiled = compile_program(_program(100), "reload")
        compiled.evaluate({"colour": "c1"})
        compiled.close()
    assert _rss_mb() - before < 30
    assert not any(name in host._host()._ruleset_directory for name in names)


def test_ruleset_names_are_versioned():
    first, second = compile_program(_program(), "same"), compile_program(_program(), "same")
    try:
        assert set(first.ruleset_names).isdisjoint(second.ruleset_names)
    finally:
        first.close()
        second.close()
