"""What the administrators' template pages do, through the documents service's internal
API (``template_api``): see each template and its versions, accept an upload once it
passes every check (``template_checks``), choose which version is in use (or the built-in
one again), and hand over any version's file. Plain Python over the ports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.documents.branding import Branding
from services.documents.catalogue import TemplateSpec, spec
from services.documents.ports import Converter
from services.documents.render import template_version
from services.documents.template_checks import Accepted, check_template
from services.documents.template_ports import CustomTemplate, TemplateChoice, TemplateLibrary
from services.documents.template_samples import sample_day


class VersionMissing(LookupError):
    """No such version of the template."""


@dataclass(frozen=True)
class TemplateState:
    spec: TemplateSpec
    #: the version in use; None: the built-in template
    active: CustomTemplate | None
    #: who last chose which one is in use, and when (None: never changed)
    choice: TemplateChoice | None
    #: every accepted upload, newest first
    versions: list[CustomTemplate]

    @property
    def built_in_version(self) -> str:
        return template_version(self.spec.builtin)


def state(library: TemplateLibrary, name: str) -> TemplateState:
    found = spec(name)
    return TemplateState(found, library.active(name), library.choice(name), library.versions(name))


@dataclass(frozen=True)
class Uploaded:
    template: CustomTemplate
    accepted: Accepted


def upload(
    name: str,
    filename: str,
    data: bytes,
    uploaded_by: str,
    *,
    library: TemplateLibrary,
    converter: Converter,
    branding: Branding,
    now: datetime,
) -> Uploaded:
    """Check ``data`` as template ``name`` and keep it as its next version, in use from now
    on; raises ``template_checks.TemplateRefused`` saying what is wrong."""
    accepted = check_template(
        spec(name), filename, data, branding=branding, converter=converter, today=sample_day(now)
    )
    kept = library.add(name, data, filename=filename, uploaded_by=uploaded_by, now=now)
    return Uploaded(kept, accepted)


def choose(
    name: str, version: int | None, chosen_by: str, *, library: TemplateLibrary, now: datetime
) -> None:
    """Put ``version`` of template ``name`` in use; None: the built-in template."""
    spec(name)
    try:
        library.choose(name, version, chosen_by=chosen_by, now=now)
    except LookupError as exc:
        raise VersionMissing(f"template {name} has no version {version}") from exc


def content(library: TemplateLibrary, name: str, version: int | None) -> tuple[str, bytes]:
    """(file name, .docx) of ``version`` of template ``name``; None: the built-in one."""
    found = spec(name)
    if version is None:
        return found.builtin.name, found.builtin.read_bytes()
    kept = next((v for v in library.versions(name) if v.version == version), None)
    if kept is None:
        raise VersionMissing(f"template {name} has no version {version}")
    return f"{name}-v{version}.docx", library.content(kept)
