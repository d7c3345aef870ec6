"""Compile a validated policy pack into durable_rules rulesets and run answers through them.

This package is the only code that imports `durable`, and it does so only in the worker process that
compiles and runs a pack (`rules.worker`): importing `rules`, `rules.ir` or any of the compiler's modules
(`rules.compiler` lists them) does not load the C extension. The engine hands the worker a
`rules.ir.Program` (conditions already parsed and stratified) and gets back, for each answer set, the three-valued status of every unit as durable_rules
computed it, plus the derived-fact values that followed from those statuses. The engine compares that
with its own Python evaluator and fails closed on any difference.

- `check_units(program)`: check every unit against durable_rules' limits at validation time;
- `worker()`: the process-wide client of the durable_rules worker process;
- `rules.compiled.CompiledPack`: the durable_rules form of a program (worker process only).
"""

from __future__ import annotations

from rules.compiler import check_units
from rules.errors import CompileError, EngineFailure
from rules.worker import worker

__all__ = ["CompileError", "EngineFailure", "check_units", "worker"]
