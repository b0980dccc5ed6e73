"""The project's Celery app with a broker visibility timeout of seconds, for crash tests.

Redis hands an unacknowledged message to another consumer only after the visibility
timeout (an hour in production, longer than any task may run). A test that kills a whole
worker runs `celery -A tests.reliability.short_visibility worker` so the restarted worker
gets the lost message back within seconds.
"""

from __future__ import annotations

from mentorship.celery import app

VISIBILITY_TIMEOUT = 3

app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "visibility_timeout": VISIBILITY_TIMEOUT,
}
