"""Meetings: open one, choose its agreement and purpose, add agenda subjects, check each, get the meeting pack.

Runs on the bundled pack with a register dated around today (tests/web/register_pack.py), because the
ways-of-sharing rules and the agreements are the bundled pack's.
"""

import datetime
import re

import pytest

from tests.web.conftest import PASSWORD, close_app, make_app, make_meeting, record_form, user_id
from web import draft_store, meeting_store

TODAY = datetime.date.today()
REST = {
    "request_direction": "proactive",
    "data_categories": ["identity", "convictions_unspent", "non_conviction"],
    "data_subject_is_child": False,
    "consent": "would_prejudice",
    "urgency": "urgent",
    "security_marking": "OFFICIAL-SENSITIVE",
    "recipient_verified": True,
    "prejudice_to_investigation": False,
    "subject_notified": "not_notified",
}


@pytest.fixture
def app(tmp_path, register_pack_path):
    app = make_app(tmp_path, register_pack_path)
    yield app
    close_app(app)


@pytest.fixture
def officer(app):
    client = app.test_client()
    client.post("/auth/login", data={"username": "officer", "password": PASSWORD})
    return client


def open_meeting(client, kind="marac"):
    response = client.post(
        "/meetings/new",
        data={"kind": kind, "held_on-day": TODAY.day, "held_on-month": TODAY.month, "held_on-year": TODAY.year},
    )
    assert response.status_code == 302
    return response.location.split("/")[2]


def test_a_meeting_from_opening_to_its_pack(app, officer):
    meeting_id = open_meeting(officer)
    page = officer.get(f"/meetings/{meeting_id}/agreement").get_data(as_text=True)
    assert "ISA-TEST-MARAC" in page
    assert officer.post(f"/meetings/{meeting_id}/agreement", data={"agreement": "ISA-TEST-MARAC"}).status_code == 302
    # the agreement covers two purposes, so the officer chooses
    assert "Reducing domestic abuse risk" in officer.get(f"/meetings/{meeting_id}/purpose").get_data(as_text=True)
    officer.post(f"/meetings/{meeting_id}/purpose", data={"purpose": "domestic_abuse_risk"})
    for label in ("Case 1: A.B.", "Case 2: C.D.", "Case 3: E.F."):
        assert officer.post(f"/meetings/{meeting_id}/subjects", data={"label": label}).status_code == 302
    meeting = meeting_store.get_meeting(app.extensions["sharewise_db"], meeting_id, user_id(app, "officer"))
    assert [s["label"] for s in meeting["subjects"]] == ["Case 1: A.B.", "Case 2: C.D.", "Case 3: E.F."]

    # the check for the first subject is prefilled with what the meeting fixes
    first = meeting["subjects"][0]
    response = officer.post(f"/meetings/{meeting_id}/subjects/{first['id']}/check")
    draft_id = response.location.split("/")[2]
    engine = app.extensions["sharewise_db"]
    draft = draft_store.get_draft(engine, draft_id, user_id(app, "officer"))
    assert draft["answers"] == {
        "recipient": "marac",
        "purpose": "domestic_abuse_risk",
        "sharing_format": "meeting",
        "agreement_reference": "ISA-TEST-MARAC",
    }
    # running the check again carries on with the same draft
    assert officer.post(f"/meetings/{meeting_id}/subjects/{first['id']}/check").location.split("/")[2] == draft_id
    draft_store.save_draft(engine, draft_id, user_id(app, "officer"), dict(draft["answers"], **REST), [])
    advice = officer.get(f"/check/{draft_id}/advice").get_data(as_text=True)
    assert "Test MARAC protocol" in advice and "Back to the meeting" in advice

    form = record_form("share_with_conditions")
    del form["requester"], form["identity_verification"]
    response = officer.post(f"/records/new/{draft_id}", data=form)
    assert response.location == f"/meetings/{meeting_id}"
    record_id = meeting_store.get_meeting(engine, meeting_id, user_id(app, "officer"))["subjects"][0]["record_id"]
    record = app.extensions["sharewise_store"].get(record_id)
    assert record["meeting"] == {
        "id": meeting_id,
        "type": "MARAC (domestic abuse risk conference)",
        "date": TODAY.isoformat(),
        "subject": "Case 1: A.B.",
    }
    assert record["agreement"]["reference"] == "ISA-TEST-MARAC" and record["agreement"]["version"] == "1"

    page = officer.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert page.count("Run the check") == 2 and "View the record" in page
    pack = officer.get(f"/meetings/{meeting_id}/pack").get_data(as_text=True)
    assert record_id in pack and "Not checked yet" in pack and "Case 3: E.F." in pack
    pdf = officer.get(f"/meetings/{meeting_id}/pack.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")


def test_only_agreements_that_count_on_the_meeting_date_are_offered(app, officer):
    meeting_id = open_meeting(officer, "mash")
    page = officer.get(f"/meetings/{meeting_id}/agreement").get_data(as_text=True)
    assert 'value="ISA-TEST-MASH"' not in page  # its review fell due yesterday
    assert "ISA-TEST-MASH" in page and "review overdue" in page
    response = officer.post(f"/meetings/{meeting_id}/agreement", data={"agreement": "ISA-TEST-MASH"})
    assert response.status_code == 200 and "Select the agreement" in response.get_data(as_text=True)
    officer.post(f"/meetings/{meeting_id}/agreement", data={"agreement": "none"})
    # with no agreement, every purpose of the pack may be chosen
    assert "Managing offenders" in officer.get(f"/meetings/{meeting_id}/purpose").get_data(as_text=True)


