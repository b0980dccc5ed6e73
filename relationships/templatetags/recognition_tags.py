"""Template tags for the recognition and introduction partials.

The relationship page and the dashboard include these partials with only `relationship`
and `user` in context; the tags load what they show, in a fixed number of queries.
"""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from mentorship.models import User
from relationships.models import Relationship
from relationships.recognition_timeline import (
    DashboardIntroductions,
    RecognitionSection,
    dashboard_introductions,
    recognition_section,
)

register = template.Library()


@register.simple_tag
def relationship_recognition(
    relationship: Relationship, user: User | AnonymousUser
) -> RecognitionSection:
    if not isinstance(user, User):
        return RecognitionSection()
    return recognition_section(relationship, user)


@register.simple_tag
def my_introductions(user: User | AnonymousUser) -> DashboardIntroductions:
    if not isinstance(user, User):
        return DashboardIntroductions()
    return dashboard_introductions(user)
