"""The analysis report as text for legal services: unexplained findings first, then the explained ones
(grouped by the explanation that covers them), then the overlaps as information."""

from __future__ import annotations

import textwrap

from engine.analysis.gaps import NO_DATA_PROTECTION, NO_GROUND, STOPPED

_GAP = "  * Gap: "

_WHY = {
    NO_GROUND: "no ground can apply",
    NO_DATA_PROTECTION: "no data-protection basis can apply",
    STOPPED: "a stop bar always applies",
}


def render(report: dict) -> str:
    pack, summary = report["pack"], report["summary"]
    out = [f"Analysis of {pack['name']} {pack['version']} ({pack['path']}) as at {report['as_at']}", ""]
    count = summary["unexplained"]
    out.append(
        f"{count} unexplained finding{'s' if count != 1 else ''}. "
        f"{summary['gaps']} gap{'s' if summary['gaps'] != 1 else ''} of {summary['combinations']} recipient x purpose "
        f"combinations, {summary['shadowed']} shadowed rule{'s' if summary['shadowed'] != 1 else ''}, "
        f"{summary['unused_questions']} unused question{'s' if summary['unused_questions'] != 1 else ''}, "
        f"{summary['unused_derived']} unused derived fact{'s' if summary['unused_derived'] != 1 else ''}, "
        f"{summary['stale_explanations']} stale explanation{'s' if summary['stale_explanations'] != 1 else ''}; "
        f"{summary['explained']} finding{'s' if summary['explained'] != 1 else ''} explained by the pack; "
        f"{summary['overlaps']} overlap{'s' if summary['overlaps'] != 1 else ''} (information)."
    )
    findings = _findings(report)
    unexplained = [line for explained, line in findings if explained is None]
    if unexplained or report["stale_explanations"]:
        _heading(out, "Unexplained findings")
        out += unexplained
        for stale in report["stale_explanations"]:
            out.append(f"  * Stale explanation ({stale['where']}): {stale['message']}.")
    explained: dict = {}
    for explanation, line in findings:
        if explanation is not None:
            explained.setdefault((explanation["where"], explanation["reason"]), []).append(line)
    explained_gaps: dict = {}
    for gap in report["gaps"]:
        if gap["explanation"] is not None:
            key = (gap["explanation"]["where"], gap["explanation"]["reason"])
            explained_gaps.setdefault(key, {}).setdefault(gap["purpose"], []).append(gap["recipient"])
    if explained:
        _heading(out, "Findings the pack explains")
        for key, lines in explained.items():
            out.append(f"  {key[0]}: {key[1]}")
            for purpose, recipients in explained_gaps.get(key, {}).items():
                out += textwrap.wrap(
                    f"gap for {purpose} with {len(recipients)} recipient{'s' if len(recipients) != 1 else ''}: "
                    + ", ".join(recipients),
                    width=116,
                    initial_indent="    * ",
                    subsequent_indent="      ",
                    break_on_hyphens=False,
                )
            out += ["  " + line for line in lines if not line.startswith(_GAP)]
    if report["overlaps"]:
        _heading(out, "Overlaps (information): grounds that can both apply")
        by_pair: dict = {}
        for overlap in report["overlaps"]:
            by_pair.setdefault((overlap["recipient"], overlap["purpose"]), []).append(" + ".join(overlap["grounds"]))
        for (recipient, purpose), pairs in by_pair.items():
            out.append(f"  {recipient} x {purpose}: {'; '.join(pairs)}")
    return "\n".join(out) + "\n"


def _heading(out: list, title: str) -> None:
    out += ["", title, "-" * len(title)]


def _findings(report: dict) -> list:
    """``(explanation or None, line)`` for every finding, in report order."""
    out = []
    for gap in report["gaps"]:
        why = "; ".join(_WHY[w] for w in gap["why"])
        if gap["stopped_by"]:
            why += f" ({', '.join(gap['stopped_by'])})"
        out.append((gap["explanation"], f"{_GAP}{gap['recipient']} x {gap['purpose']}: {why}."))
    for entry in report["shadowed"]:
        if entry["categories"]:
            detail = "; ".join(f"{c} by {', '.join(ids)}" for c, ids in entry["categories"].items())
            because = f"whenever it applies, each category it applies to is withheld anyway ({detail})"
            if entry["kind"] == "redaction":
                because += (
                    ", and advice lists a redaction only for what may be shared, so its instruction is never shown"
                )
        else:
            because = f"whenever it applies, {', '.join(entry['by'])} stops everything anyway"
        out.append(
            (
                entry["explanation"],
                (
                    f"  * Shadowed: {entry['rule']} ({entry['kind']}, {entry['where']}) never changes the decision "
                    f"or any item: {because}."
                ),
            )
        )
    for entry in report["unused"]["questions"]:
        out.append(
            (entry["explanation"], f"  * Unused question: {entry['question']} ({entry['where']}): nothing reads it.")
        )
    for entry in report["unused"]["derived"]:
        out.append(
            (entry["explanation"], f"  * Unused derived fact: {entry['derived']} ({entry['where']}): nothing reads it.")
        )
    return out
