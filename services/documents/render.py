"""Fill a Word template with docxtpl, printing every value literally, in a sandbox (an
administrator may upload a template of their own), with the partnership's logo as a picture."""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.opc.coreprops import CoreProperties
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, Template, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from services.documents.branding import LOGO_HEIGHT_MM, Logo

#: the built-in templates, each built by its module of templates/build/ (``python -m
#: services.documents.templates.build``); an administrator's own replaces one through
#: ``template_source``, its fields declared in ``catalogue``
TEMPLATES = Path(__file__).resolve().parent / "templates"
#: any form's answers (both referral forms)
ANSWERS_TEMPLATE = TEMPLATES / "answers.docx"
#: the letter to accompany the scoping form (App. ii), one per agency
SCOPING_LETTER_TEMPLATE = TEMPLATES / "scoping_letter.docx"
#: the Report of Rapid Review (App. iv): its answers, the meeting's date and participants
RAPID_REVIEW_REPORT_TEMPLATE = TEMPLATES / "rapid_review_report.docx"
#: the letter to the national Panel accompanying the report (App. v)
PANEL_LETTER_TEMPLATE = TEMPLATES / "panel_letter.docx"
#: the contents page at the front of a pack (built by templates/build/pack_contents.py)
PACK_CONTENTS_TEMPLATE = TEMPLATES / "pack_contents.docx"


#: what docxtpl turns back into braces after rendering, wherever it appears
_DOCXTPL_REWRITE = str.maketrans({"_": "&#95;"})


class LogoImage(InlineImage):
    """The partnership's logo as a picture where ``{{ logo }}`` stands, at a fixed height,
    with the partnership's name as its alternative text (Word's "Alt Text") for people
    using screen readers. In a header, LibreOffice's tagged PDF exports it as a pagination
    artifact, which screen readers pass over."""

    def __init__(self, tpl: DocxTemplate, logo: Logo) -> None:
        super().__init__(tpl, None, height=Mm(LOGO_HEIGHT_MM))
        self.logo = logo

    def _insert_image(self) -> str:
        # a fresh stream each time: a header repeated on several pages reads it again
        inline = self.tpl.current_rendering_part.new_pic_inline(
            io.BytesIO(self.logo.data), self.width, self.height
        )
        placeholder = "cspr-logo-alt"
        for described in inline.xpath(".//wp:docPr | .//pic:cNvPr"):
            described.set("descr", placeholder)
        alt = str(escape(self.logo.alt)).translate(_DOCXTPL_REWRITE)
        xml = inline.xml.replace(f'descr="{placeholder}"', f'descr="{alt}"')
        return f'</w:t></w:r><w:r><w:drawing>{xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


def literal(value: Any) -> Markup:
    """A field's value as XML text that reads exactly as the value.

    Escaped here rather than left to autoescape because docxtpl, after rendering, also
    rewrites ``{_{``, ``}_}``, ``{_%`` and ``%_}`` anywhere in the document into braces; an
    underscore written as a character reference is not seen by that rewrite and reads the
    same in Word. Escaped whatever the template says (``{% autoescape false %}``, and ``|safe``
    does nothing here): only the logo, made here, is placed as XML; values Jinja escaped
    already (``|join`` under autoescape) are not escaped twice.
    """
    if isinstance(value, LogoImage):
        return Markup(value._insert_image())  # noqa: S704 - XML made by python-docx
    escaped = str(escape(value))
    return Markup(escaped.translate(_DOCXTPL_REWRITE))  # noqa: S704 - escaped just above


class _CompiledOnce(ImmutableSandboxedEnvironment):
    """Compiles each template text once. docxtpl hands Jinja each part's whole XML (the
    body, every header and footer) on every render, and compiling it was half a render's
    time (bench/meeting_pack.py); the same template gives the same text every time."""

    KEEP = 64

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: OrderedDict[str, Template] = OrderedDict()
        self._lock = threading.Lock()

    def from_string(
        self, source: str | nodes.Template, globals: Any = None, template_class: Any = None
    ) -> Template:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        with self._lock:
            found = self._compiled.get(source)
            if found is not None:
                self._compiled.move_to_end(source)
                return found
        made = super().from_string(source)
        with self._lock:
            self._compiled[source] = made
            while len(self._compiled) > self.KEEP:
                self._compiled.popitem(last=False)
        return made


def template_environment() -> Environment:
    # autoescape: docxtpl does not escape by default, and a "<" or "&" typed by a
    # practitioner would otherwise corrupt the document XML. StrictUndefined: a field the
    # context lacks is a bug to fail on, not a blank in a safeguarding document. Sandboxed:
    # an administrator may upload a template of their own, and its tags must not reach
    # Python's internals ("{{ x.__class__ }}") nor change the context.
    env = _CompiledOnce(autoescape=True, finalize=literal, undefined=StrictUndefined)
    # "|safe" would mark a typed answer as XML: here it changes nothing, so it is escaped
    env.filters["safe"] = lambda value: value
    return env


def _opened(template: Path | bytes) -> DocxTemplate:
    return DocxTemplate(io.BytesIO(template) if isinstance(template, bytes) else str(template))


#: one environment for every render: what it compiled is kept (``_CompiledOnce``); Jinja
#: renders a compiled template from several threads at once safely
_environment = cache(template_environment)


def render_docx(
    template: Path | bytes,
    context: dict[str, Any],
    properties: DocumentProperties | None = None,
    now: datetime | None = None,
) -> bytes:
    """The filled document's bytes: ``template`` (a built-in file or an uploaded one's
    bytes) with every field of ``context``; a ``Logo`` value is placed as a picture. With
    ``properties``, they are its core properties (as ``with_properties`` sets them, without
    opening the document a second time)."""
    document = _opened(template)
    filled = {
        name: LogoImage(document, value) if isinstance(value, Logo) else value
        for name, value in context.items()
    }
    document.render(filled, jinja_env=_environment(), autoescape=True)
    if properties is not None:
        _describe(document.docx.core_properties, properties, now or datetime.now(UTC))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def template_version(template: Path) -> str:
    """``panel_letter.docx sha256:0a1b2c3d4e5f``: which template (and which edition of it) a
    document was made with, kept with every stored version."""
    digest = hashlib.sha256(template.read_bytes()).hexdigest()[:12]
    return f"{template.name} sha256:{digest}"


def template_fields(template: Path | bytes) -> set[str]:
    """The fields a template uses (in its body, headers and footers); raises jinja2's
    TemplateSyntaxError for a tag that does not parse."""
    env = template_environment()
    return set(_opened(template).get_undeclared_template_variables(jinja_env=env))


@dataclass(frozen=True)
class DocumentProperties:
    """What a document says of itself (Word's properties; LibreOffice carries them into the
    PDF's document information and XMP metadata): its title, the partnership as author, and
    the case as subject. Set by code on every document, whatever the template said."""

    title: str
    author: str
    subject: str


def _describe(core: CoreProperties, properties: DocumentProperties, now: datetime) -> None:
    core.title = properties.title
    core.author = core.last_modified_by = properties.author
    core.subject = properties.subject
    core.created = core.modified = now.replace(tzinfo=None)


def with_properties(document: bytes, properties: DocumentProperties, now: datetime) -> bytes:
    """``document`` (a .docx) with ``properties`` as its core properties."""
    opened = docx.Document(io.BytesIO(document))
    _describe(opened.core_properties, properties, now)
    out = io.BytesIO()
    opened.save(out)
    return out.getvalue()
