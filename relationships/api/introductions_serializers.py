"""Serializers of the introductions API: each shows an introduction as its viewer may see it.

`context["user"]` is the viewer. Program admins get metadata (no note, no answer note);
only the two connected people get `contact` and `follow_up`, and not while a block stands
between them.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from mentorship.models import MeetingMode, User
from relationships.models import Introduction
from relationships.services.introductions import connection_blocked


@extend_schema_field(
    {"type": "string", "enum": list(Introduction.State.values)}, component_name="IntroductionState"
)
class IntroductionStateField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Introduction.State.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": list(MeetingMode.values)}, component_name="FollowUpMode"
)
class FollowUpModeField(serializers.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=MeetingMode.choices, **kwargs)


class IntroducedPersonSerializer(serializers.Serializer[Any]):
    membership_id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class IntroducerSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class IntroductionSerializer(serializers.ModelSerializer[Introduction]):
    """An introduction as the viewer may see it (`context["user"]` is the viewer)."""

    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    state = IntroductionStateField(read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    introduced_by = serializers.SerializerMethodField()
    mentee = serializers.SerializerMethodField()
    member = serializers.SerializerMethodField()
    my_role = serializers.SerializerMethodField(
        help_text="`mentee`, `member`, `introducer`, or null for a program admin."
    )
    note = serializers.SerializerMethodField(help_text="Null for program admins.")
    answer_note = serializers.SerializerMethodField(help_text="Null for program admins.")

    class Meta:
        model = Introduction
        fields = [
            "id",
            "program",
            "state",
            "state_label",
            "introduced_by",
            "mentee",
            "member",
            "relationship",
            "my_role",
            "note",
            "answer_note",
            "created_at",
            "answered_at",
        ]
        read_only_fields = fields

    def _viewer(self) -> User:
        return cast(User, self.context["user"])

    @extend_schema_field(IntroducerSerializer(allow_null=True))
    def get_introduced_by(self, obj: Introduction) -> dict[str, Any] | None:
        if obj.introduced_by is None:
            return None
        return {"id": obj.introduced_by.pk, "name": obj.introduced_by.name}

    @extend_schema_field(IntroducedPersonSerializer)
    def get_mentee(self, obj: Introduction) -> dict[str, Any]:
        return {"membership_id": obj.mentee.membership_id, "name": obj.mentee.membership.user.name}

    @extend_schema_field(IntroducedPersonSerializer)
    def get_member(self, obj: Introduction) -> dict[str, Any]:
        return {"membership_id": obj.member_id, "name": obj.member.user.name}

    @extend_schema_field(
        {"type": "string", "enum": ["mentee", "member", "introducer"], "nullable": True}
    )
    def get_my_role(self, obj: Introduction) -> str | None:
        return obj.role_of(self._viewer())

    @extend_schema_field({"type": "string", "nullable": True})
    def get_note(self, obj: Introduction) -> str | None:
        return obj.note if obj.sees_details(self._viewer()) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_answer_note(self, obj: Introduction) -> str | None:
        return obj.answer_note if obj.sees_details(self._viewer()) else None


@extend_schema_serializer(component_name="IntroductionContact")
class ContactSerializer(serializers.Serializer[Any]):
    mentee_email = serializers.EmailField(read_only=True)
    member_email = serializers.EmailField(read_only=True)


@extend_schema_serializer(component_name="IntroductionFollowUp")
class FollowUpSerializer(serializers.Serializer[Any]):
    starts_at = serializers.DateTimeField(read_only=True)
    duration_minutes = serializers.IntegerField(read_only=True)
    mode = FollowUpModeField(read_only=True)
    location = serializers.CharField(read_only=True)


class IntroductionDetailSerializer(IntroductionSerializer):
    """One introduction; the connected pair also get each other's contact and the follow-up
    (both null for anyone else, and while a block stands between the two)."""

    contact = serializers.SerializerMethodField()
    follow_up = serializers.SerializerMethodField()

    class Meta(IntroductionSerializer.Meta):
        fields = [*IntroductionSerializer.Meta.fields, "contact", "follow_up"]
        read_only_fields = fields

    def _connected(self, obj: Introduction) -> bool:
        """Whether the viewer is one of the two connected people, with no block between
        them (asked once per object: `contact` and `follow_up` both need it)."""
        cache: dict[int, bool] = self.__dict__.setdefault("_connected_by_id", {})
        if obj.pk not in cache:
            cache[obj.pk] = (
                obj.is_accepted
                and obj.role_of(self._viewer()) in ("mentee", "member")
                and not connection_blocked(obj)
            )
        return cache[obj.pk]

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, obj: Introduction) -> dict[str, Any] | None:
        if not self._connected(obj):
            return None
        return {
            "mentee_email": obj.mentee.membership.user.email,
            "member_email": obj.member.user.email,
        }

    @extend_schema_field(FollowUpSerializer(allow_null=True))
    def get_follow_up(self, obj: Introduction) -> dict[str, Any] | None:
        if not self._connected(obj) or obj.follow_up_at is None:
            return None
        return {
            "starts_at": obj.follow_up_at,
            "duration_minutes": obj.follow_up_minutes,
            "mode": obj.follow_up_mode,
            "location": obj.follow_up_location,
        }
