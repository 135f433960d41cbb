"""Every template cspr fills, declared once: its name, what it makes, its built-in file,
its fields and made-up data to fill it with.

The name is how the console, the internal API, the stored versions
(``templates/{name}/v{n}.docx``) and a document's ``template_version`` call a template.
Every template may use the branding fields (``branding.FIELDS``) besides its own, declared
beside the code that builds its context. Plain Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from services.documents import (
    branding,
    pack_contents,
    panel_letter,
    referral,
    rr_report,
    scoping_letter,
)
from services.documents import template_samples as samples
from services.documents.fields import Field, Fields, required
from services.documents.render import (
    ANSWERS_TEMPLATE,
    PACK_CONTENTS_TEMPLATE,
    PANEL_LETTER_TEMPLATE,
    RAPID_REVIEW_REPORT_TEMPLATE,
    SCOPING_LETTER_TEMPLATE,
)

ANSWERS = "answers"
SCOPING_LETTER = "scoping_letter"
RAPID_REVIEW_REPORT = "rapid_review_report"
PANEL_LETTER = "panel_letter"
PACK_CONTENTS = "pack_contents"


class UnknownTemplate(LookupError):
    """No template of that name."""


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    #: what the template makes, as the console lists it
    title: str
    builtin: Path
    #: the document's own fields (the branding's are added: ``all_fields``)
    fields: Fields
    #: the document's own fields with made-up data: (partnership name, today) -> context
    sample: Callable[[str, date], dict[str, Any]]

    @property
    def all_fields(self) -> dict[str, Field]:
        return {**branding.FIELDS, **self.fields}

    @property
    def required(self) -> set[str]:
        return required(self.all_fields)


CATALOGUE: dict[str, TemplateSpec] = {
    spec.name: spec
    for spec in (
        TemplateSpec(
            ANSWERS,
            "A referral's answers (Appendix i or vi)",
            ANSWERS_TEMPLATE,
            referral.FIELDS,
            samples.referral,
        ),
        TemplateSpec(
            SCOPING_LETTER,
            f"{scoping_letter.TITLE} (Appendix ii)",
            SCOPING_LETTER_TEMPLATE,
            scoping_letter.FIELDS,
            samples.scoping_letter,
        ),
        TemplateSpec(
            RAPID_REVIEW_REPORT,
            f"{rr_report.TITLE} (Appendix iv)",
            RAPID_REVIEW_REPORT_TEMPLATE,
            rr_report.FIELDS,
            samples.rapid_review_report,
        ),
        TemplateSpec(
            PANEL_LETTER,
            f"{panel_letter.TITLE} (Appendix v)",
            PANEL_LETTER_TEMPLATE,
            panel_letter.FIELDS,
            samples.panel_letter,
        ),
        TemplateSpec(
            PACK_CONTENTS,
            "The contents page of a pack (the Rapid Review meeting pack, the Panel pack)",
            PACK_CONTENTS_TEMPLATE,
            pack_contents.FIELDS,
            pack_contents.sample_contents,
        ),
    )
}


def spec(name: str) -> TemplateSpec:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise UnknownTemplate(f"no template called {name!r}") from None
