"""The questionnaire: one question per page, asked in the engine's order, check answers and changes."""

import re

import pytest

from tests.web.conftest import ANSWERS, age_draft, make_draft, user_id
from web import draft_store

FIRST_OPTION = {"bool": "yes"}


def start(client):
    """Open a new draft; returns (draft id, first question url)."""
    response = client.post("/check/new")
    draft_url = response.location
    response = client.get(draft_url)
    return draft_url.rsplit("/", 1)[-1], response.location


def form_for(question_id, value):
    """What the page's form posts for an answer."""
    if value is True:
        return {"answer": "yes"}
    if value is False:
        return {"answer": "no"}
    return {"answer": value}


def answer_all(client, draft_id, answers=ANSWERS):
    """Answer whatever is asked from `answers` until check your answers; returns the questions asked."""
    asked = []
    url = client.get(f"/check/{draft_id}").location
    while "/question/" in url:
        question_id = url.split("/question/")[1].split("?")[0]
        asked.append(question_id)
        response = client.post(url, data=form_for(question_id, answers[question_id]))
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        url = response.location
    assert url.endswith("/answers")
    return asked


def stored(app, draft_id, username="officer"):
    return draft_store.get_draft(app.extensions["sharewise_db"], draft_id, user_id(app, username))


def test_asks_only_what_the_engine_needs_in_its_order(app, client, auth):
    auth.login()
    draft_id, first = start(client)
    assert first.endswith("/question/recipient")
    asked = answer_all(client, draft_id)
    assert asked == list(ANSWERS)
    assert stored(app, draft_id)["answers"] == ANSWERS


def test_question_page_follows_the_gov_uk_pattern(client, auth, app):
    auth.login()
    draft_id, url = start(client)
    html = client.get(url).get_data(as_text=True)
    pack = app.extensions["sharewise_pack"]
    question = pack.question("recipient")
    # The question is the page heading, inside the fieldset legend.
    assert re.search(
        r'<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">\s*<h1 class="govuk-fieldset__heading">\s*'
        + re.escape(question.wording),
        html,
    )
    assert f"<title>{question.wording} – Sharewise – Test Constabulary</title>" in html.replace("&#39;", "'")
    assert "govuk-hint" in html
    assert "Why we ask this" in html and "govuk-details" in html
    assert '<a href="/check/" class="govuk-back-link">' in html
    assert html.count('type="radio"') == len(question.options)
    assert "I&#39;m not sure" not in html  # recipient does not allow unsure


def test_back_link_goes_to_the_previous_question(client, auth):
    auth.login()
    draft_id, url = start(client)
    second = client.post(url, data={"answer": "health"}).location
    html = client.get(second).get_data(as_text=True)
    assert f'<a href="/check/{draft_id}/question/recipient" class="govuk-back-link">' in html


def test_nothing_chosen_shows_an_error_summary(client, auth):
    auth.login()
    _draft_id, url = start(client)
    response = client.post(url, data={})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: " in html
    assert 'data-module="govuk-error-summary"' in html  # govuk-frontend moves focus to it
    # The pack's own error for the question, not a generic "Select an answer" (issue 10).
    assert '<a href="#answer">Select who would receive the information</a>' in html
    assert 'id="answer-error"' in html


def test_unknown_option_is_refused(client, auth):
    auth.login()
    _draft_id, url = start(client)
    response = client.post(url, data={"answer": "not-an-option"})
    assert response.status_code == 200
    assert "Select who would receive the information" in response.get_data(as_text=True)


