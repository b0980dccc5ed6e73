"""API operations on a relationship's meetings: list, schedule, edit, log, rate, .ics, and
the caller's own private note.

Every operation first fetches the relationship through `Relationship.objects.visible_to`
(404 for strangers), then requires the caller to be one of the pair (403 for program
admins), then finds the meeting inside that relationship (404 otherwise).
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.serializers import ErrorSerializer
from mentorship.api.views import ERROR_400, ERROR_401, ERROR_403, ERROR_404, ERROR_429
from mentorship.models import User
from relationships.api.meetings_serializers import (
    FeedbackInputSerializer,
    MeetingCreateSerializer,
    MeetingLogSerializer,
    MeetingSerializer,
    MeetingUpdateSerializer,
    MyFeedbackSerializer,
    PrivateNoteSerializer,
)
from relationships.ics import meeting_event, write_calendar
from relationships.meetings_access import participant_meeting, participant_relationship
from relationships.models import Meeting, PrivateNote, Relationship
from relationships.services.feedback import give_feedback
from relationships.services.meetings import (
    NewActionItem,
    log_meeting,
    meetings_of,
    my_feedback_by_meeting,
    private_note_of,
    save_private_note,
    schedule_meeting,
    update_meeting,
)

ERROR_409 = OpenApiResponse(
    ErrorSerializer, description="Not allowed in the meeting's or relationship's state."
)
MEETING_ERRORS = {401: ERROR_401, 403: ERROR_403, 404: ERROR_404, 429: ERROR_429}


def _caller(request: Request) -> User:
    return cast(User, request.user)


def meeting_data(meeting: Meeting, *, user: User) -> dict[str, Any]:
    """One meeting, serialized with the caller's own feedback only."""
    feedback = my_feedback_by_meeting(meetings=[meeting], user=user)
    data: dict[str, Any] = MeetingSerializer(meeting, context={"my_feedback": feedback}).data
    return data


class MeetingListCreateApi(generics.GenericAPIView[Meeting]):
    """A relationship's meetings (newest first), and scheduling a new one."""

    serializer_class = MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request
            return Meeting.objects.none()
        relationship = participant_relationship(
            _caller(self.request), self.kwargs["relationship_id"]
        )
        self.relationship = relationship
        return meetings_of(relationship)

    @extend_schema(
        operation_id="relationships_meetings_list",
        responses={200: MeetingSerializer(many=True), **MEETING_ERRORS},
    )
    def get(self, request: Request, relationship_id: int) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the default pagination is always on
        for meeting in page:
            meeting.relationship = self.relationship
        feedback = my_feedback_by_meeting(meetings=page, user=_caller(request))
        data = MeetingSerializer(page, many=True, context={"my_feedback": feedback}).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="relationships_meetings_create",
        request=MeetingCreateSerializer,
        responses={201: MeetingSerializer, 400: ERROR_400, 409: ERROR_409, **MEETING_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = participant_relationship(_caller(request), relationship_id)
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = schedule_meeting(
            relationship=relationship, by=_caller(request), **serializer.validated_data
        )
        return Response(meeting_data(meeting, user=_caller(request)), status=201)


class MeetingUpdateApi(APIView):
    """Reschedule a meeting or edit its agenda, while it is still scheduled (409 after)."""

    @extend_schema(
        operation_id="relationships_meetings_partial_update",
        request=MeetingUpdateSerializer,
        responses={200: MeetingSerializer, 400: ERROR_400, 409: ERROR_409, **MEETING_ERRORS},
    )
    def patch(self, request: Request, relationship_id: int, meeting_id: int) -> Response:
        meeting = participant_meeting(_caller(request), relationship_id, meeting_id)
        serializer = MeetingUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = update_meeting(meeting=meeting, by=_caller(request), **serializer.validated_data)
        return Response(meeting_data(meeting, user=_caller(request)))


def _action_items(relationship: Relationship, items: list[dict[str, Any]]) -> list[NewActionItem]:
    people = {
        person.pk: person
        for person in (relationship.mentee.membership.user, relationship.mentor.membership.user)
    }
    if any(item["owner"] not in people for item in items):
        raise serializers.ValidationError(
            {"action_items": [_("An action item belongs to the mentee or the mentor.")]}
        )
    return [
        NewActionItem(title=item["title"], owner=people[item["owner"]], due_on=item["due_on"])
        for item in items
    ]


class MeetingLogApi(APIView):
    """Log a meeting once it has started (409 before): held, cancelled or no-show."""

    @extend_schema(
        operation_id="relationships_meetings_log",
        request=MeetingLogSerializer,
        responses={200: MeetingSerializer, 400: ERROR_400, 409: ERROR_409, **MEETING_ERRORS},
    )
    def post(self, request: Request, relationship_id: int, meeting_id: int) -> Response:
        meeting = participant_meeting(_caller(request), relationship_id, meeting_id)
        serializer = MeetingLogSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        meeting = log_meeting(
            meeting=meeting,
            by=_caller(request),
            state=values["state"],
            actual_minutes=values["actual_minutes"],
            shared_notes=values["shared_notes"],
            private_note=values["private_note"],
            action_items=_action_items(meeting.relationship, values["action_items"]),
        )
        fresh = meetings_of(meeting.relationship).get(pk=meeting.pk)
        fresh.relationship = meeting.relationship
        return Response(meeting_data(fresh, user=_caller(request)))


class MeetingFeedbackApi(APIView):
    """Rate a held meeting 1–5, once per side; the other side never sees it."""

    @extend_schema(
        operation_id="relationships_meetings_feedback_create",
        request=FeedbackInputSerializer,
        responses={
            201: MyFeedbackSerializer,
            400: ERROR_400,
            409: ERROR_409,
            **MEETING_ERRORS,
        },
    )
    def post(self, request: Request, relationship_id: int, meeting_id: int) -> Response:
        meeting = participant_meeting(_caller(request), relationship_id, meeting_id)
        serializer = FeedbackInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        feedback = give_feedback(meeting=meeting, by=_caller(request), **serializer.validated_data)
        return Response(MyFeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)


class CalendarRenderer(BaseRenderer):
    """text/calendar bodies are written by `relationships.ics`; errors stay JSON."""

    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Any = None,
    ) -> bytes:
        if isinstance(data, str):
            return data.encode("utf-8")
        return JSONRenderer().render(data)


