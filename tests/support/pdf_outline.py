"""A PDF's bookmarks as plain data, for the tests of packs."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader


def outline(pdf: bytes | PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number from 1) of every bookmark, in order."""
    reader = pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                found.append((depth, str(item.title), (page or 0) + 1))

    walk(list(reader.outline), 0)
    return found


def titles(pdf: bytes | PdfReader) -> list[str]:
    """The bookmarks' titles, indented by two spaces a level."""
    return [f"{'  ' * depth}{title}" for depth, title, _ in outline(pdf)]
