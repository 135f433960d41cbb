"""The partnership's own templates as the scheduler sees them: a port and its HTTP adapter
over the documents service's internal template API (``services/documents/template_api.py``,
bearer ``SERVICE_TOKEN``). The scheduler cannot write documents' tables nor reach the store;
the console's administrators' pages (``web/templates_admin.py``) go through this."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote, urlencode

from services.scheduler.documents_client import (
    DocumentsHttp,
    DocumentStream,
    DocumentsUnavailable,
    response_stream,
)

log = logging.getLogger(__name__)

#: an upload is filled in and converted by LibreOffice (in at most 60 s) before it is
#: answered; less than the console's own 120 s, so the page says what happened
UPLOAD_TIMEOUT = 90.0
#: ``open``'s version for the built-in template (None: the one in use)
BUILT_IN = "built-in"


class TemplateNotFound(LookupError):
    """No such template, or no such version of it."""


@dataclass(frozen=True)
class TemplateField:
    name: str
    description: str
    required: bool


@dataclass(frozen=True)
class TemplateVersion:
    version: int
    template_version: str
    sha256: str
    size: int
    filename: str
    uploaded_by: str
    uploaded_at: datetime


@dataclass(frozen=True)
class TemplateChoice:
    #: None: the built-in template
    version: int | None
    chosen_by: str
    chosen_at: datetime


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    title: str
    built_in_version: str
    #: the version in use; None: the built-in template
    active: TemplateVersion | None
    choice: TemplateChoice | None
    versions: list[TemplateVersion]
    fields: list[TemplateField]


@dataclass(frozen=True)
class Catalogue:
    max_bytes: int
    max_size: str
    templates: list[TemplateInfo]

    def get(self, name: str) -> TemplateInfo:
        found = next((t for t in self.templates if t.name == name), None)
        if found is None:
            raise TemplateNotFound(f"no template called {name!r}")
        return found


@dataclass(frozen=True)
class UploadProblem:
    code: str
    message: str
    fields: tuple[str, ...] = ()


class UploadRefused(Exception):
    def __init__(self, problems: list[UploadProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Uploaded:
    version: TemplateVersion
    #: fields cspr provides that the template does not use
    unused_fields: list[str]


class TemplatesClient(Protocol):
    def catalogue(self) -> Catalogue:
        """Every template; raises DocumentsUnavailable."""
        ...

    def upload(self, name: str, filename: str, data: bytes, uploaded_by: str) -> Uploaded:
        """Raises UploadRefused (with what is wrong), TemplateNotFound, DocumentsUnavailable."""
        ...

    def choose(self, name: str, version: int | None, chosen_by: str) -> None:
        """Put ``version`` in use (None: the built-in template); raises TemplateNotFound."""
        ...

    def open(self, name: str, version: int | str | None = None) -> DocumentStream:
        """A template's .docx: ``version``, ``BUILT_IN`` or (None) the one in use."""
        ...


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _version(found: dict[str, Any]) -> TemplateVersion:
    return TemplateVersion(
        version=int(found["version"]),
        template_version=str(found["template_version"]),
        sha256=str(found["sha256"]),
        size=int(found["size"]),
        filename=str(found["filename"]),
        uploaded_by=str(found["uploaded_by"]),
        uploaded_at=_when(found["uploaded_at"]),
    )


def _info(found: dict[str, Any]) -> TemplateInfo:
    choice = found.get("choice")
    return TemplateInfo(
        name=str(found["name"]),
        title=str(found["title"]),
        built_in_version=str(found["built_in_version"]),
        active=_version(found["active"]) if found.get("active") else None,
        choice=TemplateChoice(choice["version"], choice["chosen_by"], _when(choice["chosen_at"]))
        if choice
        else None,
        versions=[_version(v) for v in found["versions"]],
        fields=[
            TemplateField(f["name"], f["description"], bool(f["required"])) for f in found["fields"]
        ],
    )


class HttpTemplatesClient(DocumentsHttp):
    """``{base_url}/api/templates…`` with the service bearer token."""

    def _send(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        timeout: float | None = None,
    ) -> Any:
        headers = {"Authorization": f"Bearer {self._token}"}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            f"{self.base_url}/api/templates{path}", data=body, headers=headers, method=method
        )
        try:
            return urllib.request.urlopen(request, timeout=timeout or self.timeout)  # noqa: S310
        except urllib.error.HTTPError as exc:
            answer = _json(exc)
            if exc.code == 404:
                raise TemplateNotFound(str(answer.get("reason", "not found"))) from exc
            if exc.code == 422 and answer.get("error") == "template_refused":
                problems = [
                    UploadProblem(str(p["code"]), str(p["message"]), tuple(p.get("fields", ())))
                    for p in answer.get("problems", [])
                ]
                raise UploadRefused(problems) from exc
            log.warning("documents service answered %s for templates%s", exc.code, path)
            raise DocumentsUnavailable(f"documents service answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            log.warning("documents service unreachable for templates: %s", type(exc).__name__)
            raise DocumentsUnavailable("documents service unreachable") from exc

    def _json(self, method: str, path: str, **sent: Any) -> Any:
        with self._send(method, path, **sent) as response:
            return json.loads(response.read())

    def catalogue(self) -> Catalogue:
        found = self._json("GET", "")
        return Catalogue(
            int(found["max_bytes"]), str(found["max_size"]), [_info(t) for t in found["templates"]]
        )

    def upload(self, name: str, filename: str, data: bytes, uploaded_by: str) -> Uploaded:
        query = urlencode({"filename": filename, "uploaded_by": uploaded_by})
        found = self._json(
            "POST",
            f"/{quote(name, safe='')}/versions?{query}",
            body=data,
            content_type="application/octet-stream",
            timeout=UPLOAD_TIMEOUT,
        )
        return Uploaded(_version(found["version"]), list(found["unused_fields"]))

    def choose(self, name: str, version: int | None, chosen_by: str) -> None:
        body = json.dumps({"version": version, "chosen_by": chosen_by}).encode()
        self._json(
            "PUT", f"/{quote(name, safe='')}/active", body=body, content_type="application/json"
        )

    def open(self, name: str, version: int | str | None = None) -> DocumentStream:
        query = "" if version is None else f"?{urlencode({'version': version})}"
        return response_stream(self._send("GET", f"/{quote(name, safe='')}/content{query}"))


def _json(error: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        found = json.loads(error.read() or b"{}")
    except ValueError:
        found = {}
    finally:
        error.close()
    return found if isinstance(found, dict) else {}
