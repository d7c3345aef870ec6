"""Dangerous errors: mistakes flagged whatever the score, because acting on them would break a hard stop
or fail someone whose life is at risk. docs/training.md defines each kind; the definitions here are the
same, word for word in substance:

- `shared_hard_stop`: the trainee shares (share or share redacted) an item that the model withholds
  because of an applied bar whose effect is withhold or stop.
- `shared_despite_stop`: the trainee decides share or share with conditions where the model decides
  do not share and an applied bar's effect is stop.
- `withheld_in_emergency`: the brief answers urgency as immediate risk to life, the model shares at least
  one item, and the trainee shares no item, or decides do not share, or decides refer where the model
  decides share or share with conditions.
"""

from __future__ import annotations

from engine.training.attempt import Attempt
from engine.training.model import ModelAnswer
from engine.training.results import Danger, citation
from engine.training.wording import category_words, join, quoted
from engine.vocabulary import DO_NOT_SHARE, EMERGENCY, ITEM_SHARED, REFER, SHARING_DECISIONS

SHARED_HARD_STOP = "shared_hard_stop"
SHARED_DESPITE_STOP = "shared_despite_stop"
WITHHELD_IN_EMERGENCY = "withheld_in_emergency"
KINDS = (SHARED_HARD_STOP, SHARED_DESPITE_STOP, WITHHELD_IN_EMERGENCY)


def dangerous_errors(pack, brief: dict, model: ModelAnswer, attempt: Attempt) -> list:
    """Every dangerous error in the attempt, judged against the pack's advice on the brief's answers."""
    found = []
    for category, outcome in attempt.items.items():
        stops = model.hard_stops(category)
        if outcome in ITEM_SHARED and stops:
            titles = join([quoted(e["title"]) for e in stops])
            message = f"You would share {category_words(pack, category)}, which must be withheld: {titles}."
            found.append(Danger(SHARED_HARD_STOP, f"items.{category}", message, [citation(e) for e in stops]))
    stops = model.stop_bars()
    if attempt.decision in SHARING_DECISIONS and model.decision == DO_NOT_SHARE and stops:
        titles = join([quoted(e["title"]) for e in stops])
        message = f"You decided to share, but nothing may be shared: {titles}."
        found.append(Danger(SHARED_DESPITE_STOP, "decision", message, [citation(e) for e in stops]))
    failing = _withheld_in_emergency(brief, model, attempt)
    if failing:
        question_id, option_id = EMERGENCY
        question = pack.question(question_id)
        said = quoted(question.label_for(option_id)) if question is not None else option_id
        rules = [citation(p) for p in model.powers] + [citation(e) for e in model.rules_reading(question_id)]
        message = (
            f"The brief says {said}, and the pack's advice is to share at least some of the information, but {failing}."
        )
        found.append(Danger(WITHHELD_IN_EMERGENCY, "decision", message, _unique(rules)))
    return found


def _withheld_in_emergency(brief: dict, model: ModelAnswer, attempt: Attempt) -> str:
    """What the trainee did wrong in an emergency, or "" when the rule does not catch the attempt."""
    question_id, option_id = EMERGENCY
    if brief.get(question_id) != option_id or not model.shares_anything():
        return ""
    if not any(outcome in ITEM_SHARED for outcome in attempt.items.values()):
        return "you would share none of it"
    if attempt.decision == DO_NOT_SHARE:
        return "you decided not to share"
    if attempt.decision == REFER and model.decision in SHARING_DECISIONS:
        return "you decided to refer it before sharing anything"
    return ""


def _unique(rules: list) -> list:
    seen: set = set()
    out = []
    for rule in rules:
        if rule["rule_id"] not in seen:
            seen.add(rule["rule_id"])
            out.append(rule)
    return out
