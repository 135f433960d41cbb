"""The Rapid Review's scoping across every service, as people do it: a practitioner refers;
ops and the chair take the case to the Panel notification; ops complete the agencies named
in the referral, add one more and send the requests; each agency gets its App. ii letter as
a PDF and its own link by email; one returns the form, one says the family is not known to
it, one saves a draft, is sent a new link and returns later. The links' security is checked
on the way: a made-up token, a withdrawn link, a replaced one, a return replayed."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.engine import Engine

from services.intake.tables import scoping_return
from services.scheduler.tables import case, deadline
from shared.forms.registry import get_form
from shared.forms.samples import answers
from tests.integration.journey.conftest import CHAIR, OPS, Stack
from tests.integration.journey.scoping_steps import (
    act,
    agency_id,
    confirm_people,
    console_post,
    contact,
    link_in,
    return_form,
    scoping_emails,
    signed_in,
    status_of,
)
from tests.support.journey import error_texts, one, post, soup_of, submit, text
from tests.unit.scheduler.factories import add_staff

TODAY = date.today()
SCHOOL, SCHOOL_2, POLICE = (
    "Riverside Primary School",
    "Riverside Primary School 2",
    "Metropolitan Police",
)


def pdf_text(data: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_agencies_return_their_scoping_forms_through_their_links(
    stack: Stack, engine: Engine
) -> None:
    form = get_form("serious-incident")
    sample = answers(form, today=TODAY, items=2)
    sample["child_name"] = "Amelia Hartley-O'Brien"
    reference = submit(stack.intake.test_client(), form, sample)
    stack.drain()
    c = stack.scheduler.extensions["cspr"]
    add_staff(c, email=OPS)
    add_staff(c, email=CHAIR, role="chair")
    ops, chair = signed_in(stack.scheduler, OPS), signed_in(stack.scheduler, CHAIR)

    act(ops, reference, "record_leads_informed", informed_on=TODAY)
    act(chair, reference, "decide_criteria", criteria="met", decided_on=TODAY,
        rationale="A child was seriously harmed; neglect is suspected.")  # fmt: skip
    act(ops, reference, "record_panel_notification", notified_on=TODAY,
        dfe_reference="SIN-2026-000123")  # fmt: skip

    # the referral's "other agencies" are listed, each still needing its representative
    refused = ops.get(f"/cases/{reference}/actions/send_scoping_requests")
    assert refused.status_code == 409
    assert "named representative and an email address" in refused.get_data(as_text=True)
    for name, person, email in (
        (SCHOOL, "Ada Lovelace", "dsl@riverside.example"),
        (SCHOOL_2, "Grace Hopper", "dsl@riverside2.example"),
    ):
        url = f"/cases/{reference}/agencies/{agency_id(ops, reference, name + ' ')}/change"
        changed = console_post(ops, url, name=name, kind="education", representative=person,
                               email=email)  # fmt: skip
        assert changed.status_code == 303, error_texts(changed)
    bad = console_post(ops, f"/cases/{reference}/agencies/add", name=POLICE, kind="police",
                       representative="DI Sam Jones", email="not an address")  # fmt: skip
    assert bad.status_code == 400
    assert error_texts(bad) == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    added = console_post(ops, f"/cases/{reference}/agencies/add", name=POLICE, kind="police",
                         representative="DI Sam Jones",
                         email="sam.jones@police.example")  # fmt: skip
    assert added.status_code == 303, error_texts(added)

    act(ops, reference, "send_scoping_requests", sent_on=TODAY,
        summary_of_case="A child was seriously injured at home; neglect is suspected.",
        time_period="From the child's birth to the incident")  # fmt: skip
    stack.drain()

    emails = scoping_emails(stack.smtp.messages())
    assert sorted(emails) == sorted(
        ["dsl@riverside.example", "dsl@riverside2.example", "sam.jones@police.example"]
    )
    for to, name in (("dsl@riverside.example", SCHOOL), ("sam.jones@police.example", POLICE)):
        message = emails[to]
        body = str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        assert "Amelia" not in body and "Hartley" not in body
        letters = [
            p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"
        ]
        assert len(letters) == 1
        letter = pdf_text(letters[0].get_content())
        assert name in letter and reference in letter
    tokens = {to: link_in(m) for to, m in emails.items()}
    assert len(set(tokens.values())) == 3, "each agency has its own link"
    for name in (SCHOOL, SCHOOL_2, POLICE):
        assert status_of(ops, reference, name + (" " if name == SCHOOL else "")) == "sent"

    # a made-up link says nothing about the case
    guessed = stack.intake.test_client().get("/scoping/" + "A" * 43)
    assert guessed.status_code == 404
    assert reference not in guessed.get_data(as_text=True)
    assert "This link is not recognised" in text(one(soup_of(guessed), "h1"))

    # the school returns the form: the family is pre-filled and each person confirmed
    school = stack.intake.test_client()
    first_view = school.get(f"/scoping/{tokens['dsl@riverside.example']}")
    assert first_view.status_code == 200, first_view.get_data(as_text=True)[:3000]
    start = soup_of(first_view)
    assert "Summary of Case" in text(one(start, "#case-context"))
    assert "5pm on" in text(start)
    returned = return_form(school, tokens["dsl@riverside.example"])
    assert returned.status_code == 303, error_texts(returned)
    # replayed: the return is read-only
    again = school.get(f"/scoping/{tokens['dsl@riverside.example']}/involvement")
    assert again.status_code == 303
    shown = soup_of(school.get(f"/scoping/{tokens['dsl@riverside.example']}"))
    assert "This form has been returned" in text(one(shown, "h1"))

    # the police say the family is not known to them
    police = stack.intake.test_client()
    police_token = tokens["sam.jones@police.example"]
    police.get(f"/scoping/{police_token}")
    said = post(police, f"/scoping/{police_token}/not-known", contact("DI Sam Jones"))
    assert said.status_code == 303, error_texts(said)

    # the second school saves a draft; its email goes astray, so ops send a new link
    second = stack.intake.test_client()
    first_token = tokens["dsl@riverside2.example"]
    second.get(f"/scoping/{first_token}")
    saved = post(second, f"/scoping/{first_token}/contact", contact("Grace Hopper"), "save")
    assert saved.status_code == 303 and saved.location.endswith("/saved")
    stack.drain()
    assert status_of(ops, reference, SCHOOL_2) == "draft_saved"
    school_2 = agency_id(ops, reference, SCHOOL_2)
    resent = console_post(ops, f"/cases/{reference}/agencies/{school_2}/send",
                          reason="The representative did not receive the email.")  # fmt: skip
    assert resent.status_code == 303, error_texts(resent)
    stack.drain()
    newer = [m for m in stack.smtp.messages() if str(m["To"]) == "dsl@riverside2.example"]
    assert len(newer) == 2
    new_token = link_in(newer[-1])
    assert new_token != first_token
    assert stack.intake.test_client().get(f"/scoping/{first_token}").status_code == 410
    resumed = soup_of(second.get(f"/scoping/{new_token}/contact"))
    assert one(resumed, "input[name=completer_name]")["value"] == "Grace Hopper"

    stack.drain()
    assert status_of(ops, reference, SCHOOL + " ") == "returned"
    assert status_of(ops, reference, POLICE) == "not_known"
    with engine.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.reference == reference)).scalar()
        clock = conn.execute(
            select(deadline.c.met_on).where(
                deadline.c.case_id == case_id, deadline.c.clock == "return_scoping_forms"
            )
        ).scalar()
    assert clock is None, "one agency has not returned yet"

    assert confirm_people(second, new_token) == 3
    done = return_form(second, new_token)
    assert done.status_code == 303, error_texts(done)
    stack.drain()
    with engine.connect() as conn:
        met = conn.execute(
            select(deadline.c.met_on).where(
                deadline.c.case_id == case_id, deadline.c.clock == "return_scoping_forms"
            )
        ).scalar()
        statuses = sorted(conn.execute(select(scoping_return.c.status)).scalars())
    assert met == TODAY
    assert statuses == ["not_known", "returned", "returned"]

    timeline = text(one(soup_of(ops.get(f"/cases/{reference}")), "#timeline-entries"))
    for said_on_timeline in (
        f"{SCHOOL} opened its scoping link",
        f"{SCHOOL} returned its scoping form",
        f"{POLICE} said the child and family are not known to it",
        f"{SCHOOL_2} saved its scoping form to finish later",
        f"Scoping request sent again to {SCHOOL_2}",
    ):
        assert said_on_timeline in timeline

    # ops read a return (audited) and reopen one for the agency to change
    view = ops.get(f"/cases/{reference}/agencies/{agency_id(ops, reference, SCHOOL + ' ')}/return")
    assert view.status_code == 200
    assert "Health visiting since birth" in text(soup_of(view))
    reopened = console_post(
        ops,
        f"/cases/{reference}/agencies/{agency_id(ops, reference, SCHOOL + ' ')}/reopen",
        reason="Please add the school nurse's involvement.",
    )
    assert reopened.status_code == 303, error_texts(reopened)
    stack.drain()
    banner = soup_of(school.get(f"/scoping/{tokens['dsl@riverside.example']}"))
    assert "Please add the school nurse's involvement." in text(banner)
    assert school.get(f"/scoping/{tokens['dsl@riverside.example']}/involvement").status_code == 200
