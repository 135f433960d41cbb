"""Word templates made for a test by python-docx: one paragraph (one run) per line, so a
Jinja tag in a line stays whole for docxtpl."""

from __future__ import annotations

from pathlib import Path

import docx


def docx_template(path: Path, *lines: str) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))
    return path
