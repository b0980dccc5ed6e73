"""API of the suggested-mentors feature: list, refresh, dismiss."""

from __future__ import annotations

from typing import Any, cast

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from matching.models import Suggestion, SuggestionList
from matching.services.suggestions import dismiss_suggestion, is_stale, request_refresh
from mentorship.api.serializers import JobSerializer
from mentorship.api.views import ERROR_401, ERROR_404, ERROR_429, error_responses
from mentorship.models import Membership, MenteeParticipation, Program, User


def mentee_of(request: Request, slug: str) -> MenteeParticipation:
    program = get_object_or_404(Program.objects.member_of(request.user), slug=slug)
    mentee = (
        MenteeParticipation.objects.filter(
            membership__program=program,
            membership__user=cast(User, request.user),
            membership__status=Membership.Status.ACTIVE,
        )
        .select_related("membership__program", "membership__user__profile")
        .first()
    )
    if mentee is None:
        raise Http404
    return mentee


class SuggestionSerializer(serializers.ModelSerializer[Suggestion]):
    mentor_name = serializers.CharField(source="mentor.membership.user.name", read_only=True)
    mentor_headline = serializers.CharField(
        source="mentor.membership.user.profile.headline", read_only=True, default=""
    )
    ranker_version = serializers.CharField(read_only=True)

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "mentor",
            "mentor_name",
            "mentor_headline",
            "rank",
            "score",
            "breakdown",
            "ranker_version",
            "index_build",
            "computed_at",
        ]
        read_only_fields = fields


class SuggestionListSerializer(serializers.Serializer[dict[str, Any]]):
    computed_at = serializers.DateTimeField(allow_null=True)
    stale = serializers.BooleanField()
    last_error = serializers.CharField(allow_blank=True)
    eligible_mentors = serializers.IntegerField()
    results = SuggestionSerializer(many=True)


class SuggestionListApi(APIView):
    """My current suggestions in a program, best first, each with its breakdown."""

    @extend_schema(
        operation_id="suggestions_list",
        responses={200: SuggestionListSerializer, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
    )
    def get(self, request: Request, slug: str) -> Response:
        mentee = mentee_of(request, slug)
        listing = SuggestionList.objects.filter(mentee=mentee).first()
        suggestions = (
            Suggestion.objects.filter(mentee=mentee)
            .select_related("mentor__membership__user__profile")
            .order_by("rank")
        )
        return Response(
            SuggestionListSerializer(
                {
                    "computed_at": listing.computed_at if listing else None,
                    "stale": is_stale(mentee),
                    "last_error": listing.last_error if listing else "",
                    "eligible_mentors": listing.eligible_mentors if listing else 0,
                    "results": suggestions,
                }
            ).data
        )


class SuggestionRefreshApi(APIView):
    """Recompute my suggestions in the background; poll the returned job."""

    @extend_schema(
        operation_id="suggestions_refresh",
        request=None,
        responses={202: JobSerializer, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
    )
    def post(self, request: Request, slug: str) -> Response:
        mentee = mentee_of(request, slug)
        job = request_refresh(mentee=mentee, by=cast(User, request.user))
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class SuggestionDismissApi(APIView):
    """ "Not interested": the mentor leaves my list and is never suggested again."""

    @extend_schema(
        operation_id="suggestions_dismiss",
        request=None,
        responses={
            204: OpenApiResponse(description="Dismissed."),
            **error_responses(401, 403, 404, 429),
        },
    )
    def post(self, request: Request, slug: str, pk: int) -> Response:
        mentee = mentee_of(request, slug)
        suggestion = get_object_or_404(Suggestion.objects.filter(mentee=mentee), pk=pk)
        dismiss_suggestion(suggestion=suggestion, by=cast(User, request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)
