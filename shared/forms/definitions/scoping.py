"""Initial Scoping and Information Sharing Form for a Rapid Review (seed 003, Appendix iii).

Each agency on a case returns one, from the link in its scoping letter (App. ii); it is not
a referral. Section 1 comes pre-filled from the referral (``shared.forms.prefill``) and the
agency confirms each person against its own records.

The seed's "Summary of Case" and "Indicative time period" are the partnership's, written
before the form goes out, and its Section 3 (advice and the return address and deadline)
is said by the letter; neither is asked of the agency here.
"""

from __future__ import annotations

from shared.forms.choice_details import ChoiceDetails
from shared.forms.choices import Option, YesNoDetails
from shared.forms.definitions.common import NAME_MAX, person_page
from shared.forms.model import Form, Page, Section
from shared.forms.questions import Address, Date, LongText, ShortText
from shared.forms.repeating import Repeating

#: the option of ``matches`` under which the agency says what differs
ANOMALY = "anomaly"
#: the most people Section 1 lists (a referral lists the child and up to 30 others)
MAX_PEOPLE = 40

INTRO = (
    "Working Together to Safeguard Children 2023 provides clear criteria in chapter 5 about "
    "when child safeguarding practice reviews should be conducted. We have received "
    "notification of a serious incident which may meet the criteria for a child safeguarding "
    "practice review and will, therefore, be holding a Rapid Review to consider the case.",
    "To inform the Rapid Review meeting, we need to gather the basic facts about the case and "
    "determine the extent of agency involvement with the child and family. This will help the "
    "safeguarding partners decide whether to progress a formal child safeguarding practice "
    "review and to determine the most appropriate method to identify and cascade learning from "
    "this case.",
    "We are required to hold the Rapid Review meeting and agree the way forward within "
    "timescales outlined in national guidance (currently within 15 working days). This initial "
    "scoping and information sharing form should, therefore, be returned within 5 working days.",
)
FAMILY_CHECK = (
    "All agencies are asked to check whether the details below match information held on "
    "their systems. Please advise of any anomalies."
)


def family_composition_page() -> Page:
    return Page(
        id="family-composition",
        title="Composition of the Child's Family",
        intro=(FAMILY_CHECK,),
        repeating=Repeating(
            id="family_composition",
            label="Composition of the Child's Family",
            item_name="person",
            item_plural="people",
            title_question="name",
            min_items=1,
            max_items=MAX_PEOPLE,
            questions=(
                ShortText(
                    id="role",
                    label="Relationship to child",
                    name="their relationship to the child",
                    hint="For example, subject child, mother, father, sibling, significant adult",
                    max_length=100,
                ),
                ShortText(id="name", label="Name", name="their name", max_length=NAME_MAX),
                ShortText(
                    id="also_known_as",
                    label="Also known as",
                    name="the other names they are known by",
                    required=False,
                    max_length=NAME_MAX,
                ),
                ShortText(
                    id="nhs_number",
                    label="National health number",
                    name="their national health number",
                    hint="For example, 485 777 3456",
                    required=False,
                    max_length=20,
                ),
                Date(
                    id="date_of_birth",
                    label="D.O.B",
                    name="their date of birth",
                    hint="For example, 27 3 1990",
                    required=False,
                ),
                Date(
                    id="date_of_death",
                    label="D.O.D",
                    name="their date of death",
                    hint="For example, 14 3 2026",
                    required=False,
                ),
                Address(
                    id="home_address",
                    label="Home address",
                    name="their home address",
                    required=False,
                ),
                LongText(
                    id="previous_addresses",
                    label="Previous addresses",
                    name="their previous addresses",
                    required=False,
                    max_length=2_000,
                    rows=4,
                ),
                ChoiceDetails(
                    id="matches",
                    label="Do these details match the information held on your systems?",
                    name="whether these details match the information held on your systems",
                    options=(
                        Option("yes", "Yes, the details match our records"),
                        Option(ANOMALY, "No, there are anomalies"),
                        Option("not_known", "This person is not known to our agency"),
                    ),
                    details_for=ANOMALY,
                    details_label="Please advise of any anomalies",
                    details_name="the anomalies",
                ),
            ),
        ),
    )


def involvement_page() -> Page:
    return Page(
        id="involvement",
        title="Agency Information and Involvement",
        questions=(
            LongText(
                id="involvement_summary",
                label="Provide a brief summary of your agency's involvement with the subject "
                "child AND the individuals listed in the family composition.",
                name="a brief summary of your agency's involvement with the child and family",
                hint="Please focus on the key significant events in chronological order and, "
                "where appropriate, include the date of commencement and completion of service.",
                rows=8,
            ),
            LongText(
                id="practice_analysis",
                label="Brief analysis of individual or / and agency practice.",
                name="a brief analysis of individual or agency practice",
                hint="Please identify any outstanding practice or potential learning.",
                max_length=5_000,
            ),
            LongText(
                id="partnership_concerns",
                label="Please identify any areas for concern as to the way in which partners "
                "have worked together to safeguard the subject child.",
                name="any areas for concern about how partners have worked together",
                hint="If you have none, say so",
                max_length=5_000,
            ),
        ),
    )


SCOPING = Form(
    id="scoping",
    version=1,
    title="Initial scoping and information sharing",
    document_title="INITIAL SCOPING AND INFORMATION SHARING FORM FOR A RAPID REVIEW",
    caption="Appendix iii",
    route="serious_incident",
    intro=INTRO,
    sections=(
        Section(
            "Contact details of individual / agency completing this form",
            (
                person_page(
                    page_id="contact",
                    title="Contact details of individual / agency completing this form",
                    prefix="completer",
                    who="the person completing this form",
                    agency_label="Agency and Job Title",
                    agency_name="the agency and job title",
                    phone_required=True,
                ),
            ),
        ),
        Section("Section 1: Composition of the Child's Family", (family_composition_page(),)),
        Section(
            "Section 2: Agency Information and Involvement",
            (
                involvement_page(),
                Page(
                    id="other-agencies",
                    title="Other agencies",
                    questions=(
                        YesNoDetails(
                            id="other_agencies",
                            label="Are you aware of the involvement of any other agencies?",
                            name="you are aware of the involvement of any other agencies",
                            details_label="If yes, please give details.",
                            details_name="the other agencies involved",
                        ),
                    ),
                ),
                Page(
                    id="further-information",
                    title="Further information",
                    questions=(
                        LongText(
                            id="further_information",
                            label="Please include any further relevant information that you "
                            "wish to bring to the attention of the Rapid Review meeting.",
                            name="any further relevant information",
                            required=False,
                        ),
                    ),
                ),
            ),
        ),
    ),
)
