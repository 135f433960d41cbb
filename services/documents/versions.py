"""Where a version of a case's document lives and what it is called, declared once.

A case's document (its ``kind``: ``referral``, ``scoping-letter-3`` for agency 3's letter,
``rapid-review-report``, ``panel-letter``, ``meeting-pack``) is kept as numbered versions,
each its .docx and its PDF: ``cases/{reference}/{kind}/v{n}.{ext}``. A version is never
overwritten; a document made again is the next version. What a version was made from (its
``source``) lets a job that runs twice find what it made instead of making another.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from services.documents.common import check_format, check_reference

_KIND = re.compile(r"[a-z][a-z0-9-]{0,63}")
REFERRAL_SOURCE = "referral"


def check_kind(kind: str) -> str:
    if not _KIND.fullmatch(kind):
        raise ValueError(f"not a document kind: {kind!r}")
    return kind


def check_version(version: int) -> int:
    if type(version) is not int or not 1 <= version <= 2**31 - 1:
        raise ValueError(f"not a document version: {version!r}")
    return version


def object_key(reference: str, kind: str, version: int, fmt: str) -> str:
    """``cases/GSCP-2026-0001/panel-letter/v2.pdf``."""
    return (
        f"cases/{check_reference(reference)}/{check_kind(kind)}/"
        f"v{check_version(version)}.{check_format(fmt)}"
    )


def filename(reference: str, kind: str, version: int, fmt: str) -> str:
    """``GSCP-2026-0001-panel-letter-v2.pdf``: what a download is saved as."""
    return (
        f"{check_reference(reference)}-{check_kind(kind)}-"
        f"v{check_version(version)}.{check_format(fmt)}"
    )


def scoping_letter_kind(case_agency_id: int) -> str:
    """Each agency's letter is a document of its own; a re-issued link's letter is its next
    version."""
    if type(case_agency_id) is not int or case_agency_id < 1:
        raise ValueError("not a case agency id")
    return f"scoping-letter-{case_agency_id}"


def link_source(serial: int) -> str:
    return f"link-{serial}"


def report_source(report_version: int) -> str:
    return f"report-v{report_version}"


def scoping_return_kind(case_agency_id: int) -> str:
    """An agency's returned scoping form (App. iii) as a document; returned again after
    ops reopened it, it is the next version."""
    if type(case_agency_id) is not int or case_agency_id < 1:
        raise ValueError("not a case agency id")
    return f"scoping-return-{case_agency_id}"


def return_source(submitted_at: datetime) -> str:
    """``returned-20261204T101500``: one return, as submitted at that moment (UTC)."""
    return f"returned-{submitted_at.astimezone(UTC):%Y%m%dT%H%M%S}"


def pack_source(pack_id: int) -> str:
    return f"pack-{pack_id}"
