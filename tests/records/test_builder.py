"""build_record: the Part D2 content, and an error naming the field for every missing or wrong input."""

import datetime
import json

import pytest
from freezegun import freeze_time

from engine.records import RecordError, RecordInput, RetentionPolicy, build_record
from tests.records.samples import ADVICE, ANSWERS, inputs


def build(**changes):
    return build_record(**inputs(**changes)).body


def error_field(**changes):
    with pytest.raises(RecordError) as caught:
        build(**changes)
    return caught.value.field


def test_record_holds_every_part_d2_section():
    body = build()
    assert body["record_format"] == 1 and body["kind"] == "decision" and body["amends"] is None
    assert body["decision_maker"] == {
        "name": "PC Ada Example",
        "rank_or_role": "Police Constable",
        "force_number": "PC1234",
        "force": "Exampleshire Police",
    }
    assert body["request"]["direction"] == "reactive"
    assert body["request"]["identity_verification"].startswith("Call-back")
    assert body["recipient"]["type"] == "la_childrens_services"
    assert body["data_subjects"][1] == {"description": "Child A", "role": "child"}
    assert body["data_categories"] == ANSWERS["data_categories"]
    assert body["purpose"]["id"] == "child_protection"
    assert [basis["id"] for basis in body["legal_power"]] == ["A-CA04-S10-S11"]
    assert body["data_protection"]["regime"] == "DPA 2018 Part 3"
    assert [basis["id"] for basis in body["data_protection"]["bases"]] == ["A-DPA3-S35"]
    assert body["necessity"] and body["proportionality"]
    assert body["consent"] == {
        "consent": "would_prejudice",
        "subject_notified": "not_notified",
        "notes": inputs()["sharing"]["consent_notes"],
    }
    assert body["information_shared"]["redactions_applied"] == ["R05-THIRD-PARTY"]
    assert body["information_shared"]["redactions_advised"] == ["R05-THIRD-PARTY"]
    assert body["handling"]["method"].startswith("Secure email")
    assert body["handling"]["conditions"] == ADVICE["conditions"]
    assert body["decision"] == {
        "advised": "share_with_conditions",
        "accepted": True,
        "final": "share_with_conditions",
        "override_reason": None,
    }
    assert body["policy_pack"] == ADVICE["policy_pack"]
    assert body["engine_version"]
    assert body["answers"] == ANSWERS and body["advice"] == ADVICE


def test_record_input_is_canonical_text():
    record = build_record(**inputs())
    assert isinstance(record, RecordInput)
    assert json.loads(record.text) == record.body and record.id == record.body["id"]
    with pytest.raises(AttributeError):
        record.text = "{}"


@freeze_time("2026-03-01 09:30:00")
def test_created_at_is_utc_and_review_defaults_from_policy():
    body = build()
    assert body["created_at"] == "2026-03-01T09:30:00.000000Z"
    assert body["review"] == {"review_date": "2027-03-01", "retain_until": "2032-03-01"}


def test_now_is_injectable_and_converted_to_utc():
    moment = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    record = build_record(**inputs(), now=moment)
    assert record.body["created_at"] == "2026-06-01T11:00:00.000000Z"


def test_naive_now_is_refused():
    with pytest.raises(RecordError) as caught:
        build_record(**inputs(), now=datetime.datetime(2026, 1, 1))
    assert caught.value.field == "now"


def test_review_and_retention_follow_the_configured_policy(monkeypatch):
    monkeypatch.setenv("SHAREWISE_RECORD_REVIEW_DAYS", "30")
    monkeypatch.setenv("SHAREWISE_RECORD_RETAIN_YEARS", "2")
    now = datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)
    assert build_record(**inputs(), now=now).body["review"] == {
        "review_date": "2026-02-09",
        "retain_until": "2028-01-10",
    }
    policy = RetentionPolicy(review_after_days=7, retain_years=1)
    assert build_record(**inputs(), now=now, retention=policy).body["review"]["review_date"] == "2026-01-17"


def test_officer_review_date_is_kept_and_extends_retention():
    now = datetime.datetime(2026, 1, 10, tzinfo=datetime.UTC)
    body = build_record(**inputs(sharing={"review_date": "2040-05-01"}), now=now).body
    assert body["review"] == {"review_date": "2040-05-01", "retain_until": "2040-05-01"}


