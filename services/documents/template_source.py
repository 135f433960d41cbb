"""Which template makes a document, resolved each time one is made: the version an
administrator put in use, else the built-in file (always there as the fall-back).

``Templates.resolve(name)`` says which (its ``version`` is kept with the document); its
``render(context)`` fills it with the branding (``branding.Branding.fields``) and the
document's own fields. An uploaded file is fetched only when rendering, so a store that
fails fails the making of the document, where the failure is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.documents.branding import Branding
from services.documents.catalogue import spec
from services.documents.render import DocumentProperties, render_docx, template_version
from services.documents.template_ports import TemplateSource


@dataclass(frozen=True)
class Template:
    name: str
    #: ``answers.docx sha256:…`` or ``answers custom v3 sha256:…``
    version: str
    branding: Branding
    load: Callable[[], bytes]
    custom: bool = False

    def render(
        self,
        context: dict[str, Any],
        properties: DocumentProperties | None = None,
        now: datetime | None = None,
    ) -> bytes:
        """The filled .docx: the branding's fields, then the document's own; with
        ``properties`` as its title, author and subject."""
        return render_docx(self.load(), {**self.branding.fields(), **context}, properties, now)


class Templates:
    def __init__(self, branding: Branding, source: TemplateSource | None = None) -> None:
        self.branding = branding
        self.source = source

    def built_in(self, name: str) -> Template:
        path = spec(name).builtin
        return Template(name, template_version(path), self.branding, path.read_bytes)

    def resolve(self, name: str) -> Template:
        found = self.source.active(name) if self.source is not None else None
        if found is None:
            return self.built_in(name)
        source = self.source
        assert source is not None
        return Template(
            name, found.template_version, self.branding, lambda: source.content(found), True
        )


def built_in_templates(partnership_name: str) -> Templates:
    """The built-in templates with no branding but the name: for callers that make a
    document outside a running service (tests, the benchmarks)."""
    return Templates(Branding(name=partnership_name))