def test_unsure_is_offered_where_the_question_allows_it(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer", {k: ANSWERS[k] for k in list(ANSWERS)[:4]})
    html = client.get(f"/check/{draft_id}/question/data_subject_is_child").get_data(as_text=True)
    assert 'value="unsure"' in html
    assert "I&#39;m not sure" in html
    assert "govuk-radios__divider" in html
    reading = app.extensions["sharewise_pack"].question("data_subject_is_child").unsure_reading
    if reading:
        assert "If you are not sure" in html


def test_unsure_answer_is_stored_and_never_leads_to_share(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer", {k: ANSWERS[k] for k in list(ANSWERS)[:4]})
    response = client.post(f"/check/{draft_id}/question/data_subject_is_child", data={"answer": "unsure"})
    assert response.status_code == 302
    assert stored(app, draft_id)["answers"]["data_subject_is_child"] == "unsure"
    answer_all(client, draft_id, dict(ANSWERS, data_subject_is_child="unsure"))
    html = client.get(f"/check/{draft_id}/advice").get_data(as_text=True)
    assert "Refer before sharing" in html
    assert "Duty inspector" in html


def test_text_answer_is_checked_against_the_pattern(client, auth, app):
    auth.login()
    answers = {k: ANSWERS[k] for k in list(ANSWERS)[:5]}
    draft_id = make_draft(app, "officer", answers)
    url = f"/check/{draft_id}/question/intelligence_grading"
    response = client.post(url, data={"answer": "9Z"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert app.extensions["sharewise_pack"].question("intelligence_grading").format_error in html
    assert 'value="9Z"' in html
    assert client.post(url, data={"answer": "2B"}).status_code == 302


def test_empty_text_answer(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer", {k: ANSWERS[k] for k in list(ANSWERS)[:5]})
    response = client.post(f"/check/{draft_id}/question/intelligence_grading", data={"answer": "  "})
    assert "Enter the 3x5x2 grade of the intelligence" in response.get_data(as_text=True)


def test_many_of_needs_at_least_one(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer", {k: ANSWERS[k] for k in list(ANSWERS)[:3]})
    url = f"/check/{draft_id}/question/data_categories"
    assert "Select every kind of information that would be shared" in client.post(url, data={}).get_data(as_text=True)
    response = client.post(url, data={"answer": ["identity", "third_party"]})
    assert response.status_code == 302
    assert stored(app, draft_id)["answers"]["data_categories"] == ["identity", "third_party"]


def test_a_question_that_does_not_arise_is_not_shown(client, auth, app):
    auth.login()
    answers = {k: ANSWERS[k] for k in list(ANSWERS)[:5]}
    answers["data_categories"] = ["identity"]
    draft_id = make_draft(app, "officer", answers)
    response = client.get(f"/check/{draft_id}/question/intelligence_grading")
    assert response.status_code == 302
    assert response.location == f"/check/{draft_id}"


def test_unknown_question_is_not_found(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer")
    assert client.get(f"/check/{draft_id}/question/no_such_question").status_code == 404


def test_check_answers_lists_every_answer_with_a_change_link(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer")
    response = client.get(f"/check/{draft_id}/answers")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    pack = app.extensions["sharewise_pack"]
    for question_id in ANSWERS:
        question = pack.question(question_id)
        assert f"/check/{draft_id}/question/{question_id}?change=1" in html
        assert (
            f'<span class="govuk-visually-hidden"> your answer to: {question.wording}</span>'.replace("'", "&#39;")
            in html
        )
    recipient = pack.question("recipient").option(ANSWERS["recipient"])
    label = re.escape(recipient.label.replace("'", "&#39;"))
    assert re.search(r'govuk-summary-list__value">\s*' + label + r"\s*</dd>", html)
    labels = [o.label for o in pack.question("data_categories").options if o.id in ANSWERS["data_categories"]]
    for label in labels:
        assert f"<li>{label}</li>".replace("'", "&#39;") in html
    assert f'href="/check/{draft_id}/advice"' in html


def test_check_answers_sends_you_back_if_something_is_missing(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer", {"recipient": "health"})
    response = client.get(f"/check/{draft_id}/answers")
    assert response.location == f"/check/{draft_id}/question/request_direction"


def test_change_that_makes_answers_irrelevant_clears_them(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer")
    page = client.get(f"/check/{draft_id}/question/data_categories?change=1").get_data(as_text=True)
    assert f'<a href="/check/{draft_id}/answers" class="govuk-back-link">' in page
    assert 'value="intelligence_graded" checked' in page
    response = client.post(
        f"/check/{draft_id}/question/data_categories?change=1", data={"answer": ["identity", "third_party"]}
    )
    assert response.location == f"/check/{draft_id}/answers"
    answers = stored(app, draft_id)["answers"]
    assert "intelligence_grading" not in answers and "handling_code" not in answers
    assert answers["data_categories"] == ["identity", "third_party"]
    html = client.get(f"/check/{draft_id}/answers").get_data(as_text=True)
    assert "/question/intelligence_grading" not in html


def test_change_that_raises_new_questions_asks_them_before_returning(client, auth, app):
    auth.login()
    answers = {k: v for k, v in ANSWERS.items() if k not in ("intelligence_grading", "handling_code")}
    answers["data_categories"] = ["identity"]
    draft_id = make_draft(app, "officer", answers)
    assert client.get(f"/check/{draft_id}/answers").status_code == 200
    response = client.post(
        f"/check/{draft_id}/question/data_categories?change=1", data={"answer": ["identity", "intelligence_graded"]}
    )
    assert response.location == f"/check/{draft_id}/question/intelligence_grading?change=1"
    response = client.post(response.location, data={"answer": "2B"})
    assert response.location == f"/check/{draft_id}/question/handling_code?change=1"
    response = client.post(response.location, data={"answer": "P"})
    assert response.location == f"/check/{draft_id}/answers"


def test_drafts_are_kept_server_side_and_can_be_resumed(client, auth, app):
    auth.login()
    draft_id, url = start(client)
    client.post(url, data={"answer": "health"})
    # Nothing of the answers travels in the cookie: only the user id, the session token and the time of the last request.
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    content = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert "health" not in str(content) and "recipient" not in str(content)
    assert set(content) <= {"user_id", "sid", "seen", "_permanent", "_flashes", "csrf_token"}
    # Sign out and back in: the draft is offered and resumes at the next question.
    client.post("/auth/logout")
    auth.login()
    home = client.get("/").get_data(as_text=True)
    assert f"/check/{draft_id}" in home
    assert client.get(f"/check/{draft_id}").location == f"/check/{draft_id}/question/request_direction"


def test_unfinished_checks_say_who_and_what_they_are_for(client, auth, app):
    auth.login()
    about = make_draft(app, "officer", {"recipient": "la_childrens_services", "purpose": "child_protection"})
    empty, _ = start(client)
    for path in ("/", "/check/"):
        items = {
            draft_id: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item))
            for item in client.get(path).get_data(as_text=True).split("<li>")[1:]
            for draft_id in (about, empty)
            if f"/check/{draft_id}" in item.split("</li>")[0]
        }
        pack = app.extensions["sharewise_pack"]
        labels = [
            pack.question(q).label_for(v)
            for q, v in (("recipient", "la_childrens_services"), ("purpose", "child_protection"))
        ]
        assert f"Continue the check: {labels[0]}, {labels[1]}, last changed" in items[about].replace("&#39;", "'")
        assert "2 answers given" in items[about]
        assert "Continue the check, last changed" in items[empty] and "0 answers given" in items[empty]


def test_an_answer_the_pack_does_not_know_is_left_out_of_the_description(client, auth, app):
    auth.login()
    odd = make_draft(app, "officer", {"recipient": "gone_away", "purpose": None, "data_categories": ["identity"]})
    html = client.get("/").get_data(as_text=True)
    item = next(i for i in html.split("<li>")[1:] if f"/check/{odd}" in i.split("</li>")[0])
    assert "gone_away" not in item and "None" not in item and "Continue the check, last changed" in item


def test_discarding_a_draft(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer")
    response = client.post(f"/check/{draft_id}/delete")
    assert response.location == "/check/"
    assert stored(app, draft_id) is None


def test_old_drafts_are_deleted(client, auth, app):
    auth.login()
    draft_id = make_draft(app, "officer")
    age_draft(app, draft_id, app.config["DRAFT_RETENTION_DAYS"] + 1)
    assert draft_id not in client.get("/check/").get_data(as_text=True)
    app.config["DRAFT_PURGE_INTERVAL_SECONDS"] = 0  # the purge is due (see test_draft_retention.py)
    client.get("/check/")
    assert stored(app, draft_id) is None


@pytest.mark.parametrize(
    "question_id", ["recipient", "data_categories", "data_subject_is_child", "intelligence_grading"]
)
def test_answered_question_shows_the_answer(client, auth, app, question_id):
    auth.login()
    draft_id = make_draft(app, "officer")
    html = client.get(f"/check/{draft_id}/question/{question_id}").get_data(as_text=True)
    value = ANSWERS[question_id]
    if question_id == "data_subject_is_child":
        assert 'value="yes" checked' in html
    elif question_id == "intelligence_grading":
        assert 'value="2B"' in html
    else:
        for item in value if isinstance(value, list) else [value]:
            assert f'value="{item}" checked' in html
