"""Issue 13, defect 6: cycling ``as_at`` over the dates on which the law changed keeps hitting the cache.

Compiled programs were kept in an LRU of eight. The bundled pack has dozens of distinct sets of rules in
force, so a client cycling ``as_at`` over the days the law changed recompiled on every call (128 ms a call
instead of 12). The cache now holds every distinct set of rules in force the pack can produce (a number
fixed by the pack, so a client cannot grow it), and days map to their program once looked up.
"""

import datetime as dt

import engine
from engine.decide.program import rules_in_force


def change_dates(pack):
    """Every day on which the set of rules in force changes, within the pack's own in-force dates."""
    days = set()
    for rule in pack.data.rules:
        days.add(rule.in_force.start)
        if rule.in_force.end:
            days.add(rule.in_force.end + dt.timedelta(days=1))
    return sorted(day for day in days if pack.data.in_force.covers(day))


def test_cycling_as_at_over_the_law_changes_compiles_each_program_once(monkeypatch):
    pack = engine.load_pack(None)  # a pack of its own: the session's shared one keeps its cache
    try:
        days = change_dates(pack)
        distinct = {tuple(id(rule) for rule in rules_in_force(pack.data, day)) for day in days}
        assert len(distinct) > 8, "the bundled pack has too few law changes to show the defect"
        built = []
        original = engine.policy.build_index
        monkeypatch.setattr(engine.policy, "build_index", lambda *a: built.append(1) or original(*a))
        for day in days:
            pack.decide({}, as_at=day)
        first_round = len(built)
        assert first_round <= len(distinct)
        for _ in range(2):
            for day in days:
                pack.decide({}, as_at=day)
        assert len(built) == first_round, "a program was compiled again after its first use"
    finally:
        pack.close()


def test_the_cache_is_bounded_by_the_pack_not_by_the_callers(monkeypatch):
    pack = engine.load_pack(None)
    try:
        bound = pack.program_cache_size
        days = change_dates(pack)
        for offset in range(0, 400, 7):  # many more days than programs
            pack.decide({}, as_at=days[-1] - dt.timedelta(days=offset))
        assert len(pack._programs) <= bound
    finally:
        pack.close()
