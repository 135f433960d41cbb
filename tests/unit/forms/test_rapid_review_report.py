"""The Report of Rapid Review (App. iv): its questions in the seed's words, the exclusive
"None of the above", a choice with details under several options, the rules across
questions, and Section 1 pre-filled from the referral and the agencies' scoping returns."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from shared.forms import samples
from shared.forms.checks import check_answers, check_item, check_page, page_of_error
from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import MultipleChoice, Option, YesNo, YesNoDetails
from shared.forms.definitions.rapid_review_report import RAPID_REVIEW_REPORT as RR
from shared.forms.definitions.scoping import SCOPING
from shared.forms.model import Form, Page, Section
from shared.forms.prefill import family_composition, report_answers
from shared.forms.questions import LongText, ShortText
from shared.forms.registry import FORMS, REFERRAL_FORMS
from shared.forms.repeating import error_field
from shared.forms.rules import Rule, chosen
from shared.forms.schema import json_schema
from tests.unit.forms.support import PL, SI, TODAY, group, item_question, question

RECOMMENDATION = question(RR, "recommendation")
NO_DETAILS: dict[str, list[str]] = {"recommendation_details_d": [], "recommendation_details_j": []}
CRITERIA = question(RR, "criteria")
FAMILY = group(RR, "family_members")
NO_RATIONALE = "Enter the rationale for the recommendation"
NOT_CONSIDERED = (
    "Select yes if other review options were considered: they must be when no child "
    "safeguarding practice review is recommended"
)

#: the seed's words for each question (App. iv)
SEED_LABELS = {
    "child_name": "Name of Child",
    "case_summary": "Please provide a brief outline of the child and family circumstances and "
    "the incident that triggered this rapid review:",
    "documentation_available": "Documentation available to this Rapid Review:",
    "immediate_action": "Has ALL appropriate immediate action been taken to ensure children's "
    "safety and share any learning appropriately?",
    "immediate_action_details": "Please give details of action taken. If no, what actions need "
    "to be taken? When will these be taken and by whom?",
    "criteria": "Those present at the Rapid Review have considered whether to carry out a local "
    "child safeguarding practice review and have agreed that the case has the potential to meet "
    "the following criteria:",
    "discussion": "Record of Rapid Review discussion and case analysis against the criteria for "
    "statutory review processes. The Rapid Review conclusion should clarify the nature of harm "
    "suffered and whether it meets the criteria for serious harm and/or long term impairment of "
    "health. If the Rapid Review identifies immediate learning that can be acted upon, the "
    "outcome should be summarised:",
    "legal_advice": "Has legal advice been sought?",
    "recommendation": "After completing this Rapid Review it has been agreed that this case:",
    "rationale": "Rationale for Recommendation. When the Rapid Review decision is that a case "
    "does not meet the criteria for a Child Safeguarding Practice Review, other review options "
    "must be considered.",
    "other_options_considered": "Were other review options considered?",
    "disagreement": "Was there any disagreement about the recommended outcome?",
}
SEED_MEMBER_LABELS = {
    "name_and_address": "Name and Address",
    "relationship": "Relationship to Child",
    "date_of_birth": "Date of Birth",
    "legal_status": "Legal Status",
    "ethnic_origin": "Ethnic Origin",
}
SEED_CRITERIA = [
    "highlights or may highlight improvements needed to safeguard and promote the welfare of "
    "children, including where those improvements have been previously identified",
    "highlights or may highlight recurrent themes in the safeguarding and promotion of the "
    "welfare of children",
    "highlights or may highlight concerns regarding two or more organisations or agencies "
    "working together effectively to safeguard and promote the welfare of children",
    "is one which the Child Safeguarding Practice Review Panel have considered and concluded a "
    "local review may be more appropriate",
    "safeguarding partners have cause for concern about the actions of a single agency",
    "there has been no agency involvement and this gives the safeguarding partners cause for "
    "concern",
    "more than one local authority, police area or integrated care board (formerly clinical "
    "commissioning group) is involved, including in cases where families have moved around",
    "the case may raise issues relating to safeguarding or promoting the welfare of children in "
    "institutional settings",
    "None of the above",
]
SEED_RECOMMENDATIONS = [
    ("a", "Meets the criteria for a national Child Safeguarding Practice Review"),
    ("b", "Meets the criteria for a local Child Safeguarding Practice Review"),
    ("c", "Does not meet the criteria but warrants an alternative Learning Review"),
    ("d", "Warrants consideration of DHR, SAR, MAPPA SFO or other"),
    ("e", "Warrants a Single-Agency Review"),
    ("f", "Warrants a Multi-Agency Audit"),
    ("g", "Warrants a Single Agency Audit"),
    ("h", "Needs no Further Action"),
    (
        "i",
        "The Rapid Review has identified learning that has been acted upon, obviating the need "
        "for further review",
    ),
    ("j", "Other"),
]


def report(**changes: Any) -> dict[str, Any]:
    """A typical complete report with ``changes`` made (None removes an answer)."""
    found = samples.answers(RR, today=TODAY)
    for key, value in changes.items():
        if value is None:
            found.pop(key, None)
        else:
            found[key] = value
    return found


def validator() -> Draft202012Validator:
    return Draft202012Validator(json_schema(RR), format_checker=Draft202012Validator.FORMAT_CHECKER)


# The definition


def test_the_form_is_appendix_iv_in_the_seeds_words() -> None:
    assert (RR.id, RR.version, RR.caption, RR.title) == (
        "rapid-review-report",
        1,
        "Appendix iv",
        "Report of Rapid Review",
    )
    assert RR.document_title == (
        "REPORT OF RAPID REVIEW DECISIONS AND RECOMMENDATIONS FOR SUBMISSION TO NATIONAL CHILD "
        "SAFEGUARDING PRACTICE REVIEW PANEL"
    )
    assert RR.route == "serious_incident"
    assert RR.intro == (
        "In line with Working Together to Safeguard Children 2023, the aim of this rapid review "
        "is to enable safeguarding partners to:",
        "gather the facts about the case, as far as can be readily established;",
        "discuss whether there is any immediate action needed to ensure children's safety and "
        "share any learning appropriately;",
        "consider the potential for identifying improvements to safeguard and promote the "
        "welfare of children;",
        "decide what steps to take next, including whether or not to undertake a child "
        "safeguarding practice review.",
    )
    assert [s.title for s in RR.sections] == [
        "Background Information",
        "Section 1: Case Background",
        "Section 2: Consideration of Case, Criteria and Guidance",
        "Section 3: Recommendation",
    ]
    assert [p.id for p in RR.pages] == [
        "background",
        "family-members",
        "case-summary",
        "immediate-action",
        "criteria",
        "discussion",
        "recommendation",
        "agreement",
    ]
    before = "This should be completed in advance of the Rapid Review meeting."
    during = "This should be completed during the meeting and agreed by participants."
    assert {p.id: p.intro for p in RR.pages if p.intro} == {
        "family-members": (before,),
        "case-summary": (before,),
        "immediate-action": (during,),
        "criteria": (during,),
        "discussion": (during,),
        "recommendation": (
            "Review: Is an evaluation designed to identify potential service delivery and "
            "procedural improvements.",
            "Audit: The process of systematic examination carried out to assess how "
            "successfully processes have been implemented.",
        ),
    }


def test_it_is_served_but_is_not_a_referral_form() -> None:
    assert FORMS["rapid-review-report"] is RR
    assert "rapid-review-report" not in REFERRAL_FORMS


def test_the_meeting_gives_the_date_and_participants_so_they_are_not_asked() -> None:
    ids = {q.id for q in RR.questions()}
    assert not ids & {"date", "meeting_date", "participants", "submitted_on"}
    assert [q.id for q in RR.pages[0].questions] == ["child_name"]


@pytest.mark.parametrize(("answer_id", "label"), SEED_LABELS.items())
def test_questions_keep_the_seeds_words(answer_id: str, label: str) -> None:
    assert question(RR, answer_id).label == label


@pytest.mark.parametrize(("answer_id", "label"), SEED_MEMBER_LABELS.items())
def test_each_family_member_is_asked_in_the_seeds_words(answer_id: str, label: str) -> None:
    assert item_question(RR, "family_members", answer_id).label == label


def test_the_family_members_group() -> None:
    assert FAMILY.label == "Details of Family Members and Significant Others"
    assert (FAMILY.min_items, FAMILY.max_items) == (0, 40)
    assert {q.id for q in FAMILY.questions if q.required} == {"name_and_address", "relationship"}
    assert isinstance(item_question(RR, "family_members", "name_and_address"), LongText)


def test_hints_and_details_in_the_seeds_words() -> None:
    assert CRITERIA.hint == (
        "Tick all that are relevant. These should be agreed by all participants in the Rapid "
        "Review."
    )
    legal = question(RR, "legal_advice")
    assert isinstance(legal, YesNoDetails)
    assert legal.details_label == "If yes, please give details."
    disagreement = question(RR, "disagreement")
    assert isinstance(disagreement, YesNoDetails)
    assert disagreement.hint == (
        "Where there is not unanimous agreement about the recommended outcome, this must be "
        "clearly recorded and shared with the lead representatives for the three safeguarding "
        "partners."
    )
    assert disagreement.details_label == "Record the disagreement: who disagreed and why"
    assert isinstance(question(RR, "immediate_action"), YesNo)
    assert isinstance(question(RR, "child_name"), ShortText)


def test_long_answers_have_room() -> None:
    assert question(RR, "case_summary").max_length == 20_000
    assert question(RR, "discussion").max_length == 20_000


def test_rationale_and_other_options_are_optional_alone_and_ruled_together() -> None:
    assert not question(RR, "rationale").required
    assert not question(RR, "other_options_considered").required
    assert [r.message for r in RR.rules_about("rationale")] == [NO_RATIONALE]
    assert [r.equals for r in RR.rules_about("other_options_considered")] == ["yes"]
    assert RR.rules_about("child_name") == ()


# The criteria: "None of the above" cannot be ticked with another


def test_the_criteria_are_the_seeds_eight_and_none_of_the_above_is_exclusive() -> None:
    assert isinstance(CRITERIA, MultipleChoice)
    assert [o.label for o in CRITERIA.options] == SEED_CRITERIA
    assert [o.value for o in CRITERIA.options if o.exclusive] == ["none"]
    assert CRITERIA.exclusive_values == ("none",)


@pytest.mark.parametrize(
    ("ticked", "value", "error"),
    [
        (["none"], ["none"], None),
        (["recurrent_themes", "single_agency"], ["recurrent_themes", "single_agency"], None),
        (
            ["single_agency", "none"],
            None,
            'Select the criteria the case has the potential to meet, or select "None of the above"',
        ),
        ([], None, "Select the criteria the case has the potential to meet"),
        (["made_up"], None, "Select the criteria the case has the potential to meet"),
    ],
)
def test_none_of_the_above_is_refused_with_another(
    ticked: list[str], value: list[str] | None, error: str | None
) -> None:
    reading = CRITERIA.read({"criteria": ticked}, TODAY)
    assert (reading.value, reading.error) == (value, error)
    stored = check_answers(RR, report(criteria=ticked), TODAY)
    assert stored.errors.get("criteria") == error


@pytest.mark.parametrize(
    ("value", "ok"),
    [(["none"], True), (["recurrent_themes"], True), (["recurrent_themes", "none"], False)],
)
def test_the_schema_refuses_none_of_the_above_with_another(value: list[str], ok: bool) -> None:
    assert validator().is_valid(report(criteria=value)) is ok


def test_checkboxes_without_an_exclusive_option_are_as_they_were() -> None:
    plain = MultipleChoice(id="q", label="Q?", name="q", options=(Option("a", "A"),))
    assert "if" not in plain.schema()
    assert plain.read({"q": ["a"]}, TODAY).value == ["a"]


# The recommendation: "Please state" under d and under j


def test_the_recommendation_is_a_to_j_with_please_state_under_d_and_j() -> None:
    assert isinstance(RECOMMENDATION, ChoiceDetails)
    assert [(o.value, o.label) for o in RECOMMENDATION.options] == SEED_RECOMMENDATIONS
    assert RECOMMENDATION.details_options == ("d", "j")
    assert RECOMMENDATION.details_label == "Please state"
    assert RECOMMENDATION.field_names() == (
        "recommendation",
        "recommendation_details_d",
        "recommendation_details_j",
    )


@pytest.mark.parametrize(
    ("raw", "value", "error"),
    [
        ({"recommendation": ["c"]}, {"answer": "c"}, None),
        (
            {"recommendation": ["d"], "recommendation_details_d": [" SAR \r\n"]},
            {"answer": "d", "details": "SAR"},
            None,
        ),
        (
            {"recommendation": ["j"], "recommendation_details_j": ["Joint review"]},
            {"answer": "j", "details": "Joint review"},
            None,
        ),
        # only the chosen option's box is read
        (
            {"recommendation": ["j"], "recommendation_details_d": ["SAR"]},
            None,
            "Enter what was agreed for this case",
        ),
        (
            {"recommendation": ["c"], "recommendation_details_d": ["left over"]},
            {"answer": "c"},
            None,
        ),
        ({"recommendation": ["d"]}, None, "Enter what was agreed for this case"),
        (
            {"recommendation": ["d"], "recommendation_details_d": ["x" * 501]},
            None,
            "Details of what was agreed for this case must be 500 characters or fewer",
        ),
        ({}, None, "Select what has been agreed for this case"),
        ({"recommendation": ["k"]}, None, "Select what has been agreed for this case"),
    ],
)
def test_several_details_options_are_read_from_their_own_box(
    raw: dict[str, list[str]], value: Any, error: str | None
) -> None:
    reading = RECOMMENDATION.read(raw, TODAY)
    assert (reading.value, reading.error) == (value, error)


def test_errors_belong_to_the_box_under_the_option_chosen() -> None:
    assert error_field(RECOMMENDATION, {"recommendation": ["d"]}) == "recommendation_details_d"
    assert error_field(RECOMMENDATION, {"recommendation": ["j"]}) == "recommendation_details_j"
    assert error_field(RECOMMENDATION, {"recommendation": ["c"]}) == "recommendation"
    assert error_field(RECOMMENDATION, {}) == "recommendation"
    page = RR.page("recommendation")
    assert page is not None
    result = check_page(page, {"recommendation": ["j"]}, TODAY)
    assert result.errors == {"recommendation_details_j": "Enter what was agreed for this case"}


@pytest.mark.parametrize(
    ("value", "raw"),
    [
        (
            {"answer": "c"},
            {
                "recommendation": ["c"],
                "recommendation_details_d": [],
                "recommendation_details_j": [],
            },
        ),
        (
            {"answer": "d", "details": "SAR"},
            {
                "recommendation": ["d"],
                "recommendation_details_d": ["SAR"],
                "recommendation_details_j": [],
            },
        ),
        (
            {"answer": "j", "details": "Joint review"},
            {
                "recommendation": ["j"],
                "recommendation_details_d": [],
                "recommendation_details_j": ["Joint review"],
            },
        ),
        (
            "h",
            {
                "recommendation": ["h"],
                "recommendation_details_d": [],
                "recommendation_details_j": [],
            },
        ),
        (
            None,
            {"recommendation": [], **NO_DETAILS},
        ),
    ],
)
def test_several_details_options_round_trip_through_to_raw(
    value: Any, raw: dict[str, list[str]]
) -> None:
    assert RECOMMENDATION.to_raw(value) == raw
    if value is not None:
        read = RECOMMENDATION.read(raw, TODAY).value
        assert read == (value if isinstance(value, dict) else {"answer": value})


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ({"answer": "a"}, "Meets the criteria for a national Child Safeguarding Practice Review"),
        (
            {"answer": "d", "details": "SAR"},
            "Warrants consideration of DHR, SAR, MAPPA SFO or other: SAR",
        ),
        ({"answer": "j", "details": "Joint review"}, "Other: Joint review"),
        ({"answer": "z"}, "Not given"),
        (None, "Not given"),
    ],
)
def test_several_details_options_display(value: Any, shown: str) -> None:
    assert RECOMMENDATION.display(value) == shown


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, None),
        ("c", None),
        ({"answer": "j", "details": "x"}, None),
        (3, "Select what has been agreed for this case"),
        ({"answer": ["d"]}, "Select what has been agreed for this case"),
        ({"answer": "d", "details": 4}, "Enter what was agreed for this case as text"),
    ],
)
def test_several_details_options_refuse_the_wrong_type(value: Any, message: str | None) -> None:
    assert RECOMMENDATION.wrong_type(value) == message


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ({"answer": "c"}, True),
        ({"answer": "d", "details": "SAR"}, True),
        ({"answer": "j", "details": "Other"}, True),
        ({"answer": "d"}, False),
        ({"answer": "j"}, False),
        ({"answer": "k"}, False),
        ({"answer": "j", "details": "x" * 501}, False),
    ],
)
def test_several_details_options_schema(value: Any, ok: bool) -> None:
    schema = RECOMMENDATION.described()
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["details"]["title"] == "Please state"
    assert Draft202012Validator(schema).is_valid(value) is ok


def test_details_options_must_be_options_and_not_repeat() -> None:
    options = (Option("a", "A"), Option("b", "B"))
    for wrong in ((), ("a", "z"), ("a", "a"), ""):
        with pytest.raises(ValueError, match="details_for"):
            ChoiceDetails(id="q", label="Q?", name="q", options=options, details_for=wrong)
    one = ChoiceDetails(id="q", label="Q?", name="q", options=options, details_for=("b",))
    assert (one.details_options, one.field_names()) == (("b",), ("q", "q_details"))


def test_the_scoping_forms_single_details_option_is_as_it_was() -> None:
    matches = item_question(SCOPING, "family_composition", "matches")
    assert isinstance(matches, ChoiceDetails)
    assert matches.details_options == ("anomaly",)
    assert matches.field_names() == ("matches", "matches_details")


# The rules across questions


def test_a_recommendation_without_a_review_needs_a_rationale() -> None:
    checked = check_answers(RR, report(recommendation={"answer": "c"}, rationale=None), TODAY)
    assert checked.errors == {"rationale": NO_RATIONALE}
    # the error summary links to the page the rationale is asked on
    page = page_of_error(RR, "rationale")
    assert page is not None and page.id == "recommendation"


def test_a_recommendation_without_a_review_needs_other_options_considered() -> None:
    given = report(recommendation={"answer": "c"}, other_options_considered="no")
    assert check_answers(RR, given, TODAY).errors == {"other_options_considered": NOT_CONSIDERED}
    given = report(recommendation={"answer": "h"}, other_options_considered=None)
    assert check_answers(RR, given, TODAY).errors == {"other_options_considered": NOT_CONSIDERED}


def test_both_rules_are_told_at_once() -> None:
    given = report(
        recommendation={"answer": "j", "details": "Joint review"},
        rationale=None,
        other_options_considered=None,
    )
    assert check_answers(RR, given, TODAY).errors == {
        "rationale": NO_RATIONALE,
        "other_options_considered": NOT_CONSIDERED,
    }


@pytest.mark.parametrize("letter", ["a", "b"])
def test_a_child_safeguarding_practice_review_needs_neither(letter: str) -> None:
    given = report(recommendation={"answer": letter}, rationale=None, other_options_considered=None)
    checked = check_answers(RR, given, TODAY)
    assert checked.ok, checked.errors
    assert "rationale" not in checked.answers
    assert check_answers(
        RR, report(recommendation={"answer": "a"}, other_options_considered="no"), TODAY
    ).ok


def test_a_rule_adds_nothing_where_its_question_already_has_an_error() -> None:
    given = report(recommendation={"answer": "c"}, rationale=7, other_options_considered="maybe")
    assert check_answers(RR, given, TODAY).errors == {
        "rationale": "Enter the rationale for the recommendation as text",
        "other_options_considered": "Select yes if other review options were considered, or no",
    }


def test_nor_where_the_recommendation_is_missing_or_wrong() -> None:
    given = report(recommendation=None, rationale=None, other_options_considered=None)
    assert check_answers(RR, given, TODAY).errors == {
        "recommendation": "Select what has been agreed for this case"
    }


def test_a_page_is_still_checked_by_itself() -> None:
    page = RR.page("recommendation")
    assert page is not None
    assert check_page(page, {"recommendation": ["c"]}, TODAY).ok


@pytest.mark.parametrize(
    ("changes", "ok"),
    [
        ({"recommendation": {"answer": "c"}}, True),
        ({"recommendation": {"answer": "c"}, "rationale": None}, False),
        ({"recommendation": {"answer": "c"}, "other_options_considered": "no"}, False),
        ({"recommendation": {"answer": "c"}, "other_options_considered": None}, False),
        ({"recommendation": {"answer": "a"}, "rationale": None}, True),
        ({"recommendation": {"answer": "b"}, "other_options_considered": "no"}, True),
    ],
)
def test_the_schema_says_the_rules_too(changes: dict[str, Any], ok: bool) -> None:
    given = report(**changes)
    assert validator().is_valid(given) is ok
    assert check_answers(RR, given, TODAY).ok is ok


def test_the_schema_gives_each_rule_as_if_then() -> None:
    schema = json_schema(RR)
    Draft202012Validator.check_schema(schema)
    no_cspr = ["c", "d", "e", "f", "g", "h", "i", "j"]
    when = {
        "properties": {
            "recommendation": {
                "type": "object",
                "properties": {"answer": {"enum": no_cspr}},
                "required": ["answer"],
            }
        },
        "required": ["recommendation"],
    }
    assert schema["allOf"] == [
        {"if": when, "then": {"required": ["rationale"]}},
        {
            "if": when,
            "then": {
                "required": ["other_options_considered"],
                "properties": {"other_options_considered": {"enum": ["yes"]}},
            },
        },
    ]
    assert "allOf" not in json_schema(SI)


@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
def test_the_schema_validates_the_sample_answers(largest: bool) -> None:
    given = samples.answers(RR, today=TODAY, largest=largest, items=3)
    assert [e.message for e in validator().iter_errors(given)] == []
    assert check_answers(RR, given, TODAY).ok
    # the largest recommendation is one with "Please state", so both rules apply to it
    assert (given["recommendation"]["answer"], largest) in {("a", False), ("d", True)}


def test_samples_keep_a_rule_they_would_break() -> None:
    form = form_with_rule(equals="no")
    given = samples.answers(form, today=TODAY)
    assert given["considered"] == "no"
    assert check_answers(form, given, TODAY).ok


def test_chosen_reads_every_stored_shape() -> None:
    assert chosen({"answer": "c"}) == ("c",)
    assert chosen("yes") == ("yes",)
    assert chosen(["a", "b"]) == ("a", "b")
    assert chosen(None) == chosen("") == chosen(5) == ()


def form_with_rule(
    *,
    question_id: str = "considered",
    when: str = "pick",
    among: tuple[str, ...] = ("x",),
    equals: str | None = None,
) -> Form:
    return Form(
        id="test",
        version=1,
        title="Test",
        document_title="TEST",
        caption="Appendix x",
        route="test",
        sections=(
            Section(
                "Only",
                (
                    Page(
                        "one",
                        "One",
                        (
                            ChoiceDetails(
                                id="pick",
                                label="Pick?",
                                name="what to pick",
                                options=(Option("x", "X"), Option("y", "Y")),
                                details_for=("y",),
                                details_label="Why?",
                                details_name="why",
                            ),
                            YesNo(id="considered", label="C?", name="c", required=False),
                            ShortText(id="note", label="N", name="the note", required=False),
                        ),
                    ),
                ),
            ),
        ),
        rules=(
            Rule(question=question_id, when=when, among=among, equals=equals, message="Say so"),
        ),
    )


def test_a_well_made_rule_is_accepted() -> None:
    form = form_with_rule(equals="yes")
    assert check_answers(form, {"pick": {"answer": "x"}}, TODAY).errors == {"considered": "Say so"}
    assert check_answers(form, {"pick": {"answer": "y", "details": "z"}}, TODAY).ok


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"question_id": "missing"}, "both questions"),
        ({"when": "missing"}, "both questions"),
        ({"question_id": "pick"}, "another question"),
        ({"among": ()}, "another question"),
        ({"among": ("z",)}, "has no options"),
        ({"when": "note", "question_id": "considered"}, "has no options"),
        ({"equals": "maybe"}, "not one of its options"),
        ({"question_id": "note", "equals": "x"}, "not one of its options"),
    ],
)
def test_a_rule_must_name_the_forms_questions_and_options(
    changes: dict[str, Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        form_with_rule(**changes)


# Pre-filled from the referral and the agencies' scoping returns


def returns_of(given: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Two agencies' returns: one adds a person not on the referral (and lists a referral
    member again, differently spaced and cased); the other adds nobody."""
    people = family_composition(SI.id, given)
    first = samples.answers(SCOPING, today=TODAY)
    first["family_composition"] = [
        *people,
        {"role": "Mother", "name": f"  {people[1]['name'].upper()} "},
        {"role": "Lodger", "name": "Sam Other", "home_address": "2 Lane\nTown"},
    ]
    first["involvement_summary"] = "Health visits since birth."
    second = samples.answers(SCOPING, today=TODAY)
    second["family_composition"] = people
    second["involvement_summary"] = "School attendance concerns."
    return [("Riverside Health", first), ("Riverside Primary School", second)]


