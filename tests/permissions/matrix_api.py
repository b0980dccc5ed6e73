"""The permission matrix for the API: one row per operation in the OpenAPI schema.

Statuses are in persona order: visitor, mentee, other_mentee, mentor, other_mentor,
program_admin, other_program_admin (`world.PERSONAS`). A visitor gets 401 (the project's
answer to a request without credentials, with `WWW-Authenticate: Token`).

404 for what the persona may not see, 403 for what they may see but not do (checked
before the body, so the answer does not depend on what was sent), 409 for an invalid
transition, 400 for an empty body from an allowed persona. A write is sent an empty JSON
object, or an empty multipart form when the operation takes only files.
"""

from __future__ import annotations

from tests.permissions import targets as on
from tests.permissions.surface import Row, api

API_ROWS: list[Row] = [
    #   path, method, target, (visitor, mentee, other_mentee, mentor, other_mentor,
    #                          program_admin, other_program_admin)
    api("/api/v1/auth/token/", "POST", on.NOTHING, (400, 400, 400, 400, 400, 400, 400)),
    api("/api/v1/circles/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/circles/", "POST", on.NOTHING, (401, 400, 400, 400, 400, 400, 400)),
    api("/api/v1/circles/{circle_id}/", "GET", on.CIRCLE, (401, 200, 404, 200, 404, 200, 404)),
    api(
        "/api/v1/circles/{circle_id}/close/", "POST", on.CIRCLE, (401, 403, 404, 200, 404, 200, 404)
    ),
    api(
        "/api/v1/circles/{circle_id}/invitations/",
        "POST",
        on.CIRCLE,
        (401, 403, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/join-requests/",
        "POST",
        on.CIRCLE,
        (401, 403, 404, 403, 404, 403, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/leave/", "POST", on.CIRCLE, (401, 200, 404, 409, 404, 409, 404)
    ),
    api(
        "/api/v1/circles/{circle_id}/members/",
        "GET",
        on.CIRCLE,
        (401, 200, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/memberships/",
        "GET",
        on.CIRCLE,
        (401, 403, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/memberships/{membership_id}/accept/",
        "POST",
        on.CIRCLE_MEMBERSHIP,
        (401, 409, 404, 409, 404, 409, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/memberships/{membership_id}/decline/",
        "POST",
        on.CIRCLE_MEMBERSHIP,
        (401, 409, 404, 409, 404, 409, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/",
        "GET",
        on.CIRCLE,
        (401, 200, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/",
        "POST",
        on.CIRCLE,
        (401, 403, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/{session_id}/",
        "GET",
        on.CIRCLE_SESSION,
        (401, 200, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/{session_id}/cancel/",
        "POST",
        on.CIRCLE_SESSION,
        (401, 403, 404, 409, 404, 403, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/{session_id}/ics/",
        "GET",
        on.CIRCLE_SESSION,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/{session_id}/log/",
        "POST",
        on.CIRCLE_SESSION,
        (401, 403, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/{session_id}/notes/",
        "PUT",
        on.CIRCLE_SESSION,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/circles/{circle_id}/sessions/{session_id}/rating/",
        "POST",
        on.CIRCLE_SESSION,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api("/api/v1/introductions/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/introductions/", "POST", on.NOTHING, (401, 400, 400, 400, 400, 400, 400)),
    api(
        "/api/v1/introductions/{id}/",
        "GET",
        on.INTRODUCTION_ID,
        (401, 200, 404, 200, 200, 200, 404),
    ),
    api(
        "/api/v1/introductions/{id}/accept/",
        "POST",
        on.INTRODUCTION_ID,
        (401, 403, 404, 403, 200, 403, 404),
    ),
    api(
        "/api/v1/introductions/{id}/decline/",
        "POST",
        on.INTRODUCTION_ID,
        (401, 403, 404, 403, 200, 403, 404),
    ),
    api(
        "/api/v1/introductions/{id}/follow-up/",
        "DELETE",
        on.INTRODUCTION_ID,
        (401, 409, 404, 403, 409, 403, 404),
    ),
    api(
        "/api/v1/introductions/{id}/follow-up/",
        "PUT",
        on.INTRODUCTION_ID,
        (401, 400, 404, 403, 400, 403, 404),
    ),
    api(
        "/api/v1/introductions/{id}/withdraw/",
        "POST",
        on.INTRODUCTION_ID,
        (401, 200, 404, 200, 403, 200, 404),
    ),
    api("/api/v1/jobs/{id}/", "GET", on.JOB_ID, (401, 200, 404, 404, 404, 404, 404)),
    api("/api/v1/me/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/me/calendar-feed/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/me/calendar-feed/", "POST", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/me/data/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/me/delete/", "POST", on.NOTHING, (401, 400, 400, 400, 400, 400, 400)),
    api(
        "/api/v1/me/notification-preferences/",
        "GET",
        on.NOTHING,
        (401, 200, 200, 200, 200, 200, 200),
    ),
    api(
        "/api/v1/me/notification-preferences/",
        "PUT",
        on.NOTHING,
        (401, 400, 400, 400, 400, 400, 400),
    ),
    api("/api/v1/me/profile/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/me/profile/", "PATCH", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api(
        "/api/v1/members/{user_id}/block/",
        "DELETE",
        on.PARTNER,
        (401, 404, 404, 404, 404, 404, 404),
    ),
    api(
        "/api/v1/members/{user_id}/block/", "POST", on.PARTNER, (401, 200, 200, 400, 200, 200, 404)
    ),
    api("/api/v1/notifications/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/notifications/read-all/", "POST", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api(
        "/api/v1/notifications/{id}/read/",
        "POST",
        on.NOTIFICATION_ID,
        (401, 200, 404, 404, 404, 404, 404),
    ),
    api("/api/v1/programs/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/programs/{slug}/", "GET", on.PROGRAM, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/programs/{slug}/", "PATCH", on.PROGRAM, (401, 403, 403, 403, 403, 200, 403)),
    api(
        "/api/v1/programs/{slug}/join-requests/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/join-requests/{membership_id}/approve/",
        "POST",
        on.JOIN_REQUEST,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/join-requests/{membership_id}/decline/",
        "POST",
        on.JOIN_REQUEST,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api("/api/v1/programs/{slug}/join/", "POST", on.PROGRAM, (401, 400, 400, 400, 400, 400, 400)),
    api("/api/v1/programs/{slug}/leave/", "POST", on.PROGRAM, (401, 200, 200, 200, 200, 200, 409)),
    api(
        "/api/v1/programs/{slug}/match-runs/",
        "GET",
        on.PROGRAM,
        (401, 404, 404, 404, 404, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/match-runs/",
        "POST",
        on.PROGRAM,
        (401, 404, 404, 404, 404, 400, 404),
    ),
    api(
        "/api/v1/programs/{slug}/match-runs/{id}/",
        "GET",
        on.MATCH_RUN_ID,
        (401, 404, 404, 404, 404, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/match-runs/{id}/pairs/{pair_id}/",
        "PATCH",
        on.MATCH_PAIR_ID,
        (401, 404, 404, 404, 404, 400, 404),
    ),
    api(
        "/api/v1/programs/{slug}/match-runs/{id}/publish/",
        "POST",
        on.MATCH_RUN_ID,
        (401, 404, 404, 404, 404, 202, 404),
    ),
    api("/api/v1/programs/{slug}/mentors/", "GET", on.PROGRAM, (401, 200, 200, 200, 200, 200, 404)),
    api(
        "/api/v1/programs/{slug}/mentors/{id}/",
        "GET",
        on.MENTOR_ID,
        (401, 200, 200, 200, 200, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/mentors/{mentor_id}/testimonials/",
        "GET",
        on.MENTOR,
        (401, 200, 200, 200, 200, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/participants/export/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/participants/import/",
        "POST",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 400, 404),
    ),
    api(
        "/api/v1/programs/{slug}/participants/template/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/participation/mentee/",
        "GET",
        on.PROGRAM,
        (401, 200, 200, 404, 404, 404, 404),
    ),
    api(
        "/api/v1/programs/{slug}/participation/mentee/",
        "PUT",
        on.PROGRAM,
        (401, 400, 400, 404, 404, 404, 404),
    ),
    api(
        "/api/v1/programs/{slug}/participation/mentor/",
        "GET",
        on.PROGRAM,
        (401, 404, 404, 200, 200, 404, 404),
    ),
    api(
        "/api/v1/programs/{slug}/participation/mentor/",
        "PUT",
        on.PROGRAM,
        (401, 404, 404, 400, 400, 404, 404),
    ),
    api(
        "/api/v1/programs/{slug}/ranker-models/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/ranker-models/",
        "POST",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 202, 404),
    ),
    api(
        "/api/v1/programs/{slug}/ranker-models/{id}/",
        "GET",
        on.RANKER_MODEL_ID,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/ranker-models/{id}/activate/",
        "POST",
        on.RANKER_MODEL_ID,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/relationship-health/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/reports/at-risk/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/reports/exposure/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/reports/match-quality/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/reports/overview/",
        "GET",
        on.PROGRAM,
        (401, 403, 403, 403, 403, 200, 404),
    ),
    api(
        "/api/v1/programs/{slug}/suggestions/",
        "GET",
        on.PROGRAM,
        (401, 200, 200, 404, 404, 404, 404),
    ),
    api(
        "/api/v1/programs/{slug}/suggestions/refresh/",
        "POST",
        on.PROGRAM,
        (401, 202, 202, 404, 404, 404, 404),
    ),
    api(
        "/api/v1/programs/{slug}/suggestions/{id}/dismiss/",
        "POST",
        on.SUGGESTION_ID,
        (401, 204, 404, 404, 404, 404, 404),
    ),
    api("/api/v1/relationships/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api(
        "/api/v1/relationships/{relationship_id}/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/action-items/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/action-items/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/action-items/{item_id}/",
        "PATCH",
        on.ACTION_ITEM,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/agreement/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/agreement/",
        "PUT",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/agreement/confirm/",
        "POST",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/check-ins/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/check-ins/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/close/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 400, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/closing-survey/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/extend/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/goals/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 200, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/goals/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/goals/{goal_id}/",
        "PATCH",
        on.GOAL,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/{meeting_id}/",
        "PATCH",
        on.MEETING,
        (401, 409, 404, 409, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/{meeting_id}/feedback/",
        "POST",
        on.MEETING,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/{meeting_id}/ics/",
        "GET",
        on.MEETING,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/{meeting_id}/log/",
        "POST",
        on.MEETING,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/{meeting_id}/private-note/",
        "GET",
        on.MEETING,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/meetings/{meeting_id}/private-note/",
        "PUT",
        on.MEETING,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/messages/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/messages/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/pause/",
        "POST",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/report/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/resume/",
        "POST",
        on.RELATIONSHIP,
        (401, 409, 404, 409, 404, 403, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/thank-you-notes/",
        "GET",
        on.RELATIONSHIP,
        (401, 200, 404, 200, 404, 404, 404),
    ),
    api(
        "/api/v1/relationships/{relationship_id}/thank-you-notes/",
        "POST",
        on.RELATIONSHIP,
        (401, 400, 404, 403, 404, 404, 404),
    ),
    api("/api/v1/requests/", "GET", on.NOTHING, (401, 200, 200, 200, 200, 200, 200)),
    api("/api/v1/requests/", "POST", on.NOTHING, (401, 400, 400, 400, 400, 400, 400)),
    api("/api/v1/requests/{id}/", "GET", on.REQUEST_ID, (401, 200, 404, 200, 404, 200, 404)),
    api(
        "/api/v1/requests/{id}/accept/", "POST", on.REQUEST_ID, (401, 403, 404, 409, 404, 403, 404)
    ),
    api(
        "/api/v1/requests/{id}/decline/", "POST", on.REQUEST_ID, (401, 403, 404, 400, 404, 403, 404)
    ),
    api(
        "/api/v1/requests/{id}/messages/", "GET", on.REQUEST_ID, (401, 200, 404, 200, 404, 200, 404)
    ),
    api(
        "/api/v1/requests/{id}/messages/",
        "POST",
        on.REQUEST_ID,
        (401, 400, 404, 400, 404, 403, 404),
    ),
    api(
        "/api/v1/requests/{id}/withdraw/",
        "POST",
        on.REQUEST_ID,
        (401, 409, 404, 403, 404, 403, 404),
    ),
    api("/api/v1/system/worker-checks/", "POST", on.NOTHING, (401, 403, 403, 403, 403, 403, 403)),
    api(
        "/api/v1/thank-you-notes/{id}/consent/",
        "POST",
        on.THANKS_ID,
        (401, 400, 404, 400, 404, 404, 404),
    ),
]
