"""Scenario files are checked the same way whoever reads them: each problem at its file and line."""

from __future__ import annotations

import pytest

import engine
from engine.problems import PackError
from engine.scenarios import load_scenarios

GOOD = """\
  - name: {name}
    narrative: A routine request.
    as_at: "{as_at}"
    answers:
      recipient: {recipient}
      purpose: child_protection
      data_categories: [identity]
    expect:
      decision: {decision}
      items: {{{category}: share}}
      cites: [{cite}]
"""


def scenario(**values):
    fields = {
        "name": "One",
        "as_at": "2026-03-02",
        "recipient": "la_childrens_services",
        "decision": "share",
        "category": "identity",
        "cite": "A-CA04-S10-S11",
    }
    fields.update(values)
    return GOOD.format(**fields)


@pytest.fixture(scope="module")
def pack_with_scenarios(tmp_path_factory):
    """A copy of the bundled pack whose scenarios folder holds one file with a problem of each kind."""
    import shutil

    from tests.conftest import POLICIES

    target = tmp_path_factory.mktemp("scenarios") / "pack"
    shutil.copytree(POLICIES, target, ignore=shutil.ignore_patterns("scenarios"))
    (target / "scenarios").mkdir()
    text = "scenarios:\n" + "".join(
        [
            scenario(),
            scenario(name="Bad date", as_at="2026-02-30"),
            scenario(name="Bad option", recipient="la_childrens_servics"),
            scenario(name="Bad rule", cite="A-CA04-S10-S12"),
            scenario(name="Bad category", category="identiti"),
            scenario(),
        ]
    )
    (target / "scenarios" / "bad.yaml").write_text(text)
    (target / "scenarios" / "schema.yaml").write_text(
        "scenarios:\n  - name: X\n    narrative: Y\n    as_at: 2026-03-02\n    answer: {}\n    expect: {decision: shar}\n"
    )
    pack = engine.load_pack(str(target))
    yield pack
    pack.close()


def test_every_problem_is_reported_at_its_line(pack_with_scenarios):
    with pytest.raises(PackError) as caught:
        load_scenarios(pack_with_scenarios)
    assert [str(p) for p in caught.value.problems] == [
        "scenarios/bad.yaml:15: '2026-02-30' is not a real date",
        "scenarios/bad.yaml:28: answers: recipient: unknown option 'la_childrens_servics' for 'recipient' (did you mean 'la_childrens_services'?)",
        "scenarios/bad.yaml:45: unknown rule 'A-CA04-S10-S12' (did you mean 'A-CA04-S10-S11'?)",
        "scenarios/bad.yaml:55: unknown data category 'identiti' (did you mean 'identity'?)",
        "scenarios/bad.yaml:57: scenario name 'One' is used twice (also at scenarios/bad.yaml:2)",
        "scenarios/schema.yaml:2: scenarios.0: 'answers' is a required property",
        "scenarios/schema.yaml:5: scenarios.0: unknown key 'answer' (did you mean 'answers'?)",
        "scenarios/schema.yaml:6: scenarios.0.expect.decision: 'shar' is not one of ['share', 'share_with_conditions', 'do_not_share', 'refer', 'incomplete']",
    ]
