"""An officer's whole journey in a real browser, with axe (WCAG 2.2 AA) on every page and screenshots.

Sign in, answer the questionnaire one page at a time, change an answer on check your answers (which
raises new questions), get advice, override it with a reason, save the justification record and open
its print view. A second test walks the bundled policy pack to check its real content as well.
"""

import re

import pytest

from tests.web.conftest import PASSWORD, loaded_pack

pytestmark = pytest.mark.browser

# govuk-frontend's ErrorSummary moves focus to itself when initAll() runs (app.mjs, a deferred module).
SUMMARY_HAS_FOCUS = "() => document.activeElement && document.activeElement.classList.contains('govuk-error-summary')"

FIRST_ANSWERS = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "third_party"],
    "data_subject_is_child": "unsure",
}


def sign_in(page, server, username="officer"):
    page.goto(server.url + "/auth/login")
    page.axe("sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(server.url + "/")


def sign_out(page, server):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(server.url + "/auth/login")


def current_question(page):
    match = re.search(r"/question/(\w+)", page.url)
    return match.group(1) if match else None


def answer(page, question, value):
    """Answer the question on the page as an officer would: by clicking labels or typing."""
    if question.type == "bool":
        page.get_by_label({True: "Yes", False: "No", "unsure": "I'm not sure"}[value], exact=True).check()
    elif question.type == "one_of":
        label = (
            "I'm not sure"
            if value == "unsure" and value not in [o.id for o in question.options]
            else next(o.label for o in question.options if o.id == value)
        )
        page.get_by_label(label, exact=True).check()
    elif question.type == "many_of":
        for option in question.options:
            box = page.get_by_label(option.label, exact=True)
            box.set_checked(option.id in value)
    else:
        page.locator("#answer").fill(str(value))
    page.get_by_role("button", name="Continue").click()


def answer_until_check_answers(page, pack, preferred, label=None):
    """Answer whatever the journey asks, from ``preferred`` (else a plain first answer); return the ids asked."""
    asked = []
    while current_question(page) and len(asked) < 40:
        question = pack.question(current_question(page))
        asked.append(question.id)
        if label:
            label(f"question {question.id}")
        value = preferred.get(question.id)
        if value is None:
            value = {"bool": True, "text": "2B", "number": 1}.get(question.type) or question.options[0].id
        if question.type == "many_of" and not isinstance(value, list):
            value = [value]
        answer(page, question, value)
    page.wait_for_url(re.compile(r".*/answers$"))
    return asked


def test_officer_journey(live_server, page):
    server = live_server
    pack = loaded_pack(server.app.config["POLICY_PACK"])
    sign_in(page, server)
    page.axe("home")

    page.get_by_role("navigation").get_by_role("link", name="Check before sharing").click()
    page.axe("start page")
    page.get_by_role("button", name="Start now").click()

    # The first question, with the error summary: it takes focus and links to the field.
    page.wait_for_url(re.compile(r".*/question/recipient$"))
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    assert page.title().startswith("Error: ")
    page.axe("question with an error")
    page.screenshot_as("question-error")

    asked = []
    while current_question(page):
        question_id = current_question(page)
        asked.append(question_id)
        heading = page.locator("h1")
        assert heading.inner_text().strip() == pack.question(question_id).wording
        page.axe(f"question {question_id}")
        if question_id == "data_subject_is_child":
            assert page.get_by_label("I'm not sure", exact=True).is_visible()
            page.get_by_text("Why we ask this").click()
            page.screenshot_as("question")
        answer(page, pack.question(question_id), FIRST_ANSWERS[question_id])
    assert asked == list(FIRST_ANSWERS)

    # Check your answers, then change what is shared: graded intelligence raises two new questions.
    page.wait_for_url(re.compile(r".*/answers$"))
    page.axe("check your answers")
    page.screenshot_as("check-answers")
    wording = pack.question("data_categories").wording
    page.get_by_role("link", name=f"Change your answer to: {wording}").click()
    back = page.locator(".govuk-back-link")
    assert back.get_attribute("href").endswith("/answers")
    graded = next(o.label for o in pack.question("data_categories").options if o.id == "intelligence_graded")
    page.get_by_label(graded, exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/question/intelligence_grading\?change=1$"))
    page.axe("new question after a change")
    page.locator("#answer").fill("2B")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r".*/question/handling_code\?change=1$"))
    answer(page, pack.question("handling_code"), "P")
    page.wait_for_url(re.compile(r".*/answers$"))
    rows = page.locator(".govuk-summary-list__key").all_inner_texts()
    assert pack.question("intelligence_grading").wording in rows

    # The advice: unsure about a child means refer.
    page.get_by_role("button", name="Get advice").click()
    page.wait_for_url(re.compile(r".*/advice$"))
    assert "Refer before sharing" in page.locator(".app-decision").inner_text()
    # What to do now comes first; the rules behind it are folded away (issue 10).
    assert page.get_by_role("button", name="Record your decision").is_visible()
    page.screenshot_as("advice")
    page.get_by_text("Full explanation (every rule considered)").click()
    assert page.locator(".app-full-explanation .app-explanation").is_visible()
    page.axe("advice")

    # Record: submitting nothing shows the error summary; then override with a reason.
    page.get_by_role("button", name="Record your decision").click()
    page.wait_for_url(re.compile(r".*/records/new/.*"))
    page.axe("record form")
    page.get_by_label("No, I am overriding it").check()
    page.get_by_role("button", name="Save the record").click()
    page.locator(".govuk-error-summary").wait_for()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    # Every problem at once, in the error summary, each linked to its field (issue 10: six tries).
    problems = page.locator(".govuk-error-summary__list a").all_inner_texts()
    assert len(problems) >= 3, problems
    assert {
        "Select what you decided",
        "Enter why you are overriding the advice",
        "Enter why sharing, or not sharing, is necessary",
    } <= set(problems)
    assert page.locator(".govuk-error-message").count() >= 3
    page.axe("record form with errors")
    page.screenshot_as("record-form-errors")
    page.get_by_label("No, I am overriding it").check()
    page.get_by_label("Share with conditions").check()
    page.get_by_label("Why are you overriding the advice?").fill(
        "The duty inspector confirmed by phone that the child is 6; sharing is needed today."
    )
    page.get_by_label("Why is sharing (or not sharing) necessary?").fill("The strategy meeting must know of the risk.")
    page.get_by_label("Why is it proportionate?").fill("Only name, address and the graded report; lodgers removed.")
    page.get_by_label("Person 1", exact=True).fill("The child")
    page.get_by_label("Role of person 1").select_option("child")
    page.get_by_label("What did you share?").fill("Name, address and the 2B report, third parties redacted.")
    page.get_by_label("Remove people the recipient does not need.").check()
    page.get_by_label("How did you share it?").fill("Encrypted email to the named social worker")
    page.get_by_label("Who asked for the information?").fill("Social worker, children's services, by phone at 10:05")
    page.get_by_label("How did you check who they are?").fill("Called back on the council switchboard")
    page.get_by_label("Name", exact=True).fill("Insp Dana Reed")
    page.get_by_label("Rank or role").fill("Inspector")
    page.get_by_label("Collar or staff number").fill("3003")
    page.axe("record form, filled in")
    page.screenshot_as("record-form")
    page.get_by_role("button", name="Save the record").click()

    page.wait_for_url(re.compile(r".*/records/[0-9a-f-]{36}$"))
    assert "Justification record saved" in page.locator(".govuk-notification-banner").inner_text()
    body = page.locator("main").inner_text()
    assert "advice overridden" in body
    assert "The duty inspector confirmed by phone" in body
    page.axe("record")
    page.screenshot_as("record")

    page.get_by_role("link", name="Print view").click()
    page.wait_for_url(re.compile(r".*/print$"))
    assert page.get_by_role("button", name="Print this record").is_visible()
    page.axe("print view")
    page.emulate_media(media="print")
    page.screenshot_as("record-print")
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Include the full explanation as an appendix").click()
    page.wait_for_url(re.compile(r".*/print\?appendix=1$"))
    page.axe("print view with the appendix")

    page.goto(server.url + "/records/")
    page.axe("my records")
    page.screenshot_as("my-records")

    # A supervisor reviews the overridden record: the queue, the count on the home page, the review.
    sign_out(page, server)
    sign_in(page, server, "supervisor")
    assert page.locator(".app-count__number").inner_text() == "1"
    page.axe("supervisor's home")
    page.locator("#to-review a").click()
    page.wait_for_url(re.compile(r".*/reviews/$"))
    page.axe("review queue")
    page.screenshot_as("review-queue")
    page.locator(".app-record-list a").first.click()
    page.get_by_role("link", name="Review this record").click()
    page.get_by_role("button", name="Save your review").click()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    page.axe("review with an error")
    page.get_by_label("No, I have concerns").check()
    page.get_by_label("Your reasons (needed if you have concerns)").fill(
        "The call-back number was not independently found."
    )
    page.axe("review form")
    page.screenshot_as("review-form")
    page.get_by_role("button", name="Save your review").click()
    page.wait_for_url(re.compile(r".*/records/[0-9a-f-]{36}#reviews$"))
    reviews = page.locator(".app-reviews").inner_text()
    assert "Has concerns" in reviews and "not independently found" in reviews
    page.axe("record with a review")
    page.screenshot_as("record-reviewed")
    page.goto(server.url + "/")
    assert page.locator(".app-count__number").inner_text() == "0"
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/auth/login$"))


