"""What a record requires comes from the pack (policies/record.yaml), not from the code.

Editing record.yaml in a copy of the pack changes what build_record requires; the bundled requirements
give the behaviour test_builder.py asserts, with the same messages.
"""

import pytest

from engine.pack.loader import read_pack
from engine.records import RecordError, build_record
from engine.records.requirements import INPUTS, RecordRequirements, facts, holds
from tests.records.samples import inputs

SHARING = ("share", "share_with_conditions")


def problem(**changes):
    with pytest.raises(RecordError) as caught:
        build_record(**inputs(**changes))
    return caught.value


def edit_record_yaml(pack_copy, old, new):
    path = pack_copy / "record.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return read_pack(str(pack_copy)).record_requirements


def test_the_bundled_messages_are_the_packs():
    override = {"accepted": False, "final_decision": "share", "override_reason": "Immediate risk to life."}
    error = problem(advice={"decision": "refer"}, decision=override)
    assert (error.field, error.problem) == (
        "sharing.authoriser",
        "is required: the advice was refer and the decision is to share; name who authorised it",
    )
    no_share = {"accepted": False, "final_decision": "do_not_share", "override_reason": "No pressing need."}
    error = problem(decision=no_share)
    assert (error.field, error.problem) == (
        "sharing.what_was_shared",
        "must be empty: the final decision is do_not_share",
    )
    error = problem(sharing={"data_subjects": []})
    assert error.problem == "is required: list at least one data subject (a description and a role)"
    assert problem(sharing={"requester": " "}).problem == "is required"


def test_editing_record_yaml_changes_what_a_record_requires(pack_copy):
    # The bundled pack requires the requester only for a request; this copy requires it always.
    requirements = edit_record_yaml(
        pack_copy,
        "        - id: requester\n          # Information asked for is disclosed only to a requester whose identity"
        " is recorded (s.170).\n          required_when: {request_direction: reactive}\n",
        "        - id: requester\n          required: true\n          message: names who asked, or the police officer"
        " who offered it\n",
    )
    proactive = {"answers": {"request_direction": "proactive"}, "sharing": {"requester": None}}
    build_record(**inputs(**proactive))  # the bundled pack: not needed when police offered it
    with pytest.raises(RecordError) as caught:
        build_record(**{**inputs(**proactive), "requirements": requirements})
    assert (caught.value.field, caught.value.problem) == (
        "sharing.requester",
        "names who asked, or the police officer who offered it",
    )


def test_a_copied_pack_can_make_an_input_optional_or_required_when(pack_copy):
    requirements = edit_record_yaml(
        pack_copy,
        "        - id: purpose_detail\n",
        "        - id: purpose_detail\n          required_when: {urgency: urgent}\n",
    )
    values = inputs(sharing={"purpose_detail": None})
    build_record(**values)
    with pytest.raises(RecordError) as caught:
        build_record(**{**values, "requirements": requirements})
    assert caught.value.field == "sharing.purpose_detail"
    build_record(
        **{**inputs(answers={"urgency": "routine"}, sharing={"purpose_detail": None}), "requirements": requirements}
    )

    loose = edit_record_yaml(
        pack_copy,
        '          required: true\n          message: "is required: list at least one data subject',
        '          message: "is required: list at least one data subject',
    )
    assert (
        build_record(
            **{**inputs(answers={"urgency": "routine"}, sharing={"data_subjects": []}), "requirements": loose}
        ).body["data_subjects"]
        == []
    )


def test_an_empty_pack_section_requires_nothing_but_the_structure():
    values = inputs(sharing={name: None for name in INPUTS if name != "override_reason"})
    body = build_record(**{**values, "requirements": RecordRequirements()}).body
    assert body["necessity"] is None and body["data_subjects"] == []
    # What is not the law stays checked: accepting incomplete advice, an unknown decision.
    with pytest.raises(RecordError) as caught:
        build_record(**{**inputs(advice={"decision": "incomplete"}), "requirements": RecordRequirements()})
    assert caught.value.field == "decision.accepted"


def test_required_by_decision_is_what_a_form_can_say_before_the_officer_decides():
    requirements = inputs()["requirements"]
    answers = {"request_direction": "reactive", "consent": "refused"}
    assert requirements.required_by_decision("necessity_rationale", answers, "refer") == dict.fromkeys(
        ("share", "share_with_conditions", "do_not_share", "refer"), True
    )
    by_decision = requirements.required_by_decision("identity_verification", answers, "refer")
    assert {d for d, needed in by_decision.items() if needed} == set(SHARING)
    assert {
        d for d, needed in requirements.required_by_decision("override_reason", answers, "refer").items() if needed
    } == {
        "share",
        "share_with_conditions",
        "do_not_share",
    }
    assert not any(requirements.required_by_decision("recipient_detail", answers, "refer").values())
    assert not any(requirements.required_by_decision("requester", {"request_direction": "proactive"}, "share").values())


def test_a_missing_answer_is_no_value():
    requirement = inputs()["requirements"].get("consent_notes")
    assert requirement.is_required(facts({"consent": "refused"}, "share", True, "share"))
    assert not requirement.is_required(facts({}, "share", True, "share"))


def test_conditions_are_two_valued_over_the_facts(pack_copy):
    from rules.ir import Not, Ref, Test

    answered = Test(Ref("q", "consent"), "answered", True)
    assert holds(answered, {"consent": "given"}) and not holds(answered, {})
    assert holds(Not(Test(Ref("q", "consent"), "eq", "given")), {})
    assert holds(Test(Ref("q", "consent"), "ne", "given"), {})
    with pytest.raises(ValueError):
        holds(Test(Ref("d", "regime"), "eq", "x"), {})
