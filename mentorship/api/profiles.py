"""API operations on what people tell us: the profile, and mentee and mentor participation.

Vocabulary values travel as slugs (skills, goal areas, industries) and codes (languages);
an unknown one is a 400 that names the field. A participation endpoint is a 404 for anyone
who does not hold that role in that program, exactly as for a program they cannot see.
"""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.views import ERROR_400, ERROR_401, ERROR_429, error_responses
from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    MeetingMode,
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Skill,
    User,
)
from mentorship.models.programs import MAX_CAPACITY, MIN_CAPACITY
from mentorship.services.profiles import (
    GoalInput,
    get_profile,
    save_mentee_participation,
    save_mentor_participation,
    update_profile,
)
from mentorship.visibility import active_membership_with_role


@functools.cache
def known_time_zones() -> frozenset[str]:
    """The zones this machine knows; reading them walks the tz database, so once is enough."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise serializers.ValidationError(
            _("Unknown time zone: %(zone)s. Use an IANA name such as Europe/London.")
            % {"zone": value}
        )


SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The program's slug.")


def skill_field(**kwargs: Any) -> serializers.SlugRelatedField[Skill]:
    return serializers.SlugRelatedField(
        slug_field="slug", queryset=Skill.objects.all(), many=True, **kwargs
    )


def language_field(**kwargs: Any) -> serializers.SlugRelatedField[Language]:
    return serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), many=True, **kwargs
    )


class ProfileSerializer(serializers.ModelSerializer[Profile]):
    """A person's profile, with the display name and time zone kept on their account."""

    display_name = serializers.CharField(source="user.display_name", read_only=True)
    time_zone = serializers.CharField(source="user.time_zone", read_only=True)
    industry: serializers.SlugRelatedField[Industry] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    languages: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    skills: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    meeting_modes = serializers.ListField(
        child=serializers.ChoiceField(choices=MeetingMode.choices),
        source="meeting_mode_list",
        read_only=True,
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "time_zone",
            "headline",
            "bio",
            "job_title",
            "organisation",
            "industry",
            "years_experience",
            "languages",
            "skills",
            "meeting_modes",
            "availability_hours_per_month",
            "updated_at",
        ]
        read_only_fields = fields


def _profile_data(user: User) -> dict[str, Any]:
    profile = (
        Profile.objects.select_related("user", "industry")
        .prefetch_related("languages", "skills")
        .get(pk=get_profile(user).pk)
    )
    return cast(dict[str, Any], ProfileSerializer(profile).data)


class MyProfileApi(APIView):
    """Your profile: read it, or change any part of it (fields left out stay as they are)."""

    @extend_schema_serializer(component_name="ProfileUpdateInput")
    class InputSerializer(serializers.Serializer[None]):
        display_name = serializers.CharField(max_length=80, required=False)
        time_zone = serializers.CharField(
            max_length=64,
            required=False,
            validators=[validate_time_zone],
            help_text="An IANA time zone name, such as `Europe/London`.",
        )
        headline = serializers.CharField(max_length=140, required=False, allow_blank=True)
        bio = serializers.CharField(max_length=4000, required=False, allow_blank=True)
        job_title = serializers.CharField(max_length=120, required=False, allow_blank=True)
        organisation = serializers.CharField(max_length=120, required=False, allow_blank=True)
        industry = serializers.SlugRelatedField(
            slug_field="slug", queryset=Industry.objects.all(), required=False, allow_null=True
        )
        years_experience = serializers.IntegerField(
            min_value=0, max_value=70, required=False, allow_null=True
        )
        languages = language_field(required=False)
        skills = skill_field(required=False)
        meeting_modes = serializers.ListField(
            child=serializers.ChoiceField(choices=MeetingMode.choices), required=False
        )
        availability_hours_per_month = serializers.IntegerField(
            min_value=0, max_value=160, required=False, allow_null=True
        )

    @extend_schema(
        operation_id="me_profile_retrieve",
        responses={200: ProfileSerializer, 401: ERROR_401, 429: ERROR_429},
    )
    def get(self, request: Request) -> Response:
        return Response(_profile_data(cast(User, request.user)))

    @extend_schema(
        operation_id="me_profile_partial_update",
        request=InputSerializer,
        responses={200: ProfileSerializer, 400: ERROR_400, 401: ERROR_401, 429: ERROR_429},
    )
    def patch(self, request: Request) -> Response:
        user = cast(User, request.user)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update_profile(user=user, **serializer.validated_data)
        return Response(_profile_data(user))


class GoalSerializer(serializers.Serializer[None]):
    """One goal: its goal area (slug) and what the mentee wants, in their own words."""

    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="Give an existing goal's id to keep or edit it."
    )
    goal_area = serializers.SlugRelatedField(slug_field="slug", queryset=GoalArea.objects.all())
    description = serializers.CharField(max_length=2000)


