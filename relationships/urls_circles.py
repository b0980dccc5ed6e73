"""Pages of mentor circles and their group sessions."""

from django.urls import URLPattern, URLResolver, path

from relationships.views import circles, circles_sessions

CIRCLE = "circles/<int:circle_id>/"
SESSION = f"{CIRCLE}sessions/<int:session_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("circles/", circles.circle_list, name="circle_list"),
    path("programs/<slug:slug>/circles/open/", circles.circle_open, name="circle_open"),
    path("programs/<slug:slug>/circles/new/", circles.circle_create, name="circle_create"),
    path(CIRCLE, circles.circle_detail, name="circle_detail"),
    path(f"{CIRCLE}invite/", circles.circle_invite, name="circle_invite"),
    path(f"{CIRCLE}join/", circles.circle_join, name="circle_join"),
    path(f"{CIRCLE}leave/", circles.circle_leave, name="circle_leave"),
    path(f"{CIRCLE}close/", circles.circle_close, name="circle_close"),
    path(
        f"{CIRCLE}memberships/<int:membership_id>/accept/",
        circles.circle_answer,
        {"decision": "accept"},
        name="circle_accept",
    ),
    path(
        f"{CIRCLE}memberships/<int:membership_id>/decline/",
        circles.circle_answer,
        {"decision": "decline"},
        name="circle_decline",
    ),
    path(f"{CIRCLE}sessions/new/", circles_sessions.session_schedule, name="circle_session_new"),
    path(SESSION, circles_sessions.session_detail, name="circle_session_detail"),
    path(f"{SESSION}log/", circles_sessions.session_log, name="circle_session_log"),
    path(f"{SESSION}cancel/", circles_sessions.session_cancel, name="circle_session_cancel"),
    path(f"{SESSION}notes/", circles_sessions.session_notes, name="circle_session_notes"),
    path(f"{SESSION}rate/", circles_sessions.session_rate, name="circle_session_rate"),
    path(f"{SESSION}session.ics", circles_sessions.session_ics, name="circle_session_ics"),
]
