"""Advice as plain text for an officer reading a terminal (`sharewise explain`, `decide --format text`)."""

from __future__ import annotations

import textwrap

DECISION_WORDS = {
    "share": "SHARE",
    "share_with_conditions": "SHARE WITH CONDITIONS",
    "do_not_share": "DO NOT SHARE",
    "refer": "REFER BEFORE SHARING",
    "incomplete": "MORE ANSWERS NEEDED",
}
OUTCOME_WORDS = {"share": "share", "share_redacted": "share redacted", "withhold": "WITHHOLD", "refer": "refer"}


def _section(out: list, heading: str, lines: list) -> None:
    """A heading, its wrapped lines and a blank line; nothing at all when there are no lines."""
    if lines:
        out.append(heading)
        out.extend(_wrap(line) for line in lines)
        out.append("")


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent + "  ")


def render_text(advice: dict, pack=None, full: bool = False) -> str:
    """The advice as sections: decision, what to share, redactions, conditions, referrals, bases, why."""
    out = [f"DECISION: {DECISION_WORDS.get(advice['decision'], advice['decision'])}", _wrap(advice["summary"], ""), ""]
    label = _labeller(pack)
    if advice.get("regime"):
        out.append(f"Data-protection regime: {advice['regime']}")
    if advice["missing"]:
        out.append("Still to answer: " + ", ".join(advice["missing"]))
    out.append("")
    if advice["items"]:
        out.append("WHAT TO SHARE, ITEM BY ITEM")
        for item in advice["items"]:
            out.append(f"  - {label('data_categories', item['category'])}: {OUTCOME_WORDS[item['outcome']]}")
            for reason in item["reasons"]:
                out.append(_wrap(reason, "      "))
        out.append("")
    _section(
        out,
        "REDACT BEFORE SENDING (in this order)",
        [f"[ ] {r['id']}: {r['instruction']} ({r['citation']})" for r in advice["redactions"]],
    )
    agreement = advice.get("agreement")
    if agreement:
        out += ["AGREEMENT", _wrap(agreement["says"]), ""]
    _section(out, "CONDITIONS", [f"- {c['text']} ({c['citation']})" for c in advice["conditions"]])
    _section(out, "REFER TO", [f"- {r['role']}: {r['reason']}" for r in advice["refer_to"]])
    _section(
        out,
        "WHAT WOULD CHANGE THE ADVICE",
        ["- " + " and ".join(step["text"] for step in entry["steps"]) for entry in advice.get("next_steps", [])],
    )
    _section(out, "ASSUMED", [f"- {a['question']}: {a['reading']}" for a in advice.get("assumed", [])])
    handling = advice["handling"]
    if any(handling.values()):
        out.append("HOW TO SEND IT")
        for key, name in (
            ("security_marking", "Marking"),
            ("transfer_method", "Method"),
            ("onward_disclosure", "Onward disclosure"),
        ):
            if handling.get(key):
                out.append(_wrap(f"{name}: {handling[key]}"))
        out.append("")
    _section(out, "LAWFUL BASES", [f"- {b['title']} ({b['citation']}) {b['url']}" for b in advice["lawful_bases"]])
    if advice.get("layers"):
        out.append("THE FOUR LAYERS")
        for layer in advice["layers"]:
            out.append(f"  {layer['layer']}. {layer['name']}: {layer['status']}")
        out.append("")
    shown = [e for e in advice["explanation"] if full or e["outcome"] in ("applied", "blocked")]
    out.append("WHY" if not full else "FULL EXPLANATION")
    for entry in shown:
        out.append(_wrap(f"- {entry['rule_id']} [{entry['outcome']}]: {entry['because']} ({entry['citation']})"))
    pack_info = advice["policy_pack"]
    out += [
        "",
        f"Policy pack {pack_info['name']} {pack_info['version']} (sha256 {pack_info['sha256'][:12]}...), law as at {pack_info['as_at']}.",
    ]
    return "\n".join(out)


def _labeller(pack):
    def label(question_id, value):
        if pack is None:
            return str(value)
        question = pack.question(question_id)
        return question.label_for(value) if question else str(value)

    return label
