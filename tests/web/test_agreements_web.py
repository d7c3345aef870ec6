"""The register of agreements on the web: proposed in the questionnaire, cited in the advice, read on its pages,
and named through the API.

Runs on the bundled pack with a register dated around today (tests/web/register_pack.py): ISA-TEST-MARAC in
force, ISA-TEST-HOUSING expired yesterday, ISA-TEST-MASH overdue for review since yesterday.
"""

import datetime

import pytest

from tests.web.conftest import PASSWORD, close_app, make_app, make_draft, user_id
from tests.web.register_pack import HOUSING_ANSWERS, MARAC_ANSWERS
from web import draft_store, tokens

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
AGREEMENT_PAGE = "/check/{}/question/sharing_agreement_in_place"


@pytest.fixture
def app(tmp_path, register_pack_path):
    app = make_app(tmp_path, register_pack_path)
    yield app
    close_app(app)


def signed_in(app, username="officer"):
    client = app.test_client()
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
    return client


def answers_of(app, draft_id):
    return draft_store.get_draft(app.extensions["sharewise_db"], draft_id, user_id(app, "officer"))["answers"]


def test_the_agreement_in_force_is_proposed_and_confirmed(app):
    client = signed_in(app)
    draft_id = make_draft(app, "officer", MARAC_ANSWERS)
    page = client.get(AGREEMENT_PAGE.format(draft_id)).get_data(as_text=True)
    assert "Yes, share under ISA-TEST-MARAC (version 1)" in page
    assert 'value="none"' in page and 'value="unsure"' in page
    response = client.post(AGREEMENT_PAGE.format(draft_id), data={"agreement": "ISA-TEST-MARAC"})
    assert response.status_code == 302
    answers = answers_of(app, draft_id)
    assert answers["agreement_reference"] == "ISA-TEST-MARAC" and "sharing_agreement_in_place" not in answers


def test_saying_no_agreement_covers_it_answers_the_question(app):
    client = signed_in(app)
    draft_id = make_draft(app, "officer", MARAC_ANSWERS)
    client.post(AGREEMENT_PAGE.format(draft_id), data={"agreement": "none"})
    assert answers_of(app, draft_id)["sharing_agreement_in_place"] is False
    response = client.post(AGREEMENT_PAGE.format(draft_id), data={"agreement": "ISA-TEST-HOUSING"})
    assert response.status_code == 200 and "Select the agreement" in response.get_data(as_text=True)


def test_an_agreement_that_expired_yesterday_is_not_proposed_and_the_advice_says_why(app):
    client = signed_in(app)
    draft_id = make_draft(app, "officer", HOUSING_ANSWERS)
    page = client.get(AGREEMENT_PAGE.format(draft_id)).get_data(as_text=True)
    assert 'value="ISA-TEST-HOUSING"' not in page
    assert (
        "ISA-TEST-HOUSING (Test housing agreement) is not proposed: it expired on "
        f"{YESTERDAY.day} {YESTERDAY:%B %Y}" in page
    )
    client.post(AGREEMENT_PAGE.format(draft_id), data={"agreement": "lapsed"})
    answers = answers_of(app, draft_id)
    assert answers["agreement_reference"] == "ISA-TEST-HOUSING"
    answers.update(
        recipient_verified=True, prejudice_to_investigation=False, subject_notified="not_notified", pressing_need=True
    )
    draft_store.save_draft(app.extensions["sharewise_db"], draft_id, user_id(app, "officer"), answers, [])
    advice = client.get(f"/check/{draft_id}/advice").get_data(as_text=True)
    assert (
        f"ISA-TEST-HOUSING (Test housing agreement) expired on {YESTERDAY.isoformat()}, so it does not count." in advice
    )
    assert "The agreement named does not count" in advice  # A-ISA-LAPSED, from the pack


def test_without_a_matching_agreement_the_plain_question_is_asked(app):
    client = signed_in(app)
    draft_id = make_draft(app, "officer", dict(HOUSING_ANSWERS, recipient="housing_la"))
    page = client.get(AGREEMENT_PAGE.format(draft_id)).get_data(as_text=True)
    assert "Does an information sharing agreement cover this recipient and this purpose?" in page


def test_the_start_page_starts_a_check_for_another_way_of_sharing(app):
    client = signed_in(app)
    page = client.get("/check/").get_data(as_text=True)
    assert "Prepare for a multi-agency meeting" in page and 'value="pooled_database"' in page
    response = client.post("/check/new", data={"sharing_format": "direct_access"})
    draft_id = response.location.split("/")[2]
    assert answers_of(app, draft_id) == {"sharing_format": "direct_access"}
    response = client.post("/check/new", data={"sharing_format": "nonsense"})
    assert answers_of(app, response.location.split("/")[2]) == {}


def test_the_register_pages(app):
    officer = signed_in(app)
    page = officer.get("/agreements/").get_data(as_text=True)
    assert "ISA-TEST-MARAC" in page and "Expired" in page and "Review overdue" in page
    assert "Needs attention" not in page  # only for those who keep the register
    detail = officer.get("/agreements/ISA-TEST-MARAC").get_data(as_text=True)
    assert "Written for the tests." in detail and "ab" * 32 in detail
    assert officer.get("/agreements/ISA-NOPE").status_code == 404
    assert "Needs attention" in signed_in(app, "legal").get("/agreements/").get_data(as_text=True)


def test_the_api_takes_the_way_of_sharing_and_the_agreement_reference(app):
    token = tokens.add_token(app.extensions["sharewise_db"], user_id(app, "officer"), "tests")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    payload = dict(MARAC_ANSWERS, sharing_format="meeting", agreement_reference="ISA-TEST-MARAC")
    advice = client.post("/api/v1/decide", json=payload, headers=headers).get_json()
    assert advice["agreement"]["reference"] == "ISA-TEST-MARAC" and advice["agreement"]["counts"] is True
    assert "A-MEET-AGENDA" in {e["rule_id"] for e in advice["explanation"]}
    bad = client.post("/api/v1/decide", json=dict(payload, agreement_reference="ISA-TEST-MARC"), headers=headers)
    assert bad.status_code == 400 and bad.get_json()["field"] == "agreement_reference"
    assert "did you mean 'ISA-TEST-MARAC'" in bad.get_json()["message"]
    both = client.post(
        "/api/v1/decide", json=[MARAC_ANSWERS, dict(payload, sharing_agreement_in_place=True)], headers=headers
    )
    assert both.status_code == 400 and both.get_json()["field"] == "[1].sharing_agreement_in_place"
    wrong_way = client.post(
        "/api/v1/decide", json=dict(MARAC_ANSWERS, sharing_format="carrier_pigeon"), headers=headers
    )
    assert wrong_way.status_code == 400 and wrong_way.get_json()["field"] == "sharing_format"
