"""A pack checked as `sharewise impact` and `sharewise analyse` check it: the pack, its scenarios and its
explanations of analysis findings, every problem reported together.

`sharewise validate` checks the pack alone; a draft is released with its scenarios and its `analysis:`
section too, so the impact and analysis commands, and the web's draft upload, refuse a draft whose
scenarios or explanations are wrong as well, each problem as `file:line: message`.
"""

from __future__ import annotations

from engine.analysis import explanations
from engine.policy import Pack, load_pack
from engine.problems import PackError
from engine.scenarios import load_scenarios


def load_checked(directory: str | None, *, freeze: bool = True) -> tuple[Pack, list]:
    """``(pack, scenarios)`` of a pack folder (default: the bundled pack); `freeze` as `load_pack`'s.

    Raises:
        PackError: every problem of the pack; or, for a pack that loads, every problem of its scenarios
            and explanations together (`scenarios_of`). A pack refused here is closed.
    """
    pack = load_pack(directory, freeze=freeze)
    try:
        return pack, scenarios_of(pack)
    except PackError:
        pack.close()
        raise


def scenarios_of(pack: Pack) -> list:
    """The scenarios of a loaded pack, once they and its explanations of analysis findings are checked.

    Raises:
        PackError: every problem of the scenarios and the explanations, sorted, without repeats.
    """
    problems = []
    try:
        explanations.check(pack)
    except PackError as error:
        problems += error.problems
    scenarios: list = []
    try:
        scenarios = load_scenarios(pack)
    except PackError as error:
        problems += error.problems
    if problems:
        raise PackError(sorted(set(problems)))
    return scenarios
