"""Who may open what inside a program: the access checks pages and API share.

A program's inner pages (members, onboarding, participation, a mentee's profile) are for
its members. Anyone else gets a 404, so a program's existence is not revealed by its
URLs; a member who may see the program but not run it gets a 403 on admin pages.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from mentorship.models import Membership, MenteeParticipation, Program, User, in_programs_run_by
from mentorship.services.programs import is_program_admin


def programs_visible_to(user: User | AnonymousUser) -> QuerySet[Program]:
    """`Program.objects.visible_to`, plus programs the user is invited to or asked to join.

    Invited people may join a program that is no longer open for sign-up, and someone who
    asked to join may take the request back after sign-up closed; both need the program's
    page and its join and leave actions.
    """
    if not user.is_authenticated:
        return Program.objects.none()
    visible = Program.objects.visible_to(user)
    if user.is_staff:
        return visible
    pending = Membership.objects.filter(
        user_id=user.pk, status__in=[Membership.Status.INVITED, Membership.Status.REQUESTED]
    )
    return Program.objects.filter(
        Q(pk__in=visible.values("pk")) | Q(pk__in=pending.values("program_id"))
    )


def programs_with_inner_access(user: User | AnonymousUser) -> QuerySet[Program]:
    """Programs whose inner pages this user may open: active members and program admins,
    and platform admins for every program."""
    if not user.is_authenticated:
        return Program.objects.none()
    if user.is_staff:
        return Program.objects.visible_to(user)
    return Program.objects.member_of(user)


def member_program(*, user: User, slug: str) -> tuple[Program, Membership | None]:
    """The program and the user's membership, or a 404 for non-members.

    The membership is None only for a platform admin who is not a member.
    """
    program = get_object_or_404(programs_with_inner_access(user), slug=slug)
    membership = (
        Membership.objects.select_related("mentee_participation", "mentor_participation")
        .filter(user=user, program=program)
        .first()
    )
    return program, membership


def admin_program(*, user: User, slug: str) -> Program:
    """A program this user runs: a 404 for non-members, a 403 for members who are not admins."""
    program = get_object_or_404(programs_with_inner_access(user), slug=slug)
    if not is_program_admin(user=user, program=program):
        raise PermissionDenied(_("Only this program's admins can do this."))
    return program


def active_membership_with_role(*, user: User, slug: str, role: str) -> Membership:
    """The user's active membership in the program, holding `role`; a 404 otherwise.

    Someone without the role has nothing to show or edit there, so the answer is the
    same as for a program they cannot see.
    """
    membership = (
        Membership.objects.select_related("program", "user", f"{role}_participation")
        .filter(
            user_id=user.pk,
            program__slug=slug,
            status=Membership.Status.ACTIVE,
            **{f"{role}_participation__isnull": False},
        )
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def mentee_participations_visible_to(
    user: User | AnonymousUser,
) -> QuerySet[MenteeParticipation]:
    """Mentee participations (profile and goals) this user may read.

    For now: the mentee themself and the admins of the mentee's program (platform admins
    see all). The relationships app widens this to the mentors a mentee has requested or
    is matched with, once requests exist; everyone else gets a 404.
    """
    if not user.is_authenticated:
        return MenteeParticipation.objects.none()
    if user.is_staff:
        return MenteeParticipation.objects.all()
    return MenteeParticipation.objects.filter(
        Q(membership__user_id=user.pk) | in_programs_run_by(user.pk, "membership__program_id")
    )
