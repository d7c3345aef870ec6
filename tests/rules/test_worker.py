"""The durable_rules worker process: a crash there fails the decision closed and the next one recovers."""

import datetime as dt

import rules

DAY = dt.date(2026, 6, 1)
SHARE_CASE = {
    "recipient": "health",
    "purpose": "child_protection",
    "data_categories": ["identity"],
    "recipient_verified": True,
    "security_marking": "OFFICIAL",
}


def test_a_worker_killed_between_decisions_is_replaced(constructs_pack):
    assert constructs_pack.decide(SHARE_CASE, DAY)["decision"] == "share"
    rules.worker().kill()  # as if durable_rules had segfaulted between decisions
    # a fresh worker is started and the program registered again
    assert constructs_pack.decide(SHARE_CASE, DAY)["decision"] == "share"


def test_a_worker_that_dies_during_a_decision_makes_it_refer(constructs_pack, monkeypatch):
    worker = rules.worker()
    original = worker.start

    def start_and_crash(key, answers):
        worker._lock.acquire()
        worker._ensure()
        worker._send_conn.send(("crash",))  # the worker dies without replying, like a segfault
        return _pending(worker)

    monkeypatch.setattr(worker, "start", start_and_crash)
    advice = constructs_pack.decide(SHARE_CASE, DAY)
    monkeypatch.setattr(worker, "start", original)
    assert advice["decision"] == "refer"
    assert "rules engine" in advice["explanation"][-1]["because"]
    after = constructs_pack.decide(SHARE_CASE, DAY)
    assert after["decision"] == "share", after["explanation"][-1]["because"]


def _pending(worker):
    from rules.worker import Pending

    return Pending(worker, ())


def test_compile_limits_are_reported_from_the_worker():
    from rules.errors import CompileError
    from rules.ir import All, Any_, Program, Ref, Test, Unit

    wide = All(tuple(Any_(tuple(Test(Ref("q", f"f{i}_{j}"), "eq", "v") for j in range(3))) for i in range(6)))
    try:
        rules.worker().prepare("too-wide", Program(units=[Unit("rule:wide", wide)]), "wide")
    except CompileError as error:
        assert error.unit_key == "rule:wide"
    else:  # pragma: no cover
        raise AssertionError("expected CompileError")
