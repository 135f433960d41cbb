"""The packs ops download, declared once for the scheduler (which takes requests for them)
and documents (which builds them): each kind's API name, title and stored document kind, and
the statuses a build goes through."""

from __future__ import annotations

from dataclasses import dataclass

#: a request waits on the documents queue; a worker is building it; it is stored; it failed
QUEUED, BUILDING, DONE, FAILED = "queued", "building", "done", "failed"
STATUSES = (QUEUED, BUILDING, DONE, FAILED)
STATUS_LABELS = {
    QUEUED: "Waiting to be built",
    BUILDING: "Being built",
    DONE: "Ready",
    FAILED: "Could not be built",
}

#: the pack's files: one PDF (contents page, bookmarks) and a .zip of the original .docx files
PACK_FORMATS = ("pdf", "zip")


@dataclass(frozen=True)
class PackKind:
    #: its name in the API (``{"kind": "rapid-review-meeting"}``)
    name: str
    title: str
    #: what its files are stored as: ``cases/{reference}/{document_kind}/v{n}.pdf``
    document_kind: str
    #: what it holds, in words for staff
    description: str


MEETING = PackKind(
    "rapid-review-meeting",
    "Rapid Review meeting pack",
    "meeting-pack",
    "The referral, the notification details, every returned scoping form (agencies yet to "
    "return listed as outstanding) and the draft report, with a contents page",
)
PANEL = PackKind(
    "panel",
    "Panel submission pack",
    "panel-pack",
    "The approved Report of Rapid Review and the letter to the national Panel",
)
PACK_KINDS = {kind.name: kind for kind in (MEETING, PANEL)}


def pack_kind(name: str) -> PackKind:
    """Raises KeyError for a name that is not a pack."""
    return PACK_KINDS[name]
