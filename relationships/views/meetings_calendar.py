"""The personal calendar feed: its settings page, and the feed itself.

The feed is fetched by calendar apps, which cannot sign in: the secret token in its URL
is the only authority, so the view needs no login and a revoked token is simply a 404.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mentorship.models import User
from relationships.circles_ics import circle_session_event, feed_circle_sessions
from relationships.ics import meeting_event, write_calendar
from relationships.models import CalendarFeed
from relationships.services.calendar_feed import (
    calendar_feed_of,
    feed_meetings,
    revoke_calendar_feed,
)
from relationships.views.meetings import ics_response


def feed_url(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    """GET: my feed URL. POST: revoke it and get a new one."""
    user = cast(User, request.user)
    if request.method == "POST":
        revoke_calendar_feed(user=user)
        messages.success(
            request, _("The old calendar link no longer works; use the new one below.")
        )
        return redirect("calendar_feed_settings")
    feed = calendar_feed_of(user=user)
    return render(
        request, "relationships/meetings/calendar_feed.html", {"feed_url": feed_url(request, feed)}
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The token owner's upcoming meetings as iCalendar; no session, the token decides."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        return HttpResponse(status=404)
    now = timezone.now()
    events = [meeting_event(meeting, stamp=now) for meeting in feed_meetings(feed, now=now)]
    events += [
        circle_session_event(session, stamp=now)
        for session in feed_circle_sessions(feed.user, now=now)
    ]
    return ics_response(write_calendar(events, name=_("Mentoring meetings")))
