"""Serializers of the circles API. A member appears as id, name and headline and nothing
else; shared notes are filled only for the circle's mentor and members (`can_read_notes` in
the context), and a session's ratings only as count and average, for those who run it."""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from mentorship.models import User
from relationships.api.meetings_serializers import MeetingModeField
from relationships.models import Circle, CircleMembership, CircleSession, CircleSessionRating
from relationships.models.circles import MAX_CIRCLE_CAPACITY, MIN_CIRCLE_CAPACITY
from relationships.services.circle_sessions import RatingSummary, session_ends_at
from relationships.services.meetings import MAX_DURATION, MIN_DURATION


@extend_schema_field(
    {"type": "string", "enum": list(Circle.Kind.values)}, component_name="CircleKind"
)
class CircleKindField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Circle.Kind.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(Circle.State.values)}, component_name="CircleState"
)
class CircleStateField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Circle.State.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(CircleMembership.State.values)},
    component_name="CircleMembershipState",
)
class CircleMembershipStateField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CircleMembership.State.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(CircleSession.State.values)},
    component_name="CircleSessionState",
)
class CircleSessionStateField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CircleSession.State.choices, **kwargs)


class CircleMentorSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True, help_text="The mentor participation.")
    name = serializers.CharField(source="membership.user.name", read_only=True)


class CircleSerializer(serializers.ModelSerializer[Circle]):
    """What anyone who may see a circle sees: no member is named here."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]
    mentor = CircleMentorSerializer(read_only=True)
    kind = CircleKindField(read_only=True)
    state = CircleStateField(read_only=True)
    seats_taken = serializers.IntegerField(read_only=True)
    my_state = serializers.SerializerMethodField(
        help_text="The caller's own place in the circle, if any."
    )

    class Meta:
        model = Circle
        fields = [
            "id",
            "program",
            "topic",
            "description",
            "kind",
            "state",
            "capacity",
            "seats_taken",
            "mentor",
            "my_state",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CircleMembershipStateField(allow_null=True))
    def get_my_state(self, circle: Circle) -> str | None:
        return getattr(circle, "my_state", None)


class CircleCreateSerializer(serializers.Serializer[None]):
    program = serializers.SlugField(help_text="The program's slug.")
    kind = CircleKindField(
        help_text="`mentor`: you open a circle for your current mentees and invite them. "
        "`program`: a program admin creates a circle with `mentor`; mentees ask to join."
    )
    topic = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=2000, allow_blank=True, default="")
    capacity = serializers.IntegerField(
        min_value=MIN_CIRCLE_CAPACITY, max_value=MAX_CIRCLE_CAPACITY
    )
    mentor = serializers.IntegerField(
        required=False, help_text="Mentor participation id; required for `program` circles."
    )
    invite = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        help_text="Mentee participation ids of your current mentees (`mentor` circles).",
    )


class CircleMemberSerializer(serializers.Serializer[Any]):
    """A member as other members see them: name and headline only."""

    user_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    headline = serializers.CharField(read_only=True)


class CircleMembersSerializer(serializers.Serializer[Any]):
    mentor = CircleMemberSerializer(read_only=True)
    members = CircleMemberSerializer(many=True, read_only=True)


class CircleMembershipSerializer(serializers.ModelSerializer[CircleMembership]):
    mentee = serializers.SerializerMethodField()
    state = CircleMembershipStateField(read_only=True)

    class Meta:
        model = CircleMembership
        fields = ["id", "circle", "mentee", "state", "created_at", "answered_at", "left_at"]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer", "description": "The mentee participation."},
                "name": {"type": "string"},
            },
            "required": ["id", "name"],
        }
    )
    def get_mentee(self, membership: CircleMembership) -> dict[str, Any]:
        return {"id": membership.mentee_id, "name": membership.mentee.membership.user.name}


class CircleInviteSerializer(serializers.Serializer[None]):
    mentees = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        help_text="Mentee participation ids of the mentor's current mentees.",
    )


@extend_schema_serializer(component_name="CircleSessionPerson")
class SessionPersonSerializer(serializers.ModelSerializer[User]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "name"]
        read_only_fields = fields


class MyCircleRatingSerializer(serializers.ModelSerializer[CircleSessionRating]):
    class Meta:
        model = CircleSessionRating
        fields = ["rating", "comment", "created_at"]
        read_only_fields = fields


class RatingSummarySerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(read_only=True)
    average = serializers.FloatField(read_only=True, allow_null=True)


class CircleSessionSerializer(serializers.ModelSerializer[CircleSession]):
    ends_at = serializers.SerializerMethodField()
    mode = MeetingModeField(read_only=True)
    state = CircleSessionStateField(read_only=True)
    attendees = SessionPersonSerializer(many=True, read_only=True)
    shared_notes = serializers.SerializerMethodField(
        help_text="For the circle's mentor and members; null for program admins."
    )
    rating_summary = serializers.SerializerMethodField(
        help_text="Count and average, for the mentor and program admins; never single ratings."
    )
    my_rating = serializers.SerializerMethodField()

    class Meta:
        model = CircleSession
        fields = [
            "id",
            "circle",
            "starts_at",
            "ends_at",
            "duration_minutes",
            "mode",
            "location",
            "agenda",
            "state",
            "shared_notes",
            "attendees",
            "logged_at",
            "rating_summary",
            "my_rating",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateTimeField())
    def get_ends_at(self, session: CircleSession) -> datetime.datetime:
        return session_ends_at(session)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_shared_notes(self, session: CircleSession) -> str | None:
        return session.shared_notes if self.context.get("can_read_notes") else None

    @extend_schema_field(RatingSummarySerializer(allow_null=True))
    def get_rating_summary(self, session: CircleSession) -> dict[str, Any] | None:
        summaries: dict[int, RatingSummary] = self.context.get("summaries", {})
        summary = summaries.get(session.pk)
        return {"count": summary.count, "average": summary.average} if summary else None

    @extend_schema_field(MyCircleRatingSerializer(allow_null=True))
    def get_my_rating(self, session: CircleSession) -> dict[str, Any] | None:
        rating = self.context.get("my_ratings", {}).get(session.pk)
        return MyCircleRatingSerializer(rating).data if rating else None


class CircleSessionCreateSerializer(serializers.Serializer[None]):
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(
        min_value=MIN_DURATION, max_value=MAX_DURATION, default=60
    )
    mode = MeetingModeField()
    location = serializers.CharField(max_length=300, allow_blank=True, default="")
    agenda = serializers.CharField(max_length=4000, allow_blank=True, default="")


class CircleSessionLogSerializer(serializers.Serializer[None]):
    attendees = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        min_length=1,
        help_text="User ids of the active members who came (the mentor is added).",
    )
    shared_notes = serializers.CharField(max_length=10000, allow_blank=True, default="")


class CircleSessionNotesSerializer(serializers.Serializer[None]):
    shared_notes = serializers.CharField(max_length=10000, allow_blank=True)


class CircleRatingInputSerializer(serializers.Serializer[None]):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, allow_blank=True, default="")
