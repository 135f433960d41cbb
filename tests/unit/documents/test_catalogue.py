"""Each template's declared fields (``FIELDS`` beside its context function, and the
branding's) are what its context function really gives, and what its built-in file really
uses: a field cannot be added, renamed or dropped in one place only."""

from __future__ import annotations

from datetime import date

import pytest

from services.documents import branding
from services.documents.catalogue import CATALOGUE, UnknownTemplate, spec
from services.documents.render import template_fields
from tests.unit.documents.branding_factories import BRANDING
from tests.unit.documents.factories import PARTNERSHIP

TODAY = date(2026, 12, 7)
NAMES = sorted(CATALOGUE)
#: the letters carry the partnership's address block; the case documents do not
LETTERS = {"scoping_letter", "panel_letter"}
ADDRESS_BLOCK = {"partnership_address", "partnership_phone", "partnership_email"}


def test_the_branding_declares_exactly_the_fields_it_gives() -> None:
    assert set(BRANDING.fields()) == set(branding.FIELDS)


@pytest.mark.parametrize("name", NAMES)
def test_the_declared_fields_are_what_the_context_function_gives(name: str) -> None:
    found = spec(name)
    context = found.sample(PARTNERSHIP, TODAY)
    # the document's own fields, and the partnership's name its context also gives
    assert set(context) - set(branding.FIELDS) == set(found.fields)
    assert set(context) | set(BRANDING.fields()) == set(found.all_fields)
    assert all(field.description for field in found.all_fields.values())


@pytest.mark.parametrize("name", NAMES)
def test_the_built_in_template_uses_only_declared_fields_and_every_required_one(
    name: str,
) -> None:
    found = spec(name)
    used = template_fields(found.builtin)
    assert used <= set(found.all_fields)
    assert found.required <= used
    expected = set(found.all_fields) if name in LETTERS else set(found.all_fields) - ADDRESS_BLOCK
    assert used == expected, "every document shows the branding; letters the address too"


@pytest.mark.parametrize("name", NAMES)
def test_a_template_name_is_what_its_built_in_file_is_called(name: str) -> None:
    assert spec(name).builtin.name == f"{name}.docx"


def test_every_template_requires_the_case_reference() -> None:
    assert all("reference" in s.required for s in CATALOGUE.values())


def test_an_unknown_name_is_refused() -> None:
    with pytest.raises(UnknownTemplate):
        spec("../answers")
