"""Who may manage a program's participants, and the participant list they see.

Pages and API endpoints fetch the program through `administered_program`, so the rule
lives in one place: a program you are not a member of does not exist for you (404); as a
member who is not its admin you may see it but not manage it (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from mentorship.models import Membership, Program, User
from mentorship.services.programs import is_program_admin


def administered_program(*, user: User, slug: str) -> Program:
    """The program `slug` if `user` runs it; Http404 for outsiders, PermissionDenied for members.

    Platform admins run every program.
    """
    programs = Program.objects.all() if user.is_staff else Program.objects.member_of(user)
    program = programs.filter(slug=slug).first()
    if program is None:
        raise Http404
    if not is_program_admin(user=user, program=program):
        raise PermissionDenied
    return program


def program_participants(*, program: Program, search: str = "") -> QuerySet[Membership]:
    """A program's current people (not those who left or were declined), by name.

    Roles come with the rows (one join each), so a page of 2 or 200 costs the same
    queries. `search` matches the display name or the email address, in any case.
    """
    members = (
        Membership.objects.filter(program=program)
        .exclude(status__in=[Membership.Status.LEFT, Membership.Status.DECLINED])
        .select_related("user", "mentee_participation", "mentor_participation")
        .order_by("user__display_name", "user__email")
    )
    search = search.strip()
    if search:
        members = members.filter(
            Q(user__display_name__icontains=search) | Q(user__email__icontains=search)
        )
    return members
