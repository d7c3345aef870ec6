"""Authoring: one scenario is checked exactly as scenario files are, and written scenarios read back."""

from __future__ import annotations

import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine.pack import yamlsafe
from engine.scenarios import compare, load_scenarios
from engine.training import dump_scenarios, scenario_dict, validate_scenario
from tests.conftest import POLICIES

GOOD = {
    "name": "Routine check for children's services",
    "narrative": "A social worker asks.\nShe is verified.",
    "as_at": "2026-03-02",
    "answers": {
        "recipient": "la_childrens_services",
        "request_direction": "proactive",
        "purpose": "child_protection",
        "data_categories": ["identity"],
        "data_subject_is_child": True,
        "consent": "would_prejudice",
        "urgency": "urgent",
        "security_marking": "OFFICIAL-SENSITIVE",
        "recipient_verified": True,
        "sharing_agreement_in_place": True,
        "prejudice_to_investigation": False,
        "subject_notified": "not_notified",
    },
    "expect": {"decision": "share", "items": {"identity": "share"}, "cites": ["A-CA04-S10-S11"]},
    "tags": ["training"],
}


def problems(pack, raw, **kwargs) -> list:
    return [(p.field, p.message) for p in validate_scenario(pack, raw, **kwargs)]


def test_a_good_scenario_has_no_problems(bundled_pack):
    assert problems(bundled_pack, GOOD) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            lambda s: {k: v for k, v in s.items() if k != "narrative"},
            ("scenario", "'narrative' is a required property"),
        ),
        (lambda s: dict(s, answer={}), ("scenario", "unknown key 'answer' (did you mean 'answers'?)")),
        (lambda s: dict(s, as_at="2 March 2026"), ("as_at", "'2 March 2026' does not have the expected form")),
        (lambda s: dict(s, expect={"decision": "shar"}), ("expect.decision", "'shar' is not one of")),
        (lambda s: dict(s, as_at="2026-02-30"), ("as_at", "'2026-02-30' is not a real date")),
        (
            lambda s: dict(s, answers=dict(s["answers"], recipient="la_childrens_servics")),
            ("answers.recipient", "unknown option 'la_childrens_servics' for 'recipient' (did you mean"),
        ),
        (
            lambda s: dict(s, answers=dict(s["answers"], data_categories=["identity", "identiti"])),
            ("answers.data_categories[1]", "unknown option 'identiti'"),
        ),
        (
            lambda s: dict(s, expect=dict(s["expect"], cites=["A-CA04-S10-S11", "A-CA04-S10-S12"])),
            ("expect.cites.1", "unknown rule 'A-CA04-S10-S12' (did you mean 'A-CA04-S10-S11'?)"),
        ),
        (
            lambda s: dict(s, expect=dict(s["expect"], items={"identiti": "share"})),
            ("expect.items.identiti", "unknown data category 'identiti' (did you mean 'identity'?)"),
        ),
    ],
)
def test_each_problem_names_its_field(bundled_pack, change, expected):
    found = problems(bundled_pack, change(GOOD))
    assert len(found) == 1, found
    field, message = found[0]
    assert (field, message[: len(expected[1])]) == expected


def test_a_name_may_be_used_once(bundled_pack):
    assert problems(bundled_pack, GOOD, taken_names=[GOOD["name"]]) == [
        ("name", f"scenario name '{GOOD['name']}' is already used")
    ]


def test_not_a_scenario_at_all(bundled_pack):
    assert problems(bundled_pack, ["a list"]) == [("scenario", "['a list'] is not of type 'object'")]


@pytest.fixture(scope="module")
def written_pack(tmp_path_factory, bundled_pack):
    """A copy of the bundled pack whose scenarios are every bundled scenario, written by `dump_scenarios`."""
    target = tmp_path_factory.mktemp("authoring") / "pack"
    shutil.copytree(POLICIES, target, ignore=shutil.ignore_patterns("scenarios"))
    os.makedirs(target / "scenarios")
    originals = load_scenarios(bundled_pack)
    (target / "scenarios" / "all.yaml").write_text(dump_scenarios(originals), encoding="utf-8")
    (target / "scenarios" / "new.yaml").write_text(dump_scenarios([GOOD]), encoding="utf-8")
    pack = engine.load_pack(str(target))
    yield pack, originals
    pack.close()


def test_written_scenarios_load_and_pass_as_they_were(written_pack):
    pack, originals = written_pack
    loaded = load_scenarios(pack)
    assert len(loaded) == len(originals) + 1
    for original, back in zip(originals, loaded):
        assert scenario_dict(back) == scenario_dict(original)
        assert compare(back.expect, pack.decide(back.answers, back.as_at)) == [], back.name
    new = loaded[-1]
    assert (new.name, new.narrative, new.tags) == (GOOD["name"], GOOD["narrative"], GOOD["tags"])
    assert compare(new.expect, pack.decide(new.answers, new.as_at)) == []


def test_the_written_file_names_its_schema_and_reads_like_the_hand_written_ones():
    text = dump_scenarios([GOOD])
    assert text.startswith("# yaml-language-server: $schema=../schema/scenario.schema.json\n")
    assert "  narrative: |-\n    A social worker asks.\n    She is verified.\n" in text
    assert "  as_at: '2026-03-02'\n" in text
    assert "    recipient: la_childrens_services\n" in text


TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029"), max_size=40)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=TEXT, narrative=TEXT, tags=st.lists(TEXT, max_size=3), grading=TEXT)
def test_any_text_reads_back_as_the_same_text(name, narrative, tags, grading):
    """What the pack's strict reader gives back is exactly what was written, whatever the text looks like
    (a date, a number, yes or no, a quote, a colon, spaces at either end)."""
    scenario = dict(GOOD, name=name, narrative=narrative, tags=tags)
    scenario["answers"] = dict(GOOD["answers"], intelligence_grading=grading)
    data, _, problems_found = yamlsafe.load(dump_scenarios([scenario]))
    assert problems_found == []
    back = data["scenarios"][0]
    assert (back["name"], back["narrative"], back["tags"], back["answers"]["intelligence_grading"]) == (
        name,
        narrative,
        tags,
        grading,
    )