class MenteeParticipationSerializer(serializers.ModelSerializer[MenteeParticipation]):
    goals = GoalSerializer(many=True, read_only=True)
    skills_wanted: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    preferred_languages: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = MenteeParticipation
        fields = [
            "goals",
            "skills_wanted",
            "preferred_languages",
            "industry_preference",
            "seniority_preference",
            "updated_at",
        ]
        read_only_fields = fields


def _mentee(membership: Membership) -> MenteeParticipation:
    participations: QuerySet[MenteeParticipation] = MenteeParticipation.objects.prefetch_related(
        "goals__goal_area", "skills_wanted", "preferred_languages"
    )
    return participations.get(membership=membership)


class MenteeParticipationApi(APIView):
    """Your goals and wishes as a mentee in a program; a PUT replaces them all.

    Goals given with an id edit that goal, goals without one are added, and your goals
    left out are removed.
    """

    @extend_schema_serializer(component_name="MenteeParticipationInput")
    class InputSerializer(serializers.Serializer[None]):
        goals = serializers.ListField(child=GoalSerializer(), max_length=10)
        skills_wanted = skill_field()
        preferred_languages = language_field()
        industry_preference = serializers.ChoiceField(
            choices=MenteeParticipation.IndustryPreference.choices
        )
        seniority_preference = serializers.ChoiceField(
            choices=MenteeParticipation.SeniorityPreference.choices
        )

    @extend_schema(
        operation_id="programs_participation_mentee_retrieve",
        parameters=[SLUG],
        responses={
            200: MenteeParticipationSerializer,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        membership = active_membership_with_role(
            user=cast(User, request.user), slug=slug, role=Membership.Role.MENTEE
        )
        return Response(MenteeParticipationSerializer(_mentee(membership)).data)

    @extend_schema(
        operation_id="programs_participation_mentee_update",
        parameters=[SLUG],
        request=InputSerializer,
        responses={
            200: MenteeParticipationSerializer,
            **error_responses(400, 401, 404, 429),
        },
    )
    def put(self, request: Request, slug: str) -> Response:
        membership = active_membership_with_role(
            user=cast(User, request.user), slug=slug, role=Membership.Role.MENTEE
        )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        save_mentee_participation(
            participation=membership.mentee_participation,
            goals=[
                GoalInput(
                    goal_area=goal["goal_area"],
                    description=goal["description"],
                    id=goal.get("id"),
                )
                for goal in data["goals"]
            ],
            skills_wanted=data["skills_wanted"],
            preferred_languages=data["preferred_languages"],
            industry_preference=data["industry_preference"],
            seniority_preference=data["seniority_preference"],
        )
        return Response(MenteeParticipationSerializer(_mentee(membership)).data)


class MentorParticipationSerializer(serializers.ModelSerializer[MentorParticipation]):
    expertise_areas: serializers.SlugRelatedField[GoalArea] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    skills_taught: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )

    class Meta:
        model = MentorParticipation
        fields = [
            "expertise_areas",
            "skills_taught",
            "how_i_can_help",
            "capacity",
            "accepting_mentees",
            "updated_at",
        ]
        read_only_fields = fields


def _mentor(membership: Membership) -> MentorParticipation:
    return MentorParticipation.objects.prefetch_related("expertise_areas", "skills_taught").get(
        membership=membership
    )


class MentorParticipationApi(APIView):
    """What you offer as a mentor in a program; a PUT replaces it."""

    @extend_schema_serializer(component_name="MentorParticipationInput")
    class InputSerializer(serializers.Serializer[None]):
        expertise_areas = serializers.SlugRelatedField(
            slug_field="slug", queryset=GoalArea.objects.all(), many=True
        )
        skills_taught = skill_field()
        how_i_can_help = serializers.CharField(max_length=2000, allow_blank=True)
        capacity = serializers.IntegerField(min_value=MIN_CAPACITY, max_value=MAX_CAPACITY)
        accepting_mentees = serializers.BooleanField()

    @extend_schema(
        operation_id="programs_participation_mentor_retrieve",
        parameters=[SLUG],
        responses={
            200: MentorParticipationSerializer,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        membership = active_membership_with_role(
            user=cast(User, request.user), slug=slug, role=Membership.Role.MENTOR
        )
        return Response(MentorParticipationSerializer(_mentor(membership)).data)

    @extend_schema(
        operation_id="programs_participation_mentor_update",
        parameters=[SLUG],
        request=InputSerializer,
        responses={
            200: MentorParticipationSerializer,
            **error_responses(400, 401, 404, 429),
        },
    )
    def put(self, request: Request, slug: str) -> Response:
        membership = active_membership_with_role(
            user=cast(User, request.user), slug=slug, role=Membership.Role.MENTOR
        )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        save_mentor_participation(
            participation=membership.mentor_participation, **serializer.validated_data
        )
        return Response(MentorParticipationSerializer(_mentor(membership)).data)
