"""A person's own data, as one JSON document they can download (right of access).

It holds what they gave us and what they wrote: account, profile, memberships and goals,
the requests they sent or received, their relationships' metadata, their own messages,
their own private notes and the feedback *they* gave, their circles, introductions and
thank-you notes (`personal_data_community`), and their notifications. It never
holds another person's private notes or private feedback about them: the other side's
meeting feedback, check-ins and closing surveys are theirs, not this person's. Other
people appear by display name only, never by email.

Lives in `relationships` because it reads requests and relationships, which the people
app below may not import.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from mentorship.models import (
    AuditEntry,
    Membership,
    MenteeGoal,
    Notification,
    NotificationPreference,
    Profile,
    User,
)
from mentorship.services.audit import record_audit
from relationships.models import (
    CheckIn,
    ClosingSurvey,
    Goal,
    Meeting,
    MeetingFeedback,
    MentorRequest,
    Message,
    Milestone,
    PrivateNote,
    Relationship,
    RequestMessage,
)
from relationships.services.personal_data_community import (
    circle_session_ratings_given,
    circle_sessions_attended,
    circles_of,
    introductions_of,
    thank_you_notes_of,
)

FORMAT_VERSION = 1


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _names(related: Any) -> list[str]:
    return sorted(str(item.name) for item in related.all())


def export_personal_data(*, user: User) -> dict[str, Any]:
    """Everything about `user` that is theirs to take away, and an audit entry saying so."""
    data = {
        "format_version": FORMAT_VERSION,
        "exported_at": _when(timezone.now()),
        "account": _account(user),
        "profile": _profile(user),
        "memberships": _memberships(user),
        "requests": _requests(user),
        "request_messages": [
            {"request": m.request_id, "sent_at": _when(m.created_at), "body": m.body}
            for m in RequestMessage.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "relationships": _relationships(user),
        "messages": [
            {"relationship": m.relationship_id, "sent_at": _when(m.created_at), "body": m.body}
            for m in Message.objects.filter(author=user).order_by("created_at", "pk")
        ],
        "private_notes": [
            {
                "meeting": note.meeting_id,
                "written_at": _when(note.created_at),
                "updated_at": _when(note.updated_at),
                "body": note.body,
            }
            for note in PrivateNote.objects.written_by(user).order_by("created_at", "pk")
        ],
        "feedback_given": _feedback_given(user),
        "circles": circles_of(user),
        "circle_sessions_attended": circle_sessions_attended(user),
        "circle_session_ratings_given": circle_session_ratings_given(user),
        "introductions": introductions_of(user),
        "thank_you_notes": thank_you_notes_of(user),
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": _when(n.created_at),
                "read_at": _when(n.read_at),
            }
            for n in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
        ],
        "notification_preferences": {
            p.kind: p.delivery for p in NotificationPreference.objects.filter(user=user)
        },
    }
    record_audit(actor=user, action=AuditEntry.Action.DOWNLOADED_DATA, target=user)
    return data


def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "time_zone": user.time_zone,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
    }


def _profile(user: User) -> dict[str, Any] | None:
    profile = Profile.objects.filter(user=user).select_related("industry").first()
    if profile is None:
        return None
    return {
        "headline": profile.headline,
        "bio": profile.bio,
        "job_title": profile.job_title,
        "organisation": profile.organisation,
        "industry": profile.industry.name if profile.industry else None,
        "years_experience": profile.years_experience,
        "meeting_modes": profile.meeting_modes,
        "availability_hours_per_month": profile.availability_hours_per_month,
        "languages": _names(profile.languages),
        "skills": _names(profile.skills),
    }


def _memberships(user: User) -> list[dict[str, Any]]:
    rows = []
    memberships = Membership.objects.filter(user=user).select_related(
        "program", "mentee_participation", "mentor_participation"
    )
    for membership in memberships.order_by("created_at", "pk"):
        mentee = getattr(membership, "mentee_participation", None)
        mentor = getattr(membership, "mentor_participation", None)
        rows.append(
            {
                "program": membership.program.slug,
                "program_name": membership.program.name,
                "status": membership.status,
                "is_admin": membership.is_admin,
                "request_message": membership.request_message,
                "self_described_group": membership.self_described_group,
                "joined_at": _when(membership.joined_at),
                "left_at": _when(membership.left_at),
                "as_mentee": None
                if mentee is None
                else {
                    "skills_wanted": _names(mentee.skills_wanted),
                    "preferred_languages": _names(mentee.preferred_languages),
                    "goals": [
                        {"goal_area": goal.goal_area.name, "description": goal.description}
                        for goal in MenteeGoal.objects.filter(participation=mentee)
                        .select_related("goal_area")
                        .order_by("pk")
                    ],
                },
                "as_mentor": None
                if mentor is None
                else {
                    "how_i_can_help": mentor.how_i_can_help,
                    "capacity": mentor.capacity,
                    "accepting_mentees": mentor.accepting_mentees,
                    "expertise_areas": _names(mentor.expertise_areas),
                    "skills_taught": _names(mentor.skills_taught),
                },
            }
        )
    return rows


def _requests(user: User) -> list[dict[str, Any]]:
    """Requests sent (with the message written) and received (what the mentor answered)."""
    requests = (
        MentorRequest.objects.filter(
            Q(mentee__membership__user=user) | Q(mentor__membership__user=user)
        )
        .select_related("program", "mentee__membership__user", "mentor__membership__user")
        .order_by("created_at", "pk")
    )
    rows = []
    for request in requests:
        sent = request.mentee.membership.user_id == user.pk
        other = request.mentor.membership.user if sent else request.mentee.membership.user
        row: dict[str, Any] = {
            "id": request.pk,
            "program": request.program.slug,
            "role": "mentee" if sent else "mentor",
            "other_person": other.name,
            "state": request.state,
            "created_at": _when(request.created_at),
            "answered_at": _when(request.answered_at),
        }
        if sent:
            row["message"] = request.message
        else:
            row["decline_reason"] = request.decline_reason
            row["decline_note"] = request.decline_note
        rows.append(row)
    return rows


def _relationships(user: User) -> list[dict[str, Any]]:
    relationships = (
        Relationship.objects.as_participant(user)
        .select_related("program", "mentee__membership__user", "mentor__membership__user")
        .order_by("started_at", "pk")
    )
    rows = []
    for relationship in relationships:
        role = relationship.side_of(user)
        rows.append(
            {
                "id": relationship.pk,
                "program": relationship.program.slug,
                "role": role,
                "other_person": relationship.other_person(user).name,
                "state": relationship.state,
                "started_at": _when(relationship.started_at),
                "ends_on": _when(relationship.ends_on),
                "closed_at": _when(relationship.closed_at),
                "close_reason": relationship.close_reason,
                "close_note": relationship.close_note
                if relationship.closed_by_id == user.pk
                else "",
                "meetings": Meeting.objects.filter(relationship=relationship).count(),
                "goals": [
                    {"title": g.title, "status": g.status, "progress": g.progress}
                    for g in Goal.objects.filter(relationship=relationship).order_by("pk")
                ],
                "milestones": [
                    {"title": m.title, "achieved_at": _when(m.achieved_at)}
                    for m in Milestone.objects.filter(relationship=relationship).order_by(
                        "achieved_at", "pk"
                    )
                ],
            }
        )
    return rows


def _feedback_given(user: User) -> dict[str, list[dict[str, Any]]]:
    """Only what `user` wrote; what the other side wrote about them stays the other side's."""
    return {
        "meeting_feedback": [
            {"meeting": f.meeting_id, "rating": f.rating, "comment": f.comment}
            for f in MeetingFeedback.objects.filter(author=user).order_by("pk")
        ],
        "check_ins": [
            {
                "relationship": c.relationship_id,
                "period": c.period,
                "how_it_is_going": c.how_it_is_going,
                "good_fit": c.good_fit,
                "goal_progress": c.goal_progress,
                "comment": c.comment,
            }
            for c in CheckIn.objects.filter(author=user).order_by("pk")
        ],
        "closing_surveys": [
            {
                "relationship": s.relationship_id,
                "overall_rating": s.overall_rating,
                "goals_achieved": s.goals_achieved,
                "would_recommend": s.would_recommend,
                "comment": s.comment,
            }
            for s in ClosingSurvey.objects.filter(author=user).order_by("pk")
        ],
    }
