"""Participant import: preview a CSV (the dry run), then import it, all or nothing.

The rules, decided once here:
- People are matched by email, in any case. Someone not on the platform gets an account
  with no usable password; they choose one through the invitation link.
- Imported people become **active** members at once: the program admin vouches for them.
  Roles are added, never removed; nobody is removed from the program by an import.
- Whoever has no password yet (a new account, or one imported earlier and never claimed)
  gets an invitation email with a set-password link (`invitations.send_invitation_email`).
  Someone with an account of their own gets an in-app notification (kind INVITATION) that
  they were added. Only people who were not active members before are told anything, so a
  re-import of the same file sends nothing a second time.
- A non-empty cell sets its field (a list replaces the list); an empty cell leaves the
  field as it is. The profile (name, time zone and profile columns) is shared by all of a
  person's programs, so an import writes it only for accounts nobody has claimed yet: once
  a person has set their password, their profile is theirs. Program-specific columns
  (role, goals, capacity, expertise, how I can help) are written for everyone.
- Goals are added when the mentee does not have that goal yet (same area, same words);
  an import never deletes goals.
- Someone who left the program, or whose account is deactivated, is a row error: an
  admin cannot pull a person back in who chose to leave.
- A row that would change nothing is left untouched (no write, no timestamp moves).
- Any error in the file means nothing is written. The page's dry run stores only the
  `ParticipantImport` row that carries the file from preview to import; the API's dry run
  writes nothing at all.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentorship.errors import ActionNotAllowed, ApplicationError, InvalidTransition
from mentorship.models import (
    Membership,
    MenteeParticipation,
    MentorParticipation,
    NotificationKind,
    ParticipantImport,
    Program,
    User,
)
from mentorship.services.notifications import notify
from mentorship.services.outbox import request_task
from mentorship.services.participant_cells import ParticipantRow
from mentorship.services.participant_csv import CsvError, decode_upload, errors_by_column
from mentorship.services.participant_plan import (
    UNCHANGED,
    ImportPlan,
    RowPlan,
    mentor_changes,
    missing_goals,
    plan_text,
)
from mentorship.services.profiles import (
    GoalInput,
    refresh_search_text,
    save_mentee_participation,
    save_mentor_participation,
    update_profile,
)
from mentorship.services.programs import is_program_admin

INVITATION_TASK = "mentorship.tasks.send_invitation_email"


class ImportHasErrors(ApplicationError):
    """The file has row errors, so nothing was imported (400); `problems` lists them all."""

    def __init__(self, problems: list[CsvError]) -> None:
        self.problems = problems
        super().__init__(
            ngettext(
                "The file has %(count)d problem; nothing was imported.",
                "The file has %(count)d problems; nothing was imported.",
                len(problems),
            )
            % {"count": len(problems)},
            errors=errors_by_column(problems),
        )


def check_can_import(*, user: User, program: Program) -> None:
    """Only the program's admins import, and a closed program takes nobody new."""
    if not is_program_admin(user=user, program=program):
        raise ActionNotAllowed(_("Only this program's admins can import participants."))
    if program.status == Program.Status.CLOSED:
        raise InvalidTransition(_("This program is closed; it takes no new participants."))


def plan_import(*, program: Program, data: bytes) -> ImportPlan:
    """Check an uploaded file and say what importing it would do; writes nothing.

    Raises `FileRejected` when the file as a whole is unreadable; row errors are in
    the returned plan's `errors`.
    """
    return plan_text(program=program, text=decode_upload(data))


def preview_import(
    *, program: Program, uploaded_by: User, filename: str, data: bytes
) -> ParticipantImport:
    """The page's dry run: check the file and keep it, with its plan, for the import step.

    The stored `ParticipantImport` (state `previewed`) is the only row written; it is what
    the "Import" button imports, so the admin imports exactly the file they previewed.
    """
    check_can_import(user=uploaded_by, program=program)
    plan = plan_import(program=program, data=data)
    return ParticipantImport.objects.create(
        program=program,
        uploaded_by=uploaded_by,
        filename=filename[:200],
        content=plan.text,
        row_count=len(plan.plans) + _rows_with_errors(plan.errors),
        errors=[error.as_dict() for error in plan.errors],
        summary=plan.summary(),
    )


def run_import(*, participant_import: ParticipantImport, imported_by: User) -> ParticipantImport:
    """Import a previewed file, all or nothing.

    The file is checked again against the database as it is now; if anything is wrong
    nothing is written, the preview is marked `failed` with the errors, and
    `ImportHasErrors` is raised. Importing the same preview twice is a 409.
    """
    try:
        return _run_previewed(pk=participant_import.pk, imported_by=imported_by)
    except ImportHasErrors as rejected:
        ParticipantImport.objects.filter(
            pk=participant_import.pk, state=ParticipantImport.State.PREVIEWED
        ).update(
            state=ParticipantImport.State.FAILED,
            errors=[problem.as_dict() for problem in rejected.problems],
        )
        raise


@transaction.atomic
def _run_previewed(*, pk: int, imported_by: User) -> ParticipantImport:
    record = ParticipantImport.objects.select_for_update().select_related("program").get(pk=pk)
    if record.state != ParticipantImport.State.PREVIEWED:
        raise InvalidTransition(_("This file has already been imported or has failed."))
    check_can_import(user=imported_by, program=record.program)
    plan = plan_text(program=record.program, text=record.content)
    _apply_plan(program=record.program, plan=plan)
    record.state = ParticipantImport.State.IMPORTED
    record.imported_at = timezone.now()
    record.summary = plan.summary()
    record.errors = []
    record.save(update_fields=["state", "imported_at", "summary", "errors"])
    return record