def test_review_date_in_the_past_is_refused():
    assert error_field(sharing={"review_date": "2001-01-01"}) == "sharing.review_date"
    assert error_field(sharing={"review_date": "01/02/2030"}) == "sharing.review_date"


@pytest.mark.parametrize("name", ["name", "rank_or_role", "force_number", "force"])
def test_officer_fields_are_required(name):
    assert error_field(officer={name: "  "}) == f"officer.{name}"


def test_unknown_fields_are_refused_not_dropped():
    assert error_field(sharing={"necesity_rationale": "typo"}) == "sharing.necesity_rationale"
    assert error_field(officer={"rank": "PC"}) == "officer.rank"
    assert error_field(decision={"acepted": True}) == "decision.acepted"


@pytest.mark.parametrize("section", ["answers", "advice", "officer", "decision", "sharing"])
def test_sections_must_be_objects(section):
    with pytest.raises(RecordError) as caught:
        build_record(**{**inputs(), section: ["not", "a", "dict"]})
    assert caught.value.field == section


def test_answers_must_say_recipient_purpose_direction_and_data():
    for name in ("recipient", "purpose", "request_direction"):
        values = inputs()
        del values["answers"][name]
        with pytest.raises(RecordError) as caught:
            build_record(**values)
        assert caught.value.field == f"answers.{name}"
    assert error_field(answers={"data_categories": []}) == "answers.data_categories"
    assert error_field(answers={"request_direction": "sideways"}) == "answers.request_direction"


@pytest.mark.parametrize("name", ["name", "version", "sha256", "as_at"])
def test_advice_must_name_its_policy_pack(name):
    values = inputs()
    del values["advice"]["policy_pack"][name]
    with pytest.raises(RecordError) as caught:
        build_record(**values)
    assert caught.value.field == f"advice.policy_pack.{name}"


def test_advice_decision_must_be_known():
    assert error_field(advice={"decision": "maybe"}) == "advice.decision"


def test_non_json_content_is_refused_naming_the_path():
    assert error_field(answers={"urgency": float("inf")}) == "answers.urgency"


def test_accepted_must_be_a_real_boolean():
    assert error_field(decision={"accepted": "yes"}) == "decision.accepted"


def test_override_needs_a_reason_and_a_final_decision():
    assert error_field(decision={"accepted": False, "final_decision": "do_not_share"}) == "decision.override_reason"
    assert error_field(decision={"accepted": False, "override_reason": "x"}) == "decision.final_decision"


def test_override_to_do_not_share_is_recorded():
    body = build(
        decision={"accepted": False, "final_decision": "do_not_share", "override_reason": "Risk to a source."},
        sharing={"what_was_shared": None, "method": None},
    )
    assert body["decision"] == {
        "advised": "share_with_conditions",
        "accepted": False,
        "final": "do_not_share",
        "override_reason": "Risk to a source.",
    }


def test_accepting_with_a_different_final_decision_is_refused():
    assert error_field(decision={"accepted": True, "final_decision": "share"}) == "decision.final_decision"


def test_incomplete_advice_can_only_be_overridden():
    assert error_field(advice={"decision": "incomplete"}) == "decision.accepted"
    body = build(
        advice={"decision": "incomplete"},
        decision={"accepted": False, "final_decision": "refer", "override_reason": "Emergency."},
        sharing={"what_was_shared": None},
    )
    assert body["decision"]["final"] == "refer"


@pytest.mark.parametrize(
    "name",
    [
        "necessity_rationale",
        "proportionality_rationale",
        "what_was_shared",
        "method",
        "requester",
        "identity_verification",
        "consent_notes",
    ],
)
def test_sharing_needs_its_rationale_and_account(name):
    assert error_field(sharing={name: ""}) == f"sharing.{name}"


def test_not_sharing_still_needs_the_reasons_but_not_the_account():
    no_share = {"accepted": False, "final_decision": "do_not_share", "override_reason": "No pressing need."}
    body = build(
        decision=no_share,
        sharing={
            "what_was_shared": None,
            "method": None,
            "proportionality_rationale": None,
            "identity_verification": None,
            "consent_notes": None,
        },
    )
    assert body["information_shared"]["what"] is None
    assert (
        error_field(decision=no_share, sharing={"what_was_shared": None, "necessity_rationale": None})
        == "sharing.necessity_rationale"
    )
    assert error_field(decision=no_share) == "sharing.what_was_shared"


