"""What the trainee decided, against the pack's advice on the brief: the decision, each item's outcome and
the power relied on. Each difference cites the rules that decide the model's answer (`engine.training.model`).

Where the scenario's own `expect` and the pack's advice disagree on the decision or an item, either answer
is accepted (`accepted`): that is a problem with the pack or the scenario, reported as such, not the
trainee's mistake.
"""

from __future__ import annotations

from engine.training.model import ModelAnswer
from engine.training.results import Difference, citation
from engine.training.weights import DECISION, ITEMS, POWER, Part
from engine.training.wording import category_words, decision_words, join, outcome_words, quoted
from engine.vocabulary import INCOMPLETE


def compare_decision(model: ModelAnswer, yours: str, accepted: set) -> tuple:
    """``(differences, Part)`` for the overall decision. An incomplete model (the brief's answers are not
    enough for the pack to advise) is not marked: it is a pack problem."""
    if model.decision == INCOMPLETE:
        return [], Part(DECISION, 0, 0)
    if yours == model.decision or yours in accepted:
        return [], Part(DECISION, 1, 1)
    message = f"You decided: {decision_words(yours)}; the pack advises: {decision_words(model.decision)}."
    rules = [citation(e) for e in model.decision_rules()]
    return [Difference(DECISION, "decision", yours, model.decision, message, rules)], Part(DECISION, 0, 1)


def compare_items(pack, model: ModelAnswer, yours: dict, accepted: dict) -> tuple:
    """``(differences, Part)`` for the items: every category in the advice, then any the trainee added."""
    categories = list(model.outcomes) + [c for c in yours if c not in model.outcomes]
    differences = []
    for category in categories:
        mine, theirs = yours.get(category), model.outcomes.get(category)
        if mine == theirs or (mine is not None and mine in accepted.get(category, ())):
            continue
        name = category_words(pack, category)
        field = f"items.{category}"
        if theirs is None:
            message = f"{name}: you gave it an outcome ({outcome_words(mine)}), but it is not among the information in the brief."
            differences.append(Difference(ITEMS, field, mine, None, message))
            continue
        rules = [citation(e) for e in model.deciding_item_rules(category)]
        # The rules say why; without any (no power at all, say) the advice's own reasons do.
        reasons = "" if rules else " ".join(model.items[category]["reasons"])
        if mine is None:
            message = f"{name}: you gave no outcome; the pack says {outcome_words(theirs)}. {reasons}"
        else:
            message = f"{name}: you said {outcome_words(mine)}; the pack says {outcome_words(theirs)}. {reasons}"
        differences.append(Difference(ITEMS, field, mine, theirs, message.strip(), rules))
    return differences, Part(ITEMS, len(categories) - len(differences), len(categories))


def compare_power(model: ModelAnswer, yours: str | None) -> tuple:
    """``(differences, Part)`` for the power: right if it is one of the powers the advice applies, or if
    the advice applies none and the trainee named none."""
    powers = model.powers
    ids = [p["rule_id"] for p in powers]
    if yours in ids or (not ids and yours is None):
        return [], Part(POWER, 1, 1)
    if yours is None:
        mine = "You named no power."
    else:
        entry = model.entries.get(yours)
        if entry is None:
            mine = f"You relied on {yours}, which is not in force on {model.advice['policy_pack']['as_at']}."
        elif entry["kind"] != "ground":
            mine = f"You relied on {quoted(entry['title'])}, which is a {entry['kind'].replace('_', ' ')} rule, not a power."
        else:
            mine = f"You relied on {quoted(entry['title'])} ({entry['citation']}). {entry['because']}"
    if powers:
        model_says = f"The pack's advice relies on {join([quoted(p['title']) for p in powers])}."
        rules = [citation(p) for p in powers]
    else:
        model_says = "No power can be relied on here."
        rules = [citation(e) for e in model.decision_rules()]
    return [Difference(POWER, "power", yours, ids, f"{mine} {model_says}", rules)], Part(POWER, 0, 1)
