"""The bundled pack in a real browser: a changed recipient drops the answers about the old recipient, and
every page of the journey reflows at 320 px (WCAG 1.4.10) with no sideways scrolling; axe on each page."""

import re

import pytest

from tests.browser.test_journey import answer_until_check_answers, sign_in, sign_out

pytestmark = pytest.mark.browser

PREFERRED = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "address_contact", "third_party"],
    "consent": "would_prejudice",
    "urgency": "urgent",
    "security_marking": "OFFICIAL-SENSITIVE",
    "subject_notified": "not_notified",
    "intelligence_grading": "2B",
    "recipient_verified": True,
    "sharing_agreement_in_place": True,
    "data_subject_is_child": True,
    "prejudice_to_investigation": False,
    "pressing_need": True,
}

SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth + 1"


def test_changing_the_recipient_asks_again_what_was_about_the_recipient(live_server_bundled, page):
    import engine

    server = live_server_bundled
    pack = engine.default_pack()
    sign_in(page, server)
    page.get_by_role("button", name="Start a new check").click()
    answer_until_check_answers(page, pack, PREFERRED)
    verified = pack.question("recipient_verified").wording
    rows = page.locator(".govuk-summary-list__key").all_inner_texts()
    assert verified in rows, rows  # answered Yes about children's services
    page.screenshot_as("check-answers-before-change")

    page.get_by_role("link", name=f"Change your answer to: {pack.question('recipient').wording}").click()
    page.axe("recipient, grouped")
    page.screenshot_as("question-recipient-grouped")
    page.get_by_label("A member of the public", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    asked = answer_until_check_answers(page, pack, {**PREFERRED, "recipient_verified": False})
    # The old "Yes" about children's services did not survive: the question was asked again.
    assert "recipient_verified" in asked, asked
    # The agreement "Yes" was about children's services too: dropped, and asked again only if it matters now.
    agreement = pack.question("sharing_agreement_in_place").wording
    rows = page.locator(".govuk-summary-list__key").all_inner_texts()
    assert "sharing_agreement_in_place" in asked or agreement not in rows, (asked, rows)
    page.axe("check your answers after the change")
    page.get_by_role("link", name="Delete this check").click()
    page.axe("delete a check")
    page.screenshot_as("delete-check")
    page.get_by_role("link", name="No, go back to your answers").click()
    page.wait_for_url(re.compile(r".*/answers$"))


def test_every_page_of_the_journey_reflows_at_320px(live_server, browser):
    """WCAG 1.4.10: at 320 CSS px wide nothing scrolls sideways, on any page an officer or supervisor opens."""
    from tests.browser.conftest import Page
    from tests.web.conftest import loaded_pack

    server = live_server
    pack = loaded_pack(server.app.config["POLICY_PACK"])
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = Page(context.new_page())
    wide = []

    def check(label):
        page.page.wait_for_load_state()
        if page.evaluate(SCROLLS_SIDEWAYS):
            wide.append(f"{label} ({page.url}): {page.evaluate('document.documentElement.scrollWidth')} px")
        page.axe(f"{label} at 320 px")

    try:
        sign_in(page, server)
        check("home")
        page.goto(server.url + "/check/")
        check("start")
        page.get_by_role("button", name="Start now").click()
        page.get_by_role("button", name="Continue").click()
        check("question with an error")
        page.screenshot_as("320-question-error")
        answer_until_check_answers(
            page,
            pack,
            {"data_categories": ["identity", "intelligence_graded", "third_party"], "handling_code": "P", **PREFERRED},
            check,
        )
        check("check your answers")
        page.get_by_role("button", name="Get advice").click()
        page.wait_for_url(re.compile(r".*/advice$"))
        page.get_by_text("Why: the rules behind this advice").click()
        page.get_by_text("Full explanation (every rule considered)").click()
        check("advice, everything open")
        page.screenshot_as("320-advice")
        page.get_by_role("button", name="Record your decision").click()
        page.get_by_role("button", name="Save the record").click()
        check("record form with errors")
        page.get_by_label("Yes, I accept the advice").check()
        page.get_by_label("Why is sharing (or not sharing) necessary?").fill(
            "The strategy meeting must know of the risk today."
        )
        page.get_by_label("Why is it proportionate?").fill("Only name, address and the graded report.")
        page.get_by_label("Person 1", exact=True).fill(
            "The child's stepfather, 0123456789012345678901234567890123456789"
        )
        page.get_by_label("What did you share?").fill("Name and address")
        page.get_by_label("How did you share it?").fill("Encrypted email")
        page.get_by_label("Who asked for the information?").fill("Social worker by phone")
        page.get_by_label("How did you check who they are?").fill("Called back on the switchboard")
        page.get_by_role("button", name="Save the record").click()
        page.wait_for_url(re.compile(r".*/records/[0-9a-f-]{36}$"))
        check("record")
        page.screenshot_as("320-record")
        page.get_by_role("link", name="Print view").click()
        check("print view")
        page.goto(server.url + "/records/")
        check("my records")
        page.get_by_role("button", name="Menu").click()  # the service navigation folds away on a phone
        check("navigation menu open")
        sign_out(page, server)
        sign_in(page, server, "supervisor")
        check("supervisor's home")
        for path, label in (("/records/force", "force records"), ("/reviews/?status=all", "review queue")):
            page.goto(server.url + path)
            check(label)
        page.screenshot_as("320-review-queue")
        page.locator(".app-record-list a").first.click()
        page.get_by_role("link", name="Review this record").click()
        check("review form")
    finally:
        context.close()
    assert wide == [], "pages that scroll sideways at 320 px:\n" + "\n".join(wide)
    assert page.unexpected_errors() == []
