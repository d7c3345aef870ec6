"""The record form marks what the pack's record requirements (policies/record.yaml) ask of this record."""

from tests.web.conftest import PASSWORD, make_draft, page_text


def form_text(app, client, answers=None):
    client.post("/auth/login", data={"username": "officer", "password": PASSWORD})
    draft_id = make_draft(app, "officer", answers)
    return page_text(client.get(f"/records/new/{draft_id}"))


def test_the_form_marks_optional_and_conditional_fields_from_the_pack(app, client):
    text = form_text(app, client)
    assert "Who exactly received it? (optional)" in text
    assert "When should this decision be reviewed? (optional)" in text
    assert "Why is sharing (or not sharing) necessary? (optional)" not in text
    assert "Why is it proportionate? (optional)" not in text
    sharing = "Needed if your decision is: Share or Share with conditions."
    assert f"Why this much information, to this recipient, now; what you left out and why. {sharing}" in text
    assert f"For example a call back on an independently found number. {sharing}" in text
    assert "Your reason will be part of the record. Needed if you override the advice." in text
    # A proactive disclosure needs no requester: the pack says so, and the form follows.
    assert "Who asked for the information? Name" in text


def test_a_proactive_disclosure_makes_the_requester_optional(app, client):
    from tests.web.conftest import ANSWERS

    text = form_text(app, client, {**ANSWERS, "request_direction": "proactive"})
    assert "Who asked for the information? (optional)" in text
