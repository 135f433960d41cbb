"""Referral for Practice Learning (seed 003, Appendix vi), complete."""

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

CRITERIA = (
    "The partnership recognises that if we focus learning only on serious safeguarding "
    "incidents where a child has died or been seriously harmed and abuse is known or "
    "suspected, we risk limiting or distorting our understanding of whole system functioning.",
    "We know that there are sometimes 'no harm' incidents, concerns about new safeguarding "
    "challenges, feedback from children and families and, more positively, evidence of good "
    "practice that needs to be shared to improve the way we work.",
    "The Learning from Practice Group encourages all practitioners to discuss these with their "
    "Designated Safeguarding Lead/Representative to consider whether these should be referred "
    "for dissemination and learning.",
)

PRACTICE_LEARNING = Form(
    id="practice-learning",
    version=1,
    title="Referral for practice learning",
    document_title="REFERRAL FOR PRACTICE LEARNING FORM",
    caption="Appendix vi",
    route="practice_learning",
    intro=CRITERIA,
    sections=(
        Section(
            "Background Information",
            (
                person_page(
                    page_id="referrer",
                    title="Referrer",
                    prefix="referrer",
                    who="the referrer",
                    name_label="Name of referrer",
                    agency_label="Agency & Designation/Title",
                    intro=CRITERIA,
                ),
                person_page(
                    page_id="safeguarding-lead",
                    title="Designated Safeguarding Lead/Representative",
                    prefix="dsl",
                    who="the designated safeguarding lead",
                    name_label="Name of designated Safeguarding Lead/Representative with whom "
                    "you have discussed this referral",
                    agency_label="Agency & Designation/Title",
                ),
                Page(
                    id="learning",
                    title="What could be learned",
                    questions=(
                        LongText(
                            id="learning",
                            label="Please give a brief description of what you think could be "
                            "learned from this referral.",
                            name="what you think could be learned from this referral",
                            max_length=5_000,
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "Section I: Brief overview of child and family composition",
            (
                child_page(),
                circumstances_page(serious=False),
                family_page(),
                agencies_page(title="Other agencies known to be involved"),
            ),
        ),
        Section(
            "Section 2: Case Background",
            (
                background_page(
                    note="PLEASE NOTE: The information you provide will be used to help "
                    "establish what further information might be required and what format can "
                    "be best used to capture learning."
                ),
                chronology_page(),
                Page(
                    id="additional-information",
                    title="Additional information",
                    questions=(
                        LongText(
                            id="additional_information",
                            label="Please add any additional information you think may be relevant",
                            name="any additional information",
                            required=False,
                        ),
                    ),
                ),
            ),
        ),
    ),
)
