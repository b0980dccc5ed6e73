"""API URLs of programs, membership, profiles and participation, under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from mentorship.api import profiles, programs

urlpatterns: list[URLPattern | URLResolver] = [
    path("programs/", programs.ProgramListApi.as_view(), name="api-program-list"),
    path("programs/<slug:slug>/", programs.ProgramDetailApi.as_view(), name="api-program-detail"),
    path("programs/<slug:slug>/join/", programs.ProgramJoinApi.as_view(), name="api-program-join"),
    path(
        "programs/<slug:slug>/join-requests/",
        programs.JoinRequestListApi.as_view(),
        name="api-join-request-list",
    ),
    path(
        "programs/<slug:slug>/join-requests/<int:membership_id>/approve/",
        programs.JoinRequestApproveApi.as_view(),
        name="api-join-request-approve",
    ),
    path(
        "programs/<slug:slug>/join-requests/<int:membership_id>/decline/",
        programs.JoinRequestDeclineApi.as_view(),
        name="api-join-request-decline",
    ),
    path(
        "programs/<slug:slug>/participation/mentee/",
        profiles.MenteeParticipationApi.as_view(),
        name="api-participation-mentee",
    ),
    path(
        "programs/<slug:slug>/participation/mentor/",
        profiles.MentorParticipationApi.as_view(),
        name="api-participation-mentor",
    ),
    path("me/profile/", profiles.MyProfileApi.as_view(), name="api-my-profile"),
]
