"""Deleting an account: personal data removed, program statistics kept anonymously.

The `User` row is kept but anonymised ("Deleted member", an address at `.invalid`, no
usable password, inactive) rather than deleted, because relationships, meetings, goals
and requests hang off it through memberships and would otherwise cascade away, taking
the program's counts (pairs made, meetings held, how relationships ended) with them.
What stays is structure without a person: dates, states, ratings. What goes is everything
the person wrote or told us about themselves:

- profile fields, skills and languages; mentor and mentee preferences and goal texts;
- private notes (deleted); the bodies of their messages and request messages, and the
  comments of their feedback, check-ins and closing surveys (blanked, ratings kept);
- notifications, preferences, calendar feed, API token, jobs, email addresses and login
  lockout records; every session ends, as the password hash they were signed with changes.

Current relationships are then closed, with a note the other side sees, and open
requests are withdrawn or declined by leaving each program (which tells those affected).
Concern reports stay: they are a safety record the program's admins must keep.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog  # type: ignore[import-untyped]
from django.db import transaction
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
    ClosingSurvey,
    MeetingFeedback,
    MentorRequest,
    Message,
    PrivateNote,
    Relationship,
    RequestMessage,
)
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
