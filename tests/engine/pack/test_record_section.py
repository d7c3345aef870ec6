"""The `record:` section's inputs: every mistake is refused at its line, like any other pack problem."""

import pytest

from engine.pack.loader import read_pack
from engine.problems import PackError


def problems_after(pack_copy, old, new):
    path = pack_copy / "record.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackError) as caught:
        read_pack(str(pack_copy))
    return [str(p) for p in caught.value.problems]


def line_of(pack_copy, text):
    lines = (pack_copy / "record.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


def test_the_bundled_pack_names_every_input_once():
    from engine.records.requirements import INPUTS

    requirements = read_pack().record_requirements
    assert sorted(r.input for r in requirements.requirements) == sorted(INPUTS)
    assert requirements.get("requester").field == "request"
    assert requirements.get("requester").where.startswith("record.yaml:")


def test_an_unknown_input_is_refused_with_a_suggestion(pack_copy):
    found = problems_after(pack_copy, "- id: requester\n", "- id: requestor\n")
    assert found == [
        f"record.yaml:{line_of(pack_copy, 'id: requestor')}: unknown record input 'requestor' (did you mean 'requester'?)"
    ]


def test_an_unknown_fact_or_a_derived_fact_is_refused(pack_copy):
    found = problems_after(pack_copy, "required_when: {accepted: false}", "required_when: {accepted_advice: false}")
    line = line_of(pack_copy, "accepted_advice")
    assert len(found) == 1 and found[0].startswith(
        f"record.yaml:{line}: unknown question or derived fact 'accepted_advice'"
    )
    assert "final_decision, advised_decision or accepted" in found[0]


def test_a_wrong_value_for_a_fact_is_refused(pack_copy):
    found = problems_after(
        pack_copy, "empty_when: {final_decision: do_not_share}", "empty_when: {final_decision: dont_share}"
    )
    assert "'dont_share' is not an option of 'final_decision'" in found[0]


def test_an_input_listed_twice_and_required_both_ways_are_refused(pack_copy):
    found = problems_after(
        pack_copy,
        "        - id: recipient_detail\n",
        "        - id: recipient_detail\n          required: true\n          required_when: {urgency: urgent}\n"
        "        - id: requester\n",
    )
    assert any("give either 'required: true' or 'required_when', not both" in p for p in found)
    assert any("input 'requester' is listed twice (also at record.yaml:" in p for p in found)


def test_a_message_may_only_use_the_records_facts(pack_copy):
    found = problems_after(pack_copy, "the advice was {advised_decision}", "the advice was {advice}")
    assert any("unknown placeholder '{advice}'" in p for p in found)


def test_the_schema_refuses_unknown_keys_in_an_input(pack_copy):
    found = problems_after(pack_copy, "- id: recipient_detail\n", "- id: recipient_detail\n          requried: true\n")
    assert any("unknown key 'requried'" in p for p in found)
