"""Steps of the Rapid Review as people take them in a browser, for test_rapid_review.py:
the practitioner's referral, then ops and the chair in the console up to the meeting (the
report is in rapid_review_report.py; the agencies' and lead representatives' emailed links
in rapid_review_links.py).

Every field is found by its label or legend; every page visited is checked with axe and
photographed (``Shots``). Made-up people and places only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from playwright.sync_api import FloatRect, Locator, Page, ViewportSize, expect

from tests.e2e.person import (
    MOTHER,
    STEPFATHER,
    add_another,
    cards,
    choose,
    enter_date,
    fill_agency,
    fill_background,
    fill_child,
    fill_chronology,
    fill_family_member,
    fill_person,
    on_page,
    press_continue,
)
from tests.e2e.support import (
    AXE,
    ROOT,
    assert_accessible,
    expect_problem,
    wait_until,
)
from tests.fixtures.stack import RunningStack

ARTEFACTS = ROOT / "var" / "e2e-artefacts" / "rapid-review"
DOCS = ROOT / "docs" / "screenshots"
#: the README's copies show a long page's top (as devstack/screenshots.py does)
DOCS_HEIGHT = 2400
VIEWPORT: ViewportSize = {"width": 1000, "height": 800}
REFERRER_EMAIL = "mash.manager@council.example"
#: the "other agencies" the referral names; ops complete their details in the console
HEALTH_VISITING = "Exampletown Health Visiting Service"
SCHOOL = "Riverside Primary School"


@dataclass
class Shots:
    """Full-page screenshots of each step, numbered in the order they were taken; with
    ``docs``, also the page's top (at most ``DOCS_HEIGHT``) as docs/screenshots/``docs``."""

    folder: Path = ARTEFACTS
    docs_folder: Path = DOCS
    taken: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()

    def __call__(self, page: Page, step: str, *, docs: str = "") -> Path:
        path = self.folder / f"{len(self.taken) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken[step] = path
        if docs:
            height = min(int(page.evaluate("document.documentElement.scrollHeight")), DOCS_HEIGHT)
            clip = FloatRect(x=0, y=0, width=VIEWPORT["width"], height=height)
            page.screenshot(path=str(self.docs_folder / docs), full_page=True, clip=clip)
        return path

    def pdf_first_page(self, data: bytes, step: str, *, docs: str, page: int = 1) -> Path | None:
        """The PDF's first page (or ``page``) as PNG, by poppler's ``pdftoppm``; None where
        it is not installed."""
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            return None
        path = self.folder / f"{len(self.taken) + 1:02d}-{step}.png"
        pdf = path.with_suffix(".pdf")
        pdf.write_bytes(data)
        options = ["-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile"]
        subprocess.run([pdftoppm, *options, str(pdf), str(path.with_suffix(""))], check=True)
        self.taken[step] = path
        shutil.copyfile(path, self.docs_folder / docs)
        return path


def axe_source() -> str:
    """axe-core, to load with every page of a context (``add_init_script``): faster than
    ``assert_accessible`` injecting it into each page it checks."""
    return AXE.read_text()


def today_in(page: Page, legend: str) -> None:
    day = date.today()
    enter_date(page, legend, day.day, day.month, day.year)


