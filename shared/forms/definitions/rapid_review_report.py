"""Report of Rapid Review Decisions and Recommendations for submission to the National Child
Safeguarding Practice Review Panel (seed 003, Appendix iv).

Filled in by staff in the console for a case on the serious-incident route, before and
during the Rapid Review meeting; it is not a referral. It comes pre-filled from the referral
and the agencies' scoping returns (``shared.forms.prefill.report_answers``).

The seed's "Date of Rapid Review" and "List of Participants in Rapid Review" come from the
meeting record, and "Date this form submitted to the National Panel" from the case's own
record of the submission, so none of them is asked here; the notes the seed gives with the
first two are ``MEETING_NOTE`` and ``QUORUM_NOTE``, for whatever shows that record.

The recommendation's options a to j are declared here once: the scheduler's outcomes are
made from them (``services.scheduler.domain.outcomes``).
"""

from __future__ import annotations

from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import YES, MultipleChoice, Option, YesNo, YesNoDetails
from shared.forms.definitions.common import NAME_MAX
from shared.forms.model import Form, Page, Section
from shared.forms.questions import Date, LongText, ShortText
from shared.forms.repeating import Repeating
from shared.forms.rules import Rule

INTRO = (
    "In line with Working Together to Safeguard Children 2023, the aim of this rapid review is "
    "to enable safeguarding partners to:",
    "gather the facts about the case, as far as can be readily established;",
    "discuss whether there is any immediate action needed to ensure children's safety and "
    "share any learning appropriately;",
    "consider the potential for identifying improvements to safeguard and promote the welfare "
    "of children;",
    "decide what steps to take next, including whether or not to undertake a child "
    "safeguarding practice review.",
)
#: the seed's notes on the date of the meeting and its participants (not asked here)
MEETING_NOTE = (
    "Ideally this should be a face to face meeting but may be a telephone conference if "
    "constrained by time"
)
#: (the seed's en dash is intended)
QUORUM_NOTE = (
    "To be quorate at least one representative from each of the safeguarding partners needs "
    "to be present \u2013 i.e. a representative from the health partner, Police and Local "
    "Authority"
)
BEFORE_MEETING = "This should be completed in advance of the Rapid Review meeting."
DURING_MEETING = "This should be completed during the meeting and agreed by participants."
DEFINITIONS = (
    "Review: Is an evaluation designed to identify potential service delivery and procedural "
    "improvements.",
    "Audit: The process of systematic examination carried out to assess how successfully "
    "processes have been implemented.",
)

#: the most family members and significant others Section 1 lists
MAX_FAMILY_MEMBERS = 40
#: the criteria option that cannot be ticked with another
NO_CRITERIA = "none"
CRITERIA = (
    Option(
        "improvements_needed",
        "highlights or may highlight improvements needed to safeguard and promote the welfare "
        "of children, including where those improvements have been previously identified",
    ),
    Option(
        "recurrent_themes",
        "highlights or may highlight recurrent themes in the safeguarding and promotion of the "
        "welfare of children",
    ),
    Option(
        "agencies_working_together",
        "highlights or may highlight concerns regarding two or more organisations or agencies "
        "working together effectively to safeguard and promote the welfare of children",
    ),
    Option(
        "panel_local_review",
        "is one which the Child Safeguarding Practice Review Panel have considered and "
        "concluded a local review may be more appropriate",
    ),
    Option(
        "single_agency",
        "safeguarding partners have cause for concern about the actions of a single agency",
    ),
    Option(
        "no_agency_involvement",
        "there has been no agency involvement and this gives the safeguarding partners cause "
        "for concern",
    ),
    Option(
        "more_than_one_area",
        "more than one local authority, police area or integrated care board (formerly "
        "clinical commissioning group) is involved, including in cases where families have "
        "moved around",
    ),
    Option(
        "institutional_settings",
        "the case may raise issues relating to safeguarding or promoting the welfare of "
        "children in institutional settings",
    ),
    Option(NO_CRITERIA, "None of the above", exclusive=True),
)

