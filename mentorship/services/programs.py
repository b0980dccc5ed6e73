"""Programs and memberships: creating programs, joining, approving, leaving.

Every change to who is in a program goes through here, so the rules (sign-up must be
open, invite-only needs approval, one membership per person and program) hold everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import (
    Membership,
    MenteeParticipation,
    MentorParticipation,
    NotificationKind,
    Program,
    User,
)
from mentorship.services.mentor_changes import renew_search_generation
from mentorship.services.notifications import notify
from mentorship.services.profiles import refresh_search_text

ROLES = (Membership.Role.MENTEE, Membership.Role.MENTOR)


def clean_roles(roles: Iterable[str]) -> list[str]:
    """The roles asked for, validated: at least one of mentee and mentor."""
    from django.core.exceptions import ValidationError

    chosen = list(dict.fromkeys(roles))
    unknown = [role for role in chosen if role not in ROLES]
    if unknown:
        raise ValidationError(
            {"roles": [_("Unknown role: %(role)s.") % {"role": role} for role in unknown]}
        )
    if not chosen:
        raise ValidationError({"roles": [_("Choose mentee, mentor or both.")]})
    return chosen


@transaction.atomic
def create_program(*, created_by: User, admins: Iterable[User] = (), **fields: object) -> Program:
    """Create a program (platform admins only) and make `admins` its program admins."""
    if not created_by.is_staff:
        raise ActionNotAllowed(_("Only platform admins can create programs."))
    program = Program(**fields)
    program.full_clean()
    program.save()
    for admin in admins:
        add_program_admin(program=program, user=admin)
    return program


@transaction.atomic
def add_program_admin(*, program: Program, user: User) -> Membership:
    """Make `user` a program admin (keeping any mentee/mentor roles they hold)."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        program=program,
        defaults={
            "is_admin": True,
            "status": Membership.Status.ACTIVE,
            "joined_at": timezone.now(),
        },
    )
    if not created and not membership.is_admin:
        membership.is_admin = True
        membership.status = Membership.Status.ACTIVE
        membership.joined_at = membership.joined_at or timezone.now()
        membership.save(update_fields=["is_admin", "status", "joined_at"])
        renew_search_generation()  # a mentor who had left is in the directory again
    return membership


def _add_roles(*, membership: Membership, roles: Iterable[str]) -> None:
    """Give an active membership its roles; the directory may have a mentor more."""
    renew_search_generation()
    program = membership.program
    if program.pairing == Program.Pairing.PEER:
        roles = ROLES  # in a peer program everyone is both mentor and mentee
    if Membership.Role.MENTEE in roles:
        MenteeParticipation.objects.get_or_create(membership=membership)
    if Membership.Role.MENTOR in roles:
        MentorParticipation.objects.get_or_create(
            membership=membership, defaults={"capacity": program.default_mentor_capacity}
        )


@transaction.atomic
def join_program(
    *, user: User, program: Program, roles: Iterable[str], message: str = ""
) -> Membership:
    """Join an open program, or ask to join an invite-only one.

    On an invite-only program the membership waits in `requested` until a program admin
    approves it; invited people (imported or invited by an admin) join at once. Joining
    again with more roles adds them.
    """
    chosen = clean_roles(roles)
    membership = Membership.objects.select_for_update().filter(user=user, program=program).first()
    invited = membership is not None and membership.status == Membership.Status.INVITED
    if (
        not program.is_open_for_sign_up
        and not invited
        and not (membership is not None and membership.is_active)
    ):
        raise InvalidTransition(_("This program is not open for sign-up."))

    if membership is not None and membership.status == Membership.Status.REQUESTED:
        raise InvalidTransition(_("You have already asked to join; a program admin will answer."))

    needs_approval = (
        program.join_mode == Program.JoinMode.INVITE_ONLY
        and not invited
        and not (membership is not None and membership.is_active)
    )
    if membership is None:
        membership = Membership(user=user, program=program)
    if needs_approval:
        membership.status = Membership.Status.REQUESTED
        membership.requested_roles = chosen
        membership.request_message = message
        membership.left_at = None
        membership.save()
        for admin in program_admins(program):
            notify(
                recipient=admin,
                kind=NotificationKind.JOIN_REQUEST,
                title=_("%(name)s asks to join %(program)s")
                % {"name": user.name, "program": program.name},
                url=reverse("program_members", args=[program.slug]),
            )
        return membership

    membership.status = Membership.Status.ACTIVE
    membership.joined_at = membership.joined_at or timezone.now()
    membership.left_at = None
    membership.requested_roles = []
    membership.save()
    _add_roles(membership=membership, roles=chosen)
    notify(
        recipient=user,
        kind=NotificationKind.PROGRAM_JOINED,
        title=_("Welcome to %(program)s") % {"program": program.name},
        body=_("Complete your profile so the right people can find you."),
        url=reverse("onboarding", args=[program.slug]),
    )
    return membership