def test_a_meeting_with_one_purpose_is_set_without_asking(app, officer, tmp_path):
    meeting_id = open_meeting(officer)
    officer.post(f"/meetings/{meeting_id}/agreement", data={"agreement": "none"})
    engine = app.extensions["sharewise_db"]
    meeting_store.set_terms(engine, meeting_id, user_id(app, "officer"), agreement_reference="ISA-TEST-HOUSING")
    # ISA-TEST-HOUSING covers one purpose: the purpose page sets it and goes on
    assert officer.get(f"/meetings/{meeting_id}/purpose").location == f"/meetings/{meeting_id}"
    assert (
        meeting_store.get_meeting(engine, meeting_id, user_id(app, "officer"))["purpose"]
        == "crime_prevention_detection"
    )


def test_the_forms_say_what_is_wrong(officer):
    response = officer.post(
        "/meetings/new", data={"kind": "", "held_on-day": "31", "held_on-month": "2", "held_on-year": "2027"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Select the meeting" in html and "Enter a real date" in html
    meeting_id = open_meeting(officer)
    officer.post(f"/meetings/{meeting_id}/agreement", data={"agreement": "none"})
    officer.post(f"/meetings/{meeting_id}/purpose", data={"purpose": "domestic_abuse_risk"})
    response = officer.post(f"/meetings/{meeting_id}/subjects", data={"label": "  "})
    assert response.status_code == 400 and "Enter the agenda subject" in response.get_data(as_text=True)
    assert officer.post(f"/meetings/{meeting_id}/subjects/99999/check").status_code == 404


def test_another_officers_meeting_is_not_found(app):
    meeting_id, subject_id = make_meeting(app, "officer")
    other = app.test_client()
    other.post("/auth/login", data={"username": "officer2", "password": PASSWORD})
    for path in ("", "/agreement", "/purpose", "/pack", "/pack.pdf"):
        assert other.get(f"/meetings/{meeting_id}{path}").status_code == 404
    assert other.post(f"/meetings/{meeting_id}/subjects", data={"label": "x"}).status_code == 404
    assert other.post(f"/meetings/{meeting_id}/subjects/{subject_id}/check").status_code == 404
    assert meeting_id not in other.get("/meetings/").get_data(as_text=True)


def back_link(html):
    return re.search(r'<a [^>]*class="govuk-back-link"[^>]*>', html).group(0).split('href="')[1].split('"')[0]


def test_a_subjects_check_names_the_meeting_and_subject_and_goes_back_to_the_meeting(app, officer):
    meeting_id, subject_id = make_meeting(app, "officer", subjects=("Case 7: <G.H.>",))
    draft_id = officer.post(f"/meetings/{meeting_id}/subjects/{subject_id}/check").location.split("/")[2]
    location = officer.get(f"/check/{draft_id}").location
    assert "/question/" in location
    html = officer.get(location).get_data(as_text=True)
    caption = html.split('class="govuk-caption-m app-meeting-caption">')[1].split("</p>")[0]
    assert "Case 7: &lt;G.H.&gt;" in caption and str(TODAY.year) in caption
    assert back_link(html) == f"/meetings/{meeting_id}"
    # an ordinary check says nothing of meetings and goes back to the start page
    ordinary = officer.post("/check/new").location.split("/")[2]
    html = officer.get(officer.get(f"/check/{ordinary}").location).get_data(as_text=True)
    assert "app-meeting-caption" not in html and back_link(html) == "/check/"


def test_a_meetings_unfinished_checks_are_named_by_their_subjects(app, officer):
    meeting_id, _ = make_meeting(app, "officer", subjects=("Case 1: A.B.", "Case 2: C.D."))
    meeting = meeting_store.get_meeting(app.extensions["sharewise_db"], meeting_id, user_id(app, "officer"))
    drafts = [
        officer.post(f"/meetings/{meeting_id}/subjects/{s['id']}/check").location.split("/")[2]
        for s in meeting["subjects"]
    ]
    home = officer.get("/").get_data(as_text=True)
    links = {d: next(i for i in home.split("<li>")[1:] if f"/check/{d}" in i.split("</li>")[0]) for d in drafts}
    assert "Continue the check: Case 1: A.B., " in links[drafts[0]]
    assert "Continue the check: Case 2: C.D., " in links[drafts[1]]
    # another officer's lookup finds nothing of this meeting
    other = user_id(app, "supervisor")
    assert meeting_store.subject_labels(app.extensions["sharewise_db"], drafts, other) == {}


def test_subject_labels_are_escaped_everywhere(app, officer):
    meeting_id, _ = make_meeting(app, "officer", subjects=("<script>alert(1)</script>",))
    for path in ("", "/pack"):
        html = officer.get(f"/meetings/{meeting_id}{path}").get_data(as_text=True)
        assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_the_pdf_renderer_copes_with_text_outside_latin_1():
    from web import meeting_pdf

    data = meeting_pdf.render(
        {
            "title": "Meeting pack – “quotes” and Łódź",
            "marking": "OFFICIAL-SENSITIVE",
            "facts": [("Meeting", "MARAC")],
            "sections": [{"heading": "1. Case", "rows": [("A long key " * 5, "value")], "paragraphs": ["x " * 6000]}],
        }
    )
    assert data.startswith(b"%PDF-") and meeting_pdf.latin1("“a” – Łódź") == '"a" - ?ód?'
    assert re.search(rb"/Count 2", data)  # the long paragraph runs onto a second page
