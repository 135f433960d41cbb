"""An in-memory ``TemplateLibrary`` (and so ``TemplateSource``), for unit tests only."""

from __future__ import annotations

from datetime import UTC, datetime

from services.documents.common import sha256_hex
from services.documents.ports import StoreError
from services.documents.template_ports import CustomTemplate, TemplateChoice


class InMemoryTemplates:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.kept: dict[str, list[CustomTemplate]] = {}
        self.choices: dict[str, TemplateChoice] = {}
        #: set to make reading a file fail as an unreachable store would
        self.down = False

    def active(self, name: str) -> CustomTemplate | None:
        chosen = self.choices.get(name)
        if chosen is None or chosen.version is None:
            return None
        return next(v for v in self.kept[name] if v.version == chosen.version)

    def content(self, template: CustomTemplate) -> bytes:
        if self.down:
            raise StoreError("fake template store is down")
        data = self.files[template.object_key]
        if sha256_hex(data) != template.sha256:
            raise StoreError(f"{template.object_key} does not match its SHA-256")
        return data

    def versions(self, name: str) -> list[CustomTemplate]:
        return sorted(self.kept.get(name, []), key=lambda v: -v.version)

    def choice(self, name: str) -> TemplateChoice | None:
        return self.choices.get(name)

    def add(
        self, name: str, data: bytes, *, filename: str, uploaded_by: str, now: datetime
    ) -> CustomTemplate:
        version = len(self.kept.get(name, [])) + 1
        key = f"templates/{name}/v{version}.docx"
        self.files[key] = data
        made = CustomTemplate(
            name, version, key, sha256_hex(data), len(data), filename, uploaded_by, now
        )
        self.kept.setdefault(name, []).append(made)
        self.choices[name] = TemplateChoice(name, version, uploaded_by, now)
        return made

    def choose(self, name: str, version: int | None, *, chosen_by: str, now: datetime) -> None:
        if version is not None and all(v.version != version for v in self.kept.get(name, [])):
            raise LookupError(f"no version {version} of {name}")
        self.choices[name] = TemplateChoice(name, version, chosen_by, now)

    def put(
        self, name: str, data: bytes, *, by: str = "admin@partnership.example"
    ) -> CustomTemplate:
        """A version accepted earlier, in use now (for tests that only render)."""
        return self.add(
            name,
            data,
            filename=f"{name}.docx",
            uploaded_by=by,
            now=datetime(2026, 1, 1, tzinfo=UTC),
        )
