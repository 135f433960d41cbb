"""One PDF from many: a pack's parts merged in order, each a bookmark, still an archival
record (PDF/A-2b by its XMP identification, with the first part's output intent) and still
tagged: each part's structure tree becomes a ``Part`` of the pack's ``Document``, its
pages' and annotations' structure keys renumbered so the parent tree stays one tree.

Every part is a PDF LibreOffice made (PDF/A-2b, tagged): fonts embedded, one sRGB output
intent, which is why keeping the first part's is right for all of them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf

from services.documents.render import DocumentProperties


class PackPdfError(RuntimeError):
    """A part is not a PDF that can be merged."""


@dataclass(frozen=True)
class PdfPart:
    #: its bookmark (and its structure element's title)
    title: str
    pdf: bytes = field(repr=False)
    #: the bookmark it sits under ("Scoping returns"), or "" for the top level
    group: str = ""


def page_count(pdf: bytes) -> int:
    try:
        with Pdf.open(io.BytesIO(pdf)) as opened:
            return len(opened.pages)
    except pikepdf.PdfError as exc:
        raise PackPdfError(f"not a readable PDF ({exc})") from exc


def _copy(out: Pdf, src: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of ``src`` in ``out``: the same copy of a page or element however often it is
    reached (qpdf keeps one map of copied objects per source)."""
    if not obj.is_indirect:
        obj = src.make_indirect(obj)
    return out.copy_foreign(obj)


class _Structure:
    """The pack's structure tree as parts are added."""

    def __init__(self, out: Pdf) -> None:
        self.out = out
        self.kids = Array()
        self.nums = Array()
        self.next_key = 0
        self.role_map = Dictionary()
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=self.kids)
        )

    def add(self, src: Pdf, first_page: int, title: str) -> None:
        """Graft ``src``'s structure (its pages already copied from ``first_page`` on)."""
        tree = src.Root.get("/StructTreeRoot")
        offset = self.next_key
        keys = [-1]
        for page in self.out.pages[first_page:]:
            obj = page.obj
            if "/StructParents" in obj:
                obj.StructParents = int(obj.StructParents) + offset
                keys.append(int(obj.StructParents))
            for annot in obj.get("/Annots", Array()):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + offset
                    keys.append(int(annot.StructParent))
        if tree is None or "/K" not in tree:
            self.next_key = max(keys) + 1 if len(keys) > 1 else self.next_key
            return
        for name, value in dict(tree.get("/RoleMap", Dictionary())).items():
            if name not in self.role_map:
                self.role_map[name] = value
        top = tree.K if isinstance(tree.K, Array) else Array([tree.K])
        for element in top:
            # cut the link to the source's root before copying, or the whole of the source's
            # tree root (and its parent tree) would be copied along with it
            if "/P" in element:
                del element["/P"]
        copied = [self._copy(src, element) for element in top]
        part = self.out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Part, P=self.document, T=title, K=Array())
        )
        for element in copied:
            if element.get("/S") == Name.Document:
                element.S = Name.Sect
            element.P = part
            part.K.append(element)
        self.kids.append(part)
        parent_tree = tree.get("/ParentTree")
        nums = parent_tree.get("/Nums") if parent_tree is not None else None
        if nums is not None:
            for i in range(0, len(nums) - 1, 2):
                key = int(nums[i]) + offset
                self.nums.append(key)
                self.nums.append(self._copy(src, nums[i + 1]))
                keys.append(key)
        self.next_key = max(keys) + 1 if len(keys) > 1 else self.next_key

    def _copy(self, src: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
        return _copy(self.out, src, obj)

    def finish(self) -> None:
        self.root.K = self.document
        self.root.ParentTree = self.out.make_indirect(Dictionary(Nums=self.nums))
        self.root.ParentTreeNextKey = self.next_key
        if len(self.role_map):
            self.root.RoleMap = self.role_map
        self.out.Root.StructTreeRoot = self.root
        self.out.Root.MarkInfo = Dictionary(Marked=True)


def merge(
    parts: Sequence[PdfPart], properties: DocumentProperties, now: datetime
) -> tuple[bytes, list[int]]:
    """The pack's PDF, and the first page (1-based) of each part in it."""
    if not parts:
        raise PackPdfError("a pack needs at least one part")
    out = Pdf.new()
    structure = _Structure(out)
    starts: list[int] = []
    opened: list[Pdf] = []
    try:
        for part in parts:
            try:
                src = Pdf.open(io.BytesIO(part.pdf))
            except pikepdf.PdfError as exc:
                raise PackPdfError(f"{part.title}: not a readable PDF ({exc})") from exc
            opened.append(src)
            first = len(out.pages)
            starts.append(first + 1)
            out.pages.extend(src.pages)
            structure.add(src, first, part.title)
        structure.finish()
        first_root = opened[0].Root
        if "/OutputIntents" in first_root:
            out.Root.OutputIntents = Array(
                [_copy(out, opened[0], intent) for intent in first_root.OutputIntents]
            )
        out.Root.Lang = first_root.get("/Lang", pikepdf.String("en-GB"))
        out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        out.Root.PageMode = Name.UseOutlines
        if "/Metadata" in first_root:
            # LibreOffice's XMP (its namespaces, its PDF/A schema) re-described for the pack
            out.Root.Metadata = _copy(out, opened[0], first_root.Metadata)
        _bookmarks(out, parts, starts)
        _describe(out, properties, now)
        buffer = io.BytesIO()
        out.save(buffer, linearize=False, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    finally:
        for src in opened:
            src.close()
        out.close()
    return buffer.getvalue(), starts


def _bookmarks(out: Pdf, parts: Sequence[PdfPart], starts: Sequence[int]) -> None:
    with out.open_outline() as outline:
        outline.root.clear()
        groups: dict[str, OutlineItem] = {}
        for part, start in zip(parts, starts, strict=True):
            item = OutlineItem(part.title, start - 1)
            if not part.group:
                outline.root.append(item)
                continue
            if part.group not in groups:
                groups[part.group] = OutlineItem(part.group, start - 1)
                outline.root.append(groups[part.group])
            groups[part.group].children.append(item)


def _describe(out: Pdf, properties: DocumentProperties, now: datetime) -> None:
    """Title, author and subject in the document information and the XMP, which PDF/A
    requires to agree, and the PDF/A-2b identification."""
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = properties.title
        meta["dc:creator"] = [properties.author]
        meta["dc:description"] = properties.subject
        meta["pdf:Producer"] = "cspr (pikepdf)"
        meta["xmp:CreatorTool"] = "cspr"
        stamp = now.isoformat(timespec="seconds")
        meta["xmp:CreateDate"] = stamp
        meta["xmp:ModifyDate"] = stamp
    # pypdf and most readers take the subject from the document information's /Subject
    out.docinfo[Name.Subject] = properties.subject
