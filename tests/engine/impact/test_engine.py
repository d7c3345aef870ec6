"""`engine.impact.impact` on drafts made by editing one value of a copy of the bundled pack."""

import datetime as dt
import shutil

import pytest

import engine
from engine.impact import impact
from engine.impact.compare import causes, compare_advice, digest, direction
from engine.records import open_store
from engine.scenarios import load_scenarios
from tests.engine.impact.conftest import INTERCEPT, PLAIN, edit, write_store


@pytest.fixture(scope="module")
def live(bundled_pack):
    return bundled_pack, load_scenarios(bundled_pack)


def run(live, draft_dir, records_url=None, as_at=None):
    draft = engine.load_pack(str(draft_dir))
    try:
        if records_url is None:
            return impact(live[0], draft, live_scenarios=live[1], draft_scenarios=load_scenarios(draft), as_at=as_at)
        with open_store(records_url, create=False) as store:
            return impact(
                live[0],
                draft,
                live_scenarios=live[1],
                draft_scenarios=load_scenarios(draft),
                records=store.export(),
                as_at=as_at,
            )
    finally:
        draft.close()


def compared(advice) -> tuple:
    """What impact compares, read straight from an advice (the oracle for the tests)."""
    return (
        advice["decision"],
        [(i["category"], i["outcome"]) for i in advice["items"]],
        sorted(b["id"] for b in advice["lawful_bases"]),
        sorted(r["id"] for r in advice["redactions"]),
        sorted(c["id"] for c in advice["conditions"]),
        sorted(r["role"] for r in advice["refer_to"]),
        sorted(advice["missing"]),
        advice["regime"],
    )


def changed_cases(report, source):
    return [case for group in report["groups"] for case in group["cases"] if case["source"] == source]


def test_one_bar_effect_shows_exactly_the_scenarios_and_records_it_flips(live, intercept_draft, store_url):
    bundled, scenarios = live
    stored = write_store(store_url, bundled, [INTERCEPT, PLAIN, INTERCEPT])
    draft = engine.load_pack(str(intercept_draft))
    try:  # the oracle: decide every scenario under both packs and compare the advice directly
        expected = {
            s.name
            for s in scenarios
            if compared(bundled.decide(s.answers, s.as_at)) != compared(draft.decide(s.answers, s.as_at))
        }
    finally:
        draft.close()
    report = run(live, intercept_draft, store_url)
    names = {case["name"] for case in changed_cases(report, "scenario")}
    assert names == expected and names
    assert all("intercept_product" in s.answers["data_categories"] for s in scenarios if s.name in names)
    records = changed_cases(report, "record")
    assert sorted(case["id"] for case in records) == sorted([stored[0]["id"], stored[2]["id"]])
    assert [group["rules"] for group in report["groups"]] == [["A-IPA16-INTERCEPT"]]
    case = records[0]
    assert case["changes"]["items"]["intercept_product"] == {"before": "withhold", "after": "refer"}
    assert case["less_restrictive"] is True
    assert case["caused_by"] == [
        {"rule": "A-IPA16-INTERCEPT", "before": "holds", "after": "holds", "fields": ["effect"]}
    ]
    summary = report["summary"]
    assert summary["records"]["total"] == 3 and summary["records"]["changed"] == 2
    assert summary["scenarios"]["total"] == len(scenarios) and summary["scenarios"]["changed"] == len(names)
    assert summary["headline"].startswith(
        f"{len(names)} of {len(scenarios)} scenarios and 2 of 3 past decisions change;"
    )
    assert report["rules"]["changed"] == [
        {
            "id": "A-IPA16-INTERCEPT",
            "version": {"from": "2018-06-27", "to": None},
            "kind": "bar",
            "title": "Intercept product - never disclosed outside excepted disclosures",
            "where": "rules/bars.yaml:10",
            "fields": [{"field": "effect", "before": "withhold", "after": "refer"}],
        }
    ]
    assert report["changed"] is True


def test_a_draft_identical_to_the_live_pack_changes_nothing(live, draft, store_url):
    write_store(store_url, live[0], [INTERCEPT, PLAIN])
    report = run(live, draft, store_url)
    assert report["changed"] is False and report["groups"] == []
    assert report["summary"]["records"]["changed"] == 0 and report["summary"]["scenarios"]["changed"] == 0
    assert report["summary"]["headline"] == (
        f"0 of {len(live[1])} scenarios and 0 of 2 past decisions change; 0 become less restrictive and 0 more "
        "restrictive."
    )


