"""Container health probe: ``python -m shared.probe URL`` exits 0 when URL answers 2xx."""

from __future__ import annotations

import sys
import urllib.request


def main(argv: list[str] | None = None) -> int:
    url = (argv or sys.argv[1:])[0]
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        print("probe only checks this container's own loopback URLs", file=sys.stderr)
        return 2
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - loopback only
            return 0 if 200 <= response.status < 300 else 1
    except OSError as exc:
        print(f"probe failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
