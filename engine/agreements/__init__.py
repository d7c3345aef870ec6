"""The register of information sharing agreements: read, checked, looked up, and put into the advice.

Information governance keeps the register as YAML beside the policy pack (`policies/agreements/`, format in
docs/agreements.md); it is checked with the pack (`sharewise validate`) and has commands of its own
(`sharewise agreements list|show|check`). Public interface:

    register = read_register(pack_data)                 # raises PackError, every problem as file:line
    answers, found = apply(register, questions, answers, as_at)   # before the rules (engine.policy)
    attach(advice, found, register, wording, labels)    # after them
    candidates(register, answers, as_at)                # agreements to propose for a disclosure (web)
    status_on(agreement, as_at)                         # where an agreement stands on a day
"""

from engine.agreements.loader import read_register
from engine.agreements.model import Agreement, Register, Version
from engine.agreements.resolve import apply, attach
from engine.agreements.standing import IN_FORCE, Standing, candidates, status_on

__all__ = [
    "IN_FORCE",
    "Agreement",
    "Register",
    "Standing",
    "Version",
    "apply",
    "attach",
    "candidates",
    "read_register",
    "status_on",
]
