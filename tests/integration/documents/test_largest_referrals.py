"""The largest referral each form accepts, from intake's store to the PDF and the console.

Every text at its limit and every repeating group full (``samples.answers(largest=True)``),
stored by intake's repository in PostgreSQL; the case opened by the scheduler's open_case
job; the documents worker renders it (docxtpl, LibreOffice through the unoserver pool, S3);
the PDF is fetched as intake will fetch it (``/api/cases/<ref>/referral.pdf``) and read
with pypdf; the console's case page is read with BeautifulSoup.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from redis import Redis
from rq import SimpleWorker
from rq.job import Job, JobStatus
from sqlalchemy.engine import Engine

from services.scheduler.app import create_app as create_scheduler_app
from shared.forms import samples
from shared.forms.checks import check_answers
from shared.forms.model import Form
from shared.forms.registry import FORMS, REFERRAL_FORMS
from tests.integration.documents.conftest import SERVICE_TOKEN
from tests.integration.scheduler.factories import (
    RECEIVED_AT,
    open_case,
    scheduler_config,
    store_referral,
)
from tests.unit.scheduler.factories import add_staff
from tests.unit.scheduler.web_helpers import page, sign_in

FAMILY_NAME = "Zofia Wiśniewska"
LAST_EVENT = "Discharged home with a safety plan agreed by all agencies."


def padded(start: str, length: int) -> str:
    """``start``, then filler words up to ``length`` characters (the question's limit)."""
    text = (f"{start} " + "filler " * length)[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def largest_answers(form: Form) -> dict[str, Any]:
    """The largest answers the checks accept, with a last family member and a last event
    that can be told apart from the others (the samples repeat one text)."""
    answers = samples.answers(form, today=RECEIVED_AT.date(), largest=True)
    family = next(p.repeating for p in form.pages if p.repeating and p.id == "family-members")
    chronology = next(p.repeating for p in form.pages if p.repeating and p.id == "chronology")
    name_limit = next(q.max_length for q in family.questions if q.id == "name")
    event_limit = next(q.max_length for q in chronology.questions if q.id == "event")
    answers["family_members"][-1]["name"] = padded(FAMILY_NAME, name_limit)
    answers["chronology"][-1]["event"] = padded(LAST_EVENT, event_limit)
    checked = check_answers(form, answers, RECEIVED_AT.date())
    assert checked.ok, checked.errors
    assert len(answers["family_members"]) == family.max_items
    assert len(answers["chronology"]) == chronology.max_items
    return answers


def words(text: str) -> str:
    """PDF text with the layout's line breaks folded back into single spaces."""
    return " ".join(text.split())


def body(page_text: str) -> str:
    """A page's text without its header and footer (the marking, the partnership's name,
    the case reference, the footer), so that an answer running on across a page break
    reads on."""
    kept = [
        line
        for line in page_text.splitlines()
        if not line.startswith(("OFFICIAL-SENSITIVE", "Greenwich Safeguarding Children"))
    ]
    return "\n".join(kept)


def reads_on(text: str, phrase: str) -> bool:
    """``phrase`` in ``text``, allowing the item's title between two of its words: a row
    broken across pages repeats its item's title at the top of the next page."""
    words_of = [re.escape(w) for w in phrase.split()]
    return re.search(r"\s+(?:\S+\s+){0,6}?".join(words_of), text) is not None


@pytest.mark.parametrize("form_id", sorted(REFERRAL_FORMS))
def test_the_largest_referral_in_the_pdf_and_on_the_case_page(
    form_id: str,
    documents_app: Flask,
    engine: Engine,
    redis_conn: Redis,
    database_url: str,
    redis_url: str,
) -> None:
    form = FORMS[form_id]
    answers = largest_answers(form)
    stored = store_referral(engine, form_id=form_id, answers=answers)
    reference = open_case(redis_conn, stored.id)

    # the render job open_case asked for, run by the documents worker
    SimpleWorker(["documents"], connection=redis_conn).work(burst=True)
    render = Job.fetch(f"render-referral-{reference}", connection=redis_conn)
    assert render.get_status() == JobStatus.FINISHED, render.latest_result()

    response = documents_app.test_client().get(
        f"/api/cases/{reference}/referral.pdf",
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.data))
    pages = [p.extract_text() for p in pdf.pages]
    assert all("OFFICIAL-SENSITIVE" in page for page in pages)
    text = words("\n".join(body(page) for page in pages))
    assert reference in text
    assert form.document_title in text
    assert FAMILY_NAME in text
    assert reads_on(text, LAST_EVENT)
    # the item titles name the last of each group
    members, events = len(answers["family_members"]), len(answers["chronology"])
    assert f"Family member or significant other {members}: {FAMILY_NAME}" in text
    assert f"Event {events}: " in text

    console = create_scheduler_app(scheduler_config(database_url, redis_url), engine=engine)
    client = console.test_client()
    add_staff(console.extensions["cspr"])
    assert sign_in(client, "ops.person@partnership.example").status_code == 302
    case_page = page(client.get(f"/cases/{reference}"))
    titles = [h.get_text(strip=True) for h in case_page.select("#referral h4")]
    assert titles == [p.title for p in form.pages]
    cards = [h.get_text(strip=True) for h in case_page.select("#referral .govuk-summary-card h5")]
    last_member = answers["family_members"][-1]["name"]
    assert cards.count(f"Family member or significant other {members}: {last_member}") == 1
    assert sum(c.startswith("Event ") for c in cards) == events
