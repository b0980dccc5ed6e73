"""API URLs of mentor circles and their group sessions (/api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from relationships.api import circles, circles_sessions

CIRCLE = "circles/<int:circle_id>/"
MEMBERSHIP = f"{CIRCLE}memberships/<int:membership_id>/"
SESSION = f"{CIRCLE}sessions/<int:session_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("circles/", circles.CircleListCreateApi.as_view(), name="api-circle-list"),
    path(CIRCLE, circles.CircleDetailApi.as_view(), name="api-circle-detail"),
    path(f"{CIRCLE}members/", circles.CircleMembersApi.as_view(), name="api-circle-members"),
    path(
        f"{CIRCLE}memberships/",
        circles.CircleMembershipListApi.as_view(),
        name="api-circle-memberships",
    ),
    path(
        f"{CIRCLE}invitations/",
        circles.CircleInvitationCreateApi.as_view(),
        name="api-circle-invitations",
    ),
    path(
        f"{CIRCLE}join-requests/",
        circles.CircleJoinRequestCreateApi.as_view(),
        name="api-circle-join-requests",
    ),
    path(
        f"{MEMBERSHIP}accept/",
        circles.CircleMembershipAcceptApi.as_view(),
        name="api-circle-membership-accept",
    ),
    path(
        f"{MEMBERSHIP}decline/",
        circles.CircleMembershipDeclineApi.as_view(),
        name="api-circle-membership-decline",
    ),
    path(f"{CIRCLE}leave/", circles.CircleLeaveApi.as_view(), name="api-circle-leave"),
    path(f"{CIRCLE}close/", circles.CircleCloseApi.as_view(), name="api-circle-close"),
    path(
        f"{CIRCLE}sessions/",
        circles_sessions.CircleSessionListCreateApi.as_view(),
        name="api-circle-sessions",
    ),
    path(SESSION, circles_sessions.CircleSessionDetailApi.as_view(), name="api-circle-session"),
    path(
        f"{SESSION}log/",
        circles_sessions.CircleSessionLogApi.as_view(),
        name="api-circle-session-log",
    ),
    path(
        f"{SESSION}cancel/",
        circles_sessions.CircleSessionCancelApi.as_view(),
        name="api-circle-session-cancel",
    ),
    path(
        f"{SESSION}notes/",
        circles_sessions.CircleSessionNotesApi.as_view(),
        name="api-circle-session-notes",
    ),
    path(
        f"{SESSION}rating/",
        circles_sessions.CircleSessionRatingApi.as_view(),
        name="api-circle-session-rating",
    ),
    path(
        f"{SESSION}ics/",
        circles_sessions.CircleSessionIcsApi.as_view(),
        name="api-circle-session-ics",
    ),
]
