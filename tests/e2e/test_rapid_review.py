"""The serious-incident route from the referral to the chair's letter to the Panel, in
Debian's Chromium driven by Playwright, on the stack started as ``make run`` starts it, as
the people do it: a practitioner refers; the chair and ops take the case to the Panel's
notification; ops complete, add and send to four agencies, which answer behind their emailed
links (one returns the whole form, one says the family is not known to it, one saves a draft
and returns later, one never answers); ops record the quorate meeting and write and finalise
the Report of Rapid Review; the three lead representatives approve through their emailed
links without signing in; the chair downloads the drafted Panel letter.

Every page is checked with axe, with at least one error state of each kind of page; each
step is photographed into var/e2e-artefacts/rapid-review/, six of them for the README into
docs/screenshots/rr-*.png."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e import rapid_review_links as outside
from tests.e2e import rapid_review_packs as packs
from tests.e2e import rapid_review_report as report
from tests.e2e import rapid_review_steps as rr
from tests.e2e.conftest import NewPage
from tests.e2e.person import CHILD, MOTHER
from tests.e2e.support import expect_problem, pdf_text
from tests.fixtures.stack import RunningStack

CHAIR = "chair@partnership.example"
#: the lead representative of each safeguarding partner (``cspr users add --partner``)
LEADS = {
    "la": ("la.lead@council.example", "Lee Authority"),
    "police": ("police.lead@police.example", "Poppy Constable"),
    "health": ("health.lead@icb.example", "Hari Health"),
}


def test_a_serious_incident_goes_through_its_rapid_review(
    running_stack: RunningStack, new_page: NewPage
) -> None:
    stack = running_stack
    shots = rr.Shots()
    stack.add_staff(CHAIR, "Chris Chair", "chair")
    for partner, (email, name) in LEADS.items():
        stack.add_staff(email, name, "partner-lead", partner=partner)

    def person() -> Page:
        page = new_page(viewport=rr.VIEWPORT)
        page.context.add_init_script(script=rr.axe_source())
        return page

    # 1. a practitioner refers, naming two other agencies
    reference = rr.refer(person(), stack, shots)

    # 2-3. the chair, then ops, in the console
    chair = person()
    rr.sign_in(chair, stack, CHAIR, stack.staff_password, reference)
    rr.leads_informed_and_criteria(chair, reference, shots)
    ops = person()
    rr.sign_in(ops, stack, stack.staff_email, stack.staff_password, reference)
    rr.panel_notification(ops, reference, shots)
    rr.add_to_directory(ops, rr.POLICE, shots)
    rr.open_case(ops, stack, reference)
    rr.open_agencies(ops)
    rr.complete_named_agency(ops, rr.HEALTH)
    rr.complete_named_agency(ops, rr.EDUCATION)
    rr.add_from_directory(ops, rr.POLICE)
    rr.add_typed(ops, rr.HOUSING, shots)
    rr.back_to_case(ops, reference)
    rr.set_meeting_date(ops, reference, shots)
    rr.send_scoping_requests(ops, reference, shots)

    # 4. the agencies, each behind its own link
    agencies = (rr.HEALTH, rr.EDUCATION, rr.POLICE, rr.HOUSING)
    scoping = outside.links_by_recipient(
        stack,
        f"initial scoping request ({reference})",
        outside.SCOPING_LINK,
        {a.email for a in agencies},
    )
    assert all(link.startswith(f"{stack.url('intake')}/scoping/") for link in scoping.values())
    outside.return_whole_form(person(), scoping[rr.HEALTH.email], rr.HEALTH, shots)
    outside.say_not_known(person(), scoping[rr.EDUCATION.email], rr.EDUCATION, shots)
    outside.save_for_later(person(), scoping[rr.POLICE.email], rr.POLICE, shots)
    outside.come_back_and_return(person(), scoping[rr.POLICE.email], rr.POLICE, shots)
    rr.on_case(ops, reference)
    rr.open_agencies(ops)
    rr.wait_for_statuses(
        ops,
        {
            rr.HEALTH.name: "Returned",
            rr.EDUCATION.name: "Not known to the agency",
            rr.POLICE.name: "Returned",
            rr.HOUSING.name: "Sent",
        },
    )
    shots(ops, "agencies-statuses", docs="rr-agencies.png")

    # 5. the meeting and the report
    rr.back_to_case(ops, reference)
    rr.open_meeting(ops)
    rr.click_button(ops, "Add the participant")
    expect_problem(
        ops, "Enter the participant's name", "Select which safeguarding partner they represent"
    )
    shots(ops, "participant-errors")
    for participant in rr.PARTICIPANTS:
        rr.add_participant(ops, participant)
    expect(ops.locator("#quorum")).to_contain_text("Quorate")
    shots(ops, "meeting-quorate", docs="rr-meeting.png")
    rr.back_to_case(ops, reference)
    rr.meeting_held(ops, reference)
    report.start_report(ops, CHILD, MOTHER)
    report.finalise_too_soon(ops, shots)
    report.write_report(ops)
    report.finalise(ops, reference, shots)
    packs.meeting_pack(ops, reference, shots, returned=[rr.HEALTH.name, rr.POLICE.name])

    # 6. the three lead representatives, each from the link in their email
    approvals = outside.links_by_recipient(
        stack,
        "please approve the recommendation",
        outside.APPROVAL_LINK,
        {email for email, _ in LEADS.values()},
    )
    console = stack.url("scheduler")
    assert all(link.startswith(f"{console}/approvals/") for link in approvals.values())
    for number, (email, _name) in enumerate(LEADS.values(), start=1):
        lead = person()
        outside.open_approval_link(lead, approvals[email], reference)
        if number == 1:
            shots(lead, "approval-link", docs="rr-approval.png")
            outside.disagree_without_reasons(lead, shots)
        outside.approve(lead)
        shots(lead, f"approval-recorded-{number}")
    ops.reload()
    rr.state_is(ops, "Recommendation approved")
    expect(ops.locator("#approvals li[data-status=approved]")).to_have_count(3)
    expect(ops.locator("#approvals")).to_contain_text("through the emailed link")
    expect(ops.locator("#timeline-entries")).to_contain_text(
        "the three safeguarding partners have approved it"
    )
    shots(ops, "recommendation-approved")

    # 7. the chair downloads the letter to the Panel, drafted for her signature
    chair = person()
    rr.sign_in(chair, stack, CHAIR, stack.staff_password, reference)
    letter = report.download_panel_letter(chair, reference)
    text = " ".join(pdf_text(letter).split())
    assert reference in text
    assert "meets the criteria for a local Child Safeguarding Practice Review" in text
    shots(chair, "case-documents")
    shots.pdf_first_page(letter, "panel-letter", docs="rr-panel-letter.png")
    packs.panel_pack(chair, reference)
    shots(chair, "panel-pack-ready")
