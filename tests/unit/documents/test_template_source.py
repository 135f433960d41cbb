"""Which template makes a document is resolved when it is made: an administrator's version
in use, else the built-in file; every document records which. Whatever a template says,
what people typed prints as typed."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from services.documents.catalogue import ANSWERS
from services.documents.generation import generate_referral
from services.documents.ports import StoreError
from services.documents.referral import referral_context
from services.documents.render import ANSWERS_TEMPLATE, template_version
from services.documents.template_source import Templates
from tests.unit.documents.branding_factories import BRANDING
from tests.unit.documents.factories import NOW, PARTNERSHIP, Fakes, make_answers, make_case
from tests.unit.documents.template_fakes import InMemoryTemplates
from tests.unit.documents.word_files import word_file

OWN_WORDING = "Our partnership's own referral record"
ANSWERS_LINES = (
    OWN_WORDING,
    "{{ reference }}: {{ document_title }}",
    "{%p for section in sections %}",
    "{%p for page in section.pages %}",
    "{%p for row in page.rows %}",
    "{{ row.label }} = {{ row.text }}",
    "{%p endfor %}",
    "{%p endfor %}",
    "{%p endfor %}",
)


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_without_an_upload_the_built_in_template_is_used() -> None:
    template = Templates(BRANDING, InMemoryTemplates()).resolve(ANSWERS)
    assert template.version == template_version(ANSWERS_TEMPLATE)
    assert template.version.startswith("answers.docx sha256:")
    assert not template.custom


def test_the_version_in_use_is_used_and_named_and_the_built_in_one_is_the_fall_back() -> None:
    library = InMemoryTemplates()
    kept = library.put(ANSWERS, word_file(*ANSWERS_LINES))
    templates = Templates(BRANDING, library)

    template = templates.resolve(ANSWERS)
    assert template.version == f"answers custom v1 sha256:{kept.sha256[:12]}"
    filled = template.render(referral_context(make_case(), PARTNERSHIP))
    assert texts(filled)[:2] == [OWN_WORDING, "GSCP-2026-0001: REFERRAL OF A SERIOUS INCIDENT FORM"]

    library.choose(ANSWERS, None, chosen_by="admin@partnership.example", now=NOW)
    assert templates.resolve(ANSWERS).version == template_version(ANSWERS_TEMPLATE)


def test_a_file_that_changed_in_the_store_is_not_used() -> None:
    library = InMemoryTemplates()
    kept = library.put(ANSWERS, word_file(*ANSWERS_LINES))
    library.files[kept.object_key] = word_file("Something else {{ reference }}")
    template = Templates(BRANDING, library).resolve(ANSWERS)
    with pytest.raises(StoreError, match="SHA-256"):
        template.render(referral_context(make_case(), PARTNERSHIP))


@pytest.mark.parametrize(
    "line",
    [
        "{{ row.label }} = {{ row.text }}",
        "{{ row.label|safe }} = {{ row.text|safe }}",
        "{% autoescape false %}{{ row.label }} = {{ row.text }}{% endautoescape %}",
        "{{ row.label|e }} = {{ [row.text]|join(', ') }}",
    ],
)
@pytest.mark.parametrize(
    "typed",
    ["{{ reference }}", "{% if true %}x{% endif %}", "<w:t>x</w:t></w:r></w:p>", 'A & "B" <c>'],
)
def test_what_people_typed_prints_as_typed_whatever_an_uploaded_template_says(
    line: str, typed: str
) -> None:
    library = InMemoryTemplates()
    library.put(ANSWERS, word_file(*[line if "row.label" in x else x for x in ANSWERS_LINES]))
    case = make_case(answers=make_answers(child_name=typed))
    filled = (
        Templates(BRANDING, library).resolve(ANSWERS).render(referral_context(case, PARTNERSHIP))
    )
    assert f"Name of Child = {typed}" in texts(filled)


def test_each_document_records_the_template_that_made_it() -> None:
    fakes = Fakes(make_case())
    kept = fakes.template_library.put(ANSWERS, word_file(*ANSWERS_LINES))

    def generate() -> list[str]:
        made = generate_referral(
            "GSCP-2026-0001",
            cases=fakes.cases,
            store=fakes.store,
            converter=fakes.converter,
            records=fakes.records,
            announcer=fakes.announcer,
            failures=fakes.failures,
            partnership_name=PARTNERSHIP,
            clock=lambda: NOW,
            templates=Templates(BRANDING, fakes.template_library),
        )
        return [r.template_version for r in made.records]

    custom = f"answers custom v1 sha256:{kept.sha256[:12]}; form serious-incident v1"
    assert generate() == [custom, custom]
    docx_key = "cases/GSCP-2026-0001/referral/v1.docx"
    assert texts(fakes.store.objects[docx_key].data)[0] == OWN_WORDING
    assert fakes.store.objects[docx_key].metadata["template-version"] == custom

    # back to the built-in template: the next version is made with it
    fakes.template_library.choose(ANSWERS, None, chosen_by="admin@example.org", now=NOW)
    fakes.store.corrupt(docx_key, b"damaged")
    built_in = f"{template_version(ANSWERS_TEMPLATE)}; form serious-incident v1"
    assert generate() == [built_in, built_in]


def test_an_unusable_name_is_refused() -> None:
    with pytest.raises(LookupError):
        Templates(replace(BRANDING)).resolve("nothing")
