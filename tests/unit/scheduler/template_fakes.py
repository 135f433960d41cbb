"""An in-memory stand-in for the documents service's template API, for unit tests only:
it keeps versions and the choice, and refuses an upload whose bytes say so."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from services.scheduler.documents_client import DocumentStream, DocumentsUnavailable
from services.scheduler.templates_client import (
    BUILT_IN,
    Catalogue,
    TemplateChoice,
    TemplateField,
    TemplateInfo,
    TemplateNotFound,
    TemplateVersion,
    Uploaded,
    UploadProblem,
    UploadRefused,
)

UPLOADED_AT = datetime(2026, 4, 9, 9, 15, tzinfo=UTC)
FIELDS = [
    TemplateField("reference", "The case reference, GSCP-2026-0001", True),
    TemplateField("logo", "The partnership's logo", False),
]
#: bytes an upload may start with to be refused with these problems
REFUSED = b"refuse:"
PROBLEMS = [
    UploadProblem(
        "unknown_fields",
        "The template uses fields cspr does not provide: child_nam. Use only the fields "
        "listed on this page",
        ("child_nam",),
    ),
    UploadProblem(
        "missing_fields", "The template must use these fields: reference", ("reference",)
    ),
]


@dataclass
class FakeTemplatesClient:
    templates: dict[str, TemplateInfo] = field(
        default_factory=lambda: {
            name: TemplateInfo(
                name, title, f"{name}.docx sha256:0a1b2c3d4e5f", None, None, [], FIELDS
            )
            for name, title in (
                ("answers", "A referral's answers (Appendix i or vi)"),
                ("scoping_letter", "Letter to accompany the scoping form (Appendix ii)"),
            )
        }
    )
    files: dict[tuple[str, int | str], bytes] = field(default_factory=dict)
    uploads: list[tuple[str, str, bytes, str]] = field(default_factory=list)
    failing: bool = False

    def _up(self) -> None:
        if self.failing:
            raise DocumentsUnavailable("fake documents service refused")

    def catalogue(self) -> Catalogue:
        self._up()
        return Catalogue(1536 * 1024, "1.5 MB", list(self.templates.values()))

    def _get(self, name: str) -> TemplateInfo:
        if name not in self.templates:
            raise TemplateNotFound(name)
        return self.templates[name]

    def upload(self, name: str, filename: str, data: bytes, uploaded_by: str) -> Uploaded:
        self._up()
        found = self._get(name)
        self.uploads.append((name, filename, data, uploaded_by))
        if data.startswith(REFUSED):
            raise UploadRefused(PROBLEMS)
        number = len(found.versions) + 1
        made = TemplateVersion(
            number,
            f"{name} custom v{number} sha256:{hashlib.sha256(data).hexdigest()[:12]}",
            hashlib.sha256(data).hexdigest(),
            len(data),
            filename,
            uploaded_by,
            UPLOADED_AT,
        )
        self.files[name, number] = data
        self.templates[name] = replace(
            found,
            active=made,
            choice=TemplateChoice(number, uploaded_by, UPLOADED_AT),
            versions=[made, *found.versions],
        )
        return Uploaded(made, ["logo"])

    def choose(self, name: str, version: int | None, chosen_by: str) -> None:
        self._up()
        found = self._get(name)
        active = next((v for v in found.versions if v.version == version), None)
        if version is not None and active is None:
            raise TemplateNotFound(f"{name} v{version}")
        choice = TemplateChoice(version, chosen_by, UPLOADED_AT)
        self.templates[name] = replace(found, active=active, choice=choice)

    def open(self, name: str, version: int | str | None = None) -> DocumentStream:
        self._up()
        self._get(name)
        data = self.files.get((name, BUILT_IN if version is None else version))
        if version == BUILT_IN:
            data = b"PK built-in " + name.encode()
        if data is None:
            raise TemplateNotFound(f"{name} v{version}")

        def chunks() -> Iterator[bytes]:
            yield data

        return DocumentStream(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            len(data),
            chunks(),
        )
