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
    assert "Why is it proportionate? (if you shared anything)" in text
    assert "How did you check who they are? (if you shared anything)" in text
    assert "Why are you overriding the advice? (if you are overriding the advice)" in text
    # A proactive disclosure needs no requester: the pack says so, and the form follows.
    assert "Who asked for the information? Name" in text  # needed whatever is decided: no note


def test_a_proactive_disclosure_leaves_the_requester_off_the_form(app, client):
    from tests.web.conftest import ANSWERS

    text = form_text(app, client, {**ANSWERS, "request_direction": "proactive"})
    # Nobody asked: the questions about the requester are not on the form at all.
    assert "Who asked for the information?" not in text and "How did you check who they are?" not in text
    assert "Why is it proportionate? (if you shared anything)" in text