def test_bundled_pack_walkthrough(live_server_bundled, page):
    """Walk the real pack (whatever its rules say today), checking every page it shows with axe."""
    server = live_server_bundled
    import engine

    pack = engine.default_pack()
    preferred = {
        "recipient": "la_childrens_services",
        "request_direction": "reactive",
        "purpose": "child_protection",
        "data_categories": ["identity", "address_contact", "childrens_data", "third_party"],
        "consent": "would_prejudice",
        "urgency": "urgent",
        "security_marking": "OFFICIAL-SENSITIVE",
        "subject_notified": "not_notified",
        "intelligence_grading": "2B",
    }
    sign_in(page, server)
    page.get_by_role("button", name="Start a new check").click()
    answer_until_check_answers(page, pack, preferred, page.axe)
    page.axe("check your answers (bundled pack)")
    page.get_by_role("button", name="Get advice").click()
    page.wait_for_url(re.compile(r".*/advice$"))
    page.get_by_text("Full explanation (every rule considered)").click()
    page.axe("advice (bundled pack)")
    page.screenshot_as("advice-bundled")


def test_other_roles_pages_are_accessible(live_server, page):
    """The pages other roles use: supervisor search, legal, training, and account administration."""
    server = live_server
    sign_in(page, server, "supervisor")
    page.goto(server.url + "/records/force?q=door")
    page.axe("force records search")
    sign_out(page, server)
    for role, path in (("legal", "/legal/"), ("trainer", "/training/")):
        sign_in(page, server, role)
        page.goto(server.url + path)
        page.axe(f"{role} area")
        sign_out(page, server)
    sign_in(page, server, "admin")
    page.goto(server.url + "/admin/users")
    page.axe("users")
    page.get_by_role("button", name="Add a user").click()
    page.get_by_role("button", name="Add user").click()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    page.axe("add a user, with errors")
    page.get_by_label("Username").fill("newofficer")
    page.get_by_label("Full name").fill("PC New Officer")
    page.get_by_label("Rank or role").fill("Police Constable")
    page.get_by_label("Collar or staff number").fill("7777")
    page.get_by_label("Officer", exact=True).check()
    page.get_by_role("button", name="Add user").click()
    page.get_by_text("User added").wait_for()
    page.axe("user added")
    page.allow_console_error("403 (FORBIDDEN)")
    page.goto(server.url + "/records/")
    assert page.locator("h1").inner_text() == "You cannot open this page"
    page.axe("403 page")
