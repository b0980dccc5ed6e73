"""Models of the relationships app, one module per concept."""

from relationships.models.agreements import Agreement
from relationships.models.checkins import CheckIn, ClosingSurvey, Fit
from relationships.models.circles import (
    Circle,
    CircleMembership,
    CircleSession,
    CircleSessionRating,
)
from relationships.models.goals import ActionItem, Goal
from relationships.models.introductions import Introduction
from relationships.models.meetings import (
    CalendarFeed,
    Meeting,
    MeetingFeedback,
    PrivateNote,
)
from relationships.models.recognition import Milestone, ThankYouNote
from relationships.models.relationships import Message, Relationship
from relationships.models.reminders import SentReminder
from relationships.models.requests import MentorRequest, RequestMessage
from relationships.models.safety import Block, ConcernReport

__all__ = [
    "ActionItem",
    "Agreement",
    "Block",
    "CalendarFeed",
    "CheckIn",
    "Circle",
    "CircleMembership",
    "CircleSession",
    "CircleSessionRating",
    "ClosingSurvey",
    "ConcernReport",
    "Fit",
    "Goal",
    "Introduction",
    "Meeting",
    "MeetingFeedback",
    "MentorRequest",
    "Message",
    "Milestone",
    "PrivateNote",
    "Relationship",
    "RequestMessage",
    "SentReminder",
    "ThankYouNote",
]
