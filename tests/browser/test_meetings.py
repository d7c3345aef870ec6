"""Meetings and the agreements register in a real browser, with axe (WCAG 2.2 AA) on every page and screenshots.

An officer prepares a MARAC meeting with three agenda subjects, checks two of them (recording the decision on
the first), and prints the meeting pack; an agreement that expired yesterday is not proposed, and the advice
says why; the register's pages. Runs on the bundled pack with a register dated around today.
"""

import datetime
import re

import pytest

from tests.browser.test_journey import SUMMARY_HAS_FOCUS, answer, current_question, sign_in
from tests.web.conftest import loaded_pack
from tests.web.register_pack import HOUSING_ANSWERS, MARAC_ANSWERS

pytestmark = pytest.mark.browser

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
SUBJECTS = ("Case 1: A.B. (victim), high risk", "Case 2: C.D. (victim), repeat referral", "Case 3: E.F. (victim)")
MEETING_ANSWERS = {
    "request_direction": "proactive",
    "data_categories": ["identity", "address_contact", "convictions_unspent", "non_conviction"],
    "data_subject_is_child": False,
    "urgency": "urgent",
    "consent": "would_prejudice",
    "security_marking": "OFFICIAL-SENSITIVE",
    "recipient_verified": True,
    "prejudice_to_investigation": False,
    "subject_notified": "not_notified",
}


def answer_until_done(page, pack, answers, label):
    """Answer every question the check asks, checking each page with axe; returns the ids asked."""
    asked = []
    while current_question(page) and len(asked) < 30:
        question = pack.question(current_question(page))
        page.axe(f"{label}: question {question.id}")
        value = answers.get(question.id)
        if value is None:
            value = {"bool": True, "text": "2B"}.get(question.type) or question.options[0].id
        answer(page, question, value)
        asked.append(question.id)
    return asked


def test_an_officer_prepares_a_marac_meeting_and_prints_the_pack(live_server_register, page):
    server = live_server_register
    pack = loaded_pack(server.app.config["POLICY_PACK"])
    sign_in(page, server)
    page.get_by_role("navigation").get_by_role("link", name="Meetings").click()
    page.axe("meetings")
    page.get_by_role("button", name="Open a meeting").click()

    page.get_by_role("button", name="Continue").click()
    page.locator(".govuk-error-summary").wait_for()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    page.axe("open a meeting, with errors")
    page.get_by_label("MARAC (domestic abuse risk conference)").check()
    page.get_by_label("Day").fill(str(TODAY.day))
    page.get_by_label("Month").fill(str(TODAY.month))
    page.get_by_label("Year").fill(str(TODAY.year))
    page.axe("open a meeting")
    page.screenshot_as("meeting-new")
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(re.compile(r".*/agreement$"))
    page.axe("the meeting's agreement")
    page.screenshot_as("meeting-agreement")
    page.get_by_label("ISA-TEST-MARAC: Test MARAC protocol").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/purpose$"))
    page.axe("the meeting's purpose")
    page.get_by_label("Reducing domestic abuse risk").check()
    page.get_by_role("button", name="Continue").click()

    for label in SUBJECTS:
        page.get_by_label("Add an agenda subject").fill(label)
        page.get_by_role("button", name="Add the subject").click()
        page.get_by_text(f"Agenda subject added: {label}").wait_for()
    page.axe("the meeting with three subjects")
    page.screenshot_as("meeting")

    # Subject 1: the check, prefilled with what the meeting fixes, then the decision recorded.
    page.get_by_role("button", name=f"Run the check for {SUBJECTS[0]}").click()
    asked = answer_until_done(page, pack, MEETING_ANSWERS, "subject 1")
    assert not {"recipient", "purpose", "sharing_format", "sharing_agreement_in_place"} & set(asked)
    page.wait_for_url(re.compile(r".*/answers$"))
    page.axe("check your answers for a meeting subject")
    page.get_by_role("button", name="Get advice").click()
    page.wait_for_url(re.compile(r".*/advice$"))
    body = page.locator("main").inner_text()
    assert "ISA-TEST-MARAC" in body and "Say only what bears on the agenda subject" in body
    page.axe("advice for a meeting subject")
    page.screenshot_as("meeting-subject-advice")
    page.get_by_role("button", name="Record your decision").click()
    if current_question(page) == "request_direction":  # the record needs it although the advice did not
        page.axe("a question the record needs")
        answer(page, pack.question("request_direction"), "proactive")
    page.wait_for_url(re.compile(r".*/records/new/.*"))
    page.get_by_label("Yes, I accept the advice").check()
    page.get_by_label("Why is sharing (or not sharing) necessary?").fill(
        "The MARAC needs the perpetrator's history for the safety plan."
    )
    page.get_by_label("Why is it proportionate?").fill(
        "Only his identity, address and relevant offending; nothing about third parties."
    )
    page.get_by_label("Person 1", exact=True).fill("The perpetrator, G.H.")
    page.get_by_label("Role of person 1").select_option("suspect")
    page.get_by_label("What did you share?").fill(
        "Name, address, his conviction for ABH, two NFA incidents labelled as unproven."
    )
    page.get_by_label("How did you share it?").fill("Verbally at the MARAC; recorded in the minutes")
    page.get_by_label("Consent and notification").fill("Not sought: asking would alert him and put the victim at risk.")
    page.get_by_role("button", name="Save the record").click()
    page.wait_for_url(re.compile(r".*/meetings/[\w-]+$"))
    assert "Justification record saved" in page.locator(".govuk-notification-banner").inner_text()

    # Subject 2: checked to the advice, not yet recorded. Subject 3 is not checked.
    page.get_by_role("button", name=f"Run the check for {SUBJECTS[1]}").click()
    answer_until_done(page, pack, dict(MEETING_ANSWERS, data_categories=["identity", "special_category"]), "subject 2")
    page.wait_for_url(re.compile(r".*/answers$"))
    page.get_by_role("button", name="Get advice").click()
    page.get_by_role("link", name="Back to the meeting").click()
    rows = page.locator("tbody tr").all_inner_texts()
    assert "Recorded" in rows[0] and "Advice given" in rows[1] and "Not checked" in rows[2]
    page.axe("the meeting with its subjects checked")
    page.screenshot_as("meeting-checked")

    # The meeting pack, printed, and as PDF.
    page.get_by_role("button", name="Open the meeting pack").click()
    page.wait_for_url(re.compile(r".*/pack$"))
    text = page.locator("main").inner_text()
    assert all(label in text for label in SUBJECTS)
    assert "Not checked yet: nothing may be shared on this subject" in text and "Decision recorded" in text
    assert page.get_by_role("button", name="Print the meeting pack").is_visible()
    page.axe("the meeting pack")
    page.emulate_media(media="print")
    page.screenshot_as("meeting-pack-print")
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"meeting-pack-{TODAY.isoformat()}.pdf"


