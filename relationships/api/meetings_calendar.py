"""API of the personal calendar feed: read its secret URL, or revoke it for a new one."""

from __future__ import annotations

from typing import cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import ERROR_401, ERROR_429
from mentorship.models import User
from relationships.models import CalendarFeed
from relationships.services.calendar_feed import calendar_feed_of, revoke_calendar_feed
from relationships.views.meetings_calendar import feed_url


class CalendarFeedSerializer(serializers.Serializer[None]):
    url = serializers.URLField(help_text="Secret: anyone with it sees your upcoming meetings.")
    created_at = serializers.DateTimeField(help_text="When this URL was issued.")


class CalendarFeedApi(APIView):
    """GET: my calendar feed URL (issued on first use). POST: revoke it and issue a new one."""

    def _data(self, request: Request, feed: CalendarFeed) -> dict[str, object]:
        return {"url": feed_url(request._request, feed), "created_at": feed.created_at}

    @extend_schema(
        operation_id="me_calendar_feed_retrieve",
        responses={200: CalendarFeedSerializer, 401: ERROR_401, 429: ERROR_429},
    )
    def get(self, request: Request) -> Response:
        return Response(self._data(request, calendar_feed_of(user=cast(User, request.user))))

    @extend_schema(
        operation_id="me_calendar_feed_revoke",
        request=None,
        responses={200: CalendarFeedSerializer, 401: ERROR_401, 429: ERROR_429},
    )
    def post(self, request: Request) -> Response:
        return Response(self._data(request, revoke_calendar_feed(user=cast(User, request.user))))
