"""Models of the people app, one module per concept."""

from mentorship.models.audit import AuditEntry
from mentorship.models.background import Job, OutboxMessage
from mentorship.models.imports import ParticipantImport
from mentorship.models.notifications import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from mentorship.models.participation import MenteeGoal, MenteeParticipation, MentorParticipation
from mentorship.models.profiles import MeetingMode, Profile
from mentorship.models.programs import Membership, Program, in_programs_run_by
from mentorship.models.users import User
from mentorship.models.vocabulary import GoalArea, Industry, Language, Skill

__all__ = [
    "AuditEntry",
    "Delivery",
    "GoalArea",
    "Industry",
    "Job",
    "Language",
    "MeetingMode",
    "Membership",
    "MenteeGoal",
    "MenteeParticipation",
    "MentorParticipation",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "OutboxMessage",
    "ParticipantImport",
    "Profile",
    "Program",
    "Skill",
    "User",
    "in_programs_run_by",
]
