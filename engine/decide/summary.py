"""The advice's headline: one short sentence saying what to do now.

The sentence comes from the pack: a rule that applies may carry its own `headline` for the decision (for
example what to do when everything is absolutely barred in an emergency); otherwise the pack's summary
for the decision is used (`share_in_part` when some items may go now and others wait for someone,
`share_withholding` when the others are withheld). Placeholders
name what goes now and what is held back, in the officer's words (the data categories' labels), and who
the held-back items wait for. Statutes stay out of it: they are listed under the headline.
"""

from __future__ import annotations

from engine.decide.wording import fill
from engine.vocabulary import ITEM_REDACTED, ITEM_REFER, ITEM_SHARED, ITEM_WITHHOLD, REFER, SHARE_WITH_CONDITIONS

MAX_NAMED_ITEMS = 3  # more than this and the sentence points at the list instead


def compose_summary(pack, layout, decision: str, answers: dict, items: list, world, refer_to: list) -> str:
    words = layout.wording
    shared = [i["category"] for i in items if i["outcome"] in ITEM_SHARED]
    redacted = frozenset(i["category"] for i in items if i["outcome"] == ITEM_REDACTED)
    waiting = [i["category"] for i in items if i["outcome"] == ITEM_REFER]
    withheld = [i["category"] for i in items if i["outcome"] == ITEM_WITHHOLD]
    waiting_roles = [
        bar.refer_to["role"]
        for bar in world.bars
        if bar.effect == ITEM_REFER and bar.refer_to and any(bar.applies_to_category(c) for c in waiting)
    ]
    roles = waiting_roles or [entry["role"] for entry in refer_to]
    values = {
        "recipient": _label(layout, "recipient", answers) or words.summary("recipient_unknown"),
        "purpose": _label(layout, "purpose", answers) or words.summary("purpose_unknown"),
        "bases": "; ".join(r.title for r in world.grounds) or words.summary("no_power"),
        "share_now": _items_phrase(layout, shared, len(items), redacted),
        "waiting": _items_phrase(layout, waiting, len(items)),
        "withheld": _items_phrase(layout, withheld, len(items)),
        "waiting_for": _join(words, list(roles)) or words.summary("someone"),
    }
    for rule in world.applied:
        if rule.headline is not None and rule.headline.decision == decision:
            return fill(rule.headline.text, **values)
    key = decision
    if decision == SHARE_WITH_CONDITIONS and waiting:
        key = "share_in_part"
    elif decision == SHARE_WITH_CONDITIONS and withheld:
        key = "share_withholding"
    elif decision == REFER and shared:
        key = "refer_with_items"
    return fill(pack.summaries.get(key) or pack.summaries.get(decision, ""), **values)


def _label(layout, question_id: str, answers: dict) -> str:
    """An answer as it reads inside a sentence: the option's `in_sentence` wording, else its label."""
    question = layout.questions.get(question_id)
    if question is None or question_id not in answers:
        return ""
    option = question.option(answers[question_id]) if isinstance(answers[question_id], str) else None
    return option.in_sentence if option is not None and option.in_sentence else question.label_for(answers[question_id])


def _items_phrase(layout, categories: list, total: int, redacted: frozenset = frozenset()) -> str:
    """The items in words: their labels (those to be redacted or sanitised said so), or a count when many."""
    if len(categories) > MAX_NAMED_ITEMS:
        key = "all_items" if len(categories) == total and layout.wording.has_summary("all_items") else "many_items"
        return layout.wording.summary(key, count=str(len(categories)), total=str(total))
    question = layout.questions.get("data_categories")
    labels = []
    for category in categories:
        label = _lower_first(question.label_for(category) if question else category)
        labels.append(layout.wording.summary("redacted_item", item=label) if category in redacted else label)
    return _join(layout.wording, labels)


def _join(words, parts: list) -> str:
    parts = list(dict.fromkeys(parts))
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {words.condition('and')} {parts[-1]}"


def _lower_first(label: str) -> str:
    """ "Identity details" reads "identity details" mid-sentence; "CCTV ..." and "MAPPA ..." stay as they are."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label