class MeetingIcsApi(APIView):
    """The meeting as an iCalendar file (agenda as the description; never any notes)."""

    renderer_classes = [JSONRenderer, CalendarRenderer]

    @extend_schema(
        operation_id="relationships_meetings_ics_retrieve",
        responses={
            (200, "text/calendar"): OpenApiResponse(
                OpenApiTypes.STR, description="An iCalendar (RFC 5545) file with one event."
            ),
            **MEETING_ERRORS,
        },
    )
    def get(self, request: Request, relationship_id: int, meeting_id: int) -> HttpResponse:
        meeting = participant_meeting(_caller(request), relationship_id, meeting_id)
        calendar = write_calendar([meeting_event(meeting, stamp=timezone.now())])
        response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


def _note_data(note: PrivateNote | None) -> dict[str, Any]:
    return {"body": note.body if note else "", "updated_at": note.updated_at if note else None}


class PrivateNoteApi(APIView):
    """The caller's own private note on a meeting: nobody else's, ever."""

    @extend_schema(
        operation_id="relationships_meetings_private_note_retrieve",
        responses={200: PrivateNoteSerializer, **MEETING_ERRORS},
    )
    def get(self, request: Request, relationship_id: int, meeting_id: int) -> Response:
        meeting = participant_meeting(_caller(request), relationship_id, meeting_id)
        return Response(_note_data(private_note_of(meeting=meeting, user=_caller(request))))

    @extend_schema(
        operation_id="relationships_meetings_private_note_update",
        request=PrivateNoteSerializer,
        responses={200: PrivateNoteSerializer, 400: ERROR_400, 409: ERROR_409, **MEETING_ERRORS},
    )
    def put(self, request: Request, relationship_id: int, meeting_id: int) -> Response:
        """An empty body deletes the note."""
        meeting = participant_meeting(_caller(request), relationship_id, meeting_id)
        serializer = PrivateNoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = save_private_note(
            meeting=meeting, by=_caller(request), body=serializer.validated_data["body"]
        )
        return Response(_note_data(note))
