"""The Rapid Review meeting pack across every service, through the real path: a referral,
the case taken to the Panel notification, three agencies sent their requests; one returns
its form, one says the family is not known to it, one has not returned. Ops ask for the
meeting pack through API v1 (202, queued), the documents worker builds it through the real
unoserver pool into SeaweedFS, and it is read back: one PDF/A with a contents page and a
bookmark per document in order, the outstanding agency listed, and a .zip of the .docx
files. When the last agency returns, the pack is built again by itself, as version 2."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.documents.tables import document
from shared.forms.registry import get_form
from shared.forms.samples import answers
from tests.integration.journey.conftest import CHAIR, OPS, Stack
from tests.integration.journey.scoping_steps import (
    act,
    agency_id,
    console_post,
    contact,
    link_in,
    return_form,
    scoping_emails,
    signed_in,
)
from tests.support.journey import error_texts, one, post, soup_of, submit, text
from tests.support.pdf_outline import outline
from tests.support.pdf_records import assert_archival_record
from tests.unit.scheduler.factories import add_staff

TODAY = date.today()
SCHOOL, SCHOOL_2, POLICE = (
    "Riverside Primary School",
    "Riverside Primary School 2",
    "Metropolitan Police",
)
CHILD = "Siân Llŷr-O'Brien"


def _take_case_to_scoping(stack: Stack) -> tuple[str, dict[str, str]]:
    form = get_form("serious-incident")
    sample = answers(form, today=TODAY, items=2)
    sample["child_name"] = CHILD
    reference = submit(stack.intake.test_client(), form, sample)
    stack.drain()
    c = stack.scheduler.extensions["cspr"]
    add_staff(c, email=OPS)
    add_staff(c, email=CHAIR, role="chair")
    ops, chair = signed_in(stack.scheduler, OPS), signed_in(stack.scheduler, CHAIR)
    act(ops, reference, "record_leads_informed", informed_on=TODAY)
    act(chair, reference, "decide_criteria", criteria="met", decided_on=TODAY,
        rationale="A child was seriously harmed; neglect is suspected.")  # fmt: skip
    early = ops.post(f"/api/v1/cases/{reference}/packs", json={"kind": "rapid-review-meeting"})
    assert early.status_code == 409
    assert "notification is recorded" in early.get_json()["reason"]
    act(ops, reference, "record_panel_notification", notified_on=TODAY,
        dfe_reference="SIN-2026-000123")  # fmt: skip
    for name, person, email in (
        (SCHOOL, "Ada Lovelace", "dsl@riverside.example"),
        (SCHOOL_2, "Grace Hopper", "dsl@riverside2.example"),
    ):
        url = f"/cases/{reference}/agencies/{agency_id(ops, reference, name + ' ')}/change"
        changed = console_post(ops, url, name=name, kind="education", representative=person,
                               email=email)  # fmt: skip
        assert changed.status_code == 303, error_texts(changed)
    added = console_post(ops, f"/cases/{reference}/agencies/add", name=POLICE, kind="police",
                         representative="DI Sam Jones",
                         email="sam.jones@police.example")  # fmt: skip
    assert added.status_code == 303, error_texts(added)
    act(ops, reference, "send_scoping_requests", sent_on=TODAY,
        summary_of_case="A child was seriously injured at home & <neglect> is suspected.",
        time_period="From the child's birth to the incident")  # fmt: skip
    stack.drain()
    tokens = {to: link_in(m) for to, m in scoping_emails(stack.smtp.messages()).items()}
    return reference, tokens


def _built(ops: FlaskClient, pack_id: int) -> dict[str, Any]:
    status = ops.get(f"/api/v1/packs/{pack_id}")
    assert status.status_code == 200
    found: dict[str, Any] = status.get_json()
    return found


def test_ops_build_the_meeting_pack_and_a_new_return_builds_it_again(
    stack: Stack, engine: Engine
) -> None:
    reference, tokens = _take_case_to_scoping(stack)
    ops = signed_in(stack.scheduler, OPS)

    school = stack.intake.test_client()
    assert return_form(school, tokens["dsl@riverside.example"]).status_code == 303
    police = stack.intake.test_client()
    police_token = tokens["sam.jones@police.example"]
    police.get(f"/scoping/{police_token}")
    said = post(police, f"/scoping/{police_token}/not-known", contact("DI Sam Jones"))
    assert said.status_code == 303, error_texts(said)
    stack.drain()

    bad = ops.post(f"/api/v1/cases/{reference}/packs", json={"kind": "everything"})
    assert bad.status_code == 422 and "kind" in bad.get_json()["errors"]
    asked = ops.post(f"/api/v1/cases/{reference}/packs", json={"kind": "rapid-review-meeting"})
    assert asked.status_code == 202, asked.get_json()
    pack = asked.get_json()
    assert pack["status"] == "queued" and pack["files"] is None
    assert asked.headers["Location"] == f"/api/v1/packs/{pack['id']}"
    page = soup_of(ops.get(f"/cases/{reference}"))
    row = one(page, "#pack-list tr[data-pack-kind=rapid-review-meeting]")
    assert text(one(row, "[data-pack-status]")) == "Waiting to be built"

    stack.drain()
    built = _built(ops, pack["id"])
    assert built["status"] == "done", built["reason"]
    assert built["version"] == 1
    assert built["progress"]["done"] == built["progress"]["total"] > 0

    pdf = ops.get(built["files"]["pdf"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = assert_archival_record(
        pdf.data,
        title="Rapid Review meeting pack",
        author="Greenwich Safeguarding Children Partnership",
        subject=f"Case {reference}",
    )
    marks = outline(reader)
    assert [(d, t) for d, t, _ in marks] == [
        (0, "Contents"),
        (0, "Referral of a serious incident (Appendix i)"),
        (0, "Notification details"),
        (0, "Scoping returns"),
        (1, f"Scoping return: {SCHOOL}"),
    ]
    pages = [p for _, _, p in marks]
    assert pages == sorted(pages) and pages[0] == 1
    contents = reader.pages[0].extract_text()
    for _, title, start in marks[1:]:
        if title != "Scoping returns":
            assert title in contents.replace("\n", " ")
            assert str(start) in contents
    assert "Scoping forms outstanding" in contents and SCHOOL_2 in contents
    assert "Not known to the agency" in contents and POLICE in contents
    assert "The Report of Rapid Review" not in contents
    whole = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "SIN-2026-000123" in whole, "the notification details"
    assert "& <neglect> is suspected" in whole
    assert "{{" not in whole

    archive = ops.get(built["files"]["zip"])
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    assert names == [
        "01 Referral of a serious incident (Appendix i).docx",
        "02 Notification details.docx",
        f"03 Scoping return - {SCHOOL}.docx",
    ]
    page = soup_of(ops.get(f"/cases/{reference}"))
    row = one(page, "#pack-list tr[data-pack-kind=rapid-review-meeting]")
    assert text(one(row, "[data-pack-status]")) == "Ready"
    downloaded = ops.get(str(one(row, "a[href$='/pdf']")["href"]))
    assert downloaded.data == pdf.data

    # the second school returns: the pack is built again by itself, the first one kept
    second = stack.intake.test_client()
    assert return_form(second, tokens["dsl@riverside2.example"]).status_code == 303
    stack.drain()
    page = soup_of(ops.get(f"/cases/{reference}"))
    row = one(page, "#pack-list tr[data-pack-kind=rapid-review-meeting]")
    assert text(one(row, "[data-pack-status]")) == "Ready"
    assert "Version 2" in text(row) and "when a scoping return arrived" in text(row)
    with engine.connect() as conn:
        packs = conn.execute(
            select(document.c.version, document.c.format, document.c.object_key)
            .where(document.c.kind == "meeting-pack")
            .order_by(document.c.version, document.c.format)
        ).all()
    assert [(v, f) for v, f, _ in packs] == [(1, "pdf"), (1, "zip"), (2, "pdf"), (2, "zip")]
    assert packs[2].object_key == f"cases/{reference}/meeting-pack/v2.pdf"
    newest = PdfReader(io.BytesIO(ops.get(str(one(row, "a[href$='/pdf']")["href"])).data))
    assert [t for _, t, _ in outline(newest)][-2:] == [
        f"Scoping return: {SCHOOL}",
        f"Scoping return: {SCHOOL_2}",
    ]
    assert "Scoping forms outstanding" not in newest.pages[0].extract_text()
