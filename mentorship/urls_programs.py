"""Pages of programs, membership, onboarding and profiles."""

from django.urls import URLPattern, URLResolver, path

from mentorship.views import groups, onboarding, program_settings, programs

urlpatterns: list[URLPattern | URLResolver] = [
    path("programs/", programs.program_list, name="program_list"),
    path("programs/<slug:slug>/", programs.program_detail, name="program_detail"),
    path("programs/<slug:slug>/join/", programs.program_join, name="program_join"),
    path("programs/<slug:slug>/members/", programs.program_members, name="program_members"),
    path(
        "programs/<slug:slug>/join-requests/<int:membership_id>/approve/",
        programs.join_request_decide,
        {"approve": True},
        name="join_request_approve",
    ),
    path(
        "programs/<slug:slug>/join-requests/<int:membership_id>/decline/",
        programs.join_request_decide,
        {"approve": False},
        name="join_request_decline",
    ),
    path("programs/<slug:slug>/group/", groups.membership_group, name="membership_group"),
    path(
        "programs/<slug:slug>/settings/",
        program_settings.program_settings,
        name="program_settings",
    ),
    path(
        "programs/<slug:slug>/settings/group/",
        groups.program_group_settings,
        name="program_group_settings",
    ),
    path("programs/<slug:slug>/onboarding/", onboarding.onboarding, name="onboarding"),
    path(
        "programs/<slug:slug>/onboarding/<str:step>/",
        onboarding.onboarding_step,
        name="onboarding_step",
    ),
    path("profile/", onboarding.profile_edit, name="profile_edit"),
]
