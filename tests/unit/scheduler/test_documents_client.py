"""HttpDocumentsClient without a network: refuses non-HTTP URLs, maps failures.

Its real exchanges with the documents service are in tests/integration/scheduler.
"""

from __future__ import annotations

import pytest

from devstack.procs import free_port
from services.scheduler.documents_client import DocumentsUnavailable, HttpDocumentsClient


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://x", "127.0.0.1:8003"])
def test_only_http_urls(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        HttpDocumentsClient(url, "token")


def test_nothing_listening_is_documents_unavailable() -> None:
    # a closed port on this machine refuses at once: no traffic leaves localhost
    client = HttpDocumentsClient(f"http://127.0.0.1:{free_port()}", "token", timeout=2)
    with pytest.raises(DocumentsUnavailable, match="unreachable"):
        client.open(1)