def test_proactive_sharing_needs_no_requester():
    body = build(answers={"request_direction": "proactive"}, sharing={"requester": None, "identity_verification": None})
    assert body["request"] == {"direction": "proactive", "requester": None, "identity_verification": None}


def test_consent_notes_only_needed_when_consent_is_missing():
    assert build(answers={"consent": "given"}, sharing={"consent_notes": None})["consent"]["notes"] is None


def test_sharing_against_the_advice_needs_an_authoriser():
    override = {"accepted": False, "final_decision": "share", "override_reason": "Immediate risk to life."}
    assert error_field(advice={"decision": "refer"}, decision=override) == "sharing.authoriser"
    authoriser = {"name": "Insp Bo Example", "rank_or_role": "Inspector", "force_number": "I42"}
    body = build(advice={"decision": "do_not_share"}, decision=override, sharing={"authoriser": authoriser})
    assert body["authoriser"] == authoriser and body["authorisation_required"] is True
    assert (
        error_field(
            advice={"decision": "refer"}, decision=override, sharing={"authoriser": {"name": "Insp Bo Example"}}
        )
        == "sharing.authoriser.rank_or_role"
    )


def test_data_subjects_are_required_with_known_roles():
    assert error_field(sharing={"data_subjects": []}) == "sharing.data_subjects"
    assert (
        error_field(sharing={"data_subjects": [{"description": "A", "role": "bystander"}]})
        == "sharing.data_subjects[0].role"
    )
    assert error_field(sharing={"data_subjects": [{"role": "victim"}]}) == "sharing.data_subjects[0].description"
    assert build(sharing={"data_subjects": ["Person B"]})["data_subjects"] == [
        {"description": "Person B", "role": None}
    ]


def test_redactions_applied_must_be_a_list_of_texts():
    assert error_field(sharing={"redactions_applied": "R05"}) == "sharing.redactions_applied"
    assert error_field(sharing={"redactions_applied": ["R05", 3]}) == "sharing.redactions_applied[1]"


def test_shared_at_is_stored_in_utc():
    body = build(sharing={"shared_at": "2026-11-21T14:05:00+01:00"})
    assert body["information_shared"]["shared_at"] == "2026-11-21T13:05:00.000000Z"
    assert error_field(sharing={"shared_at": "yesterday"}) == "sharing.shared_at"


def test_over_long_text_is_refused():
    assert error_field(officer={"name": "x" * 201}) == "officer.name"


def test_amendment_references_the_record_it_amends():
    original = build_record(**inputs())
    body = build_record(**inputs(), amends=original.id, amendment_reason="Wrong recipient team recorded.").body
    assert body["kind"] == "amendment"
    assert body["amends"] == {"id": original.id, "reason": "Wrong recipient team recorded."}
    with pytest.raises(RecordError) as caught:
        build_record(**inputs(), amends=original.id)
    assert caught.value.field == "amendment_reason"
    with pytest.raises(RecordError) as caught:
        build_record(**inputs(), amends="not-a-uuid", amendment_reason="x")
    assert caught.value.field == "amends"


def test_error_messages_carry_no_personal_data():
    with pytest.raises(RecordError) as caught:
        build(sharing={"data_subjects": [{"description": "Zebedee Quillfeather", "role": "bystander"}]})
    assert "Zebedee" not in str(caught.value)


def test_every_problem_with_the_officers_account_is_reported_at_once():
    """Issue 10: the record form took six tries because only the first problem was reported."""
    from engine.records import RecordErrors

    sharing = {"necessity_rationale": " ", "what_was_shared": None, "method": None, "data_subjects": []}
    with pytest.raises(RecordErrors) as caught:
        build_record(**inputs(sharing=sharing))
    fields_named = [error.field for error in caught.value.errors]
    assert {
        "sharing.necessity_rationale",
        "sharing.what_was_shared",
        "sharing.method",
        "sharing.data_subjects",
    } <= set(fields_named)
    assert caught.value.field == fields_named[0]
