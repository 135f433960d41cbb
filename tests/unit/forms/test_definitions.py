"""The forms as declared, and the self-checks of Form, Page and Repeating."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import YesNoDetails
from shared.forms.model import Form, Page, Section
from shared.forms.questions import Question, ShortText
from shared.forms.registry import FORMS, REFERRAL_FORMS, UnknownForm, form_for_route, get_form
from shared.forms.repeating import Repeating
from tests.unit.forms.support import ALL_FORMS, PL, SI, question

SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

EVERY_QUESTION = [
    pytest.param(form, q, id=f"{form.id}:{q.id}") for form in ALL_FORMS for q in form.questions()
]
FORM_IDS = [f.id for f in ALL_FORMS]

#: rows of App. i's 1.1 Child's Details, as the seed words them
SEED_CHILD_DETAILS = {
    "child_name": "Name of Child",
    "child_date_of_birth": "Date of Birth",
    "child_home_address": "Home address",
    "child_gender": "Gender",
    "child_ethnic_origin": "Ethnic Origin",
    "child_faith": "Faith/Religion",
    "child_disability": "Disability",
    "looked_after": "Is the child/young person looked after?",
    "child_protection_plan": "Is the child/young person subject to a child protection plan or "
    "has been previously?",
    "open_to_social_care": "Is the child/young person open to Children's Social Care or "
    "Early Help?",
    "incident_location": "Address of location of incident",
    "carer_at_incident": "Carer at time of incident",
    "criminal_investigation": "Is this case known to be the subject of a criminal investigation?",
    "coroners_inquiry": "Is this case known to be the subject of a Coroner's Inquiry?",
}


@pytest.mark.parametrize(("form", "q"), EVERY_QUESTION)
def test_every_question_has_a_label_a_name_and_a_length(form: Form, q: Question) -> None:
    assert q.label.strip()
    assert q.name.strip()
    assert q.max_length > 0
    assert SNAKE_CASE.fullmatch(q.id)
    if isinstance(q, YesNoDetails | ChoiceDetails):
        assert q.details_label.strip()
        assert q.details_name.strip()


@pytest.mark.parametrize("form", ALL_FORMS, ids=FORM_IDS)
def test_answer_ids_are_unique_snake_case_and_page_ids_are_slugs(form: Form) -> None:
    top = [answer_id for page in form.pages for answer_id in page.answer_ids]
    assert len(top) == len(set(top))
    assert all(SNAKE_CASE.fullmatch(i) for i in top)
    pages = [page.id for page in form.pages]
    assert len(pages) == len(set(pages))
    assert all(SLUG.fullmatch(p) for p in pages)
    assert SLUG.fullmatch(form.id)
    for page in form.pages:
        if page.repeating:
            assert page.repeating.label.strip()
            assert page.repeating.max_items > 0


@pytest.mark.parametrize(("answer_id", "label"), SEED_CHILD_DETAILS.items())
def test_app_i_child_details_keep_the_seeds_words(answer_id: str, label: str) -> None:
    assert question(SI, answer_id).label == label


def test_app_i_asks_about_siblings_and_app_vi_about_learning() -> None:
    assert SI.question("siblings_action") is not None
    assert SI.question("learning") is None
    assert PL.question("learning") is not None
    assert PL.question("coroners_inquiry") is None
    assert (SI.caption, PL.caption) == ("Appendix i", "Appendix vi")
    assert SI.document_title == "REFERRAL OF A SERIOUS INCIDENT FORM"


def test_the_registry_knows_the_referral_forms_the_scoping_form_and_the_report() -> None:
    assert set(REFERRAL_FORMS) == {"serious-incident", "practice-learning"}
    assert set(FORMS) == {*REFERRAL_FORMS, "scoping", "rapid-review-report"}
    assert get_form("serious-incident", version=SI.version) is SI
    assert form_for_route("practice_learning") is PL
    # the scoping form and the report share the serious-incident route but open no case
    assert get_form("scoping").route == "serious_incident"
    assert get_form("rapid-review-report", version=1).route == "serious_incident"
    assert form_for_route("serious_incident") is SI
    with pytest.raises(UnknownForm):
        get_form("serious-incident", version=SI.version + 1)
    with pytest.raises(UnknownForm):
        get_form("rapid-review-report", version=2)
    with pytest.raises(UnknownForm):
        form_for_route("rapid_review")


def test_pages_move_forwards_and_backwards_in_order() -> None:
    pages = SI.pages
    assert SI.previous_page(pages[0]) is None
    assert SI.next_page(pages[-1]) is None
    for before, after in pairwise(pages):
        assert SI.next_page(before) is after
        assert SI.previous_page(after) is before


def text(answer_id: str) -> ShortText:
    return ShortText(id=answer_id, label="Label", name="the thing")


def group_of(*questions: Question, group_id: str = "items") -> Repeating:
    return Repeating(id=group_id, label="Items", item_name="item", questions=questions)


def form_of(*pages: Page) -> Form:
    return Form(
        id="test",
        version=1,
        title="Test",
        document_title="TEST",
        caption="Appendix x",
        route="test",
        sections=(Section("Only", pages),),
    )


def test_a_well_made_form_is_accepted() -> None:
    form = form_of(Page("one", "One", (text("a"), text("b_2"))), Page("two-2", "Two", (text("c"),)))
    assert [p.id for p in form.pages] == ["one", "two-2"]


@pytest.mark.parametrize(
    "pages",
    [
        (Page("one", "One", (text("a"),)), Page("two", "Two", (text("a"),))),
        (Page("one", "One", (text("a"), text("a"))),),
        (Page("one", "One", (text("a"),)), Page("one", "Again", (text("b"),))),
        (
            Page("one", "One", (YesNoDetails(id="seen", label="Seen?", name="seen"),)),
            Page("two", "Two", (text("seen_details"),)),
        ),
        (
            Page("one", "One", (text("items"),)),
            Page("two", "Two", repeating=group_of(text("x"), group_id="items")),
        ),
    ],
)
def test_a_form_refuses_an_answer_id_or_page_used_twice(pages: tuple[Page, ...]) -> None:
    with pytest.raises(ValueError, match="appears twice"):
        form_of(*pages)


@pytest.mark.parametrize(
    "answer_id", ["Name", "child-name", "child name", "_name", "1st", "a__b", ""]
)
def test_a_form_refuses_answer_ids_that_are_not_snake_case(answer_id: str) -> None:
    with pytest.raises(ValueError, match="snake_case"):
        form_of(Page("one", "One", (text(answer_id),)))
    group = group_of(text(answer_id))
    with pytest.raises(ValueError, match="snake_case"):
        form_of(Page("one", "One", repeating=group))


@pytest.mark.parametrize("slug", ["Child", "child_details", "child details", "-child", "a--b", ""])
def test_a_page_refuses_an_id_that_is_not_a_url_slug(slug: str) -> None:
    with pytest.raises(ValueError, match="lower-case letters, digits and hyphens"):
        Page(slug, "Title", (text("a"),))


def test_a_page_has_questions_or_one_group_not_both_nor_neither() -> None:
    group = group_of(text("x"))
    with pytest.raises(ValueError, match="either questions or one repeating group"):
        Page("one", "One")
    with pytest.raises(ValueError, match="either questions or one repeating group"):
        Page("one", "One", (text("a"),), repeating=group)


def test_a_group_refuses_repeated_ids_a_missing_title_question_and_bad_bounds() -> None:
    details = YesNoDetails(id="seen", label="Seen?", name="seen")
    with pytest.raises(ValueError, match="question ids repeat"):
        Repeating(id="g", label="G", item_name="item", questions=(text("x"), text("x")))
    with pytest.raises(ValueError, match="question ids repeat"):
        Repeating(id="g", label="G", item_name="item", questions=(details, text("seen_details")))
    with pytest.raises(ValueError, match="title_question"):
        Repeating(id="g", label="G", item_name="i", questions=(text("x"),), title_question="y")
    with pytest.raises(ValueError, match="min_items and max_items"):
        Repeating(
            id="g", label="G", item_name="i", questions=(text("x"),), min_items=3, max_items=2
        )
