"""API URLs of meetings, check-ins, the calendar feed and relationship health (/api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from relationships.api import meetings, meetings_calendar, meetings_checkins, meetings_health

MEETING = "relationships/<int:relationship_id>/meetings/<int:meeting_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "relationships/<int:relationship_id>/meetings/",
        meetings.MeetingListCreateApi.as_view(),
        name="api-meeting-list",
    ),
    path(MEETING, meetings.MeetingUpdateApi.as_view(), name="api-meeting-detail"),
    path(f"{MEETING}log/", meetings.MeetingLogApi.as_view(), name="api-meeting-log"),
    path(f"{MEETING}feedback/", meetings.MeetingFeedbackApi.as_view(), name="api-meeting-feedback"),
    path(f"{MEETING}ics/", meetings.MeetingIcsApi.as_view(), name="api-meeting-ics"),
    path(
        f"{MEETING}private-note/",
        meetings.PrivateNoteApi.as_view(),
        name="api-meeting-private-note",
    ),
    path(
        "relationships/<int:relationship_id>/check-ins/",
        meetings_checkins.CheckInListCreateApi.as_view(),
        name="api-check-ins",
    ),
    path(
        "me/calendar-feed/",
        meetings_calendar.CalendarFeedApi.as_view(),
        name="api-calendar-feed",
    ),
    path(
        "programs/<slug:slug>/relationship-health/",
        meetings_health.ProgramRelationshipHealthApi.as_view(),
        name="api-relationship-health",
    ),
]
