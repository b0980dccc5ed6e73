"""Deleting an account: personal data removed, program statistics kept anonymously.

The `User` row is kept but anonymised ("Deleted member", an address at `.invalid`, no
usable password, inactive) rather than deleted, because relationships, meetings, goals
and requests hang off it through memberships and would otherwise cascade away, taking
the program's counts (pairs made, meetings held, how relationships ended) with them.
What stays is structure without a person: dates, states, ratings. What goes is everything
the person wrote or told us about themselves:

- profile fields, skills and languages; mentor and mentee preferences and goal texts;
- private notes (deleted); the bodies of their messages and request messages, and the
  comments of their feedback, check-ins, closing surveys and circle session ratings
  (blanked, ratings kept); the thank-you notes they wrote (blanked and taken off the
  mentor's page); the introduction notes they wrote and their answers to introductions;
  the place of a follow-up meeting they were to have; their self-described group;
- notifications, preferences, calendar feed, API token, jobs, email addresses and login
  lockout records; every session ends, as the password hash they were signed with changes.

Current relationships are then closed, with a note the other side sees, and open
requests are withdrawn or declined by leaving each program, which also gives up their
places in circles, closes the circles they mentor and ends the pending introductions
they are part of (telling those affected); a follow-up meeting still to come is called
off. Circles, sessions, memberships and introductions stay, as statistics do. Shared
texts stay as they are, like a meeting's shared notes: a circle's description, a
session's agenda and notes. Concern reports stay: they are a safety record the
program's admins must keep.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from mentorship.models import (
    AuditEntry,
    Job,
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Notification,
    NotificationPreference,
    Profile,
    User,
)
from mentorship.services.audit import record_audit
from relationships.models import (
    CalendarFeed,
    CheckIn,
    Circle,
    CircleMembership,
    CircleSessionRating,
    ClosingSurvey,
    Introduction,
    MeetingFeedback,
    MentorRequest,
    Message,
    PrivateNote,
    Relationship,
    RequestMessage,
    ThankYouNote,
)
from relationships.services.circle_memberships import leave_circle
from relationships.services.circles import close_circle
from relationships.services.introductions import cancel_follow_up, step_out_of_introduction
from relationships.services.membership import leave_program_of
from relationships.services.relationships import close_relationship

DELETED_NAME = "Deleted member"
# Memberships that can still be left: being in a program, or asking to be let in.
LEAVABLE = (Membership.Status.ACTIVE, Membership.Status.REQUESTED, Membership.Status.INVITED)


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Close, withdraw, scrub and anonymise; the caller has confirmed the password."""
    user = User.objects.select_for_update().get(pk=user.pk)
    # Their own words first; what closing and leaving write next is the platform's.
    _remove_writing(user)
    _close_current_relationships(user)
    _leave_programs(user)
    _leave_circles_and_introductions(user)
    _remove_profile(user)
    _remove_account_records(user)
    _anonymise(user)
    # The entry names no one: the anonymised row is the only link left.
    record_audit(actor=user, action=AuditEntry.Action.DELETED_ACCOUNT, target=user)


def _close_current_relationships(user: User) -> None:
    note = _("The other person deleted their account.")
    for relationship in Relationship.objects.as_participant(user).current():
        close_relationship(
            relationship=relationship, by=user, reason=Relationship.CloseReason.OTHER, note=note
        )


def _leave_programs(user: User) -> None:
    memberships = Membership.objects.filter(user=user, status__in=LEAVABLE)
    for membership in memberships.select_related("program"):
        leave_program_of(user=user, program=membership.program)
    Membership.objects.filter(user=user).update(
        request_message="", self_described_group="", is_admin=False
    )


def _remove_writing(user: User) -> None:
    PrivateNote.objects.filter(author=user).delete()
    Message.objects.filter(author=user).update(body="")
    RequestMessage.objects.filter(author=user).update(body="")
    MentorRequest.objects.filter(mentee__membership__user=user).update(message="")
    MentorRequest.objects.filter(mentor__membership__user=user).update(decline_note="")
    Relationship.objects.filter(closed_by=user).update(close_note="")
    MeetingFeedback.objects.filter(author=user).update(comment="")
    CheckIn.objects.filter(author=user).update(comment="")
    ClosingSurvey.objects.filter(author=user).update(comment="")
    CircleSessionRating.objects.filter(attendee=user).update(comment="")
    # Blank words cannot stand on the mentor's page: both consents go with them.
    ThankYouNote.objects.filter(author=user).update(
        body="", mentee_consents_public=False, mentor_consents_public=False
    )
    Introduction.objects.filter(introduced_by=user).update(note="")
    Introduction.objects.filter(member__user=user).update(answer_note="")


def _leave_circles_and_introductions(user: User) -> None:
    """What leaving the programs did not reach, through the same public services.

    Leaving a program gives up circle places, closes mentored circles and ends pending
    introductions of that program; this catches the rest (an introduction made by a
    platform admin who is no member), calls off follow-up meetings still to come and
    clears the place of every follow-up they were to attend.
    """
    places = CircleMembership.objects.filter(
        mentee__membership__user=user,
        state__in=CircleMembership.CURRENT_STATES,
        circle__state=Circle.State.OPEN,
    )
    for circle in Circle.objects.filter(pk__in=places.values("circle_id")).order_by("pk"):
        leave_circle(circle=circle, by=user)
    mentored = Circle.objects.filter(mentor__membership__user=user, state=Circle.State.OPEN)
    for circle in mentored.order_by("pk"):
        close_circle(circle=circle, by=user)
    for introduction in Introduction.objects.pending().involving(user).order_by("pk"):
        step_out_of_introduction(introduction=introduction, by=user)
    connected = Introduction.objects.filter(Q(mentee__membership__user=user) | Q(member__user=user))
    for introduction in connected.filter(follow_up_at__gt=timezone.now()).order_by("pk"):
        cancel_follow_up(introduction=introduction, by=user)
    connected.update(follow_up_location="")


def _remove_profile(user: User) -> None:
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        profile.headline = profile.bio = profile.job_title = profile.organisation = ""
        profile.meeting_modes = ""
        profile.industry = None
        profile.years_experience = None
        profile.availability_hours_per_month = None
        profile.save(
            update_fields=[
                "headline",
                "bio",
                "job_title",
                "organisation",
                "meeting_modes",
                "industry",
                "years_experience",
                "availability_hours_per_month",
                "updated_at",
            ]
        )
        profile.languages.clear()
        profile.skills.clear()
    MenteeGoal.objects.filter(participation__membership__user=user).update(description="")
    for mentee in MenteeParticipation.objects.filter(membership__user=user):
        mentee.skills_wanted.clear()
        mentee.preferred_languages.clear()
    MentorParticipation.objects.filter(membership__user=user).update(
        how_i_can_help="", search_text="", accepting_mentees=False
    )


def _remove_account_records(user: User) -> None:
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    Job.objects.filter(owner=user).delete()
    emails = [user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)]
    EmailAddress.objects.filter(user=user).delete()
    lowered = [email.lower() for email in emails]
    AccessAttempt.objects.filter(username__in=lowered).delete()
    AccessFailureLog.objects.filter(username__in=lowered).delete()


def _anonymise(user: User) -> None:
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.display_name = DELETED_NAME
    user.time_zone = "UTC"
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.last_login = None
    # A new password hash ends every session of theirs on its next request (Django checks
    # the session's hash of it), and an inactive user cannot sign in again.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
