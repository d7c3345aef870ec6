"""The print-ready HTML: every Part D2 section, the chain head, escaping, and stability over time."""

import copy
import re

import markupsafe
import pytest

import engine
from engine.records import build_record, open_store, render_html
from engine.records.render import record_marking
from tests.records.conftest import append_samples
from tests.records.samples import inputs


@pytest.fixture
def store(sqlite_url):
    """Rendering does not depend on the database, so one (SQLite) is enough here."""
    with open_store(sqlite_url) as opened:
        yield opened


def test_page_shows_the_record_and_the_chain_head(store):
    record = append_samples(store, 2)[0]
    head = store.head()
    html = render_html(store.get(record["id"]), head)
    for text in (
        record["id"],
        record["hash"],
        record["prev_hash"],
        head["hash"],
        "PC Ada Example",
        "PC1234",
        "Exampleshire Police",
        "la_childrens_services",
        "child_protection",
        "Children Act 2004, s.11",
        "DPA 2018 Part 3",
        "Data Protection Act 2018, s.35(2)(b)",
        "R05-THIRD-PARTY",
        "Secure email to the MASH team inbox",
        "Call-back via the MASH switchboard",
        "england-and-wales",
        "2026.11.1",
        record["policy_pack"]["sha256"],
        record["engine_version"],
        record["review"]["review_date"],
        "share_with_conditions",
        "accepted the advice",
        "No onward disclosure without consent.",
    ):
        assert text in html, text
    assert f"seq {head['seq']}: {head['hash']}" in html
    for number, title in enumerate(
        [
            "Decision",
            "Decision maker and authoriser",
            "Request",
            "Recipient",
            "Data subjects and data",
            "Purpose",
            "Legal power",
            "Data-protection basis",
            "Necessity and proportionality",
            "Consent and notification",
            "What was shared",
            "Handling and method",
            "Review and retention",
        ],
        start=1,
    ):
        assert f"<h2>{number}. {title}</h2>" in html


def test_head_may_be_given_as_a_bare_hash(store):
    record = append_samples(store, 1)[0]
    assert "f" * 64 in render_html(record, "f" * 64)


def test_page_is_self_contained_and_printable(store):
    html = render_html(append_samples(store, 1)[0], store.head())
    assert "@page" in html and "@media print" in html
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_text_is_escaped(store):
    nasty = '<script>alert("x")</script>'
    record = append_samples(store, 1, sharing={"what_was_shared": nasty})[0]
    html = render_html(record, store.head())
    assert nasty not in html and "&lt;script&gt;" in html


def test_override_and_amendment_are_prominent(store):
    original = append_samples(store, 1)[0]
    values = inputs(
        decision={"accepted": False, "final_decision": "do_not_share", "override_reason": "Source risk."},
        sharing={"what_was_shared": None, "method": None},
    )
    amendment = store.append(build_record(**values, amends=original["id"], amendment_reason="Re-assessed."))
    html = render_html(amendment, store.head())
    assert "overrode the advice" in html and "Source risk." in html
    assert f'This record amends record <span class="hash">{original["id"]}</span>' in html
    assert "This record has been amended" in render_html(store.get(original["id"]), store.head())


def test_rendering_uses_the_stored_advice_only(store, monkeypatch):
    """A record renders the same after the pack changes: nothing but the stored record is read."""
    record = append_samples(store, 1)[0]
    first = render_html(store.get(record["id"]), "a" * 64)

    def no_pack(*_args, **_kwargs):
        raise AssertionError("rendering a record must not load a policy pack")

    monkeypatch.setattr(engine, "load_pack", no_pack, raising=False)
    monkeypatch.setattr(engine, "default_pack", no_pack, raising=False)
    later = copy.deepcopy(store.get(record["id"]))
    assert render_html(later, "a" * 64) == first
    assert str(markupsafe.escape(record["advice"]["summary"])) in first


def test_nonce_is_applied_to_the_stylesheet(store):
    html = render_html(append_samples(store, 1)[0], store.head(), nonce="abc123")
    assert '<style nonce="abc123">' in html


def test_marking_is_never_below_official_sensitive():
    assert record_marking({"handling": {"security_marking": "OFFICIAL"}}) == "OFFICIAL-SENSITIVE"
    assert record_marking({"handling": {"security_marking": "SECRET"}}) == "SECRET"
    assert record_marking({}) == "OFFICIAL-SENSITIVE"


def test_missing_values_read_as_a_dash(store):
    html = render_html(append_samples(store, 1)[0], store.head())
    assert re.search(r"<dt>Handling code</dt><dd>—</dd>", html)