@transaction.atomic
def import_participants(
    *, program: Program, imported_by: User, filename: str, data: bytes
) -> ParticipantImport:
    """Check and import a file in one step (the API), all or nothing.

    On success the import is recorded as a `ParticipantImport` in state `imported`; on any
    error (`FileRejected`, `ImportHasErrors`) nothing at all is written.
    """
    check_can_import(user=imported_by, program=program)
    plan = plan_import(program=program, data=data)
    _apply_plan(program=program, plan=plan)
    return ParticipantImport.objects.create(
        program=program,
        uploaded_by=imported_by,
        filename=filename[:200],
        content=plan.text,
        state=ParticipantImport.State.IMPORTED,
        row_count=len(plan.plans),
        summary=plan.summary(),
        imported_at=timezone.now(),
    )


def _rows_with_errors(errors: list[CsvError]) -> int:
    return len({error.line for error in errors if error.line is not None})


# --- Applying: the writes -----------------------------------------------------------------


def _apply_plan(*, program: Program, plan: ImportPlan) -> None:
    """Write every planned row, or raise (rolling the caller's transaction back)."""
    if plan.errors:
        raise ImportHasErrors(plan.errors)
    rows = {row.line: row for row in plan.rows}
    try:
        with transaction.atomic():
            for row_plan in plan.plans:
                if row_plan.action == UNCHANGED:
                    continue
                row = rows[row_plan.line]
                user = plan.users.get(row.email)
                membership = plan.memberships.get(user.pk) if user is not None else None
                _apply_row(
                    program=program, row=row, plan=row_plan, user=user, membership=membership
                )
    except IntegrityError:
        # Someone else created one of these people or memberships at the same moment.
        raise InvalidTransition(
            _("These participants changed while importing; preview the file again.")
        ) from None


def _apply_row(
    *,
    program: Program,
    row: ParticipantRow,
    plan: RowPlan,
    user: User | None,
    membership: Membership | None,
) -> None:
    created = user is None
    if user is None:
        user = User.objects.create_user(
            email=row.email, display_name=row.name, time_zone=row.time_zone or "UTC"
        )
    if not user.has_usable_password():
        _apply_profile(user=user, row=row, changes=set(plan.changes), created=created)
    was_active = membership is not None and membership.status == Membership.Status.ACTIVE
    membership = _activate_membership(program=program, user=user, membership=membership)
    if "mentee" in row.roles:
        _apply_mentee(membership=membership, row=row)
    if "mentor" in row.roles:
        _apply_mentor(program=program, membership=membership, row=row, user=user)
    if not was_active:
        _tell_added(program=program, user=user, membership=membership)


def _apply_profile(*, user: User, row: ParticipantRow, changes: set[str], created: bool) -> None:
    """Write the profile columns that change (all given ones for a new account).

    A new account already has its name and time zone from `create_user`; leaving them out
    spares a full validation of the user row (which lists every time zone) per new person.
    """
    kwargs: dict[str, Any] = {}
    if "name" in changes and not created:
        kwargs["display_name"] = row.name
    if "time_zone" in changes and row.time_zone is not None and not created:
        kwargs["time_zone"] = row.time_zone
    for column, value in row.profile.items():
        if column in changes:
            kwargs[column] = value
    if kwargs or created:  # a new account gets its profile row even when the row is bare
        update_profile(user=user, **kwargs)


def _activate_membership(
    *, program: Program, user: User, membership: Membership | None
) -> Membership:
    """Make `user` an active member: the admin who imports them vouches for them."""
    now = timezone.now()
    if membership is None:
        return Membership.objects.create(
            user=user, program=program, status=Membership.Status.ACTIVE, joined_at=now
        )
    if membership.status != Membership.Status.ACTIVE:
        membership.status = Membership.Status.ACTIVE
        membership.joined_at = membership.joined_at or now
        membership.left_at = None
        membership.requested_roles = []
        membership.save(update_fields=["status", "joined_at", "left_at", "requested_roles"])
    return membership


def _apply_mentee(*, membership: Membership, row: ParticipantRow) -> None:
    participation, _created = MenteeParticipation.objects.get_or_create(membership=membership)
    if not row.goals:
        return
    missing = missing_goals(row.goals, participation)
    if missing:
        kept = [
            GoalInput(goal_area=goal.goal_area, description=goal.description, id=goal.pk)
            for goal in participation.goals.select_related("goal_area")
        ]
        added = [GoalInput(goal_area=area, description=text) for area, text in missing]
        save_mentee_participation(participation=participation, goals=kept + added)


def _apply_mentor(
    *, program: Program, membership: Membership, row: ParticipantRow, user: User
) -> None:
    participation, created = MentorParticipation.objects.get_or_create(
        membership=membership,
        defaults={"capacity": row.capacity or program.default_mentor_capacity},
    )
    changes = mentor_changes(row=row, mentor=participation)
    if changes:
        save_mentor_participation(
            participation=participation,
            capacity=row.capacity if "capacity" in changes else None,
            expertise_areas=row.expertise if "expertise" in changes else None,
            how_i_can_help=row.how_i_can_help if "how_i_can_help" in changes else None,
        )
    elif created:
        refresh_search_text(user=user)


def _tell_added(*, program: Program, user: User, membership: Membership) -> None:
    """Invite someone without a password by email; tell an account holder in the app."""
    if user.has_usable_password():
        notify(
            recipient=user,
            kind=NotificationKind.INVITATION,
            title=_("You were added to %(program)s") % {"program": program.name},
            body=_("A program admin added you. Complete your profile for the program."),
            url=reverse("onboarding", args=[program.slug]),
        )
    else:
        request_task(INVITATION_TASK, kwargs={"membership_id": membership.pk})
