"""The pages issue 13 added, in a real browser with axe (WCAG 2.2 AA) and screenshots: your account and a
new password; an administrator's account page, role, new password, tokens; the auditor's audit log."""

import re

import pytest

from tests.browser.test_journey import SUMMARY_HAS_FOCUS, sign_in, sign_out
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a new and long enough passphrase"


def test_your_account_and_a_new_password(live_server, page):
    server = live_server
    sign_in(page, server)
    page.get_by_role("link", name="Your account").click()
    page.wait_for_url(server.url + "/account/")
    page.axe("your account")
    page.screenshot_as("account")
    page.get_by_role("link", name="Change your password").click()
    page.get_by_role("button", name="Change password").click()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    page.axe("change password, with errors")
    page.screenshot_as("account-password-error")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(server.url + "/account/")
    page.get_by_text("Your password has been changed").wait_for()
    page.get_by_role("button", name="Sign out everywhere").click()
    page.wait_for_url(server.url + "/auth/login")
    page.get_by_text("You have signed out everywhere").wait_for()


def test_an_administrator_looks_after_an_account(live_server, page):
    server = live_server
    sign_in(page, server, "admin")
    page.goto(server.url + "/admin/users")
    page.get_by_role("link", name="officer2").click()
    page.axe("an account")
    page.get_by_role("link", name="Change role").click()
    page.axe("change role")
    page.screenshot_as("admin-role")
    page.get_by_label("Supervisor", exact=True).check()
    page.get_by_role("button", name="Save role").click()
    page.get_by_text("officer2 is now supervisor").wait_for()
    page.get_by_role("button", name="Issue a token").click()
    page.get_by_role("button", name="Issue token").click()
    page.wait_for_function(SUMMARY_HAS_FOCUS, timeout=5000)
    page.axe("issue a token, with errors")
    page.screenshot_as("admin-token-error")
    page.get_by_label("What is it for?").fill("case system")
    page.get_by_label("Get advice (decide)").check()
    page.get_by_label("In 30 days").check()
    page.get_by_role("button", name="Issue token").click()
    page.get_by_text("Token issued").wait_for()
    assert re.search(r"sw_\S+", page.locator(".app-free-text").inner_text())
    page.axe("token issued")
    page.get_by_role("link", name="Back to officer2").click()
    page.axe("an account with a token")
    page.screenshot_as("admin-account")
    page.get_by_role("button", name="Revoke").click()
    page.get_by_text("is revoked").wait_for()
    page.get_by_role("button", name="Set a new password").click()
    page.get_by_text("New password set").wait_for()
    page.axe("new password set")
    page.get_by_role("link", name="Back to officer2").click()
    page.get_by_role("button", name="Disable account").click()
    page.get_by_text("officer2 is disabled").wait_for()
    page.axe("a disabled account")
    page.goto(server.url + "/")
    sign_out(page, server)


def test_the_auditor_reads_the_audit_log(live_server, page):
    server = live_server
    sign_in(page, server, "admin")
    sign_out(page, server)
    sign_in(page, server, "auditor")
    page.get_by_role("navigation").get_by_role("link", name="Audit log").click()
    page.get_by_text("auth.sign_in").first.wait_for()
    page.axe("audit log")
    page.screenshot_as("audit-log")
    page.get_by_label("Events").select_option("auth.")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r".*event=auth\..*"))
    page.axe("audit log, filtered")
