"""docker-compose.yml cannot be started here (no Docker engine), so check what it declares:
every service and worker, the queues, the settings the code reads, health checks, ports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from devstack import run
from shared.config import SERVICES, settings_for
from shared.queue import QUEUES
from shared.worker import queues_for

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict[str, Any]) -> list[str]:
    return [str(part) for part in service.get("command") or []]


def _service_of(name: str, spec: dict[str, Any]) -> str | None:
    """Which cspr service a compose container runs (by image), if any."""
    image = str(spec.get("image", ""))
    for service in SERVICES:
        if image.startswith(f"cspr/{service}:"):
            return service
    return None


def _worker_queues(compose: dict[str, Any]) -> set[str]:
    queues: set[str] = set()
    for spec in compose["services"].values():
        command = _command(spec)
        if command[:3] == ["python", "-m", "shared.worker"] and "--check" not in command:
            queues.update(queues_for(command[3]))
    return queues


def test_every_service_has_a_web_container_and_a_worker(compose: dict[str, Any]) -> None:
    for service in SERVICES:
        assert service in compose["services"], service
        assert f"{service}-worker" in compose["services"], service
    assert "cron" in compose["services"]


def test_compose_workers_listen_on_exactly_the_queues_the_code_enqueues_to(
    compose: dict[str, Any],
) -> None:
    assert _worker_queues(compose) == set(QUEUES)


def test_make_run_workers_listen_on_exactly_the_queues_the_code_enqueues_to() -> None:
    queues: set[str] = set()
    for service in run.WEB_SERVICES:
        argv = run.worker_argv(service)
        assert argv[1:3] == ["-m", "shared.worker"]
        queues.update(queues_for(argv[3]))
    assert queues == set(QUEUES)


def test_every_setting_a_service_reads_is_declared_for_its_containers(
    compose: dict[str, Any],
) -> None:
    checked = set()
    for name, spec in compose["services"].items():
        service = _service_of(name, spec)
        if service is None:
            continue
        declared = set(spec.get("environment") or {})
        needed = {s.name for s in settings_for(service)}
        assert needed <= declared, f"{name} lacks {sorted(needed - declared)}"
        checked.add(service)
    assert checked == set(SERVICES)


def test_every_container_has_a_health_check_and_restart_policy(compose: dict[str, Any]) -> None:
    for name, spec in compose["services"].items():
        assert spec.get("restart"), name
        if name != "migrate":
            assert spec.get("healthcheck", {}).get("test"), name


def test_only_the_public_web_services_publish_ports(compose: dict[str, Any]) -> None:
    published = {name for name, spec in compose["services"].items() if spec.get("ports")}
    assert published == {"intake", "scheduler"}


def test_images_are_built_from_dockerfiles_in_the_repository(compose: dict[str, Any]) -> None:
    for name, spec in compose["services"].items():
        build = spec.get("build")
        if build:
            assert (ROOT / build["context"] / build["dockerfile"]).is_file(), name
    for service in SERVICES:
        assert (ROOT / "services" / service / "Dockerfile").is_file()


def test_production_secrets_are_required_not_defaulted(compose: dict[str, Any]) -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    for variable in (
        "POSTGRES_PASSWORD",
        "SERVICE_TOKEN",
        "S3_ACCESS_KEY",
        "S3_SECRET_KEY",
        "INTAKE_SECRET_KEY",
        "SCHEDULER_SECRET_KEY",
    ):
        assert f"${{{variable}:?" in text, variable
