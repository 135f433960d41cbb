"""Every job contract names a real function whose parameters cover its idempotency key."""

from __future__ import annotations

import inspect
import string

import pytest
from rq.utils import import_attribute

from shared.queue import JOBS, QUEUES


@pytest.mark.parametrize("name", sorted(JOBS))
def test_contract_points_at_a_function_taking_the_id_fields(name: str) -> None:
    spec = JOBS[name]
    function = import_attribute(name)
    params = set(inspect.signature(function).parameters)
    fields = {f for _, f, _, _ in string.Formatter().parse(spec.job_id) if f}
    assert fields <= params, f"{name} id template uses {fields - params} it does not take"
    assert spec.queue in QUEUES
    assert spec.queue == name.split(".")[1], "jobs run on the queue of the service that owns them"
    assert spec.timeout > 0
