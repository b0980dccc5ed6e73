"""The Celery app: JSON messages, late acknowledgement, time limits, queues and beat schedule.

Tasks are acknowledged only after they finish (`acks_late`) and are handed back to the
broker when the worker process dies (`reject_on_worker_lost`), so a killed worker loses
nothing. Redis re-delivers an unacknowledged message after `visibility_timeout`, which must
stay longer than the longest task may run, or a slow task would run twice at once.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")

# Per-task limits may be raised up to this; the visibility timeout is derived from it.
LONGEST_TASK_TIME_LIMIT = 30 * 60
DEFAULT_TASK_TIME_LIMIT = 5 * 60
# Seconds to wait for Redis before a publish gives up (the outbox keeps the work for later)
# and before /healthz calls the broker down.
BROKER_CONNECT_TIMEOUT = 3

QUEUE_DEFAULT = "default"
QUEUE_RANKING = "ranking"
QUEUE_NOTIFICATIONS = "notifications"

app = Celery("mentorship")
# Reads CELERY_BROKER_URL and CELERY_TASK_ALWAYS_EAGER from settings.py.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    event_serializer="json",
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=DEFAULT_TASK_TIME_LIMIT,
    task_soft_time_limit=DEFAULT_TASK_TIME_LIMIT - 30,
    # Progress and results live in the Job table in PostgreSQL, never in the broker.
    task_ignore_result=True,
    task_store_eager_result=False,
    task_default_queue=QUEUE_DEFAULT,
    task_queues=(Queue(QUEUE_DEFAULT), Queue(QUEUE_RANKING), Queue(QUEUE_NOTIFICATIONS)),
    task_routes={
        "matching.tasks.*": {"queue": QUEUE_RANKING},
        "mentorship.tasks.send_*": {"queue": QUEUE_NOTIFICATIONS},
    },
    broker_transport_options={
        "visibility_timeout": 2 * LONGEST_TASK_TIME_LIMIT,
        "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
        "socket_timeout": 10,
    },
    broker_connection_retry_on_startup=True,
    worker_cancel_long_running_tasks_on_connection_loss=False,
    beat_schedule={
        "relay-outbox": {
            "task": "mentorship.tasks.relay_outbox",
            "schedule": 30.0,
            "options": {"expires": 25.0},
        },
        "expire-requests": {
            "task": "relationships.tasks.expire_requests",
            "schedule": 15 * 60.0,
            "options": {"expires": 14 * 60.0},
        },
        "remind-waiting-requests": {
            "task": "relationships.tasks.remind_waiting_requests",
            "schedule": 60 * 60.0,
            "options": {"expires": 55 * 60.0},
        },
        "send-meeting-reminders": {
            "task": "relationships.tasks.send_meeting_reminders",
            "schedule": 15 * 60.0,
            "options": {"expires": 14 * 60.0},
        },
        "send-check-in-reminders": {
            "task": "relationships.tasks.send_check_in_reminders",
            "schedule": 60 * 60.0,
            "options": {"expires": 55 * 60.0},
        },
        "scan-inactivity": {
            "task": "relationships.tasks.scan_inactivity",
            "schedule": 60 * 60.0,
            "options": {"expires": 55 * 60.0},
        },
        "rebuild-ranking-indexes": {
            "task": "matching.tasks.rebuild_indexes",
            "schedule": crontab(hour=2, minute=30),
        },
        "refresh-stale-suggestions": {
            "task": "matching.tasks.refresh_stale_suggestions",
            "schedule": crontab(hour=3, minute=30),
        },
        "send-notification-digests": {
            "task": "mentorship.tasks.send_notification_digests",
            "schedule": 15 * 60.0,
            "options": {"expires": 14 * 60.0},
        },
    },
)
app.autodiscover_tasks()