def test_the_report_is_prefilled_from_the_referral_and_two_returns() -> None:
    given = samples.answers(SI, today=TODAY, items=2)
    found = report_answers(SI.id, given, returns_of(given))
    members = given["family_members"]
    assert found["child_name"] == given["child_name"]
    assert found["family_members"] == [
        *(
            {
                "name_and_address": f"{m['name']}\n{m['address']}",
                "relationship": m["relationship"],
                "date_of_birth": m["date_of_birth"],
                "legal_status": m["legal_status"],
                "ethnic_origin": m["ethnic_origin"],
            }
            for m in members
        ),
        {"name_and_address": "Sam Other\n2 Lane\nTown", "relationship": "Lodger"},
    ]
    assert found["case_summary"] == (
        f"{given['outline']}\n\n"
        "Riverside Health: Health visits since birth.\n\n"
        "Riverside Primary School: School attendance concerns."
    )
    assert found["documentation_available"] == (
        "Referral (Appendix i)\n"
        "Initial Scoping and Information Sharing form: Riverside Health\n"
        "Initial Scoping and Information Sharing form: Riverside Primary School"
    )
    assert set(found) == {
        "child_name",
        "family_members",
        "case_summary",
        "documentation_available",
    }


@pytest.mark.parametrize("largest", [False, True], ids=["typical", "largest"])
def test_prefilled_answers_are_in_the_reports_stored_shape(largest: bool) -> None:
    given = samples.answers(SI, today=TODAY, largest=largest, items=3)
    found = report_answers(SI.id, given, returns_of(given)[:1] if largest else returns_of(given))
    for item in found["family_members"]:
        result = check_item(FAMILY, FAMILY.item_to_raw(item), TODAY)
        assert result.ok, result.errors
        assert result.values == item
    checked = check_answers(RR, {**report(), **found}, TODAY)
    assert checked.ok, checked.errors
    assert {k: checked.answers[k] for k in found} == found