#: Section 3's options, stored by their letter
RECOMMENDATIONS = (
    Option("a", "Meets the criteria for a national Child Safeguarding Practice Review"),
    Option("b", "Meets the criteria for a local Child Safeguarding Practice Review"),
    Option("c", "Does not meet the criteria but warrants an alternative Learning Review"),
    Option("d", "Warrants consideration of DHR, SAR, MAPPA SFO or other"),
    Option("e", "Warrants a Single-Agency Review"),
    Option("f", "Warrants a Multi-Agency Audit"),
    Option("g", "Warrants a Single Agency Audit"),
    Option("h", "Needs no Further Action"),
    Option(
        "i",
        "The Rapid Review has identified learning that has been acted upon, obviating the "
        "need for further review",
    ),
    Option("j", "Other"),
)
#: the recommendations under which "Please state" is asked
STATED = ("d", "j")
#: a child safeguarding practice review is held (national or local)
CSPR_RECOMMENDATIONS = ("a", "b")
#: no child safeguarding practice review: a rationale, and other options considered
NO_CSPR = tuple(o.value for o in RECOMMENDATIONS if o.value not in CSPR_RECOMMENDATIONS)

RULES = (
    Rule(
        question="rationale",
        when="recommendation",
        among=NO_CSPR,
        message="Enter the rationale for the recommendation",
    ),
    Rule(
        question="other_options_considered",
        when="recommendation",
        among=NO_CSPR,
        equals=YES,
        message="Select yes if other review options were considered: they must be when no "
        "child safeguarding practice review is recommended",
    ),
)


def family_members_page() -> Page:
    return Page(
        id="family-members",
        title="Details of Family Members and Significant Others",
        intro=(BEFORE_MEETING,),
        repeating=Repeating(
            id="family_members",
            label="Details of Family Members and Significant Others",
            item_name="family member or significant other",
            item_plural="family members or significant others",
            max_items=MAX_FAMILY_MEMBERS,
            questions=(
                LongText(
                    id="name_and_address",
                    label="Name and Address",
                    name="their name and address",
                    hint="The name on the first line, then the address",
                    max_length=1_000,
                    rows=4,
                ),
                ShortText(
                    id="relationship",
                    label="Relationship to Child",
                    name="their relationship to the child",
                    max_length=100,
                    hint="For example, mother, stepfather, sibling, mother's partner",
                ),
                Date(
                    id="date_of_birth",
                    label="Date of Birth",
                    name="their date of birth",
                    required=False,
                    hint="For example, 27 3 1990",
                ),
                ShortText(
                    id="legal_status",
                    label="Legal Status",
                    name="their legal status",
                    required=False,
                    max_length=200,
                    hint="For example, parental responsibility, special guardian",
                ),
                ShortText(
                    id="ethnic_origin",
                    label="Ethnic Origin",
                    name="their ethnic origin",
                    required=False,
                    max_length=100,
                ),
            ),
        ),
    )


def case_summary_page() -> Page:
    return Page(
        id="case-summary",
        title="Case Summary",
        intro=(BEFORE_MEETING,),
        questions=(
            LongText(
                id="case_summary",
                label="Please provide a brief outline of the child and family circumstances "
                "and the incident that triggered this rapid review:",
                name="a brief outline of the child and family circumstances and the incident",
                max_length=20_000,
                rows=12,
            ),
            LongText(
                id="documentation_available",
                label="Documentation available to this Rapid Review:",
                name="the documentation available to this Rapid Review",
                rows=6,
            ),
        ),
    )


