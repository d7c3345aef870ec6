"""A loaded, validated and compiled policy pack: the object officers' advice comes from.

`Pack.decide` type-checks the answers, evaluates them twice (durable_rules in its worker process through
`rules`, and the Python explainer here, at the same time), compares the two, and builds the advice. Any
disagreement or engine failure makes the decision `refer` (fail closed) and is logged without the answers,
which are personal data.

Compiled programs are cached per set of rules in force, so a date on which the law changed gets its own
compiled rulesets. The cache holds every distinct set of rules in force the pack can produce (a number the
pack fixes, so no caller can grow it or make it thrash by cycling ``as_at``); evicted programs, if a cache
is ever made smaller than that, free their durable_rules rulesets in the worker.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import threading
from collections import OrderedDict

import rules as durable_rules_adapter
from engine import agreements
from engine.decide.advice import build_advice
from engine.decide.advice import prepare as prepare_advice
from engine.decide.answers import check_answers, with_defaults
from engine.decide.cross_check import cross_check
from engine.decide.dependants import change_answer
from engine.decide.evaluation import Evaluation
from engine.decide.plan import Plan
from engine.decide.program import build_index, distinct_rule_sets, rules_in_force
from engine.decide.settle import what_if
from engine.pack import loader
from engine.problems import AnswerError, PackError, Problem
from rules.ir import FALSE, TRUE, case_key, rule_key

log = logging.getLogger("sharewise.engine")
_MIN_CACHE_SIZE = 8
_DAY_SHORTCUTS = 1024


class Pack:
    """A usable policy pack. Create with `load_pack`; safe to share between threads."""

    def __init__(self, data, register: agreements.Register | None = None):
        self.data = data
        self.register = register if register is not None else agreements.Register()  # information sharing agreements
        self.name = data.name
        self.version = data.version
        self.sha256 = data.sha256
        self.root = data.root
        self.questions = data.questions
        self.record_fields = [
            {
                "id": f.id,
                "label": f.label,
                "content": f.content,
                "hook": f.hook,
                "required": f.required,
                "inputs": list(f.inputs),
            }
            for f in data.record_fields
        ]
        # What a justification record must hold, and when: passed to engine.records.build_record.
        self.record_requirements = data.record_requirements
        self._questions = {q.id: q for q in data.questions}
        self._programs: OrderedDict = OrderedDict()
        self._by_day: dict = {}  # as-at date -> (index, runner), so a decision need not scan the rules' dates
        self._serial = 0
        self._lock = threading.Lock()
        self._compiling = threading.Lock()  # one compilation at a time: concurrent first calls wait, not repeat
        self.program_cache_size = max(_MIN_CACHE_SIZE, distinct_rule_sets(data))
        # Evaluated at fault-injection points by tests; never set in production.
        self.fault = None

    # -- vocabulary --------------------------------------------------------------------------------
    def question(self, question_id: str):
        return self._questions.get(question_id)

    @property
    def rules(self):
        return self.data.rules

    # -- compiled programs ---------------------------------------------------------------------------
    def _program(self, as_at: dt.date):
        """``(index, runner)`` for the rules in force on `as_at`: the explainer's view and durable_rules'."""
        day_entry = self._by_day.get(as_at)
        if day_entry is not None:
            return day_entry
        in_force = rules_in_force(self.data, as_at)
        key = tuple(id(r) for r in in_force)
        entry = self._cached(key, as_at)
        if entry is not None:
            return entry
        with self._compiling:
            entry = self._cached(key, as_at)  # compiled by another thread while this one waited
            if entry is not None:
                return entry
            with self._lock:
                self._serial += 1
                worker_key = f"{id(self):x}-{self.sha256[:12]}-{self._serial}"
            index = build_index(self.data, in_force)
            index.plan = Plan(index, worker_key)  # the explainer's compiled form, built now rather than on first use
            prepare_advice(self.data, index)
            durable_rules_adapter.worker().prepare(worker_key, index.program, self.sha256[:10])
            entry = (index, _Runner(worker_key))
            with self._lock:
                self._programs[key] = entry
                evicted = []
                while len(self._programs) > self.program_cache_size:
                    evicted.append(self._programs.popitem(last=False)[1][1])
                if evicted:
                    self._by_day.clear()  # shortcuts may point at evicted programs
        for runner in evicted:
            runner.close()
        return entry

    def _cached(self, key: tuple, as_at: dt.date):
        """The cached program for a set of rules in force (noting the day's shortcut), or None."""
        with self._lock:
            entry = self._programs.get(key)
            if entry is not None:
                self._programs.move_to_end(key)
                if len(self._by_day) >= _DAY_SHORTCUTS:
                    self._by_day.clear()
                self._by_day[as_at] = entry
            return entry

    def compile_all(self) -> None:
        """Check every rule (every version) and derived fact against the engine's limits, and that every rule
        can apply; report problems as pack problems. Only today's program is registered with durable_rules
        now; other dates are registered when first asked for."""
        from engine.pack.conditions import references
        from rules.ir import Program, Unit

        referenced = set()
        for rule in self.data.rules:
            referenced |= references(rule.condition)[0]
        for derived in self.data.derived:
            for case in derived.cases:
                referenced |= references(case.condition)[0]
        units, sources = [], {}
        for n, rule in enumerate(self.data.rules):
            key = rule_key(f"{rule.id}#{n}")  # every version, each on its own
            units.append(Unit(key, rule.condition, 0, rule.id in referenced))
            sources[key] = (rule.source, rule.id)
        for derived in self.data.derived:
            for i, case in enumerate(derived.cases):
                key = case_key(derived.id, i)
                units.append(Unit(key, case.condition, 0, True))
                sources[key] = (derived.source, None)
        program = Program(
            units=units,
            domains=build_index(self.data, ()).program.domains,
            referenced_rules=frozenset(rule_key(r) for r in referenced),
        )
        problems = []
        try:
            never = durable_rules_adapter.check_units(program)
        except durable_rules_adapter.CompileError as error:
            source, rule_id = sources.get(error.unit_key, (None, None))
            label = rule_key(rule_id) if rule_id else error.unit_key
            raise PackError(
                [
                    Problem(
                        source.file if source else "",
                        error.line or (source.line if source else 1),
                        f"{label}: {error.message}",
                    )
                ]
            ) from None
        for key in sorted(never):
            source, rule_id = sources[key]
            if rule_id is not None:
                problems.append(
                    Problem(
                        source.file,
                        source.line,
                        f"rule '{rule_id}' can never apply: its conditions contradict each other",
                    )
                )
        if problems:
            raise PackError(problems)
        self._program(dt.date.today())

    # -- deciding ------------------------------------------------------------------------------------
    def check(self, answers, as_at: dt.date | None = None, field_prefix: str = "") -> dict:
        """Validate answers for `as_at` (default today); returns the cleaned answers or raises `AnswerError`."""
        return check_answers(self._questions, answers, as_at or dt.date.today(), field_prefix)

    def decide(self, answers, as_at: dt.date | None = None, field_prefix: str = "") -> dict:
        """Advice (contract section 2) for one answers object as at a date (default: today).

        durable_rules evaluates the answers in its worker process while the explainer evaluates them here
        and the advice is built; the two are then compared, and any difference makes the advice `refer`.
        """
        as_at = as_at or dt.date.today()
        if not self.data.in_force.covers(as_at):
            raise AnswerError(
                "as_at",
                f"the pack {self.name} {self.version} is in force "
                f"{self.data.in_force.describe()}, not on {as_at.isoformat()}",
            )
        given = check_answers(self._questions, answers, as_at, field_prefix)
        try:
            given, agreement = agreements.apply(self.register, self._questions, given, as_at)
        except AnswerError as error:
            raise AnswerError(f"{field_prefix}{error.field}", error.message) from None
        effective = with_defaults(self._questions, given, as_at)
        index, runner = self._program(as_at)
        try:
            pending = runner.start(effective)
        except durable_rules_adapter.EngineFailure as error:
            pending = error
        try:
            evaluation = Evaluation(index, effective)
            status = evaluation.statuses()
            found = {rule_id for rule_id, value in status.items() if value == TRUE}
            settle_answers = what_if(index.advice, index)
            advice = build_advice(self.data, index, evaluation, effective, as_at, None, status, given, settle_answers)
        finally:
            durable = self._collect(pending)  # always, so the worker is free for the next decision
        divergence = cross_check(f"{self.name} {self.version}", index, durable, evaluation, found)
        if divergence:
            advice = build_advice(self.data, index, evaluation, effective, as_at, divergence, status, given)
        if agreement is not None:
            agreements.attach(advice, agreement, given, self.register, self.data.wording, self._questions)
        return advice

    def _collect(self, pending):
        """durable_rules' ``(statuses, derived)``, or the `EngineFailure` that stopped it. The statuses are
        the worker's packed string (one letter per unit), or a dict by unit key when a test injects a fault."""
        try:
            if isinstance(pending, Exception):
                raise pending
            if self.fault is not None:
                return self.fault(*pending.result())
            return pending.packed()
        except durable_rules_adapter.EngineFailure as error:
            log.error("rules engine failure in pack %s %s: %s", self.name, self.version, error)
            return error

    def relevant_answers(self, answers: dict, as_at: dt.date | None = None) -> dict:
        """Answers with those whose question is no longer relevant removed (after an answer changes)."""
        as_at = as_at or dt.date.today()
        current = dict(answers)
        index, _ = self._program(as_at)
        while True:
            evaluation = Evaluation(index, current)
            drop = [qid for qid in current if qid in index.ask_when and evaluation.value(index.ask_when[qid]) == FALSE]
            if not drop:
                return current
            for qid in drop:
                del current[qid]

    def change_answer(self, answers: dict, question_id: str, value, as_at: dt.date | None = None) -> tuple[dict, list]:
        """``(answers, dropped)`` after one answer changes: the answers about it (the pack's ``depends_on``) go,
        then those whose question is no longer relevant. Answers are not type-checked here (``check`` does)."""
        changed, dropped = change_answer(self.questions, answers, question_id, value)
        relevant = self.relevant_answers(changed, as_at)
        return relevant, dropped + [qid for qid in changed if qid not in relevant]

    def close(self) -> None:
        """Free every compiled program (durable_rules rulesets are not garbage-collected)."""
        with self._lock:
            runners = [runner for _, runner in self._programs.values()]
            self._programs.clear()
        for runner in runners:
            runner.close()


class _Runner:
    """One compiled program in the durable_rules worker process."""

    def __init__(self, key: str):
        self.key = key

    def start(self, answers: dict):
        return durable_rules_adapter.worker().start(self.key, answers)

    def evaluate(self, answers: dict):
        """``(statuses, derived)`` from durable_rules (see `rules.compiled.CompiledPack.evaluate`)."""
        return durable_rules_adapter.worker().evaluate(self.key, answers)

    def close(self) -> None:
        durable_rules_adapter.worker().forget(self.key)


_DEFAULT = None
_DEFAULT_LOCK = threading.Lock()


def load_pack(path: str | None = None, *, freeze: bool = True) -> Pack:
    """Load, validate and compile a pack folder (default: the bundled `policies/`). Raises `PackError`.

    A loaded pack is hundreds of thousands of small objects that live as long as the process. They are
    moved out of the cycle collector's way (`gc.freeze`): otherwise every full collection rescans them,
    which on a large pack stalls a decision for tens of milliseconds. Objects without reference cycles
    are still freed as usual. A pack loaded only to be checked and closed (a draft uploaded to the web)
    is loaded with ``freeze=False``, so that it can be freed.
    """
    data = loader.read_pack(path)
    pack = Pack(data, agreements.read_register(data))
    try:
        pack.compile_all()
    except PackError:
        pack.close()
        raise
    if freeze:
        gc.collect()
        gc.freeze()
    return pack


def default_pack() -> Pack:
    """The bundled pack, loaded once per process."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = load_pack()
        return _DEFAULT
