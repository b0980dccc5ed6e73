"""Pages of meetings, check-ins, the calendar feed and relationship health."""

from django.urls import URLPattern, URLResolver, path

from relationships.views import meetings, meetings_calendar, meetings_checkins, meetings_health

MEETING = "relationships/<int:relationship_id>/meetings/<int:meeting_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "relationships/<int:relationship_id>/meetings/",
        meetings.meeting_list,
        name="meeting_list",
    ),
    path(
        "relationships/<int:relationship_id>/meetings/new/",
        meetings.meeting_schedule,
        name="meeting_schedule",
    ),
    path(MEETING, meetings.meeting_detail, name="meeting_detail"),
    path(f"{MEETING}edit/", meetings.meeting_edit, name="meeting_edit"),
    path(f"{MEETING}log/", meetings.meeting_log, name="meeting_log"),
    path(f"{MEETING}feedback/", meetings.meeting_feedback, name="meeting_feedback"),
    path(f"{MEETING}private-note/", meetings.meeting_private_note, name="meeting_private_note"),
    path(f"{MEETING}meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path(
        "relationships/<int:relationship_id>/check-ins/",
        meetings_checkins.check_ins,
        name="check_ins",
    ),
    path(
        "me/calendar/",
        meetings_calendar.calendar_feed_settings,
        name="calendar_feed_settings",
    ),
    path("calendar/<str:token>.ics", meetings_calendar.calendar_feed, name="calendar_feed"),
    path(
        "programs/<slug:slug>/health/",
        meetings_health.relationship_health,
        name="relationship_health",
    ),
]
