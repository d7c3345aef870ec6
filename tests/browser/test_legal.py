"""Legal services in a real browser: browse to a rule, search, read the coverage and the analysis, then
upload a changed draft and see its impact, with axe (WCAG 2.2 AA) on every page and screenshots."""

import re

import pytest

from tests.browser.test_journey import SUMMARY_HAS_FOCUS, sign_in
from tests.web.conftest import loaded_pack, zip_folder
from tests.web.test_legal_drafts import REFER_TO_WITHHOLD, store_records
from web import draft_impact, legal_work

pytestmark = pytest.mark.browser


def wait_for_impact(server, page):
    """Join the background impact of the draft on the page, then press "Check again" as a person would."""
    draft_id = page.url.rsplit("/", 1)[-1]
    thread = server.app.extensions.get(draft_impact.THREADS, {}).get(draft_id)
    if thread is not None:
        thread.join(300)
    if page.get_by_role("button", name="Check again").count():
        page.get_by_role("button", name="Check again").click()
        page.wait_for_load_state()


def test_legal_services_browse_the_pack_and_try_a_draft(live_server_legal, page, legal_pack_path, tmp_path):
    server = live_server_legal
    pack = loaded_pack(legal_pack_path)
    stored = store_records(server.app, pack)
    sign_in(page, server, "legal")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Legal").click()
    page.wait_for_url(server.url + "/legal/")
    page.axe("legal overview")
    page.screenshot_as("legal-overview")

    # Browse to a rule: the rules by kind and layer, then one rule's page.
    page.get_by_role("navigation", name="Legal services").get_by_role("link", name="Rules").click()
    page.axe("rules")
    page.screenshot_as("legal-rules")
    page.get_by_role("link", name="W-BAR-HANDLING", exact=True).click()
    page.wait_for_url(re.compile(r".*/legal/rules/W-BAR-HANDLING$"))
    assert page.locator("h1").inner_text() == "Intelligence without a P code is referred to the source unit"
    legal_work.scenario_results(pack).wait(120)
    page.reload()
    body = page.locator("main").inner_text()
    assert "Graded intelligence with a C code waits for the source unit" in body
    assert "APP Intelligence management, 3x5x2 handling" in body
    page.axe("a rule")
    page.screenshot_as("legal-rule")

    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words to find").fill("intelligence graded")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r".*/legal/search\?q=.*"))
    assert page.get_by_role("link", name="W-BAR-GRADE-E").is_visible()
    page.axe("search results")
    page.screenshot_as("legal-search")

    page.get_by_role("link", name="Scenario coverage").click()
    assert "Rules exercised" in page.locator("main").inner_text()
    page.axe("coverage")
    page.screenshot_as("legal-coverage")

    page.get_by_role("link", name="Analysis", exact=True).click()
    page.axe("analysis (first view)")
    import datetime

    legal_work.analysis(pack, datetime.date.today()).wait(300)
    page.reload()
    assert "Combinations no power can cover" in page.locator("main").inner_text()
    page.axe("analysis")
    page.screenshot_as("legal-analysis")

    # A draft: nothing chosen, then one with a YAML tag, then one bar made to withhold.
    page.get_by_role("link", name="Draft packs").click()
    page.axe("draft packs")
    page.allow_console_error("400 (BAD REQUEST)")  # the form with its error is answered 400
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    page.axe("draft packs, with an error")
    page.screenshot_as("legal-drafts-error")

    tagged = tmp_path / "tagged.zip"
    tagged.write_bytes(
        zip_folder(
            legal_pack_path, {"web_rules.yaml": ("    note: An offence.\n", "    note: !!python/name:os.system\n")}
        )
    )
    page.get_by_label("Zip file of the draft pack").set_input_files(str(tagged))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r".*/legal/drafts/[\w-]+$"))
    assert "is not allowed in policy files" in page.locator("main").inner_text()
    page.axe("draft with problems")
    page.screenshot_as("legal-draft-problems")
    page.get_by_role("button", name="Discard the draft").click()
    page.get_by_text("The draft was discarded.").wait_for()

    draft = tmp_path / "handling-withheld.zip"
    draft.write_bytes(zip_folder(legal_pack_path, REFER_TO_WITHHOLD))
    page.get_by_label("Zip file of the draft pack").set_input_files(str(draft))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r".*/legal/drafts/[\w-]+$"))
    page.axe("draft being worked out")
    wait_for_impact(server, page)
    headline = page.locator("#impact-headline").inner_text()
    assert headline == (
        f"1 of 4 scenarios and 2 of {len(stored)} past decisions change; 0 become less restrictive and 3 more restrictive."
    )
    body = page.locator("main").inner_text()
    assert "Scenario: Graded intelligence with a C code waits for the source unit" in body
    assert 'effect: was "refer", now "withhold"' in body
    page.axe("draft impact")
    page.screenshot_as("legal-draft-impact")

    page.get_by_role("link", name="Draft packs").click()
    page.get_by_text("Impact ready").wait_for()  # a click does not wait for the next page
    page.axe("draft packs, with a draft")
