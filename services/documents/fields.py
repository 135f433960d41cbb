"""What a template's field is, for the catalogue of fields each template may use.

Each document declares its fields beside the function that builds its context (``FIELDS``
in ``referral``, ``scoping_letter``, ``rr_report``, ``panel_letter``; the branding every
document shares in ``branding``); ``catalogue`` puts them together per template, and a unit
test holds each declaration to what the context really gives and the built-in template
really uses. Plain Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    #: what it holds, for the people writing a template of their own
    description: str
    #: a template that does not use it is refused: the document would not be what it says
    required: bool = False


Fields = Mapping[str, Field]


def required(fields: Fields) -> set[str]:
    return {name for name, field in fields.items() if field.required}
