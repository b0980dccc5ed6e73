"""API operations on thank-you notes and testimonials.

Notes belong to the pair: the list is fetched through `Relationship.objects.as_participant`
and a note through `ThankYouNote.objects.visible_to`, so program admins and everyone else
get a 404. Testimonials (notes both sides agreed to show) are read by anyone who may see
the mentor's page, through `MentorParticipation.objects.visible_to`.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import ERROR_429, error_responses
from mentorship.errors import ActionNotAllowed
from mentorship.models import MentorParticipation, User
from relationships.api.relationship_serializers import ERROR_409
from relationships.models import Relationship, ThankYouNote
from relationships.services.recognition import (
    send_thank_you,
    set_testimonial_consent,
    testimonials_for,
)
from relationships.services.relationships import ensure_participant

WRITE_ERRORS = {**error_responses(400, 401, 403, 404), 409: ERROR_409, 429: ERROR_429}
NOTE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The note's id.")


class ThankYouNoteSerializer(serializers.ModelSerializer[ThankYouNote]):
    author = serializers.SerializerMethodField()
    is_public = serializers.BooleanField(
        read_only=True, help_text="Shown on the mentor's profile: both sides agreed."
    )

    class Meta:
        model = ThankYouNote
        fields = [
            "id",
            "relationship",
            "author",
            "body",
            "mentee_consents_public",
            "mentor_consents_public",
            "is_public",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            "required": ["id", "name"],
        }
    )
    def get_author(self, obj: ThankYouNote) -> dict[str, Any]:
        return {"id": obj.author_id, "name": obj.author.name}


class TestimonialSerializer(serializers.ModelSerializer[ThankYouNote]):
    author_name = serializers.CharField(source="author.name", read_only=True)

    class Meta:
        model = ThankYouNote
        fields = ["id", "body", "author_name", "created_at"]
        read_only_fields = fields


def _pair_relationship(request: Request, relationship_id: int) -> Relationship:
    return get_object_or_404(
        Relationship.objects.as_participant(request.user).select_related(
            "program", "mentee__membership__user", "mentor__membership__user"
        ),
        pk=relationship_id,
    )


class ThankYouNoteListCreateApi(generics.ListAPIView[ThankYouNote]):
    """GET the pair's thank-you notes; POST sends one (the mentee)."""

    serializer_class = ThankYouNoteSerializer
    filter_backends: list[Any] = []
    write_throttle_scope = "messages"

    @extend_schema_serializer(component_name="ThankYouNoteCreate")
    class InputSerializer(serializers.Serializer[None]):
        body = serializers.CharField(max_length=3000)
        public = serializers.BooleanField(
            required=False,
            default=False,
            help_text="The mentee agrees to show it on the mentor's profile (the mentor must "
            "agree too).",
        )

    @extend_schema(
        operation_id="relationships_thank_you_notes_list",
        responses={200: ThankYouNoteSerializer(many=True), **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ThankYouNote]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ThankYouNote.objects.none()
        relationship = _pair_relationship(self.request, int(self.kwargs["relationship_id"]))
        return ThankYouNote.objects.filter(relationship=relationship).select_related("author")

    @extend_schema(
        operation_id="relationships_thank_you_notes_create",
        request=InputSerializer,
        responses={201: ThankYouNoteSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, relationship_id: int) -> Response:
        relationship = _pair_relationship(request, relationship_id)
        user = cast(User, request.user)
        # 403 before 400: the mentor sees the notes but only the mentee sends them.
        if ensure_participant(relationship, user) != "mentee":
            raise ActionNotAllowed(_("Only the mentee sends thank-you notes."))
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = send_thank_you(
            relationship=relationship,
            by=user,
            body=serializer.validated_data["body"],
            public=serializer.validated_data["public"],
        )
        return Response(ThankYouNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ThankYouConsentApi(APIView):
    """Give or take back one's own consent to show the note on the mentor's profile.

    The mentor may agree only after the mentee has (409 otherwise); the mentee taking
    their consent back takes the note off the profile.
    """

    @extend_schema_serializer(component_name="ThankYouConsent")
    class InputSerializer(serializers.Serializer[None]):
        public = serializers.BooleanField()

    @extend_schema(
        operation_id="thank_you_notes_consent",
        parameters=[NOTE_ID],
        request=InputSerializer,
        responses={200: ThankYouNoteSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, id: int) -> Response:
        note = get_object_or_404(ThankYouNote.objects.visible_to(request.user), pk=id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = set_testimonial_consent(
            note=note, by=cast(User, request.user), public=serializer.validated_data["public"]
        )
        fresh = ThankYouNote.objects.select_related("author").get(pk=note.pk)
        return Response(ThankYouNoteSerializer(fresh).data)


class MentorTestimonialListApi(generics.ListAPIView[ThankYouNote]):
    """A mentor's testimonials: thank-you notes both sides agreed to show. No ratings."""

    serializer_class = TestimonialSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        operation_id="mentors_testimonials_list",
        parameters=[
            OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The program."),
            OpenApiParameter(
                "mentor_id", int, OpenApiParameter.PATH, description="The mentor participation."
            ),
        ],
        responses={200: TestimonialSerializer(many=True), **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[ThankYouNote]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return ThankYouNote.objects.none()
        mentor = get_object_or_404(
            MentorParticipation.objects.visible_to(self.request.user).filter(
                membership__program__slug=self.kwargs["slug"]
            ),
            pk=self.kwargs["mentor_id"],
        )
        return testimonials_for(mentor)
