"""The letter to the national Panel (App. v) as data and as a filled Word template: the
outcome chosen from the recommendation, the quorum, the addressee from the settings, the
seed's wording, and typed text printed literally."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocxDocument

from services.documents.catalogue import PANEL_LETTER
from services.documents.panel_letter import (
    ReportNotUsable,
    address_lines,
    panel_letter_context,
)
from services.documents.render import PANEL_LETTER_TEMPLATE
from services.documents.templates.build.panel_letter import build_panel_letter
from shared.forms.choices import Choice
from shared.forms.registry import get_form
from tests.unit.documents.branding_factories import ADDRESS_CELL, FOOTER, fill, letterhead
from tests.unit.documents.factories import CHILD_NAME, PARTNERSHIP
from tests.unit.documents.rr_factories import (
    LETTER_SETTINGS,
    REPORT_FORM,
    make_report,
    without,
)

TODAY = date(2026, 4, 21)
NATIONAL = "meets the criteria for a national Child Safeguarding Practice Review"
LOCAL = "meets the criteria for a local Child Safeguarding Practice Review"
NOT_MET = "does not meet the criteria for a Child Safeguarding Practice Review"
ALL = "This Rapid Review included a representative from each of the Safeguarding Partners"


def context(settings: Any = LETTER_SETTINGS, **report: Any) -> dict[str, Any]:
    return panel_letter_context(make_report(**report), get_form(REPORT_FORM), settings, TODAY)


def render(settings: Any = LETTER_SETTINGS, **report: Any) -> DocxDocument:
    return Document(io.BytesIO(fill(PANEL_LETTER, context(settings, **report))))


def texts(document: DocxDocument) -> list[str]:
    return [p.text for p in document.paragraphs]


def label(value: str) -> str:
    question = get_form(REPORT_FORM).question("recommendation")
    assert isinstance(question, Choice)
    return next(o.label for o in question.options if o.value == value)


def test_the_context_of_a_national_review_agreed_by_a_quorate_meeting() -> None:
    assert context() == {
        "partnership_name": PARTNERSHIP,
        "letter_date": "21 April 2026",
        "addressee": "Dame Ada Lovelace, Chair\nChild Safeguarding Practice Review Panel\n"
        "Sanctuary Buildings\n20 Great Smith Street\nLondon\nSW1P 3BT",
        "salutation": "Dear Dame Ada Lovelace,",
        "reference": "GSCP-2026-0001",
        "notified_on": "2 April 2026",
        "partners": ALL,
        "outcome": NATIONAL,
        "recommends": "",
        "chair_name": "Dr Helen Okafor",
    }


@pytest.mark.parametrize(
    ("recommendation", "outcome", "recommends"),
    [
        ({"answer": "a"}, NATIONAL, ""),
        ({"answer": "b"}, LOCAL, ""),
        ("b", LOCAL, ""),
        (
            {"answer": "c"},
            NOT_MET,
            "The Rapid Review recommends: Does not meet the criteria but warrants an "
            "alternative Learning Review.",
        ),
        (
            {"answer": "d", "details": "a Safeguarding Adults Review\nfor the mother"},
            NOT_MET,
            "The Rapid Review recommends: Warrants consideration of DHR, SAR, MAPPA SFO or "
            "other: a Safeguarding Adults Review for the mother.",
        ),
        (
            {"answer": "h"},
            NOT_MET,
            "The Rapid Review recommends: Needs no Further Action.",
        ),
        (
            {"answer": "j", "details": "A themed audit of neglect cases."},
            NOT_MET,
            "The Rapid Review recommends: Other: A themed audit of neglect cases.",
        ),
    ],
    ids=["a", "b", "b-bare", "c", "d-please-state", "h", "j-please-state"],
)
def test_the_outcome_is_the_recommendation(
    recommendation: Any, outcome: str, recommends: str
) -> None:
    found = context(recommendation=recommendation)
    assert (found["outcome"], found["recommends"]) == (outcome, recommends)


@pytest.mark.parametrize("value", ["c", "d", "e", "f", "g", "h", "i", "j"])
def test_the_labels_of_other_recommendations_are_the_form_definitions(value: str) -> None:
    recommends = context(recommendation={"answer": value})["recommends"]
    assert recommends == f"The Rapid Review recommends: {label(value).rstrip(' .:')}."


@pytest.mark.parametrize(
    "recommendation", [None, {"answer": ""}, {"answer": "k"}, {"details": "x"}, 3]
)
def test_a_report_without_a_recommendation_the_form_offers_makes_no_letter(
    recommendation: Any,
) -> None:
    report = make_report()
    answers = {k: v for k, v in report.answers.items() if k != "recommendation"}
    if recommendation is not None:
        answers["recommendation"] = recommendation
    with pytest.raises(ReportNotUsable):
        panel_letter_context(
            replace(report, answers=answers), get_form(REPORT_FORM), LETTER_SETTINGS, TODAY
        )


@pytest.mark.parametrize(
    ("missing", "sentence"),
    [
        ((), ALL),
        (("police",), "This Rapid Review did not include a representative of the police"),
        (
            ("health",),
            "This Rapid Review did not include a representative of the health partner",
        ),
        (
            ("local_authority", "health"),
            "This Rapid Review did not include a representative of the local authority and "
            "the health partner",
        ),
        (
            ("local_authority", "police", "health"),
            "This Rapid Review did not include a representative of the local authority, the "
            "police and the health partner",
        ),
    ],
)
def test_whether_every_partner_was_represented(missing: tuple[str, ...], sentence: str) -> None:
    assert context(participants=without(*missing))["partners"] == sentence


def test_the_addressee_comes_from_the_settings_and_is_never_the_seeds() -> None:
    settings = replace(
        LETTER_SETTINGS,
        panel_chair_name="  Sir  Alan Wood ",
        panel_address=" Panel Secretariat | 1 Example Street|| London  ",
    )
    found = context(settings)
    assert found["addressee"] == "Sir Alan Wood, Chair\nPanel Secretariat\n1 Example Street\nLondon"
    assert found["salutation"] == "Dear Sir Alan Wood,"
    unnamed = context(replace(LETTER_SETTINGS, panel_chair_name=""))
    assert unnamed["addressee"].split("\n")[:2] == [
        "Chair",
        "Child Safeguarding Practice Review Panel",
    ]
    assert unnamed["salutation"] == "Dear Chair,"
    for letter in (render(settings), render(replace(LETTER_SETTINGS, panel_chair_name=""))):
        assert "Timpson" not in "\n".join(texts(letter))


def test_address_lines_are_split_on_bars() -> None:
    assert address_lines("A|B\n|  |C") == ["A", "B", "C"]
    assert address_lines("") == []


def test_the_letter_is_the_seeds_with_its_choices_made() -> None:
    document = render()
    # who writes is the letterhead's
    assert letterhead(document)[1] == [PARTNERSHIP, ADDRESS_CELL]
    text = texts(document)
    assert text[:2] == [
        "LETTER TO CHILD SAFEGUARDING PRACTICE REVIEW PANEL TO ACCOMPANY REPORT OF RAPID "
        "REVIEW DECISIONS AND RECOMMENDATIONS",
        "Date: 21 April 2026",
    ]
    assert text[2] == (
        "Dame Ada Lovelace, Chair\nChild Safeguarding Practice Review Panel\nSanctuary "
        "Buildings\n20 Great Smith Street\nLondon\nSW1P 3BT"
    )
    assert text[3:7] == [
        "Dear Dame Ada Lovelace,",
        "Decision of the Rapid Review of GSCP-2026-0001",
        "I am writing to you in your capacity as Chair of the Child Safeguarding Practice "
        "Review Panel.",
        "Our Safeguarding Partners received notification of a serious incident which may meet "
        "the criteria for a child safeguarding practice review on 2 April 2026 and have, "
        "therefore, undertaken a Rapid Review to consider the case.",
    ]
    assert text[7] == f"{ALL} and concluded that the case {NATIONAL}."
    assert text[8:] == [
        "I attach for your information a copy of our completed Rapid Review Template which "
        "provides a summary of the case and the Rapid Review's decision-making process and "
        "rationale. This decision has been endorsed by the three lead representatives for "
        "our Safeguarding Partnership.",
        "I trust this is sufficient information for you to share with the Panel. However, "
        "please do not hesitate to contact me if you require any further information.",
        "Yours sincerely",
        "Dr Helen Okafor",
        "Chair of the Learning from Practice Group",
        PARTNERSHIP,
        "Enc: Rapid Review Template",
    ]
    joined = "\n".join(text)
    assert "Delete as appropriate" not in joined
    assert "[insert" not in joined and "{{" not in joined and "{%" not in joined


def test_the_outcome_is_bold_and_the_recommendation_follows_it() -> None:
    document = render(participants=without("police"), recommendation={"answer": "f"})
    [concluded] = [p for p in document.paragraphs if "concluded that the case" in p.text]
    assert concluded.text == (
        "This Rapid Review did not include a representative of the police and concluded that "
        f"the case {NOT_MET}. The Rapid Review recommends: Warrants a Multi-Agency Audit."
    )
    assert [r.text for r in concluded.runs if r.bold] == [f"{NOT_MET}."]
    assert [r.text for p in document.paragraphs for r in p.runs if r.bold] == [
        "Date:",
        f"{NOT_MET}.",
    ]


def test_without_a_chair_name_the_letter_is_signed_by_the_role() -> None:
    text = texts(render(replace(LETTER_SETTINGS, chair_name="")))
    assert text[-4:] == [
        "Yours sincerely",
        "Chair of the Learning from Practice Group",
        PARTNERSHIP,
        "Enc: Rapid Review Template",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "St {{ Mary }}'s & <b>Friends</b>",
        "{% if x %}Trust{% endif %} {_{ x }_}",
        "<w:t>Oxleas</w:t> &amp; Co",
        "Siân Llŷr-Prydderch, Zoë Ngọc Trâm, Oisín Ó Briain",
    ],
)
def test_what_is_typed_comes_out_literally(typed: str) -> None:
    settings = replace(
        LETTER_SETTINGS,
        panel_chair_name=typed,
        chair_name=typed,
        partnership_name=typed,
        panel_address=f"{typed}|London",
    )
    document = render(settings, recommendation={"answer": "j", "details": typed})
    assert letterhead(document)[1][0] == typed
    text = texts(document)
    assert f"Dear {typed}," in text
    assert text[2] == f"{typed}, Chair\n{typed}\nLondon"
    assert any(t.endswith(f"The Rapid Review recommends: Other: {typed}.") for t in text)
    assert text[-4:-1] == [typed, "Chair of the Learning from Practice Group", typed]


def test_the_letter_says_nothing_about_the_child() -> None:
    assert CHILD_NAME not in "\n".join(texts(render()))


def test_the_docx_stays_editable_for_the_chairs_signature() -> None:
    with zipfile.ZipFile(io.BytesIO(fill(PANEL_LETTER, context()))) as docx:
        settings = docx.read("word/settings.xml").decode()
    assert "documentProtection" not in settings
    assert "writeProtection" not in settings


def test_header_and_footer_carry_the_marking() -> None:
    document = render()
    section = document.sections[0]
    assert letterhead(document) == (["OFFICIAL-SENSITIVE"], [PARTNERSHIP, ADDRESS_CELL])
    assert [p.text for p in section.footer.paragraphs] == [FOOTER, "OFFICIAL-SENSITIVE"]
    assert document.core_properties.subject == "GSCP-2026-0001"


def test_the_committed_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    rebuilt = build_panel_letter(tmp_path / "panel_letter.docx")

    def parts(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert parts(rebuilt) == parts(PANEL_LETTER_TEMPLATE)
