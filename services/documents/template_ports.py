"""The ports of the partnership's own templates (``ports.py`` holds the others): where an
administrator's uploaded versions are kept, and which one is in use.

Real adapter: ``template_store.SqlTemplates`` (the ``documents_template_version`` and
``documents_template_choice`` tables, the files in the document store). An in-memory fake
for unit tests lives in ``tests/unit/documents/template_fakes.py``. Nothing here imports
Flask, SQLAlchemy, Redis or minio.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class CustomTemplate:
    """One accepted upload of a template: version ``version`` of ``name``."""

    name: str
    version: int
    object_key: str
    sha256: str
    size: int
    #: what the file was called on the uploader's computer
    filename: str
    #: the email address of the administrator who uploaded it
    uploaded_by: str
    uploaded_at: datetime

    @property
    def template_version(self) -> str:
        """``scoping_letter custom v3 sha256:0a1b2c3d4e5f``: kept with every document made
        with it (the built-in files say ``scoping_letter.docx sha256:…``)."""
        return f"{self.name} custom v{self.version} sha256:{self.sha256[:12]}"


@dataclass(frozen=True)
class TemplateChoice:
    """Which template of ``name`` is in use: ``version`` None is the built-in one."""

    name: str
    version: int | None
    chosen_by: str
    chosen_at: datetime


class TemplateSource(Protocol):
    """What document generation asks, each time it makes a document."""

    def active(self, name: str) -> CustomTemplate | None:
        """The uploaded version in use; None: the built-in template."""
        ...

    def content(self, template: CustomTemplate) -> bytes:
        """The version's .docx, checked against its SHA-256; raises ports.StoreError."""
        ...


class TemplateLibrary(TemplateSource, Protocol):
    """What the administrators' pages do: keep versions and choose one."""

    def versions(self, name: str) -> list[CustomTemplate]:
        """Every accepted version of ``name``, newest first."""
        ...

    def choice(self, name: str) -> TemplateChoice | None:
        """The last choice made for ``name``; None: never changed (the built-in one)."""
        ...

    def add(
        self, name: str, data: bytes, *, filename: str, uploaded_by: str, now: datetime
    ) -> CustomTemplate:
        """Store ``data`` as the next version of ``name`` and put it in use."""
        ...

    def choose(self, name: str, version: int | None, *, chosen_by: str, now: datetime) -> None:
        """Put version ``version`` (None: the built-in template) in use; raises LookupError
        for a version that does not exist."""
        ...
