"""``scoping_letter.docx``: the letter to accompany the scoping form (App. ii).

The seed's wording, verbatim, with its placeholders as fields of
``services.documents.scoping_letter.scoping_letter_context``; the letterhead (header, address
block, footer) is the partnership's branding.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from services.documents import scoping_letter
from services.documents.render import SCOPING_LETTER_TEMPLATE
from services.documents.templates.build.branding import branded_footer, letterhead
from services.documents.templates.build.common import (
    DASH,
    letter_styles,
    new_document,
    save,
    say,
    tag,
)


def _letter_head(document: DocxDocument) -> None:
    """Who writes, when, to whom, about which case (the seed's letter leaves these out)."""
    say(document, "{{ letter_date }}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    say(document, "{{ representative }}")
    say(document, "{{ agency_name }}")
    say(document, "Our reference: **{{ reference }}**")


def _letter_body(document: DocxDocument) -> None:
    """The seed's App. ii from its title to "Enc:", verbatim but for the placeholders and
    the form's return "through the secure link in the email" (not "at the address included
    on the form": the form is answered online)."""
    say(
        document,
        "LETTER TO ACCOMPANY INITIAL SCOPING AND INFORMATION SHARING FORM FOR A RAPID REVIEW",
        "Heading 1",
    )
    say(document, "Dear {{ representative }},")
    say(
        document,
        f"Child Safeguarding Practice Review {DASH} Initial Scoping and Information Sharing",
        "Heading 2",
    )
    say(
        document,
        "We have received notification of a serious incident which may meet the criteria "
        "for a child safeguarding practice review. We will, therefore, be holding a Rapid "
        "Review to consider the case.",
    )
    say(
        document,
        "To inform the Rapid Review meeting, we need to gather the basic facts about the "
        "case and determine the extent of agency involvement with the child and/or any "
        "family members. This will help the safeguarding partners decide whether to "
        "undertake a formal child safeguarding practice review and to determine the most "
        "appropriate method to identify and cascade learning from this case.",
    )
    say(document, "We are initially asking agencies to:")
    for item in (
        "Clarify whether your organisation had any involvement with the subject child "
        "and/or named individuals within the family composition outlined in Section I of "
        "the attached form.",
        "Complete the attached '*Initial Scoping and Information Sharing*' form if you have "
        "had any involvement with the subject child or a member of their family.",
        "Secure all records/files in relation to this case, ensuring that they **are "
        "removed to a secure place** where they are **not accessible** to agency personnel "
        "other than through you or your nominated representatives.",
        "Keep your agency's submission in relation to this case **separate** from the case "
        "records/files.",
    ):
        say(document, item, "List Number")
    say(
        document,
        "If the child or family is not known to your organisation, please confirm this in writing.",
    )
    say(
        document,
        "We are required to hold the Rapid Review meeting and agree the way forward within "
        "timescales outlined in national guidance (currently within 15 working days). This "
        "initial scoping and information sharing form should, therefore, be returned to us "
        "through the secure link in the email that came with this letter **within 5 working "
        "days**. In this case this will be **{{ return_by }}**.",
    )
    say(
        document,
        "If you require any further information please contact {{ contact_name }} on "
        "{{ contact_phone }}.",
    )
    say(document, "Yours sincerely,")
    tag(document, "{%p if chair_name %}")
    say(document, "{{ chair_name }}")
    tag(document, "{%p endif %}")
    say(document, "Chair of the Learning from Practice Group")
    say(document, "Enc: Initial Scoping and Information Sharing Form")


def build_scoping_letter(path: Path = SCOPING_LETTER_TEMPLATE) -> Path:
    document = new_document()
    letter_styles(document)
    letterhead(document)
    branded_footer(document, reference=False)
    _letter_head(document)
    _letter_body(document)
    return save(document, path, scoping_letter.TITLE)
