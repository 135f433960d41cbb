"""present.summary: answers as people read them, in the form's order."""

from __future__ import annotations

import pytest

from shared.forms import samples
from shared.forms.checks import check_answers
from shared.forms.model import Form
from shared.forms.present import first_line, summary
from tests.unit.forms.support import ALL_FORMS, PL, SI, TODAY, answers

FORM_IDS = [f.id for f in ALL_FORMS]


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_sections_pages_and_rows_follow_the_definition(form: Form) -> None:
    views = summary(form, samples.answers(form, today=TODAY, items=2))
    assert [s.title for s in views] == [s.title for s in form.sections]
    for view, section in zip(views, form.sections, strict=True):
        assert [p.page for p in view.pages] == list(section.pages)
        for page_view in view.pages:
            page = page_view.page
            assert page_view.title == page.title
            if page.repeating:
                assert page_view.rows == ()
                assert len(page_view.items) == 2
                for item in page_view.items:
                    assert [r.question_id for r in item.rows] == [
                        q.id for q in page.repeating.questions
                    ]
            else:
                assert [(r.question_id, r.label) for r in page_view.rows] == [
                    (q.id, q.label) for q in page.questions
                ]


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_nothing_answered_reads_not_given(form: Form) -> None:
    views = summary(form, {})
    rows = [r for s in views for p in s.pages for r in p.rows]
    assert rows
    assert {r.text for r in rows} == {"Not given"}
    groups = [(p, p.page.repeating) for s in views for p in s.pages if p.page.repeating]
    assert all(p.items == () for p, _ in groups)
    assert [p.empty_text for p, _ in groups] == [f"No {g.items_name} added" for _, g in groups]


@pytest.mark.parametrize("form", [SI, PL], ids=["serious-incident", "practice-learning"])
def test_a_referral_with_no_groups_says_so_in_words(form: Form) -> None:
    groups = [p for s in summary(form, {}) for p in s.pages if p.page.repeating]
    assert {p.empty_text for p in groups} == {
        "No family members or significant others added",
        "No agencies added",
        "No events added",
    }


def rows_of(form: Form, given: dict[str, object]) -> dict[str, str]:
    return {r.question_id: r.text for s in summary(form, given) for p in s.pages for r in p.rows}


def test_answers_are_shown_in_words() -> None:
    checked = check_answers(
        SI,
        answers(
            child_date_of_birth="2019-03-14",
            looked_after="no",
            criminal_investigation={"answer": "yes", "details": "DI Smith"},
            coroners_inquiry={"answer": "no"},
            incident_type="serious-incident",
            child_gender=None,
            child_disability="",
        ),
        TODAY,
    )
    assert checked.ok
    shown = rows_of(SI, checked.answers)
    assert shown["child_date_of_birth"] == "14 March 2019"
    assert shown["looked_after"] == "No"
    assert shown["criminal_investigation"] == "Yes: DI Smith"
    assert shown["coroners_inquiry"] == "No"
    assert shown["incident_type"] == "Serious incident"
    assert shown["child_gender"] == "Not given"
    assert shown["child_disability"] == "Not given"


def test_repeating_items_are_titled_in_order() -> None:
    given = answers(
        family_members=[
            {"name": "Jo Example", "relationship": "Mother"},
            {"relationship": "Uncle"},
        ],
        chronology=[
            {"date": "2026-03-14", "time": "14:30", "event": "Seen at school"},
            {"date": "2026-03-01", "event": "Home visit"},
        ],
    )
    pages = {p.page.id: p for s in summary(SI, given) for p in s.pages}
    assert [i.title for i in pages["family-members"].items] == [
        "Family member or significant other 1: Jo Example",
        "Family member or significant other 2",
    ]
    assert [i.title for i in pages["chronology"].items] == [
        "Event 1: 14 March 2026",
        "Event 2: 1 March 2026",
    ]
    second = {r.label: r.text for r in pages["chronology"].items[1].rows}
    assert second == {"Date": "1 March 2026", "Time": "Not given", "Event": "Home visit"}


def test_items_that_are_not_objects_are_left_out() -> None:
    given = answers(agencies=[{"agency": "Police", "reason": "R"}, "stray"])
    pages = {p.page.id: p for s in summary(SI, given) for p in s.pages}
    assert [i.title for i in pages["agencies"].items] == ["Agency 1: Police"]


@pytest.mark.parametrize(
    ("value", "line"),
    [("Jo  Example", "Jo Example"), ("Jo\nExample ", "Jo Example"), (5, ""), (None, "")],
)
def test_first_line_is_one_line_of_text(value: object, line: str) -> None:
    assert first_line({"child_name": value}, "child_name") == line
