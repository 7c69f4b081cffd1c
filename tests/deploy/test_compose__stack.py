"""The production compose file, read as a deployer's engine would read it: every long-running
service has a health check, start order follows health, exactly one beat, a broker that keeps
its queue, and every role the file starts is one the image's entrypoint knows.

No container engine runs here, so the file is checked as data; the image itself is built and
started by ``make image`` in CI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DOCKER = Path(__file__).resolve().parents[2] / "docker"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))


def long_running(compose: dict) -> dict:
    return {name: svc for name, svc in compose["services"].items() if not svc.get("profiles")}


def test_every_long_running_service_has_a_health_check(compose):
    services = long_running(compose)
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    for name, svc in services.items():
        assert svc.get("healthcheck", {}).get("test"), f"{name} has no health check"
        assert svc.get("restart") == "unless-stopped", name


def test_the_application_starts_only_once_what_it_needs_is_healthy(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["db"] == {"condition": "service_healthy"}, name
        assert depends["redis"] == {"condition": "service_healthy"}, name
    # Workers and beat wait for web, which applies the migrations.
    for name in ("worker", "beat"):
        assert services[name]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_exactly_one_beat_and_a_broker_that_keeps_its_queue(compose):
    services = compose["services"]
    # A fixed container name makes `--scale beat=2` fail.
    assert services["beat"]["container_name"]
    assert "container_name" not in services["worker"]
    redis_command = services["redis"]["command"]
    assert redis_command[redis_command.index("--appendonly") + 1] == "yes"
    assert redis_command[redis_command.index("--maxmemory-policy") + 1] == "noeviction"
    assert "redisdata:/data" in services["redis"]["volumes"]


def test_every_role_started_is_one_the_image_knows(compose):
    entrypoint = (DOCKER / "entrypoint.sh").read_text(encoding="utf-8")
    roles = set(re.findall(r"^\s+([a-z-]+)\)\s*$", entrypoint, flags=re.MULTILINE))
    health = (DOCKER / "healthcheck.py").read_text(encoding="utf-8")
    for name in ("web", "worker", "beat"):
        svc = compose["services"][name]
        (role,) = svc["command"]
        assert role in roles, f"{name}: the entrypoint has no '{role}' role"
        assert svc["healthcheck"]["test"][-1] == role
        assert f"def check_{role}(" in health


def test_every_variable_the_file_requires_is_in_the_example_environment(compose):
    text = (DOCKER / "compose.yaml").read_text(encoding="utf-8")
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    example = (DOCKER / "env.example").read_text(encoding="utf-8")
    defined = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert required, "the file requires no variable at all"
    assert required <= defined, f"missing from env.example: {sorted(required - defined)}"
