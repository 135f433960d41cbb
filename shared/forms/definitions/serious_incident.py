"""Referral of a Serious Incident (seed 003, Appendix i), complete."""

from __future__ import annotations

from shared.forms.definitions.common import (
    agencies_page,
    background_page,
    child_page,
    chronology_page,
    circumstances_page,
    family_page,
    person_page,
)
from shared.forms.model import Form, Page, Section
from shared.forms.questions import LongText

SERIOUS_INCIDENT = Form(
    id="serious-incident",
    version=1,
    title="Referral of a serious incident",
    document_title="REFERRAL OF A SERIOUS INCIDENT FORM",
    caption="Appendix i",
    route="serious_incident",
    intro=(
        "Serious child safeguarding cases are those in which abuse or neglect of a child is "
        "known or suspected and the child has died or been seriously harmed.",
        "Professionals should discuss the case with their agency designated safeguarding "
        "lead/officer to help formulate the rationale. A referral should be made as soon as "
        "possible after the serious incident occurs.",
    ),
    sections=(
        Section(
            "Agency Referral",
            (
                person_page(
                    page_id="referrer",
                    title="Person making the referral",
                    prefix="referrer",
                    who="the person making the referral",
                    name_label="Name of Person Making referral",
                ),
                person_page(
                    page_id="safeguarding-lead",
                    title="Designated safeguarding lead/officer",
                    prefix="dsl",
                    who="the designated safeguarding lead",
                    intro=(
                        "Please give the details of the designated safeguarding lead/officer "
                        "with whom you have discussed the case.",
                    ),
                ),
            ),
        ),
        Section(
            "Section I: Brief overview of child and family composition",
            (
                child_page(),
                circumstances_page(serious=True),
                family_page(),
                Page(
                    id="siblings",
                    title="Siblings",
                    questions=(
                        LongText(
                            id="siblings_action",
                            label="What action has been undertaken to safeguard and protect "
                            "any siblings of the child who is the subject of this referral?",
                            name="what action has been taken to safeguard and protect any siblings",
                            hint="If the child has no siblings, say so",
                            max_length=5_000,
                        ),
                    ),
                ),
                agencies_page(title="Other agencies known to be involved"),
            ),
        ),
        Section(
            "Section 2: Case Background",
            (
                background_page(
                    note="PLEASE NOTE: The information you provide will be used to help "
                    "establish whether the case meets the criteria for a Child Safeguarding "
                    "Practice Review or other type of learning review."
                ),
                chronology_page(),
                Page(
                    id="additional-information",
                    title="Additional information",
                    warning="NOTE: THE ABOVE SHOULD FOLLOW A DISCUSSION WITH A NOMINATED "
                    "MANAGER OR SAFEGUARDING ADVISOR IN YOUR AGENCY.",
                    questions=(
                        LongText(
                            id="additional_information",
                            label="Please add any additional information you think may be "
                            "relevant and may assist decision-making:",
                            name="any additional information",
                            required=False,
                        ),
                    ),
                ),
            ),
        ),
    ),
)
