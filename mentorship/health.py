"""`GET /healthz`: is this instance able to serve? For load balancers and container runtimes.

200 when the database answers and (if one is configured) the broker does; 503 otherwise.
The body says which part is down and how many task requests wait in the outbox.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mentorship.celery import BROKER_CONNECT_TIMEOUT
from mentorship.celery import app as celery_app
from mentorship.models import OutboxMessage

logger = logging.getLogger(__name__)


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "down"; the reason goes to the log
        logger.warning("Health check: database down: %s", error)
        return "down"
    return "ok"


def broker_state() -> str:
    if settings.CELERY_BROKER_URL is None:
        return "not configured (tasks run in-process)"
    try:
        with celery_app.connection_for_read(settings.CELERY_BROKER_URL) as broker:
            broker.ensure_connection(max_retries=1, timeout=BROKER_CONNECT_TIMEOUT)
    except Exception as error:
        logger.warning("Health check: broker down: %s", error)
        return "down"
    return "ok"


def outbox_backlog() -> int | None:
    """Task requests older than a minute that the broker has not taken."""
    try:
        cutoff = timezone.now() - timedelta(minutes=1)
        return OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).count()
    except Exception:
        return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": database_state(), "broker": broker_state()}
    healthy = all(state != "down" for state in checks.values())
    body = {
        "status": "ok" if healthy else "down",
        "checks": checks,
        "outbox_backlog": outbox_backlog() if checks["database"] == "ok" else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)
