"""The referrer's PDF copy, fetched from the documents service (adapter for
``ports.ReferralCopies``): ``GET {DOCUMENTS_URL}/api/cases/<reference>/referral.pdf``."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request

from services.intake.ports import CopyUnavailable

log = logging.getLogger(__name__)

#: a referral PDF is tens of kilobytes; refuse anything absurd rather than hold it in memory
MAX_BYTES = 20 * 1024 * 1024


class HttpReferralCopies:
    def __init__(self, base_url: str, token: str, timeout: float = 10.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("DOCUMENTS_URL must be an http(s) URL")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def pdf(self, reference: str) -> bytes | None:
        url = f"{self.base_url}/api/cases/{reference}/referral.pdf"
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            url, headers={"Authorization": f"Bearer {self._token}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 404:
                return None
            log.warning("documents service answered %s for a referral copy", exc.code)
            raise CopyUnavailable(f"documents service answered {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            log.warning("documents service unreachable for a referral copy")
            raise CopyUnavailable("documents service unreachable") from exc
        if len(data) > MAX_BYTES:
            raise CopyUnavailable("referral copy too large")
        return data
