"""The referral on the case page: the form definition's summary of the stored answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient

from services.scheduler.bootstrap import Container
from shared.forms import samples
from shared.forms.registry import get_form
from tests.unit.scheduler.factories import open_case, serious_incident_answers
from tests.unit.scheduler.web_helpers import one, page, text

CASE = "/cases/GSCP-2026-0001"


@dataclass
class ShownPage:
    section: str
    rows: dict[str, str] = field(default_factory=dict)
    #: a repeating group's cards: title → rows
    cards: dict[str, dict[str, str]] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)


def summary_rows(summary_list: Tag) -> dict[str, str]:
    return {
        text(row, ".govuk-summary-list__key"): one(row, ".govuk-summary-list__value").get_text(
            "\n", strip=True
        )
        for row in summary_list.select(".govuk-summary-list__row")
    }


def shown_pages(soup: BeautifulSoup) -> dict[str, ShownPage]:
    """Page title → what is shown under it, read in document order."""
    pages: dict[str, ShownPage] = {}
    section = ""
    current: ShownPage | None = None
    for element in one(soup, "#referral").find_all(["h3", "h4", "dl", "div", "p"], recursive=False):
        if element.name == "h3":
            section, current = element.get_text(strip=True), None
        elif element.name == "h4":
            current = pages.setdefault(element.get_text(strip=True), ShownPage(section))
        elif current is None:
            continue
        elif element.name == "dl":
            current.rows.update(summary_rows(element))
        elif "govuk-summary-card" in (element.get("class") or []):
            title = text(element, ".govuk-summary-card__title")
            current.cards[title] = summary_rows(one(element, "dl"))
        elif element.name == "p":
            current.paragraphs.append(element.get_text(strip=True))
    return pages


def test_an_early_referral_shows_every_page_of_its_form(
    staff_client: FlaskClient, container: Container
) -> None:
    # first-slice referrals answered six questions of serious-incident version 1
    open_case(container)
    soup = page(staff_client.get(CASE))
    form = get_form("serious-incident", 1)

    assert summary_rows(one(soup, "#referral-form")) == {
        "Form": "Referral of a serious incident (Appendix i), version 1",
        "Date of Referral": "2 April 2026",
    }
    assert [h.get_text(strip=True) for h in soup.select("#referral h3")] == [
        s.title for s in form.sections
    ]
    pages = shown_pages(soup)
    assert list(pages) == [p.title for p in form.pages]
    assert pages["Child's Details"].section == (
        "Section I: Brief overview of child and family composition"
    )
    child = pages["Child's Details"].rows
    assert child["Name of Child"] == "Ada Example"
    assert child["Date of Birth"] == "1 June 2015"
    assert child["Home address"] == "Not given"
    referrer = pages["Person making the referral"].rows
    assert referrer["Name of Person Making referral"] == "Sam Referrer"
    assert referrer["E-mail address"] == "sam.referrer@school.example"
    outline = next(q for q in form.questions() if q.id == "outline")
    assert pages["Case Background"].rows[outline.label] == (
        "Child admitted to hospital with injuries.\nSiblings placed with relatives."
    )
    family = pages["Details of Family Members and any Significant Others"]
    assert family.cards == {}
    assert family.paragraphs == ["No family members or significant others added"]


def test_family_members_and_events_are_summary_cards(
    staff_client: FlaskClient, container: Container
) -> None:
    form = get_form("serious-incident")
    answers = samples.answers(form, today=date(2026, 4, 1), items=2)
    answers["chronology"][1]["event"] = "Seen at home by the health visitor.\nNo concerns noted."
    open_case(container, answers=answers)

    pages = shown_pages(page(staff_client.get(CASE)))

    family = pages["Details of Family Members and any Significant Others"].cards
    assert list(family) == [
        "Family member or significant other 1: Jo Example",
        "Family member or significant other 2: Jo Example 2",
    ]
    second = family["Family member or significant other 2: Jo Example 2"]
    assert second["Relationship to Child"] == "Mother 2"
    events = pages["Chronology"].cards
    assert len(events) == 2
    last = list(events.values())[-1]
    assert last["Event"] == "Seen at home by the health visitor.\nNo concerns noted."
    assert last["Time"] == "14:30"
    agencies = pages["Other agencies known to be involved"].cards
    assert list(agencies) == [
        "Agency 1: Riverside Primary School",
        "Agency 2: Riverside Primary School 2",
    ]
    circumstances = pages["Child's Details: circumstances and incident"].rows
    assert circumstances["Is the child/young person looked after?"] == "Yes"


def test_a_practice_learning_referral_follows_its_own_form(
    staff_client: FlaskClient, container: Container
) -> None:
    form = get_form("practice-learning")
    open_case(
        container,
        kind="practice_learning",
        answers=samples.answers(form, today=date(2026, 4, 1)),
    )
    soup = page(staff_client.get(CASE))
    pages = shown_pages(soup)
    assert list(pages) == [p.title for p in form.pages]
    assert "What could be learned" in pages
    assert "Siblings" not in pages
    assert summary_rows(one(soup, "#referral-form"))["Form"] == (
        "Referral for practice learning (Appendix vi), version 1"
    )


def test_answers_are_escaped_and_keep_their_line_breaks(
    staff_client: FlaskClient, container: Container
) -> None:
    form = get_form("serious-incident")
    answers = samples.answers(form, today=date(2026, 4, 1))
    answers["outline"] = "<script>x()</script>\nsecond & line"
    answers["family_members"][0]["name"] = "<b>Bold</b> Name"
    open_case(container, answers=answers)

    html = staff_client.get(CASE).get_data(as_text=True)
    assert "<script>x()</script>" not in html and "<b>Bold</b>" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;<br>second &amp; line" in html
    pages = shown_pages(BeautifulSoup(html, "html.parser"))
    family = pages["Details of Family Members and any Significant Others"].cards
    assert list(family) == ["Family member or significant other 1: <b>Bold</b> Name"]


def test_answers_of_a_form_version_this_console_does_not_know_are_still_shown(
    staff_client: FlaskClient, container: Container
) -> None:
    open_case(container, form_version=99, answers={"child_name": "Ada <Example>", "n": [1]})
    soup = page(staff_client.get(CASE))
    assert "does not know the form" in one(soup, ".govuk-warning-text").get_text()
    shown = summary_rows(one(soup, "#referral dl:not(#referral-form)"))
    assert shown["child_name"] == "Ada <Example>"
    assert shown["n"] == "[\n1\n]"


def test_the_case_list_names_the_child(staff_client: FlaskClient, container: Container) -> None:
    open_case(container, reference="GSCP-2026-0001")
    open_case(
        container,
        reference="GSCP-2026-0002",
        answers=serious_incident_answers(child_name="  <i>Bea</i>\n Example "),
    )
    open_case(container, reference="GSCP-2026-0003", answers={})
    soup = page(staff_client.get("/cases"))
    names = {
        str(r["data-reference"]): r.find_all("td")[0].get_text(strip=True)
        for r in soup.select("#cases tbody tr")
    }
    assert names == {
        "GSCP-2026-0001": "Ada Example",
        "GSCP-2026-0002": "<i>Bea</i> Example",
        "GSCP-2026-0003": "Not given",
    }
