"""The advice page lays out the engine's advice: banner, items, handling, redactions, law, why, layers."""

import re

from markupsafe import escape

from tests.web.conftest import ANSWERS, make_draft
from web.pack import today


def advice_page(app, client, answers=None):
    client.post("/auth/login", data={"username": "officer", "password": "correct horse battery staple"})
    draft_id = make_draft(app, "officer", answers)
    response = client.get(f"/check/{draft_id}/advice")
    assert response.status_code == 200
    advice = app.extensions["sharewise_pack"].decide(dict(ANSWERS if answers is None else answers), as_at=today())
    return response.get_data(as_text=True), advice, draft_id


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_decision_banner_and_summary(app, client):
    html, advice, _ = advice_page(app, client)
    assert advice["decision"] == "share_with_conditions"
    assert 'class="app-decision app-decision--share_with_conditions"' in html
    assert "Share with conditions" in html
    assert str(escape(advice["summary"])) in html


def test_items_with_outcomes_and_reasons(app, client):
    html, advice, _ = advice_page(app, client)
    text = text_of(html)
    pack = app.extensions["sharewise_pack"]
    labels = {o.id: o.label for o in pack.question("data_categories").options}
    assert advice["items"] and all(item["reasons"] for item in advice["items"])
    for item in advice["items"]:
        assert labels[item["category"]] in text
        for reason in item["reasons"]:
            assert reason in text
    assert "Share redacted" in text  # third_party


def test_with_whom_and_how(app, client):
    html, advice, _ = advice_page(app, client)
    text = text_of(html)
    assert "Encrypted email to a named recipient" in text
    assert "Not without police consent" in text
    assert advice["regime"] in text
    details = app.extensions["sharewise_pack"].question("recipient").options
    channel = next(o for o in details if o.id == "la_childrens_services").details.get("channel")
    if channel:
        assert channel in text


def test_redactions_are_a_checklist(app, client):
    html, _advice, _ = advice_page(app, client)
    assert '<ul class="app-checklist">' in html
    assert "Remove people the recipient does not need." in html


def test_conditions_and_referrals(app, client):
    html, advice, _ = advice_page(app, client)
    text = text_of(html)
    assert advice["conditions"]
    for condition in advice["conditions"]:
        assert condition["text"] in text
    # Code C raises the pack's added question on the handling conditions: the journey asks it (issue 15).
    html, advice, _ = advice_page(app, client, dict(ANSWERS, handling_code="C", handling_conditions="not_checked"))
    text = text_of(html)
    # The intelligence waits for the source unit; the identity and third-party details can go now.
    assert advice["decision"] == "share_with_conditions"
    assert {i["category"]: i["outcome"] for i in advice["items"]}["intelligence_graded"] == "refer"
    assert "Who to refer to" in text and "Source unit" in text
    html, advice, _ = advice_page(
        app,
        client,
        dict(ANSWERS, handling_code="C", handling_conditions="not_checked", data_categories=["intelligence_graded"]),
    )
    assert advice["decision"] == "refer"  # nothing can go until the source unit agrees


def test_lawful_bases_link_to_the_legislation(app, client):
    html, advice, _ = advice_page(app, client)
    assert advice["lawful_bases"]
    for basis in advice["lawful_bases"]:
        assert f'href="{basis["url"]}" rel="noreferrer noopener">{basis["title"]}</a>' in html
        assert basis["citation"] in html


def test_why_and_full_explanation_behind_a_toggle(app, client):
    html, advice, _ = advice_page(app, client)
    # The rules behind the advice are folded away, after what to do now (issue 10: the page was 8,000 px).
    assert '<details class="govuk-details app-why">' in html
    assert html.index("app-why") > html.index("What to share") > html.index("app-decision")
    details = re.search(r'<details class="govuk-details app-full-explanation">.*?</details>', html, re.S).group(0)
    assert advice["explanation"]
    for entry in advice["explanation"]:
        assert entry["rule_id"] in details


def test_four_layers_with_their_status(app, client):
    html, advice, _ = advice_page(app, client)
    layers = re.findall(r"app-layers__layer app-layers__layer--(\w+)", html)
    assert layers == [layer["status"] for layer in sorted(advice["layers"], key=lambda x: x["layer"])]
    text = text_of(html)
    # The layers' names are the pack's (policies/wording.yaml), not Python strings in web/.
    for layer in advice["layers"]:
        assert layer["name"] in text
    assert "Passed" in text


def test_stop_bar_gives_do_not_share(app, client):
    html, advice, _ = advice_page(app, client, dict(ANSWERS, purpose="other_non_policing"))
    assert advice["decision"] == "do_not_share"
    assert "app-decision--do_not_share" in html
    assert "Do not share" in html
    assert "Failed" in text_of(html)


def test_record_button_only_for_roles_that_keep_records(app, client):
    html, _advice, draft_id = advice_page(app, client)
    assert f'href="/records/new/{draft_id}"' in html
    trainer = app.test_client()
    trainer.post("/auth/login", data={"username": "trainer", "password": "correct horse battery staple"})
    draft_id = make_draft(app, "trainer")
    html = trainer.get(f"/check/{draft_id}/advice").get_data(as_text=True)
    assert "/records/new/" not in html


def test_incomplete_draft_goes_back_to_the_questions(app, client):
    client.post("/auth/login", data={"username": "officer", "password": "correct horse battery staple"})
    draft_id = make_draft(app, "officer", {"recipient": "health"})
    assert client.get(f"/check/{draft_id}/advice").location == f"/check/{draft_id}/question/request_direction"