@transaction.atomic
def decide_join_request(*, decided_by: User, membership: Membership, approve: bool) -> Membership:
    """A program admin approves or declines a request to join; the asker is told."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("program", "user")
        .get(pk=membership.pk)
    )
    if not is_program_admin(user=decided_by, program=membership.program):
        raise ActionNotAllowed(_("Only this program's admins can answer join requests."))
    if membership.status != Membership.Status.REQUESTED:
        raise InvalidTransition(_("This request has already been answered."))
    program = membership.program
    if approve:
        membership.status = Membership.Status.ACTIVE
        membership.joined_at = timezone.now()
        roles = list(membership.requested_roles)
        membership.requested_roles = []
        membership.save(update_fields=["status", "joined_at", "requested_roles"])
        _add_roles(membership=membership, roles=roles)
        title = _("You are in: %(program)s") % {"program": program.name}
        url = reverse("onboarding", args=[program.slug])
    else:
        membership.status = Membership.Status.DECLINED
        membership.save(update_fields=["status"])
        title = _("Your request to join %(program)s was declined") % {"program": program.name}
        url = reverse("program_list")
    notify(recipient=membership.user, kind=NotificationKind.JOIN_DECIDED, title=title, url=url)
    return membership


@transaction.atomic
def end_membership(*, membership: Membership) -> Membership:
    """Mark a membership as left. Relationships are untouched: they stay until closed.

    Withdrawing the member's open requests and telling the other side is the job of
    `relationships.services` (which calls this), because requests live there.
    """
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status == Membership.Status.LEFT:
        raise InvalidTransition(_("You have already left this program."))
    if membership.status == Membership.Status.DECLINED:
        raise InvalidTransition(_("You are not a member of this program."))
    membership.status = Membership.Status.LEFT
    membership.left_at = timezone.now()
    membership.is_admin = False
    membership.save(update_fields=["status", "left_at", "is_admin"])
    renew_search_generation()  # a mentor who left is out of the directory
    return membership


@transaction.atomic
def leave_program(*, user: User, program: Program) -> Membership:
    """Leave a program (or take back a request to join); its admins hear that a member left.

    This is the people side of leaving. The relationships app wraps it to withdraw the
    member's open requests and tell their mentors and mentees, because those live there.
    Taking back an unanswered join request tells nobody: nobody had let them in yet.
    """
    membership = Membership.objects.filter(user=user, program=program).first()
    if membership is None:
        raise InvalidTransition(_("You are not a member of this program."))
    was_member = membership.is_active
    membership = end_membership(membership=membership)
    if was_member:
        for admin in program_admins(program):
            if admin.pk == user.pk:
                continue
            notify(
                recipient=admin,
                kind=NotificationKind.MEMBER_LEFT,
                title=_("%(name)s left %(program)s") % {"name": user.name, "program": program.name},
                url=reverse("program_members", args=[program.slug]),
            )
    return membership


def is_program_admin(*, user: User, program: Program) -> bool:
    """Whether `user` may run `program`: one of its admins, or a platform admin."""
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, program=program, is_admin=True).exists()


def program_admins(program: Program) -> list[User]:
    """The people to tell about joins and leaves: the program's own admins, by email."""
    return [
        membership.user
        for membership in Membership.objects.filter(program=program, is_admin=True)
        .select_related("user")
        .order_by("user__email")
    ]


# What a program admin may change. The slug is left out on purpose (every URL of the
# program carries it); the group question has its own page (`services.groups`).
EDITABLE_SETTINGS = (
    "name",
    "description",
    "starts_on",
    "ends_on",
    "status",
    "join_mode",
    "matching_mode",
    "default_mentor_capacity",
    "max_open_requests_per_mentee",
    "mentor_response_days",
    "relationship_length_months",
    "first_check_in_days",
    "check_in_interval_days",
    "pairing",
    "seniority_preference",
)


@transaction.atomic
def update_program_settings(*, program: Program, by: User, **changes: object) -> Program:
    """A program admin changes the program's settings; the model's `clean` checks them.

    Switching to peer mode gives every member holding a role the one they lack (the same
    helper joining uses), in this transaction. Switching back keeps those roles: people
    may have requests and relationships in them. Every save moves `updated_at`, which
    matching compares with each suggestion list, so pairing and experience preference
    changes are picked up by the next recompute.
    """
    unknown = sorted(set(changes) - set(EDITABLE_SETTINGS))
    if unknown:
        raise ValueError(f"Not an editable program setting: {', '.join(unknown)}")
    if not is_program_admin(user=by, program=program):
        raise ActionNotAllowed(_("Only this program's admins can change its settings."))
    program = Program.objects.select_for_update().get(pk=program.pk)
    was_peer = program.pairing == Program.Pairing.PEER
    changed = [name for name, value in changes.items() if getattr(program, name) != value]
    for name in changed:
        setattr(program, name, changes[name])
    program.full_clean()
    if not changed:
        return program
    program.save(update_fields=[*changed, "updated_at"])
    if program.pairing == Program.Pairing.PEER and not was_peer:
        _give_everyone_both_roles(program)
    return program


def _give_everyone_both_roles(program: Program) -> None:
    """Peer mode: each active member with a role gets the other one too. Admins who hold
    no role stay out: running a program does not make you a participant."""
    members = (
        Membership.objects.filter(program=program, status=Membership.Status.ACTIVE)
        .filter(Q(mentee_participation__isnull=False) | Q(mentor_participation__isnull=False))
        .select_related("program", "user", "mentor_participation")
        .order_by("pk")
    )
    for membership in members:
        had_mentor_role = hasattr(membership, "mentor_participation")
        _add_roles(membership=membership, roles=ROLES)
        if not had_mentor_role:
            # The directory searches a mentor's text, built from the profile they have.
            refresh_search_text(user=membership.user)
