"""Word files for the template tests, made by python-docx and changed part by part: a
partnership's own template, and the ways a file can fail to be one."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx

#: what an administrator's scoping letter needs, and uses of the other fields
LETTER_LINES = (
    "{{ partnership_name }}",
    "Our own letter about {{ reference }} for {{ agency_name }}, dated {{ letter_date }}.",
    "Please reply by {{ return_by }}.",
)


def word_file(*lines: str) -> bytes:
    """A .docx of one paragraph (one run) per line, so a tag in a line stays whole."""
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def changed(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """``data`` (a zip) with each part replaced by ``change(name, part)`` (None: dropped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = change(info.filename, source.read(info))
            if part is not None:
                target.writestr(info.filename, part)
    return out.getvalue()


def split_tag(data: bytes, tag: str) -> bytes:
    """``tag``'s two opening braces in two runs, as Word may save a tag typed in two goes."""
    run = f"<w:r><w:t>{tag}</w:t></w:r>"
    split = f"<w:r><w:t>{tag[0]}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{tag[1:]}</w:t></w:r>"

    def change(name: str, part: bytes) -> bytes:
        if name != "word/document.xml":
            return part
        text = part.decode()
        assert run in text, "the tag is not alone in its run"
        return text.replace(run, split).encode()

    return changed(data, change)
