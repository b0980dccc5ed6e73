"""`GET /healthz` tells a load balancer whether this instance can serve."""

from __future__ import annotations

import pytest


def test_healthy_with_database_and_broker_up(client, db, broker_url, settings):
    settings.CELERY_BROKER_URL = broker_url
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}
    assert response.json()["outbox_backlog"] == 0


def test_a_stopped_broker_is_reported_as_503(client, db, private_redis, settings):
    settings.CELERY_BROKER_URL = private_redis.url
    assert client.get("/healthz").status_code == 200

    private_redis.stop()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["broker"] == "down"
    assert response.json()["checks"]["database"] == "ok"


def test_without_a_broker_tasks_run_in_process_and_health_says_so(client, db, settings):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["broker"].startswith("not configured")


@pytest.mark.parametrize("method", ["post", "delete"])
def test_health_answers_only_get(client, db, method):
    assert getattr(client, method)("/healthz").status_code == 405
