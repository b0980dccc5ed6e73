"""Serializers shared by the people app's API and documented in the OpenAPI schema."""

from __future__ import annotations

from rest_framework import serializers

from mentorship.models import Job, User


class ErrorSerializer(serializers.Serializer[None]):
    """The one error shape every endpoint uses."""

    message = serializers.CharField()
    # A declared field, not the `.errors` property: the metaclass moves it into `fields`.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name (or `non_field_errors`) to its messages.",
    )


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "display_name", "time_zone", "is_staff", "date_joined"]
        read_only_fields = fields


class JobSerializer(serializers.ModelSerializer[Job]):
    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "state",
            "progress",
            "message",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "updated_at",
        ]
        read_only_fields = fields
