"""Serializers shared by the people app's API and documented in the OpenAPI schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
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


@extend_schema_field({"type": "string", "enum": list(Job.State.values)}, component_name="JobState")
class JobStateField(serializers.ChoiceField):
    """A job's state as one named enum, shared by every serializer that shows a job."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Job.State.choices, **kwargs)


class JobSerializer(serializers.ModelSerializer[Job]):
    state = JobStateField(read_only=True)

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


class JobDetailSerializer(JobSerializer):
    """A job as its owner polls it: adds whether it waits on an unreachable broker.

    Only the detail carries `delayed` (one query), so lists that embed jobs stay flat.
    """

    delayed = serializers.BooleanField(
        source="is_delayed",
        read_only=True,
        help_text=(
            "True while the job is queued and its task request has not reached the task "
            "queue (the broker is unreachable): the request is saved and runs once it is back."
        ),
    )

    class Meta(JobSerializer.Meta):
        fields = [*JobSerializer.Meta.fields, "delayed"]
        read_only_fields = fields
