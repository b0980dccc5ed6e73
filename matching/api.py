"""API operations of the mentor directory: search a program's mentors, read one mentor.

Both answer 404 to anyone who is not an active member or admin of the program (platform
admins excepted, as on every inner page). Filters use the same names as the directory
page's query string; an unknown value is a 400 whose `errors` name the parameter.
"""

from __future__ import annotations

from functools import cached_property, partial
from typing import Any, cast

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from matching.cards import cards_for, detail_for
from matching.directory import (
    MAX_TZ_WINDOW_HOURS,
    PAGE_SIZE,
    DirectoryVocabulary,
    MentorPaginator,
    load_vocabulary,
    program_mentors,
    search_key,
    search_mentors,
    with_card_data,
)
from mentorship.api.serializers import ErrorSerializer
from mentorship.api.views import ERROR_401, ERROR_404, ERROR_429, error_responses
from mentorship.models import MentorParticipation, Program, User
from mentorship.models.participation import MentorParticipationQuerySet
from mentorship.models.profiles import MeetingMode
from mentorship.visibility import programs_with_inner_access


class TermSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="Slug (skills, industries, expertise) or code.")
    name = serializers.CharField()


class MentorStatsSerializer(serializers.Serializer[Any]):
    """Remaining capacity, and responsiveness over 90 days once there are 3 answers."""

    capacity_total = serializers.IntegerField()
    capacity_remaining = serializers.IntegerField()
    is_new_mentor = serializers.BooleanField()
    acceptance_percent = serializers.IntegerField(allow_null=True)
    median_hours_to_answer = serializers.FloatField(allow_null=True)


class MentorCardSerializer(serializers.Serializer[Any]):
    """A mentor as the directory lists them (see `matching.cards.MentorCard`)."""

    id = serializers.IntegerField(help_text="The mentor's participation id in this program.")
    name = serializers.CharField()
    headline = serializers.CharField()
    job_title = serializers.CharField()
    organisation = serializers.CharField()
    industry = TermSerializer(allow_null=True)
    expertise = TermSerializer(many=True)
    skills = TermSerializer(many=True, help_text="Skills they teach first, then the rest.")
    languages = TermSerializer(many=True)
    meeting_modes = TermSerializer(many=True)
    accepting_mentees = serializers.BooleanField()
    time_zone = serializers.CharField()
    stats = MentorStatsSerializer(allow_null=True)


class MentorDetailSerializer(MentorCardSerializer):
    bio = serializers.CharField()
    how_i_can_help = serializers.CharField()
    years_experience = serializers.IntegerField(allow_null=True)
    availability_hours_per_month = serializers.IntegerField(allow_null=True)
    capacity = serializers.IntegerField(help_text="How many mentees they take at once.")


class MentorPagination(PageNumberPagination):
    """Pages of a directory search, cached under the view's `search_key`."""

    page_size = PAGE_SIZE

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        key = getattr(view, "search_key", None)
        self.django_paginator_class = partial(MentorPaginator, search_key=key)  # type: ignore[assignment]
        return super().paginate_queryset(queryset, request, view)


def _member_program(request: Request, slug: str) -> Program:
    return get_object_or_404(programs_with_inner_access(request.user), slug=slug)


class MentorListApi(generics.ListAPIView[MentorParticipation]):
    """Search a program's mentors: every word of `q` must match; best matches first."""

    pagination_class = MentorPagination
    serializer_class = MentorCardSerializer
    filter_backends = []  # the FilterSerializer below is the one place filters are read

    class FilterSerializer(serializers.Serializer[None]):
        q = serializers.CharField(
            required=False,
            allow_blank=True,
            max_length=200,
            default="",
            help_text="Words to find in name, headline, expertise, skills, how they help, bio.",
        )
        skill = serializers.ListField(
            child=serializers.CharField(allow_blank=True, max_length=60),
            required=False,
            default=list,
            help_text="Skill slug; repeat for several (a mentor must have all of them).",
        )
        industry = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="Industry slug."
        )
        language = serializers.CharField(
            required=False, allow_blank=True, default="", help_text="Language code, e.g. `es`."
        )
        meeting_mode = serializers.ChoiceField(
            choices=MeetingMode.choices, required=False, allow_blank=True, default=""
        )
        tz_within = serializers.IntegerField(
            required=False,
            allow_null=True,
            default=None,
            min_value=0,
            max_value=MAX_TZ_WINDOW_HOURS,
            help_text="Hours: mentors whose UTC offset now is this close to yours.",
        )
        accepting = serializers.BooleanField(
            required=False,
            default=False,
            help_text="`true`: only mentors accepting new mentees (others are listed, marked).",
        )

        @cached_property
        def vocabulary(self) -> DirectoryVocabulary:
            # Loaded only when a request names a skill, industry or language.
            return load_vocabulary()

        def validate_skill(self, value: list[str]) -> list[str]:
            slugs = [slug for slug in dict.fromkeys(value) if slug]
            unknown = [slug for slug in slugs if slug not in self.vocabulary.skills]
            if unknown:
                raise serializers.ValidationError(
                    [_("Unknown skill: %(slug)s.") % {"slug": slug} for slug in unknown]
                )
            return slugs

        def validate_industry(self, value: str) -> str:
            if value and value not in self.vocabulary.industries:
                raise serializers.ValidationError(
                    _("Unknown industry: %(slug)s.") % {"slug": value}
                )
            return value

        def validate_language(self, value: str) -> str:
            if value and value not in self.vocabulary.languages:
                raise serializers.ValidationError(
                    _("Unknown language: %(code)s.") % {"code": value}
                )
            return value

        def search_arguments(self) -> dict[str, Any]:
            data = self.validated_data
            return {
                "q": data["q"],
                "skills": tuple(data["skill"]),
                "industry": data["industry"] or None,
                "language": data["language"] or None,
                "meeting_mode": data["meeting_mode"] or None,
                "tz_within_hours": data["tz_within"],
                "accepting": data["accepting"],
            }

    @extend_schema(
        operation_id="program_mentors_list",
        parameters=[FilterSerializer],
        responses={
            200: MentorCardSerializer(many=True),
            400: OpenApiResponse(
                ErrorSerializer, description="A filter value is unknown; `errors` names it."
            ),
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> MentorParticipationQuerySet:
        user = cast(User, self.request.user)
        program = _member_program(self.request, self.kwargs["slug"])
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        search = filters.search_arguments()
        self.search_key = search_key(program=program, search=search, viewer=user)
        return search_mentors(program=program, viewer=user, **search)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        cards = cards_for(page or ())
        return self.get_paginated_response(MentorCardSerializer(cards, many=True).data)


class MentorDetailApi(generics.RetrieveAPIView[MentorParticipation]):
    """One mentor of a program, with their bio and how they can help."""

    serializer_class = MentorDetailSerializer
    filter_backends = []

    @extend_schema(
        operation_id="program_mentors_retrieve",
        responses={200: MentorDetailSerializer, 401: ERROR_401, 404: ERROR_404, 429: ERROR_429},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> MentorParticipationQuerySet:
        user = cast(User, self.request.user)
        program = _member_program(self.request, self.kwargs["slug"])
        return with_card_data(program_mentors(program=program, viewer=user)).defer(None)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(MentorDetailSerializer(detail_for(self.get_object())).data)
