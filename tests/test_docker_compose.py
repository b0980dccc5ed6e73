"""docker-compose.yml defines the full stack (read as a file: no Docker engine here)."""

from __future__ import annotations

import yaml

from tests.processes import PROJECT_ROOT


def test_compose_defines_web_worker_beat_postgres_and_redis_with_health_checks():
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "postgres", "redis"):
        assert "test" in services[name]["healthcheck"], name
    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert (
        "worker" in " ".join(services["worker"]["command"])
        if isinstance(services["worker"]["command"], list)
        else "worker" in services["worker"]["command"]
    )
