"""The project package and the people app (users, programs, memberships, profiles)."""

from mentorship.celery import app as celery_app

__all__ = ["celery_app"]
