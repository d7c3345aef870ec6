"""How answers and outcomes read in feedback: the pack's question wording and option labels, and a few
plain words for the contract's decisions and item outcomes. Nothing here names the law; the words for a
yes/no answer and for the decisions are the product's, not the pack's."""

from __future__ import annotations

from engine.vocabulary import UNSURE

DECISION_WORDS = {
    "share": "share",
    "share_with_conditions": "share with conditions",
    "do_not_share": "do not share",
    "refer": "refer before sharing",
    "incomplete": "more answers needed",
}
OUTCOME_WORDS = {"share": "share", "share_redacted": "share redacted", "withhold": "withhold", "refer": "refer"}
YES_NO = {True: "yes", False: "no", UNSURE: "not sure"}


def quoted(text: str) -> str:
    return f'"{text}"'


def answer_words(question, value) -> str:
    """An answer as the trainee would have picked it: the option's label in quotes, yes / no / not sure for
    a yes-or-no question, a list of labels for a many-of question, or the value itself."""
    if question is None:
        return quoted(str(value))
    if question.type == "bool":
        return YES_NO.get(value, str(value))
    if isinstance(value, list):
        return join([answer_words(question, v) for v in value])
    return quoted(question.label_for(value))


def category_words(pack, category: str) -> str:
    question = pack.question("data_categories")
    return quoted(question.label_for(category) if question else category)


def decision_words(decision) -> str:
    return DECISION_WORDS.get(decision, str(decision))


def outcome_words(outcome) -> str:
    return OUTCOME_WORDS.get(outcome, str(outcome))


def join(parts: list) -> str:
    """ "a", "a and b", "a, b and c"."""
    parts = [str(p) for p in parts]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
