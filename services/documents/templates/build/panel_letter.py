"""``panel_letter.docx``: the letter to the national Panel that accompanies the Report of
Rapid Review (App. v). The seed's wording, with its placeholders as fields of
``services.documents.panel_letter.panel_letter_context``; the letterhead (header, address
block, footer) is the partnership's branding.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument

from services.documents import panel_letter
from services.documents.render import PANEL_LETTER_TEMPLATE
from services.documents.templates.build.branding import branded_footer, letterhead
from services.documents.templates.build.common import (
    letter_styles,
    new_document,
    preserved,
    save,
    say,
    tag,
)


def _panel_letter_body(document: DocxDocument) -> None:
    """The seed's App. v from its title to "Enc:", verbatim but for the placeholders: the
    date, the Panel's chair and address (settings), the case, the notification date, and
    the outcome chosen rather than "[Delete as appropriate]"."""
    say(
        document,
        "LETTER TO CHILD SAFEGUARDING PRACTICE REVIEW PANEL TO ACCOMPANY REPORT OF RAPID "
        "REVIEW DECISIONS AND RECOMMENDATIONS",
        "Heading 1",
    )
    say(document, "**Date:** {{ letter_date }}")
    say(document, "{{ addressee }}")
    say(document, "{{ salutation }}")
    say(document, "Decision of the Rapid Review of {{ reference }}")
    say(
        document,
        "I am writing to you in your capacity as Chair of the Child Safeguarding Practice "
        "Review Panel.",
    )
    say(
        document,
        "Our Safeguarding Partners received notification of a serious incident which may "
        "meet the criteria for a child safeguarding practice review on {{ notified_on }} and "
        "have, therefore, undertaken a Rapid Review to consider the case.",
    )
    concluded = say(document, "{{ partners }} and concluded that the case **{{ outcome }}.**")
    preserved(concluded, "{% if recommends %} {{ recommends }}{% endif %}")
    say(
        document,
        "I attach for your information a copy of our completed Rapid Review Template which "
        "provides a summary of the case and the Rapid Review's decision-making process and "
        "rationale. This decision has been endorsed by the three lead representatives for "
        "our Safeguarding Partnership.",
    )
    say(
        document,
        "I trust this is sufficient information for you to share with the Panel. However, "
        "please do not hesitate to contact me if you require any further information.",
    )
    say(document, "Yours sincerely")
    tag(document, "{%p if chair_name %}")
    say(document, "{{ chair_name }}")
    tag(document, "{%p endif %}")
    say(document, "Chair of the Learning from Practice Group")
    say(document, "{{ partnership_name }}")
    say(document, "Enc: Rapid Review Template")


def build_panel_letter(path: Path = PANEL_LETTER_TEMPLATE) -> Path:
    document = new_document()
    letter_styles(document)
    letterhead(document)
    branded_footer(document, reference=False)
    _panel_letter_body(document)
    return save(document, path, panel_letter.TITLE)
