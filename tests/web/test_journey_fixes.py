"""Issue 10, the officer's journey at 2 a.m.: each bug seen, tested through the web test client.

Stale answers after a change, grouped long choices, the pack's own error text, the pack's added
questions asked, deleting only after confirmation, one current page in the navigation, GOV.UK dates,
and the record page showing the answers the decision rests on.
"""

import re

from tests.web.conftest import ANSWERS, PASSWORD, make_draft, save_record
from web import draft_store


def login(client, username="officer"):
    client.post("/auth/login", data={"username": username, "password": PASSWORD})


def stored(app, draft_id, username="officer"):
    from tests.web.conftest import user_id

    return draft_store.get_draft(app.extensions["sharewise_db"], draft_id, user_id(app, username))


def test_changing_the_recipient_drops_the_answers_about_the_recipient(app, client):
    login(client)
    answers = dict(ANSWERS, recipient_verified=True, sharing_agreement_in_place=True, urgency="routine")
    draft_id = make_draft(app, "officer", answers)
    response = client.post(f"/check/{draft_id}/question/recipient?change=1", data={"answer": "media"})
    assert response.status_code == 302
    kept = stored(app, draft_id)["answers"]
    assert kept["recipient"] == "media"
    assert "recipient_verified" not in kept and "sharing_agreement_in_place" not in kept
    assert kept["urgency"] == "routine"


def test_answering_the_same_recipient_again_keeps_everything(app, client):
    login(client)
    answers = dict(ANSWERS, recipient_verified=True)
    draft_id = make_draft(app, "officer", answers)
    client.post(f"/check/{draft_id}/question/recipient?change=1", data={"answer": ANSWERS["recipient"]})
    assert stored(app, draft_id)["answers"]["recipient_verified"] is True


def test_long_choices_are_grouped_under_the_packs_headings(app, client):
    login(client)
    draft_id = make_draft(app, "officer", {})
    html = client.get(f"/check/{draft_id}/question/recipient").get_data(as_text=True)
    pack = app.extensions["sharewise_pack"]
    question = pack.question("recipient")
    legends = re.findall(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\s*(.*?)\s*</legend>', html, re.S
    )
    assert legends == [group.label for group in question.groups]
    assert html.count('name="answer"') == len(question.options)
    assert 'id="answer"' in html  # the error summary's link lands on the first choice
    categories = client.get(
        f"/check/{make_draft(app, 'officer', {k: ANSWERS[k] for k in list(ANSWERS)[:3]})}/question/data_categories"
    )
    assert "Offending history" in categories.get_data(as_text=True)


def test_the_packs_added_question_is_asked_when_it_arises(app, client):
    """handling_conditions has a default, so the engine never lists it as missing; the journey asks it."""
    login(client)
    draft_id = make_draft(app, "officer", dict(ANSWERS, handling_code="C"))
    response = client.get(f"/check/{draft_id}/answers")
    assert response.location == f"/check/{draft_id}/question/handling_conditions"
    page = client.get(response.location)
    assert page.status_code == 200
    assert app.extensions["sharewise_pack"].question("handling_conditions").wording in page.get_data(as_text=True)
    response = client.post(response.location, data={"answer": "allow"})
    assert response.location == f"/check/{draft_id}/answers"


def test_deleting_a_check_asks_first(app, client):
    login(client)
    draft_id = make_draft(app, "officer")
    answers_page = client.get(f"/check/{draft_id}/answers").get_data(as_text=True)
    assert f'href="/check/{draft_id}/delete"' in answers_page
    confirm = client.get(f"/check/{draft_id}/delete")
    assert confirm.status_code == 200 and "Are you sure you want to delete this check?" in confirm.get_data(
        as_text=True
    )
    assert stored(app, draft_id) is not None  # looking at the question deletes nothing
    assert client.post(f"/check/{draft_id}/delete").status_code == 302
    assert stored(app, draft_id) is None


def test_only_one_page_is_current_in_the_navigation(app, client):
    login(client, "supervisor")
    html = client.get("/records/force").get_data(as_text=True)
    current = re.findall(r'govuk-service-navigation__item--active.*?href="([^"]+)"', html, re.S)
    assert current == ["/records/force"]


def test_dates_are_written_the_govuk_way(app, client):
    record_id = save_record(app, client)
    html = client.get("/records/").get_data(as_text=True)
    assert re.search(
        r"\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} at (\d{1,2}(:\d{2})?(am|pm)|midday|midnight)",
        html,
    )
    assert "UTC" not in html
    assert record_id in client.get(f"/records/{record_id}").get_data(as_text=True)


def test_the_record_page_shows_the_answers_the_decision_rests_on(app, client):
    record_id = save_record(app, client)
    html = client.get(f"/records/{record_id}").get_data(as_text=True)
    assert "The answers the decision rests on" in html
    pack = app.extensions["sharewise_pack"]
    for question_id in ANSWERS:
        assert pack.question(question_id).wording in html.replace("&#39;", "'")


def test_uk_time_reads_like_govuk():
    import datetime

    from web.dates import uk_time

    assert uk_time("2026-12-01T20:31:00.000000Z") == "1 December 2026 at 8:31pm"
    assert uk_time("2026-07-01T11:00:00.000000Z") == "1 July 2026 at midday"  # BST
    assert uk_time("2027-03-27", "date") == "27 March 2027"
    assert uk_time(datetime.datetime(2026, 12, 1, 9, 5)) == "1 December 2026 at 9:05am"
