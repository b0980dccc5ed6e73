"""API operations on a circle's group sessions: list and schedule, one session, log as held,
cancel, shared notes, rate, .ics.

Sessions are reached at the roster level (`circles_access.roster_viewer`): the circle's
mentor, its active members and program admins; anyone else who may see the circle gets a
403, and anyone who may not, a 404. Shared notes are serialized for the mentor and members
only; ratings as count and average for those who run the circle, and each caller's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import error_responses
from mentorship.errors import ActionNotAllowed
from mentorship.models import User
from relationships.api.circles import ERROR_409
from relationships.api.circles_serializers import (
    CircleRatingInputSerializer,
    CircleSessionCreateSerializer,
    CircleSessionLogSerializer,
    CircleSessionNotesSerializer,
    CircleSessionSerializer,
    MyCircleRatingSerializer,
)
from relationships.api.meetings import CalendarRenderer
from relationships.api.requests import ListAndCreateSchema
from relationships.circles_access import CircleViewer, circle_session, roster_viewer
from relationships.circles_ics import circle_session_event
from relationships.ics import write_calendar
from relationships.models import Circle, CircleSession
from relationships.services.circle_sessions import (
    active_member_users,
    cancel_circle_session,
    is_active_member,
    log_circle_session,
    my_ratings,
    rate_circle_session,
    rating_summaries,
    save_circle_session_notes,
    schedule_circle_session,
    sessions_of,
)
from relationships.services.circles import is_circle_mentor


def _ensure_host(circle: Circle, user: User) -> None:
    """403 before the body is read: scheduling and logging are the circle's mentor's.

    The service checks again; checking here first means a member or an admin is told
    "not yours to do" rather than which fields are missing.
    """
    if not is_circle_mentor(circle, user):
        raise ActionNotAllowed(_("Only the circle's mentor can do this."))


def _caller(request: Request) -> User:
    return cast(User, request.user)


def sessions_data(
    viewer: CircleViewer, sessions: Sequence[CircleSession], *, many: bool = True
) -> Any:
    """Sessions as this viewer may see them: notes, summaries and own ratings decided here."""
    context = {
        "can_read_notes": viewer.can_read_notes,
        "summaries": rating_summaries(sessions) if viewer.can_manage else {},
        "my_ratings": my_ratings(sessions=sessions, user=viewer.user),
    }
    data = CircleSessionSerializer(sessions, many=True, context=context).data
    return data if many else data[0]


def one_session(viewer: CircleViewer, session_id: int) -> dict[str, Any]:
    session = sessions_of(viewer.circle).get(pk=session_id)
    data: dict[str, Any] = sessions_data(viewer, [session], many=False)
    return data


class CircleSessionListCreateApi(generics.ListAPIView[CircleSession]):
    """A circle's sessions (newest first), and scheduling one (the mentor)."""

    serializer_class = CircleSessionSerializer
    schema = ListAndCreateSchema()
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[CircleSession]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return CircleSession.objects.none()
        self.viewer = roster_viewer(_caller(self.request), self.kwargs["circle_id"])
        return sessions_of(self.viewer.circle)

    @extend_schema(
        operation_id="circles_sessions_list",
        responses={
            200: CircleSessionSerializer(many=True),
            **error_responses(401, 403, 404, 429),
        },
    )
    def get(self, request: Request, circle_id: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the default pagination is always on
        return self.get_paginated_response(sessions_data(self.viewer, page))

    @extend_schema(
        operation_id="circles_sessions_create",
        request=CircleSessionCreateSerializer,
        responses={
            201: CircleSessionSerializer,
            409: ERROR_409,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int) -> Response:
        viewer = roster_viewer(_caller(request), circle_id)
        _ensure_host(viewer.circle, _caller(request))
        serializer = CircleSessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = schedule_circle_session(
            circle=viewer.circle, by=_caller(request), **serializer.validated_data
        )
        return Response(one_session(viewer, session.pk), status=201)


class CircleSessionDetailApi(APIView):
    """One session."""

    @extend_schema(
        operation_id="circles_sessions_retrieve",
        responses={200: CircleSessionSerializer, **error_responses(401, 403, 404, 429)},
    )
    def get(self, request: Request, circle_id: int, session_id: int) -> Response:
        viewer, session = circle_session(_caller(request), circle_id, session_id)
        return Response(one_session(viewer, session.pk))


class CircleSessionLogApi(APIView):
    """The mentor logs a session as held, once it has started (409 before), with the
    members who came; they may then rate it."""

    @extend_schema(
        operation_id="circles_sessions_log",
        request=CircleSessionLogSerializer,
        responses={
            200: CircleSessionSerializer,
            409: ERROR_409,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int, session_id: int) -> Response:
        viewer, session = circle_session(_caller(request), circle_id, session_id)
        _ensure_host(viewer.circle, _caller(request))
        serializer = CircleSessionLogSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        members = {user.pk: user for user in active_member_users(viewer.circle)}
        ids = serializer.validated_data["attendees"]
        if any(pk not in members for pk in ids):
            raise ValidationError({"attendees": [_("Attendees are active members of the circle.")]})
        log_circle_session(
            session=session,
            by=_caller(request),
            attendees=[members[pk] for pk in dict.fromkeys(ids)],
            shared_notes=serializer.validated_data["shared_notes"],
        )
        return Response(one_session(viewer, session.pk))


class CircleSessionCancelApi(APIView):
    """The mentor cancels a scheduled session (409 once logged)."""

    @extend_schema(
        operation_id="circles_sessions_cancel",
        request=None,
        responses={
            200: CircleSessionSerializer,
            409: ERROR_409,
            **error_responses(401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int, session_id: int) -> Response:
        viewer, session = circle_session(_caller(request), circle_id, session_id)
        cancel_circle_session(session=session, by=_caller(request))
        return Response(one_session(viewer, session.pk))


class CircleSessionNotesApi(APIView):
    """Replace the session's shared notes (the mentor and active members; 403 for admins)."""

    @extend_schema(
        operation_id="circles_sessions_notes_update",
        request=CircleSessionNotesSerializer,
        responses={
            200: CircleSessionSerializer,
            409: ERROR_409,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def put(self, request: Request, circle_id: int, session_id: int) -> Response:
        viewer, session = circle_session(_caller(request), circle_id, session_id)
        user = _caller(request)
        if not (is_circle_mentor(viewer.circle, user) or is_active_member(viewer.circle, user)):
            raise ActionNotAllowed(_("Only the circle's mentor and members can edit its notes."))
        serializer = CircleSessionNotesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        save_circle_session_notes(
            session=session,
            by=_caller(request),
            shared_notes=serializer.validated_data["shared_notes"],
        )
        return Response(one_session(viewer, session.pk))


class CircleSessionRatingApi(APIView):
    """An attendee rates a held session 1–5, once (403 for anyone who did not attend)."""

    write_throttle_scope = "messages"

    @extend_schema(
        operation_id="circles_sessions_rating_create",
        request=CircleRatingInputSerializer,
        responses={
            201: MyCircleRatingSerializer,
            409: ERROR_409,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def post(self, request: Request, circle_id: int, session_id: int) -> Response:
        _viewer, session = circle_session(_caller(request), circle_id, session_id)
        if not session.attendees.filter(pk=_caller(request).pk).exists():
            raise ActionNotAllowed(_("Only those who attended can rate this session."))
        serializer = CircleRatingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = rate_circle_session(
            session=session, by=_caller(request), **serializer.validated_data
        )
        return Response(MyCircleRatingSerializer(rating).data, status=201)


class CircleSessionIcsApi(APIView):
    """The session as an iCalendar file, for the mentor and each member (agenda only)."""

    renderer_classes = [JSONRenderer, CalendarRenderer]

    @extend_schema(
        operation_id="circles_sessions_ics_retrieve",
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.STR, description="An iCalendar (RFC 5545) file with one event."
            ),
            **error_responses(401, 403, 404, 429),
        },
    )
    def get(self, request: Request, circle_id: int, session_id: int) -> HttpResponse:
        viewer, session = circle_session(_caller(request), circle_id, session_id)
        if not (viewer.is_mentor or viewer.is_member):
            raise ActionNotAllowed(_("Only the circle's mentor and members attend its sessions."))
        calendar = write_calendar([circle_session_event(session, stamp=timezone.now())])
        response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="circle-session-{session.pk}.ics"'
        return response