def test_the_child_is_never_listed_as_a_family_member() -> None:
    given = {"child_name": "Child Q", "family_members": [{"name": "Jo", "relationship": "Mum"}]}
    scoping = {
        "family_composition": [
            {"role": "Subject child", "name": "Child Q"},
            {"role": "Cousin", "name": "child q"},
        ]
    }
    found = report_answers(SI.id, given, [("Police", scoping)])
    assert found["family_members"] == [{"name_and_address": "Jo", "relationship": "Mum"}]


def test_without_returns_only_the_referral_is_used() -> None:
    given = samples.answers(PL, today=TODAY, items=1)
    found = report_answers(PL.id, given, [])
    assert found["case_summary"] == given["outline"]
    assert found["documentation_available"] == "Referral (Appendix vi)"
    assert len(found["family_members"]) == 1


def test_missing_and_odd_values_are_left_out() -> None:
    returns = [("  ", {"family_composition": "nobody", "involvement_summary": 5})]
    found = report_answers("scoping", {"child_name": "Not a referral"}, returns)
    assert found == {
        "family_members": [],
        "documentation_available": "Initial Scoping and Information Sharing form: Agency",
    }
    assert report_answers(SI.id, {"family_members": [{}, "x"]}, []) == {
        "family_members": [],
        "documentation_available": "Referral (Appendix i)",
    }


def test_never_more_family_members_than_the_report_takes() -> None:
    members = [{"name": f"Person {i}", "relationship": "Cousin"} for i in range(30)]
    added = [{"role": "Friend", "name": f"Friend {i}"} for i in range(30)]
    found = report_answers(
        SI.id, {"family_members": members}, [("Police", {"family_composition": added})]
    )
    assert len(found["family_members"]) == FAMILY.max_items
