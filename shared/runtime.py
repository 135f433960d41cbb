"""Where a background job finds the adapters of the service it belongs to.

``create_app`` of each service builds that service's container (its ports wired to real
adapters) and registers it here; a worker process calls ``create_app`` before it starts, so
``runtime.get("documents")`` inside a job returns the same wiring the web process uses.
Tests register containers with fakes or real adapters the same way.
"""

from __future__ import annotations

from typing import Any

_containers: dict[str, Any] = {}


def register(service: str, container: Any) -> None:
    _containers[service] = container


def get(service: str) -> Any:
    try:
        return _containers[service]
    except KeyError:
        raise RuntimeError(
            f"no {service} container registered: call services.{service}.create_app() first"
        ) from None


def clear() -> None:
    _containers.clear()
