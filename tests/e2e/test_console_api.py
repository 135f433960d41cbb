"""The console's JSON API over HTTP, as the other services and scripts call it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.e2e.support import SERVICE_TOKEN
from tests.fixtures.stack import RunningStack


def test_unknown_case_reference_is_404(running_stack: RunningStack) -> None:
    request = urllib.request.Request(
        f"{running_stack.url('scheduler')}/api/cases/E2E-1999-9999",
        headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
    )
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=5)
    assert error.value.code == 404
    assert json.load(error.value)["error"] == "not_found"