def test_an_agreement_that_expired_yesterday_is_not_proposed(live_server_register, page):
    server = live_server_register
    pack = loaded_pack(server.app.config["POLICY_PACK"])
    sign_in(page, server)
    page.get_by_role("navigation").get_by_role("link", name="Check before sharing").click()
    page.axe("start page with other ways of sharing")
    page.screenshot_as("start-ways-of-sharing")
    page.get_by_role("button", name="Start now").click()
    answers = {
        **HOUSING_ANSWERS,
        "recipient_verified": True,
        "prejudice_to_investigation": False,
        "subject_notified": "not_notified",
        "pressing_need": True,
    }
    while current_question(page) != "sharing_agreement_in_place":
        question = pack.question(current_question(page))
        answer(page, question, answers[question.id])
    warning = page.locator(".govuk-warning-text").inner_text()
    assert "ISA-TEST-HOUSING" in warning and f"expired on {YESTERDAY.day} {YESTERDAY:%B %Y}" in warning
    assert page.locator('input[value="ISA-TEST-HOUSING"]').count() == 0
    page.axe("no agreement counts")
    page.screenshot_as("agreement-expired-not-proposed")
    page.get_by_role("button", name="Continue").click()
    answer_until_done(page, pack, answers, "after the agreement")
    page.wait_for_url(re.compile(r".*/answers$"))
    page.get_by_role("button", name="Get advice").click()
    page.wait_for_url(re.compile(r".*/advice$"))
    body = page.locator("main").inner_text()
    assert (
        f"ISA-TEST-HOUSING (Test housing agreement) expired on {YESTERDAY.isoformat()}, so it does not count." in body
    )
    page.axe("advice with an expired agreement")
    page.screenshot_as("advice-agreement-expired")


def test_the_agreement_in_force_is_proposed_and_the_register_pages(live_server_register, page):
    server = live_server_register
    pack = loaded_pack(server.app.config["POLICY_PACK"])
    sign_in(page, server)
    page.goto(server.url + "/check/")
    page.get_by_role("button", name="Start now").click()
    answers = MARAC_ANSWERS
    while current_question(page) != "sharing_agreement_in_place":
        question = pack.question(current_question(page))
        answer(page, question, answers[question.id])
    page.axe("an agreement proposed")
    page.screenshot_as("agreement-proposed")
    page.get_by_label("Yes, share under ISA-TEST-MARAC (version 1)").check()
    page.get_by_role("button", name="Continue").click()
    assert current_question(page) != "sharing_agreement_in_place"

    page.get_by_role("navigation").get_by_role("link", name="Agreements").click()
    page.axe("the register of agreements")
    page.screenshot_as("agreements")
    page.get_by_role("link", name="ISA-TEST-MARAC").click()
    page.axe("one agreement")
    page.screenshot_as("agreement")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server, "legal")
    page.goto(server.url + "/agreements/")
    assert "Needs attention" in page.locator("main").inner_text()
    page.axe("the register, for those who keep it")
