"""A referral made through the web pages, followed across every service: stored by intake,
opened as a case by the scheduler's job, its document made through LibreOffice and S3, the
alerts and the referrer's confirmation sent over SMTP, the PDF copy fetched over HTTP."""

from __future__ import annotations

import io
import re
import threading
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services.intake.drafts import Draft
from services.intake.journey import Journey
from services.intake.tables import draft, referral
from services.scheduler.readmodel import fetch_case
from shared.forms.model import Form
from shared.forms.registry import FORMS, REFERRAL_FORMS, get_form
from shared.forms.samples import answers
from tests.integration.journey.conftest import CHAIR, INTAKE_URL, OPS, Stack
from tests.support.journey import fill, post, submit

TODAY = date.today()


def body_of(message: object) -> str:
    parts = [p.get_content() for p in message.walk() if p.get_content_type() == "text/plain"]  # type: ignore[attr-defined]
    return "\n".join(parts)


@pytest.mark.parametrize("form", [FORMS[f] for f in REFERRAL_FORMS], ids=REFERRAL_FORMS)
def test_a_web_referral_becomes_a_case_a_document_and_emails(
    stack: Stack, engine: Engine, form: Form
) -> None:
    sample = answers(form, today=TODAY, items=2)
    sample["child_name"] = "Amelia Hartley-O'Brien"
    client = stack.intake.test_client()
    reference = submit(client, form, sample)
    stack.drain()

    with engine.connect() as conn:
        case = fetch_case(conn, reference)
    assert case is not None
    assert case.route == form.route
    assert case.answers["child_name"] == "Amelia Hartley-O'Brien"

    copy = client.get(f"/referrals/{form.id}/confirmation/copy.pdf")
    assert copy.status_code == 200
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(copy.data)).pages)
    assert reference in pdf_text
    assert "Amelia Hartley-O'Brien" in pdf_text
    assert "Jo Example 2" in pdf_text  # the second family member

    messages = stack.smtp.messages()
    recipients = sorted(str(m["To"]) for m in messages)
    assert recipients == sorted([OPS, CHAIR, sample["referrer_email"]])
    for message in messages:
        assert reference in str(message["Subject"]) + body_of(message)
        assert "Amelia" not in body_of(message)


def test_save_and_resume_through_the_emailed_link(stack: Stack, engine: Engine) -> None:
    form = get_form("practice-learning")
    client = stack.intake.test_client()
    client.get(f"/referrals/{form.id}/new")
    post(client, f"/referrals/{form.id}/referrer", {"referrer_name": "Sam"}, action="save")
    sent = post(client, f"/referrals/{form.id}/save", {"email": "sam@school.example"})
    assert sent.status_code == 303
    stack.drain()
    # the job carried the token: once done, it is gone from Redis
    assert not [k for k in stack.redis.scan_iter("rq:job:resume-link-*")]

    (message,) = stack.smtp.messages()
    assert str(message["To"]) == "sam@school.example"
    link = re.search(rf"{re.escape(INTAKE_URL)}(/referrals/\S+/resume/[\w-]+)", body_of(message))
    assert link is not None
    assert "Sam" not in body_of(message)

    later = stack.intake.test_client()
    resumed = later.get(link.group(1))
    assert resumed.headers["Location"] == f"/referrals/{form.id}/referrer"
    assert 'value="Sam"' in later.get(resumed.headers["Location"]).get_data(as_text=True)
    assert later.get(link.group(1)).status_code == 404  # the link worked once


def test_two_sends_at_once_make_one_referral(stack: Stack, engine: Engine) -> None:
    """Four "Send referral" clicks racing on PostgreSQL (a double click, two tabs)."""
    form = get_form("serious-incident")
    client = stack.intake.test_client()
    fill(client, form, answers(form, today=TODAY))
    container = stack.intake.extensions["cspr"]
    with engine.connect() as conn:
        draft_id = conn.execute(select(draft.c.id)).scalar_one()
    journey = Journey(
        drafts=container.drafts,
        referrals=container.referrals,
        queue=container.queue,
        clock=container.clock,
        retention_days=28,
    )
    shown: list[str | None] = []

    def send() -> None:
        with engine.connect() as conn:
            row = conn.execute(select(draft).where(draft.c.id == draft_id)).one()
        d = Draft(row.id, row.form_id, row.form_version, dict(row.answers), {})
        shown.append(journey.submit(form, d)[1])

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(referral)).scalar_one() == 1
    assert len(set(shown)) == 1 and shown[0] is not None
