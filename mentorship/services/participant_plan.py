"""Planning a participant import: what each row of a checked file would change.

Comparing the file with the database first is what makes an import idempotent: a row
that would change nothing is never written, and only people who were not active members
before are told anything. The rules themselves are described in `participant_import`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from mentorship.models import (
    GoalArea,
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Program,
    User,
)
from mentorship.services.participant_cells import ParticipantRow, Vocabulary
from mentorship.services.participant_csv import CsvError, parse_participants
from mentorship.services.participant_export import profile_of

LOOKUP_CHUNK = 1000


CREATE = "create"  # no account yet: one is made and invited
ADD = "add"  # an account that is not (yet, or any longer) an active member here
UPDATE = "update"  # an active member whose data changes
UNCHANGED = "unchanged"
ACTIONS = (CREATE, ADD, UPDATE, UNCHANGED)


@dataclass
class RowPlan:
    """What importing one row will do: its action and the columns whose values change."""

    line: int
    email: str
    name: str
    roles: list[str]
    action: str
    changes: list[str]
    # The person has their own account: profile columns that differ are not applied.
    profile_kept: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "email": self.email,
            "name": self.name,
            "roles": self.roles,
            "action": self.action,
            "changes": self.changes,
            "profile_kept": self.profile_kept,
        }


@dataclass
class ImportPlan:
    """A checked file against the current database: per-row plans and every error."""

    text: str
    rows: list[ParticipantRow]
    plans: list[RowPlan]
    errors: list[CsvError]
    users: dict[str, User] = field(default_factory=dict)
    memberships: dict[int, Membership] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTIONS, 0)
        for plan in self.plans:
            counts[plan.action] += 1
        return counts

    def summary(self) -> dict[str, Any]:
        return {**self.counts(), "plans": [plan.as_dict() for plan in self.plans]}


def plan_text(*, program: Program, text: str) -> ImportPlan:
    parsed = parse_participants(text, vocabulary=Vocabulary())
    users, memberships = _current_state(program=program, emails=[row.email for row in parsed.rows])
    plans: list[RowPlan] = []
    errors = list(parsed.errors)
    for row in parsed.rows:
        user = users.get(row.email)
        membership = memberships.get(user.pk) if user is not None else None
        problem = _row_problem(row=row, user=user, membership=membership)
        if problem is not None:
            errors.append(problem)
        else:
            plans.append(_plan_row(row=row, user=user, membership=membership))
    errors.sort(key=lambda error: (error.line or 0, error.column or ""))
    return ImportPlan(
        text=text,
        rows=parsed.rows,
        plans=plans,
        errors=errors,
        users=users,
        memberships=memberships,
    )


def _current_state(
    *, program: Program, emails: list[str]
) -> tuple[dict[str, User], dict[int, Membership]]:
    """The file's people who already have accounts, and their memberships of `program`.

    A few queries per thousand rows, whatever the file's size.
    """
    users: dict[str, User] = {}
    for chunk in _chunks(emails):
        found = (
            User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=chunk)
            .select_related("profile__industry")
            .prefetch_related("profile__languages", "profile__skills")
        )
        users.update({user.email.lower(): user for user in found})
    memberships: dict[int, Membership] = {}
    for id_chunk in _chunks([user.pk for user in users.values()]):
        for membership in (
            Membership.objects.filter(program=program, user_id__in=id_chunk)
            .select_related("mentee_participation", "mentor_participation")
            .prefetch_related(
                "mentee_participation__goals", "mentor_participation__expertise_areas"
            )
        ):
            memberships[membership.user_id] = membership
    return users, memberships


Item = TypeVar("Item")


def _chunks(items: Sequence[Item]) -> Iterable[Sequence[Item]]:
    for start in range(0, len(items), LOOKUP_CHUNK):
        yield items[start : start + LOOKUP_CHUNK]


def _row_problem(
    *, row: ParticipantRow, user: User | None, membership: Membership | None
) -> CsvError | None:
    if user is not None and not user.is_active:
        return CsvError(
            row.line,
            "email",
            _("%(email)s has a deactivated account; a platform admin can reactivate it.")
            % {"email": row.email},
        )
    if membership is not None and membership.status == Membership.Status.LEFT:
        return CsvError(
            row.line,
            "email",
            _("%(email)s left this program; they can join again themselves.")
            % {"email": row.email},
        )
    return None


def _plan_row(*, row: ParticipantRow, user: User | None, membership: Membership | None) -> RowPlan:
    plan = RowPlan(
        line=row.line,
        email=row.email,
        name=row.name,
        roles=list(row.roles),
        action=CREATE,
        changes=[],
    )
    if user is None:
        plan.changes = _given_columns(row)
        return plan
    profile_changes = _profile_changes(row=row, user=user)
    claimed = user.has_usable_password()
    plan.profile_kept = claimed and bool(profile_changes)
    changes = ([] if claimed else profile_changes) + _participation_changes(
        row=row, membership=membership
    )
    plan.changes = changes
    if membership is None or membership.status != Membership.Status.ACTIVE:
        plan.action = ADD
    else:
        plan.action = UPDATE if changes else UNCHANGED
    return plan


def _given_columns(row: ParticipantRow) -> list[str]:
    given = ["name", "role", *row.profile]
    if row.time_zone is not None:
        given.append("time_zone")
    for column in ("goals", "capacity", "expertise", "how_i_can_help"):
        if getattr(row, column) is not None:
            given.append(column)
    return given


def _profile_changes(*, row: ParticipantRow, user: User) -> list[str]:
    """Columns of the shared profile (and name, time zone) whose value would change."""
    changes = []
    if row.name != user.display_name:
        changes.append("name")
    if row.time_zone is not None and row.time_zone != user.time_zone:
        changes.append("time_zone")
    profile = profile_of(user)
    for column, value in row.profile.items():
        if profile is None:
            changes.append(column)
            continue
        if column in ("languages", "skills"):
            current = {term.pk for term in getattr(profile, column).all()}
            changed = current != {term.pk for term in value}
        elif column == "meeting_modes":
            changed = set(profile.meeting_mode_list) != set(value)
        elif column == "industry":
            changed = profile.industry_id != value.pk
        else:
            changed = getattr(profile, column) != value
        if changed:
            changes.append(column)
    return changes


def _participation_changes(*, row: ParticipantRow, membership: Membership | None) -> list[str]:
    """Program-specific columns (roles, goals, mentor offer) whose value would change."""
    mentee = getattr(membership, "mentee_participation", None) if membership else None
    mentor = getattr(membership, "mentor_participation", None) if membership else None
    changes = []
    if ("mentee" in row.roles and mentee is None) or ("mentor" in row.roles and mentor is None):
        changes.append("role")
    if row.goals and missing_goals(row.goals, mentee):
        changes.append("goals")
    if "mentor" in row.roles:
        changes += mentor_changes(row=row, mentor=mentor)
    return changes


def mentor_changes(*, row: ParticipantRow, mentor: MentorParticipation | None) -> list[str]:
    changes = []
    if row.capacity is not None and (mentor is None or mentor.capacity != row.capacity):
        changes.append("capacity")
    if row.expertise is not None and (
        mentor is None
        or {area.pk for area in mentor.expertise_areas.all()} != {area.pk for area in row.expertise}
    ):
        changes.append("expertise")
    if row.how_i_can_help is not None and (
        mentor is None or mentor.how_i_can_help != row.how_i_can_help
    ):
        changes.append("how_i_can_help")
    return changes


def missing_goals(
    goals: list[tuple[GoalArea, str]], mentee: MenteeParticipation | None
) -> list[tuple[GoalArea, str]]:
    """The row's goals the mentee does not have yet (same area and words, any case)."""
    have = (
        {(goal.goal_area_id, goal.description.strip().casefold()) for goal in mentee.goals.all()}
        if mentee is not None
        else set()
    )
    missing = []
    for area, text in goals:
        key = (area.pk, text.casefold())
        if key not in have:
            have.add(key)
            missing.append((area, text))
    return missing