def test_reordering_and_reindenting_a_condition_is_no_change(live, draft):
    edit(
        draft,
        "rules/grounds_statutory.yaml",
        "A-CDA-S115",
        "recipient: {in: [police_uk_other_force, la_childrens_services,",
        "recipient:\n            in: [la_childrens_services, police_uk_other_force,",
    )
    edit(
        draft,
        "rules/grounds_statutory.yaml",
        "A-CDA-S115",
        "marac, svd_partnership]}",
        "marac, svd_partnership]",
    )
    report = run(live, draft)
    assert report["changed"] is False, report["rules"]


def test_rule_versions_added_removed_and_changed(live, draft):
    """A-LPP is closed at the end of 2026 and a new version (referring instead of withholding) starts in 2027;
    A-MARCEL is renamed; A-SOAA92 is removed."""
    path = draft / "rules" / "bars.yaml"
    text = path.read_text()
    start = text.index("  - id: A-LPP\n")
    end = text.index("\n\n", start)
    old = text[start:end]
    closed = old.replace("to: null}", 'to: "2026-12-31"}')
    new = old.replace('from: "1986-01-01"', 'from: "2027-01-01"').replace(
        "effect: withhold", "effect: refer\n    refer_to: {role: Force Legal Services, reason: Privilege.}"
    )
    text = text[:start] + closed + "\n\n" + new + text[end:]
    start = text.index("  - id: A-SOAA92\n")
    text = text[:start] + text[text.index("  - id: ", start + 1) :]
    path.write_text(text)
    edit(draft, "rules/bars.yaml", "A-MARCEL", "title: ", "title: Renamed - ")
    for scenario_file in (draft / "scenarios").iterdir():  # scenarios citing the removed bar would not load
        content = scenario_file.read_text()
        if "A-SOAA92" in content:
            scenario_file.write_text(content.replace("A-SOAA92", "A-DPA3-S37-VICTIMS"))
    report = run(live, draft)
    rules = report["rules"]
    assert [(r["id"], r["version"]) for r in rules["added"]] == [("A-LPP", {"from": "2027-01-01", "to": None})]
    assert [(r["id"], [f["field"] for f in r["fields"]]) for r in rules["changed"]] == [
        ("A-LPP", ["in_force"]),
        ("A-MARCEL", ["title"]),
    ]
    assert [r["id"] for r in rules["removed"]] == ["A-SOAA92"]
    assert report["summary"]["rules"] == {"added": 1, "removed": 1, "changed": 2}


def test_a_removed_rule_and_its_cause(live, draft):
    edit(
        draft, "rules/grounds_statutory.yaml", "A-CA89-S47", "purpose: child_protection", "purpose: adult_safeguarding"
    )
    report = run(live, draft)
    causes = {c["rule"] for group in report["groups"] for case in group["cases"] for c in case["caused_by"]}
    assert "A-CA89-S47" in causes
    changed = report["rules"]["changed"]
    assert [entry["id"] for entry in changed] == ["A-CA89-S47"]
    condition = next(f for f in changed[0]["fields"] if f["field"] == "condition")
    assert condition["before"] == {
        "all": [{"purpose": {"eq": "child_protection"}}, {"recipient": {"in": ["la_childrens_services", "mash"]}}]
    }


def test_cases_the_draft_refuses_are_reported_as_refused(live, draft, store_url):
    """The draft withdraws an option a past decision used: that decision can no longer be replayed."""
    write_store(store_url, live[0], [PLAIN])
    shutil.rmtree(draft / "scenarios")  # the scenarios use the option too, and would not load
    path = draft / "questions.yaml"
    text = path.read_text()
    at = text.index("      - id: OFFICIAL-SENSITIVE\n        label: OFFICIAL-SENSITIVE\n")
    marker = "        label: OFFICIAL-SENSITIVE\n"
    at = text.index(marker, at) + len(marker)
    path.write_text(text[:at] + '        in_force: {from: "2018-05-25", to: "2026-01-31"}\n' + text[at:])
    report = run(live, draft, store_url)
    records = changed_cases(report, "record")
    assert len(records) == 1
    assert records[0]["changes"] == {
        "refused": {
            "before": None,
            "after": "security_marking: option 'OFFICIAL-SENSITIVE' of 'security_marking' is not in force on 2026-06-01",
        }
    }
    assert report["summary"]["records"]["refused"] == 1
    assert report["groups"][-1]["rules"] == ["(answers refused by one pack)"]
    question = report["questions"]["changed"]
    assert [(q["id"], q["options"]["changed"][0]["id"]) for q in question] == [
        ("security_marking", "OFFICIAL-SENSITIVE")
    ]


