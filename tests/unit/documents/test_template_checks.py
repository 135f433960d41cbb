"""An administrator's own template is checked before it is accepted: each way a file can
fail says so in the GOV.UK error summary's words (fakes for the converter; the real pool in
tests/integration/documents/test_template_uploads.py)."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from services.documents.catalogue import ANSWERS, CATALOGUE, SCOPING_LETTER, spec
from services.documents.ports import ConversionError, ConversionTimeout
from services.documents.template_checks import (
    CONVERSION_FAILED,
    EMPTY,
    LEFTOVER_TAGS,
    LINKED_FILES,
    MAX_TEMPLATE_BYTES,
    MISSING_FIELDS,
    NOT_DOCX,
    RENDER_FAILED,
    TOO_LARGE,
    UNKNOWN_FIELDS,
    UNREADABLE,
    Accepted,
    Problem,
    TemplateRefused,
    check_template,
)
from tests.unit.documents.branding_factories import BRANDING, with_logo
from tests.unit.documents.fakes import FakeConverter
from tests.unit.documents.word_files import LETTER_LINES, changed, split_tag, word_file

TODAY = date(2026, 12, 7)


def check(
    data: bytes, *, name: str = SCOPING_LETTER, filename: str = "our letter.docx"
) -> Accepted:
    return check_template(
        spec(name), filename, data, branding=BRANDING, converter=FakeConverter(), today=TODAY
    )


def refused(data: bytes, **given: str) -> tuple[Problem, ...]:
    with pytest.raises(TemplateRefused) as raised:
        check(data, **given)
    return raised.value.problems


def test_a_letter_of_the_partnerships_own_is_accepted_and_says_what_it_leaves_out() -> None:
    accepted = check(word_file(*LETTER_LINES))
    assert accepted.fields_used == {
        "partnership_name",
        "reference",
        "agency_name",
        "letter_date",
        "return_by",
    }
    assert "logo" in accepted.unused and "chair_name" in accepted.unused


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_built_in_template_passes_its_own_checks(name: str) -> None:
    # a partnership may download a built-in template and start from it
    builtin = CATALOGUE[name].builtin
    converter = FakeConverter()
    accepted = check_template(
        CATALOGUE[name],
        builtin.name,
        builtin.read_bytes(),
        branding=with_logo(),
        converter=converter,
        today=TODAY,
    )
    assert "reference" in accepted.fields_used
    assert len(converter.calls) == 1, "test-converted once"


@pytest.mark.parametrize(
    ("data", "filename", "code", "message"),
    [
        (b"", "letter.docx", EMPTY, "The selected file is empty"),
        (
            b"x" * (MAX_TEMPLATE_BYTES + 1),
            "letter.docx",
            TOO_LARGE,
            "The selected file must be smaller than 1.5 MB",
        ),
        (word_file(*LETTER_LINES), "letter.doc", NOT_DOCX, "must be a Word document (.docx)"),
        (b"%PDF-1.7 not a Word file", "letter.docx", NOT_DOCX, "must be a Word document (.docx)"),
    ],
)
def test_what_is_not_a_docx_within_the_limit_is_refused(
    data: bytes, filename: str, code: str, message: str
) -> None:
    [problem] = refused(data, filename=filename)
    assert problem.code == code
    assert message in problem.message


def test_a_macro_enabled_document_or_a_word_template_is_not_a_docx() -> None:
    letter = word_file(*LETTER_LINES)

    def retyped(kind: str) -> bytes:
        def change(name: str, part: bytes) -> bytes:
            if name != "[Content_Types].xml":
                return part
            return part.replace(b"wordprocessingml.document.main+xml", kind.encode())

        return changed(letter, change)

    [macros] = refused(retyped("application/vnd.ms-word.document.macroEnabled.main+xml"))
    assert (macros.code, macros.message) == (
        NOT_DOCX,
        "The selected file must be a Word document (.docx) without macros",
    )
    [dotx] = refused(retyped("wordprocessingml.template.main+xml"))
    assert dotx.code == NOT_DOCX
    assert "save a Word template (.dotx) as a Word Document" in dotx.message


def test_a_damaged_file_is_unreadable() -> None:
    letter = bytearray(word_file(*LETTER_LINES))
    # the compressed bytes of the first part: its checksum no longer matches
    letter[60:70] = b"\x00" * 10
    [problem] = refused(bytes(letter))
    assert problem.code in (UNREADABLE, NOT_DOCX)
    assert problem.message.startswith("The selected file")


def test_a_file_with_a_document_type_declaration_is_refused() -> None:
    def change(name: str, part: bytes) -> bytes:
        if name != "word/document.xml":
            return part
        return part.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)

    [problem] = refused(changed(word_file(*LETTER_LINES), change))
    assert problem.code == UNREADABLE
    assert "document type declaration" in problem.message


def test_a_picture_linked_from_outside_the_file_is_refused() -> None:
    link = (
        b'<Relationship Id="rId99" TargetMode="External" Target="http://tracker.example/x.png" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
    )

    def change(name: str, part: bytes) -> bytes:
        if name != "word/_rels/document.xml.rels":
            return part
        return part.replace(b"</Relationships>", link + b"</Relationships>")

    [problem] = refused(changed(word_file(*LETTER_LINES), change))
    assert problem.code == LINKED_FILES
    assert "http://tracker.example/x.png" in problem.message


def test_unknown_and_missing_fields_are_listed_together() -> None:
    problems = refused(word_file("{{ reference }} {{ agency }} {{ child_name }}"))
    assert [p.code for p in problems] == [UNKNOWN_FIELDS, MISSING_FIELDS]
    assert problems[0].fields == ("agency", "child_name")
    assert problems[0].message == (
        "The template uses fields cspr does not provide: agency, child_name. Use only the "
        "fields listed on this page"
    )
    assert problems[1].fields == ("agency_name", "letter_date", "return_by")
    assert problems[1].message == (
        "The template must use these fields: agency_name, letter_date, return_by"
    )


def test_a_tag_that_does_not_parse_is_unreadable() -> None:
    [problem] = refused(word_file(*LETTER_LINES, "{% if chair_name %}no end"))
    assert problem.code == UNREADABLE
    assert problem.message.startswith("The template has a tag that cannot be read (")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("{% for s in sections %}{{ s.heading }}{% endfor %}", "has no attribute 'heading'"),
        ("{{ reference.__class__ }}", "unsafe"),
    ],
)
def test_a_template_that_cannot_be_filled_with_sample_data_is_refused(line: str, said: str) -> None:
    lines = ("{{ reference }} {{ document_title }}", "{%p for section in sections %}", "x")
    [problem] = refused(word_file(*lines, "{%p endfor %}", line), name=ANSWERS)
    assert problem.code == RENDER_FAILED
    assert problem.message.startswith("The template could not be filled in with sample data: ")
    assert said in problem.message


def test_a_tag_split_in_two_by_word_is_still_filled_in() -> None:
    # docxtpl joins the runs of a tag typed in two goes
    accepted = check(split_tag(word_file(*LETTER_LINES, "{{ chair_name }}"), "{{ chair_name }}"))
    assert "chair_name" in accepted.fields_used


def test_a_tag_where_docxtpl_does_not_fill_it_is_found_after_filling_in() -> None:
    document = docx.Document(io.BytesIO(word_file(*LETTER_LINES)))
    document.add_comment(document.paragraphs[1].runs, text="Signed by {{ chair_name }}")
    out = io.BytesIO()
    document.save(out)
    [problem] = refused(out.getvalue())
    assert problem.code == LEFTOVER_TAGS
    assert problem.message.startswith(
        "Filled in, the template still shows \u201c{{ chair_name }}\u201d: the tag is where"
    )


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        (ConversionError("LibreOffice on unoserver x could not convert"), "could not convert"),
        (ConversionTimeout("no unoserver converted the document within 60s"), "did not convert"),
    ],
)
def test_a_template_libreoffice_cannot_convert_is_refused(failure: Exception, said: str) -> None:
    converter = FakeConverter()
    converter.fail_with = failure
    with pytest.raises(TemplateRefused) as raised:
        check_template(
            spec(SCOPING_LETTER),
            "letter.docx",
            word_file(*LETTER_LINES),
            branding=BRANDING,
            converter=converter,
            today=TODAY,
        )
    [problem] = raised.value.problems
    assert problem.code == CONVERSION_FAILED
    assert said in problem.message