def consideration_pages() -> tuple[Page, ...]:
    return (
        Page(
            id="immediate-action",
            title="Immediate Action",
            intro=(DURING_MEETING,),
            questions=(
                YesNo(
                    id="immediate_action",
                    label="Has ALL appropriate immediate action been taken to ensure "
                    "children's safety and share any learning appropriately?",
                    name="all appropriate immediate action has been taken",
                ),
                LongText(
                    id="immediate_action_details",
                    label="Please give details of action taken. If no, what actions need to be "
                    "taken? When will these be taken and by whom?",
                    name="the details of the action taken, or of the actions that need to be taken",
                    rows=6,
                ),
            ),
        ),
        Page(
            id="criteria",
            title="Identifying Improvements to Safeguard and Promote the Welfare of Children",
            intro=(DURING_MEETING,),
            questions=(
                MultipleChoice(
                    id="criteria",
                    label="Those present at the Rapid Review have considered whether to carry "
                    "out a local child safeguarding practice review and have agreed that the "
                    "case has the potential to meet the following criteria:",
                    name="the criteria the case has the potential to meet",
                    hint="Tick all that are relevant. These should be agreed by all "
                    "participants in the Rapid Review.",
                    options=CRITERIA,
                ),
            ),
        ),
        Page(
            id="discussion",
            title="Rapid Review Discussions",
            intro=(DURING_MEETING,),
            questions=(
                LongText(
                    id="discussion",
                    label="Record of Rapid Review discussion and case analysis against the "
                    "criteria for statutory review processes. The Rapid Review conclusion "
                    "should clarify the nature of harm suffered and whether it meets the "
                    "criteria for serious harm and/or long term impairment of health. If the "
                    "Rapid Review identifies immediate learning that can be acted upon, the "
                    "outcome should be summarised:",
                    name="the record of the Rapid Review discussion and case analysis",
                    max_length=20_000,
                    rows=12,
                ),
                YesNoDetails(
                    id="legal_advice",
                    label="Has legal advice been sought?",
                    name="legal advice has been sought",
                    details_label="If yes, please give details.",
                    details_name="the legal advice sought",
                ),
            ),
        ),
    )


def recommendation_pages() -> tuple[Page, ...]:
    return (
        Page(
            id="recommendation",
            title="Recommendation",
            intro=DEFINITIONS,
            questions=(
                ChoiceDetails(
                    id="recommendation",
                    label="After completing this Rapid Review it has been agreed that this case:",
                    name="what has been agreed for this case",
                    options=RECOMMENDATIONS,
                    details_for=STATED,
                    details_label="Please state",
                    details_name="what was agreed for this case",
                    max_length=500,
                ),
                LongText(
                    id="rationale",
                    label="Rationale for Recommendation. When the Rapid Review decision is that "
                    "a case does not meet the criteria for a Child Safeguarding Practice "
                    "Review, other review options must be considered.",
                    name="the rationale for the recommendation",
                    # required by RULES unless a child safeguarding practice review is held
                    required=False,
                    rows=8,
                ),
                YesNo(
                    id="other_options_considered",
                    label="Were other review options considered?",
                    name="other review options were considered",
                    required=False,
                ),
            ),
        ),
        Page(
            id="agreement",
            title="Agreement about the recommended outcome",
            questions=(
                YesNoDetails(
                    id="disagreement",
                    label="Was there any disagreement about the recommended outcome?",
                    name="there was any disagreement about the recommended outcome",
                    hint="Where there is not unanimous agreement about the recommended outcome, "
                    "this must be clearly recorded and shared with the lead representatives for "
                    "the three safeguarding partners.",
                    details_label="Record the disagreement: who disagreed and why",
                    details_name="who disagreed and why",
                    max_length=5_000,
                ),
            ),
        ),
    )


RAPID_REVIEW_REPORT = Form(
    id="rapid-review-report",
    version=1,
    title="Report of Rapid Review",
    document_title="REPORT OF RAPID REVIEW DECISIONS AND RECOMMENDATIONS FOR SUBMISSION TO "
    "NATIONAL CHILD SAFEGUARDING PRACTICE REVIEW PANEL",
    caption="Appendix iv",
    route="serious_incident",
    intro=INTRO,
    rules=RULES,
    sections=(
        Section(
            "Background Information",
            (
                Page(
                    id="background",
                    title="Background Information",
                    questions=(
                        ShortText(
                            id="child_name",
                            label="Name of Child",
                            name="the child's name",
                            max_length=NAME_MAX,
                        ),
                    ),
                ),
            ),
        ),
        Section("Section 1: Case Background", (family_members_page(), case_summary_page())),
        Section("Section 2: Consideration of Case, Criteria and Guidance", consideration_pages()),
        Section("Section 3: Recommendation", recommendation_pages()),
    ),
)