def test_as_at_replaces_every_case_date(live, draft):
    report = run(live, draft, as_at=dt.date(2026, 2, 4))
    assert report["as_at"] == "2026-02-04" and report["changed"] is False


@pytest.mark.parametrize(
    ("changes", "less", "more"),
    [
        ({"decision": {"before": "do_not_share", "after": "refer"}}, True, False),
        ({"decision": {"before": "share", "after": "share_with_conditions"}}, False, True),
        ({"decision": {"before": "incomplete", "after": "share"}}, False, False),
        ({"items": {"identity": {"before": "share_redacted", "after": "share"}}}, True, False),
        (
            {
                "decision": {"before": "share_with_conditions", "after": "refer"},
                "items": {"intercept_product": {"before": "withhold", "after": "refer"}},
            },
            True,
            True,
        ),
        ({"redactions": {"added": ["R01"], "removed": []}}, False, False),
    ],
)
def test_less_and_more_restrictive(changes, less, more):
    assert direction(changes) == (less, more)


def test_compare_lists_what_was_added_and_removed():
    before = {
        "decision": "share",
        "items": [{"category": "identity", "outcome": "share"}],
        "lawful_bases": [{"id": "A"}],
        "redactions": [],
        "conditions": [],
        "refer_to": [],
        "missing": ["consent"],
        "regime": "DPA 2018 Part 3",
        "explanation": [{"rule_id": "A", "outcome": "applied"}, {"rule_id": "B", "outcome": "not_applied"}],
    }
    after = {
        **before,
        "lawful_bases": [{"id": "B"}],
        "missing": ["consent", "urgency"],
        "explanation": [{"rule_id": "A", "outcome": "blocked"}, {"rule_id": "B", "outcome": "applied"}],
    }
    assert compare_advice(digest(before), digest(after)) == {
        "lawful_bases": {"added": ["B"], "removed": ["A"]},
        "missing": {"added": ["urgency"], "removed": []},
    }
    assert compare_advice(digest(before), digest(dict(before))) == {}
    assert causes(digest(before), digest(after), {}) == [{"rule": "B", "before": "does not hold", "after": "holds"}]
    assert causes(digest(before), digest(after), {"A": ["effect"]}) == [
        {"rule": "A", "before": "holds", "after": "holds", "fields": ["effect"]},
        {"rule": "B", "before": "does not hold", "after": "holds"},
    ]


def test_a_change_of_wording_changes_no_case_but_is_reported(live, draft, store_url):
    write_store(store_url, live[0], [PLAIN], day=dt.date(2026, 2, 4))
    edit(draft, "rules/data_protection.yaml", "A-GDPR-A6", "title: ", "title: Renamed - ")
    report = run(live, draft, store_url)
    assert report["groups"] == [] and report["summary"]["records"]["total"] == 1
    changed = report["rules"]["changed"]
    assert [(c["id"], c["version"]["from"]) for c in changed] == [("A-GDPR-A6", "2018-05-25")]
    assert report["changed"] is True


def test_the_report_is_the_same_with_or_without_the_draft_process(live, intercept_draft, store_url, monkeypatch):
    from engine.impact import parallel

    write_store(store_url, live[0], [INTERCEPT, PLAIN, INTERCEPT, PLAIN])
    with_helper = run(live, intercept_draft, store_url)
    monkeypatch.setattr(parallel, "available", lambda: False)
    in_process = run(live, intercept_draft, store_url)
    monkeypatch.undo()
    monkeypatch.setattr(parallel.DraftProcess, "collect", lambda self: None)  # the child stops answering
    helper_failed = run(live, intercept_draft, store_url)
    assert with_helper == in_process == helper_failed
    assert with_helper["summary"]["records"]["changed"] == 2