def click_button(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


# -- the practitioner's referral ------------------------------------------------------------
def refer(page: Page, stack: RunningStack, shots: Shots) -> str:
    """The serious-incident form from its start page to "Referral received": the reference."""
    page.goto(stack.url("intake"))
    page.get_by_role("link", name="Refer a serious incident").click()
    on_page(page, "Referral of a serious incident")
    shots(page, "referral-start")
    page.get_by_role("button", name="Start now").click()
    on_page(page, "Person making the referral")
    fill_person(
        page,
        name_label="Name of Person Making referral",
        name="Alex Example",
        agency="MASH, Team Manager",
        email=REFERRER_EMAIL,
    )
    on_page(page, "Designated safeguarding lead/officer")
    fill_person(
        page, name_label="Name", name="Priya Example", agency="DSL", email="dsl@school.example"
    )
    fill_child(page)
    press_continue(page)
    circumstances(page)
    family(page)
    on_page(page, "Siblings")
    page.get_by_label("What action has been undertaken to safeguard", exact=False).fill(
        "Two siblings placed with their grandparents under a safety plan."
    )
    press_continue(page)
    on_page(page, "Other agencies known to be involved")
    for number, agency in enumerate((HEALTH_VISITING, SCHOOL), start=1):
        add_another(page, "Yes")
        fill_agency(page, number, agency)
    on_page(page, "Other agencies known to be involved")
    expect(cards(page)).to_have_count(2)
    shots(page, "referral-agencies")
    add_another(page, "No")
    fill_background(page)
    fill_chronology(page)
    on_page(page, "Additional information")
    press_continue(page)
    on_page(page, "Check your answers before sending your referral")
    page.get_by_role("button", name="Send referral").click()
    on_page(page, "Referral received")
    shots(page, "referral-received")
    reference = page.locator(".cspr-reference").inner_text().strip()
    assert re.fullmatch(r"E2E-\d{4}-\d{4}", reference), reference
    return reference


def circumstances(page: Page) -> None:
    on_page(page, "Child's Details: circumstances and incident")
    choose(page, "Is the child/young person looked after?", "No")
    choose(
        page,
        "Is the child/young person subject to a child protection plan or has been previously?",
        "No",
    )
    choose(page, "Is the child/young person open to Children's Social Care or Early Help?", "No")
    choose(page, "Date of Death or Serious Incident (please specify which)", "Serious incident")
    enter_date(page, "Date of Death or Serious Incident", 12, 2, 2025)
    page.get_by_label("Address of location of incident").fill("12 Example Street\nExampletown")
    page.get_by_label("Carer at time of incident").fill(MOTHER)
    for legend in (
        "Is this case known to be the subject of a criminal investigation?",
        "Is this case known to be the subject of a Coroner's Inquiry?",
        "Are there any adult safeguarding concerns and have these been shared via completing "
        "an Adult referral form?",
    ):
        choose(page, legend, "No")
    press_continue(page)


def family(page: Page) -> None:
    on_page(page, "Details of Family Members and any Significant Others")
    add_another(page, "Yes")
    fill_family_member(page, 1, name=MOTHER, relationship="Mother")
    add_another(page, "Yes")
    fill_family_member(page, 2, name=STEPFATHER, relationship="Stepfather")
    on_page(page, "Details of Family Members and any Significant Others")
    expect(cards(page)).to_have_count(2)
    add_another(page, "No")


# -- the console ----------------------------------------------------------------------------
def sign_in(page: Page, stack: RunningStack, email: str, password: str, reference: str) -> None:
    """Open the case's page, and sign in when asked to."""
    page.goto(f"{stack.url('scheduler')}/cases/{reference}")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    password_box = page.get_by_role("textbox", name="Password")
    password_box.fill(password)
    password_box.press("Enter")
    on_case(page, reference)


def open_case(page: Page, stack: RunningStack, reference: str) -> None:
    """The case's page from the link in the alert email, already signed in."""
    page.goto(f"{stack.url('scheduler')}/cases/{reference}")
    on_case(page, reference)


def back_to_case(page: Page, reference: str) -> None:
    page.get_by_role("link", name="Back to the case").click()
    on_case(page, reference)


def on_case(page: Page, reference: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(reference)
    assert_accessible(page)


def state_is(page: Page, label: str) -> None:
    expect(page.locator("#state")).to_have_text(label)


def take_action(page: Page, label: str) -> None:
    """From the case page, the action's button-like link; its form page."""
    page.get_by_role("link", name=label, exact=True).click()
    on_page(page, label)


def submit_action(page: Page, label: str, reference: str) -> None:
    click_button(page, label)
    on_case(page, reference)


def leads_informed_and_criteria(chair: Page, reference: str, shots: Shots) -> None:
    informed = "Record that the lead representatives were informed"
    take_action(chair, informed)
    today_in(chair, "The date the lead representatives were informed")
    submit_action(chair, informed, reference)
    state_is(chair, "Lead representatives informed")
    decide = "Record the decision on whether the criteria are met"
    take_action(chair, decide)
    choose(
        chair,
        "Are the criteria for a serious child safeguarding incident met?",
        "Yes, the criteria are met",
    )
    chair.get_by_label("Rationale for the decision").fill(
        "A child was seriously harmed; neglect is suspected."
    )
    today_in(chair, "The date of the decision")
    shots(chair, "criteria-decision")
    submit_action(chair, decide, reference)
    state_is(chair, "Criteria met")


def panel_notification(ops: Page, reference: str, shots: Shots) -> None:
    label = "Record the notification to the national Panel"
    take_action(ops, label)
    today_in(ops, "The date the national Panel was notified")
    ops.get_by_label("DfE notification reference").fill("SIN-2026-000123")
    shots(ops, "panel-notification")
    submit_action(ops, label, reference)
    state_is(ops, "Panel notified")


# -- agencies -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Agency:
    name: str
    kind: str
    representative: str
    email: str


#: the two the referral names, one from the partnership's directory, one typed in
HEALTH = Agency(
    HEALTH_VISITING,
    "Health (NHS trust, GP, health visiting, the ICB)",
    "Hana Visitor",
    "hana.visitor@nhs.example",
)
EDUCATION = Agency(
    SCHOOL, "School, college or early years setting", "Ada Lovelace", "dsl@riverside.example"
)
POLICE = Agency("Exampletown Police", "Police", "DI Sam Jones", "sam.jones@police.example")
HOUSING = Agency("Exampletown Homes", "Housing", "Jo Keys", "jo.keys@homes.example")
AGENCIES_HEADING = "Agencies involved"


def agency_details(page: Page, agency: Agency, *, email: bool = True) -> None:
    page.get_by_label("Agency name").fill(agency.name)
    choose(page, "Type of agency", agency.kind)
    page.get_by_label("Named representative").fill(agency.representative)
    page.get_by_label("Representative's email address").fill(agency.email if email else "")


def agency_row(page: Page, name: str) -> Locator:
    return page.locator("#agencies tbody tr").filter(
        has=page.get_by_role("rowheader", name=re.compile("^" + re.escape(name)))
    )


def open_agencies(page: Page) -> None:
    page.get_by_role("link", name="Agencies and their scoping returns").click()
    on_page(page, AGENCIES_HEADING)


def complete_named_agency(page: Page, agency: Agency) -> None:
    """Change details of an agency the referral named: its type, representative and email."""
    expect(agency_row(page, agency.name)).to_contain_text("Representative needed")
    agency_row(page, agency.name).get_by_role("link", name="Change details").click()
    on_page(page, f"Change the details of {agency.name}")
    agency_details(page, agency)
    click_button(page, "Save")
    on_page(page, AGENCIES_HEADING)
    expect(agency_row(page, agency.name)).to_contain_text(agency.email)


def add_to_directory(page: Page, agency: Agency, shots: Shots) -> None:
    """The partnership's directory of agencies (console navigation "Agencies")."""
    page.get_by_role("navigation").get_by_role("link", name="Agencies", exact=True).click()
    on_page(page, "The partnership's agencies")
    page.get_by_role("button", name="Add an agency").click()
    on_page(page, "Add an agency")
    agency_details(page, agency)
    click_button(page, "Add the agency")
    on_page(page, "The partnership's agencies")
    expect(page.locator("#directory")).to_contain_text(agency.name)
    shots(page, "directory")


def add_from_directory(page: Page, agency: Agency) -> None:
    page.get_by_label("Choose from the partnership's agencies").select_option(
        label=f"{agency.name} ({agency.representative})"
    )
    click_button(page, "Add this agency")
    on_page(page, AGENCIES_HEADING)
    expect(agency_row(page, agency.name)).to_contain_text(agency.email)


def add_typed(page: Page, agency: Agency, shots: Shots) -> None:
    """Typed in: first without an email address (the error), then with it."""
    # "Or type ..." beside the directory's agencies, "Type ..." once all of them are on the case
    page.locator("#add-typed").click()
    on_page(page, "Add an agency")
    agency_details(page, agency, email=False)
    click_button(page, "Add the agency")
    expect_problem(page, "Enter the representative's email address")
    shots(page, "agency-missing-email")
    page.get_by_label("Representative's email address").fill(agency.email)
    click_button(page, "Add the agency")
    on_page(page, AGENCIES_HEADING)
    expect(agency_row(page, agency.name)).to_contain_text(agency.email)


# -- the meeting's date and the scoping requests ------------------------------------------
WINDOW = re.compile(r"between (\d+ \w+ \d{4}) and (\d+ \w+ \d{4})")


def set_meeting_date(page: Page, reference: str, shots: Shots) -> date:
    """On the first day of working days 9 to 11 after the Panel was notified (the window the
    page shows)."""
    label = "Set the date of the Rapid Review meeting"
    take_action(page, label)
    clock = page.locator("#action-clock")
    expect(clock).to_contain_text("Rapid Review meeting")
    window = WINDOW.search(clock.inner_text())
    assert window, clock.inner_text()
    opens = datetime.strptime(window.group(1), "%d %B %Y").date()
    enter_date(page, "The date of the meeting", opens.day, opens.month, opens.year)
    shots(page, "meeting-date")
    submit_action(page, label, reference)
    expect(page.locator("#timeline-entries")).to_contain_text(
        "The Rapid Review meeting was set for"
    )
    return opens


def send_scoping_requests(page: Page, reference: str, shots: Shots) -> None:
    label = "Send scoping requests to the agencies"
    take_action(page, label)
    page.get_by_label("Summary of Case").fill(
        "A child was seriously injured at home; neglect is suspected."
    )
    page.get_by_label("Indicative time period to be looked at").fill(
        "From the child's birth to the incident"
    )
    today_in(page, "The date the requests are sent")
    shots(page, "send-scoping-requests")
    submit_action(page, label, reference)
    state_is(page, "Rapid Review: scoping")


def statuses(page: Page) -> dict[str, str]:
    """Each agency's scoping return status on the agencies page, by agency name."""
    found = {}
    for row in page.locator("#agencies tbody tr").all():
        name = row.get_by_role("rowheader").inner_text().splitlines()[0].strip()
        found[name] = row.locator("td").nth(1).locator(".govuk-tag").inner_text().strip()
    return found


def wait_for_statuses(page: Page, wanted: dict[str, str]) -> None:
    """The agencies page, reloaded until the returns' statuses are as ``wanted``."""

    def probe() -> bool | None:
        page.reload()
        on_page(page, AGENCIES_HEADING, accessible=False)
        return True if statuses(page) == wanted else None

    wait_until(f"statuses {wanted}", probe, timeout=30)
    assert_accessible(page)


# -- the Rapid Review meeting ---------------------------------------------------------------
MEETING = "Rapid Review meeting"
PARTNER = "Which safeguarding partner do they represent?"


@dataclass(frozen=True)
class Participant:
    name: str
    job_role: str
    agency: str
    partner: str


PARTICIPANTS = (
    Participant(
        "Pat Social", "Head of Service", "Exampletown Children's Services", "The local authority"
    ),
    Participant("DI Dee Police", "Detective Inspector", "Exampletown Police", "The police"),
    Participant("Hal Nurse", "Designated Nurse", "Exampletown ICB", "The health partner"),
    Participant("Ada Lovelace", "Designated Safeguarding Lead", SCHOOL, "None: another agency"),
)


def open_meeting(page: Page) -> None:
    page.get_by_role("link", name="Rapid Review meeting: date and participants").click()
    on_page(page, MEETING)


def add_participant(page: Page, person: Participant) -> None:
    page.get_by_label("Name", exact=True).fill(person.name)
    page.get_by_label("Job Role/Title").fill(person.job_role)
    page.get_by_label("Agency/Organisation").fill(person.agency)
    choose(page, PARTNER, person.partner)
    click_button(page, "Add the participant")
    on_page(page, MEETING)
    expect(page.locator("#participants")).to_contain_text(person.name)


def meeting_held(page: Page, reference: str) -> None:
    """Held today: in this test's compressed time, before the window, so with a reason."""
    label = "Record the Rapid Review meeting"
    take_action(page, label)
    today_in(page, "The date the meeting was held")
    page.get_by_label("If the date is outside working days 9 to 11, why?", exact=False).fill(
        "The partners met early: the police lead is in court during the window."
    )
    submit_action(page, label, reference)
    state_is(page, "Rapid Review meeting held")
    expect(page.locator("#timeline-entries")).to_contain_text("Quorate")
