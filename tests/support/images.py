"""Small real images for the branding tests, made without an imaging library."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png(width: int = 60, height: int = 20, *, transparent: bool = True) -> bytes:
    """An RGBA PNG (colour type 6): a blue band on a background that is see-through when
    ``transparent``, so PDF/A export meets an alpha channel."""
    rows = []
    for y in range(height):
        pixels = bytearray()
        for x in range(width):
            inside = (
                height // 4 <= y < height - height // 4 and width // 6 <= x < width - width // 6
            )
            alpha = 255 if inside or not transparent else 0
            pixels += bytes((0x1D, 0x70, 0xB8, alpha) if inside else (255, 255, 255, alpha))
        rows.append(b"\x00" + bytes(pixels))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + _chunk(b"IEND", b"")
    )
