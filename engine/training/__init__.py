"""Training: the pack's scenario files as exercises that trainers set, trainees play and the law marks.

One file, two uses: a scenario's narrative is the brief, its answers are the facts, and the pack's advice
on those answers is the model answer. Pure functions, no web framework; the web pages and the
`sharewise exercise` command call them (docs/training.md).

    attempt = check_attempt(pack, raw, scenario.as_at)   # raises AnswerError naming the field
    marking = mark(pack, scenario, attempt)               # .to_dict(): score, parts, dangerous, differences
    render_marking(marking.to_dict())                     # the same as text for people
    exercises(pack, scenarios, tags=..., recipient=..., purpose=...)   # an exercise set
    validate_scenario(pack, raw) / dump_scenarios([...])  # authoring: check one scenario, write YAML
    mark(pack, scenario, attempt, asked=[...])            # answers given through the questionnaire

The weighting is `WEIGHTS` (published in docs/training.md); the dangerous errors are defined in
`engine.training.dangerous`.
"""

from engine.training.attempt import Attempt, check_attempt
from engine.training.authoring import dump_scenarios, scenario_dict, validate_scenario
from engine.training.catalogue import describe, exercises
from engine.training.marking import mark
from engine.training.questionnaire import facts_to_mark, questionnaire_path
from engine.training.results import Danger, Difference, Marking
from engine.training.text import render_marking
from engine.training.weights import WEIGHTS

__all__ = [
    "WEIGHTS",
    "Attempt",
    "Danger",
    "Difference",
    "Marking",
    "check_attempt",
    "describe",
    "dump_scenarios",
    "exercises",
    "facts_to_mark",
    "mark",
    "questionnaire_path",
    "render_marking",
    "scenario_dict",
    "validate_scenario",
]
