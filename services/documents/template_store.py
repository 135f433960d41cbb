"""``TemplateLibrary`` (and so ``TemplateSource``) on the ``documents_template_version`` and
``documents_template_choice`` tables, each version's .docx in the document store under
``templates/{name}/v{n}.docx`` with its SHA-256, never overwritten."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from services.documents.common import CONTENT_TYPES, DOCX, sha256_hex
from services.documents.ports import DocumentStore, StoreError
from services.documents.tables import template_choice, template_version
from services.documents.template_ports import CustomTemplate, TemplateChoice

_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
#: two administrators uploading at once: the later one takes the next number
_ATTEMPTS = 3


def template_key(name: str, version: int) -> str:
    """``templates/scoping_letter/v3.docx``."""
    if not _NAME.fullmatch(name) or type(version) is not int or version < 1:
        raise ValueError("not a template version")
    return f"templates/{name}/v{version}.docx"


def _custom(row: Any) -> CustomTemplate:
    return CustomTemplate(
        name=row.name,
        version=row.version,
        object_key=row.object_key,
        sha256=row.sha256,
        size=row.size,
        filename=row.filename,
        uploaded_by=row.uploaded_by,
        uploaded_at=row.uploaded_at,
    )


def _upsert_choice(conn: Connection, values: dict[str, Any]) -> None:
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    statement = insert(template_choice).values(**values)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=[template_choice.c.name],
            set_={k: statement.excluded[k] for k in values if k != "name"},
        )
    )


class SqlTemplates:
    def __init__(self, engine: Engine, store: DocumentStore) -> None:
        self.engine = engine
        self.store = store

    def _version(self, conn: Connection, name: str, version: int) -> CustomTemplate | None:
        row = conn.execute(
            select(template_version).where(
                template_version.c.name == name, template_version.c.version == version
            )
        ).first()
        return None if row is None else _custom(row)

    def active(self, name: str) -> CustomTemplate | None:
        with self.engine.connect() as conn:
            chosen = conn.execute(
                select(template_choice.c.version).where(template_choice.c.name == name)
            ).scalar()
            return None if chosen is None else self._version(conn, name, chosen)

    def content(self, template: CustomTemplate) -> bytes:
        data = self.store.get(template.object_key)
        if sha256_hex(data) != template.sha256:
            raise StoreError(
                f"{template.object_key} does not match the SHA-256 recorded when it was uploaded"
            )
        return data

    def versions(self, name: str) -> list[CustomTemplate]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(template_version)
                .where(template_version.c.name == name)
                .order_by(template_version.c.version.desc())
            ).all()
        return [_custom(row) for row in rows]

    def choice(self, name: str) -> TemplateChoice | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(template_choice).where(template_choice.c.name == name)
            ).first()
        if row is None:
            return None
        return TemplateChoice(row.name, row.version, row.chosen_by, row.chosen_at)

    def _next_version(self, name: str) -> int:
        with self.engine.connect() as conn:
            newest = conn.execute(
                select(func.max(template_version.c.version)).where(template_version.c.name == name)
            ).scalar()
        version = int(newest or 0) + 1
        # past any file a process stored before failing to record it: never overwritten
        while self.store.exists(template_key(name, version)):
            version += 1
        return version

    def add(
        self, name: str, data: bytes, *, filename: str, uploaded_by: str, now: datetime
    ) -> CustomTemplate:
        for attempt in range(_ATTEMPTS):
            version = self._next_version(name)
            key = template_key(name, version)
            metadata = {"template": name, "template-version": str(version)}
            stored = self.store.put(key, data, CONTENT_TYPES[DOCX], metadata)
            made = CustomTemplate(
                name=name,
                version=version,
                object_key=key,
                sha256=stored.sha256,
                size=stored.size,
                filename=filename[:200],
                uploaded_by=uploaded_by[:320],
                uploaded_at=now,
            )
            try:
                with self.engine.begin() as conn:
                    conn.execute(template_version.insert().values(**asdict(made)))
                    choice = {"name": name, "version": version}
                    _upsert_choice(
                        conn, {**choice, "chosen_by": uploaded_by[:320], "chosen_at": now}
                    )
            except IntegrityError:
                if attempt == _ATTEMPTS - 1:
                    raise
                continue
            return made
        raise AssertionError("unreachable")

    def choose(self, name: str, version: int | None, *, chosen_by: str, now: datetime) -> None:
        with self.engine.begin() as conn:
            if version is not None and self._version(conn, name, version) is None:
                raise LookupError(f"template {name} has no version {version}")
            _upsert_choice(
                conn,
                {"name": name, "version": version, "chosen_by": chosen_by[:320], "chosen_at": now},
            )
