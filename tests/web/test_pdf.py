"""The print view of a typical record is a two- or three-page justification record, and a PDF of it.

The PDF is made on the server with WeasyPrint (no browser); the test counts its A4 pages with pypdf.
Without WeasyPrint's system library (Pango) the tests skip and say why, as the browser tests do.
"""

import io

import pytest

from tests.web.conftest import PASSWORD, close_app, make_app
from web import draft_store, pdf

pytestmark = pytest.mark.skipif(
    pdf.unavailable_reason() is not None,
    reason=f"PDF tests need WeasyPrint and Pango (apt-get install -y libpango-1.0-0 libpangoft2-1.0-0): {pdf.unavailable_reason()}",
)

# A typical check: children's services asking about a mother's partner, with graded intelligence.
TYPICAL = {
    "recipient": "la_childrens_services",
    "request_direction": "reactive",
    "purpose": "child_protection",
    "data_categories": ["identity", "address_contact", "convictions_unspent", "intelligence_graded", "third_party"],
    "data_subject_is_child": True,
    "consent": "would_prejudice",
    "urgency": "urgent",
    "intelligence_grading": "2B",
    "handling_code": "P",
    "security_marking": "OFFICIAL-SENSITIVE",
    "sharing_agreement_in_place": True,
    "recipient_verified": True,
    "prejudice_to_investigation": False,
    "subject_notified": "not_notified",
}


@pytest.fixture
def bundled_app(tmp_path):
    app = make_app(tmp_path, None)
    yield app
    close_app(app)


def pages(document):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(document))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842)}  # A4 in points
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


def typical_record(app, client):
    from tests.web.conftest import user_id

    client.post("/auth/login", data={"username": "officer", "password": PASSWORD})
    engine = app.extensions["sharewise_db"]
    owner = user_id(app, "officer")
    draft_id = draft_store.new_draft(engine, owner)
    draft_store.save_draft(engine, draft_id, owner, dict(TYPICAL), list(TYPICAL))
    page = client.get(f"/check/{draft_id}/advice")
    assert page.status_code == 200, page.location
    reasons = (
        "Children's services are holding a strategy discussion today about a six-year-old. The mother's new partner "
        "has two unspent convictions for violence and recent graded intelligence about threats to a previous partner."
    )
    form = {
        "accepted": "yes",
        "necessity_rationale": reasons,
        "proportionality_rationale": "Only identity, address, the two convictions and the 2B report; lodgers removed.",
        "purpose_detail": "Risk of significant harm to Child A from the mother's partner.",
        "what_was_shared": "Name, date of birth and address of the partner; two convictions; a summary of the 2B report.",
        "method": "Encrypted email to the named social worker after a call back",
        "recipient_detail": "J. Smith, social worker, Exampleshire Children's Services",
        "requester": "J. Smith by phone at 10:05",
        "identity_verification": "Called back on the council switchboard number",
        "consent_notes": "Seeking consent could alert the partner and put the child at risk.",
        "subject-1-description": "The mother's partner",
        "subject-1-role": "suspect",
        "subject-2-description": "Child A",
        "subject-2-role": "child",
    }
    response = client.post(f"/records/new/{draft_id}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.location.rsplit("/", 1)[-1]


def test_the_pdf_of_a_typical_record_is_at_most_three_a4_pages(bundled_app):
    client = bundled_app.test_client()
    record_id = typical_record(bundled_app, client)
    response = client.get(f"/records/{record_id}/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    count, text = pages(response.data)
    assert 1 <= count <= 3, count
    for must in ("Justification record", "Decision maker", record_id[:8], "Record hash", "Policy pack"):
        assert must in text.replace("\n", " "), must
    assert "Appendix" not in text


def test_the_full_explanation_is_an_appendix_that_can_be_included(bundled_app):
    client = bundled_app.test_client()
    record_id = typical_record(bundled_app, client)
    short, _ = pages(client.get(f"/records/{record_id}/record.pdf").data)
    long, text = pages(client.get(f"/records/{record_id}/record.pdf?appendix=1").data)
    assert long > short and "Appendix" in text
    html = client.get(f"/records/{record_id}/print").get_data(as_text=True)
    assert "app-full-explanation" not in html and "Include the full explanation as an appendix" in html
    assert "Appendix: every rule" in client.get(f"/records/{record_id}/print?appendix=1").get_data(as_text=True)
