"""What every PDF cspr makes must be as a record (issue: archival PDFs): PDF/A-2b by its
XMP identification (``pdfaid:part`` 2, ``pdfaid:conformance`` B) with an output intent,
tagged (``/MarkInfo /Marked`` and a structure tree), and titled, authored by the partnership
and about the case in its document information."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import DictionaryObject


def pdfa_identification(reader: PdfReader) -> tuple[str, str]:
    """(part, conformance) from the XMP metadata; ("", "") when it has none."""
    xmp = reader.xmp_metadata
    if xmp is None:
        return "", ""
    data = xmp.stream.get_data().decode("utf-8", "replace")

    def value(name: str) -> str:
        # as an attribute (pdfaid:part="2") or an element (<pdfaid:part>2</pdfaid:part>,
        # which may declare its namespace: <pdfaid:part xmlns:pdfaid="...">2</pdfaid:part>)
        found = re.search(
            rf'pdfaid:{name}(?:="([^"]*)"|(?:\s+xmlns:pdfaid="[^"]*")?>([^<]*)<)', data
        )
        return (found.group(1) or found.group(2) or "").strip() if found else ""

    return value("part"), value("conformance")


def assert_archival_record(pdf: bytes, *, title: str, author: str, subject: str) -> PdfReader:
    reader = PdfReader(io.BytesIO(pdf))
    assert pdfa_identification(reader) == ("2", "B"), "PDF/A-2b"
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    assert "/OutputIntents" in root, "a PDF/A output intent"
    mark = root.get("/MarkInfo")
    assert mark is not None, "tagged"
    mark = mark.get_object()
    assert isinstance(mark, DictionaryObject) and bool(mark.get("/Marked")), "tagged"
    assert "/StructTreeRoot" in root, "a structure tree"
    info = reader.metadata
    assert info is not None
    assert (info.title, info.author, info.subject) == (title, author, subject)
    return reader
