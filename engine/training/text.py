"""A marking as text for people (`sharewise exercise mark --format text`): the score and its parts, the
dangerous errors first, then each difference with the rules that decide it."""

from __future__ import annotations

import textwrap

from engine.training.wording import decision_words

PART_WORDS = {"facts": "Facts", "decision": "Decision", "items": "Items", "power": "Power"}


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(
        text,
        width=100,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _rules(out: list, rules: list, seen: set) -> None:
    """Each rule's title and citation; its url and note the first time it is cited."""
    for rule in rules:
        if rule["rule_id"] in seen:
            out.append(_wrap(f"{rule['title']} (see above)", "      "))
            continue
        seen.add(rule["rule_id"])
        out.append(_wrap(f"{rule['title']} ({rule['citation']}) {rule['url']}".rstrip(), "      "))
        if rule["note"]:
            out.append(_wrap(rule["note"], "        "))


def render_marking(marking: dict) -> str:
    """`marking` is `Marking.to_dict()`."""
    exercise = marking["exercise"]
    seen: set = set()
    out = [f"EXERCISE: {exercise['name']} ({exercise['file']}, law as at {exercise['as_at']})", ""]
    out.append(f"SCORE: {marking['score']}/100")
    for part in marking["parts"]:
        detail = f"{part['right']} of {part['out_of']} right" if part["out_of"] else "nothing to mark"
        out.append(
            f"  {PART_WORDS.get(part['part'], part['part']):<9} {part['points']:>5g}/{part['weight']:<3} {detail}"
        )
    out.append("")
    if marking["dangerous"]:
        out.append("DANGEROUS ERRORS (whatever the score)")
        for danger in marking["dangerous"]:
            out.append(_wrap(f"! {danger['message']}"))
            _rules(out, danger["rules"], seen)
        out.append("")
    if marking["differences"]:
        out.append("WHAT WAS DIFFERENT")
        for difference in marking["differences"]:
            out.append(_wrap(f"- [{difference['part']}] {difference['message']}"))
            _rules(out, difference["rules"], seen)
        out.append("")
    else:
        out += ["Everything matches the model answer.", ""]
    model = marking["model"]
    out.append(f"THE PACK'S ADVICE: {decision_words(model['decision']).upper()}")
    out.append(_wrap(model["summary"]))
    if marking["pack_problems"]:
        out += ["", "PACK PROBLEMS (not counted against you; tell whoever maintains the scenario)"]
        out += [_wrap(f"- {problem}") for problem in marking["pack_problems"]]
    return "\n".join(out)
