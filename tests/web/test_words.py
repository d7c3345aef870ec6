"""Issue 16: officer-facing wording comes from the pack or the templates, not from Python strings."""

from tests.web.conftest import ANSWERS, make_draft


def test_worded_errors_and_answers_are_escaped_once(app, client, auth):
    """A macro's words are Markup (escaped once); turning them into str would have the page escape them again
    and show the officer "&#39;" for an apostrophe."""
    auth.login()
    answers = {k: v for k, v in ANSWERS.items() if k != "handling_code"}
    draft_id = make_draft(app, "officer", answers)
    html = client.post(f"/check/{draft_id}/question/handling_code", data={}).get_data(as_text=True)
    assert "Select the intelligence&#39;s handling code" in html and "&amp;#39;" not in html
    html = client.get(f"/check/{make_draft(app, 'officer')}/answers").get_data(as_text=True)
    assert "children&#39;s" in html and "&amp;" not in html
