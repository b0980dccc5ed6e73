"""Writing a checked participant import: the same rules, a few queries per chunk of rows.

The rules are described in `participant_import`. Through the one-person services
(`update_profile`, `save_mentee_participation`, `save_mentor_participation`, `notify`,
`request_task`) a row cost some forty queries; here each chunk of rows is written with bulk
inserts and updates, so a chunk of 1 or of 200 rows costs the same few dozen queries.
What those services do for one person is done for the whole chunk at once:
- the values were checked cell by cell when the file was parsed (lengths, number ranges,
  time zones, vocabulary terms): that is everything their `full_clean` calls check;
- a profile or participation that is written gets a new `updated_at` (bulk updates do not
  set it by themselves); rows that would not change are not written at all;
- the directory search text of every mentor participation of a touched person is rebuilt,
  and the mentors whose ranking may move get a new `changed_at`;
- notifications and invitation emails are requested through the outbox, published after
  the import's transaction commits, exactly as `notify` and `request_task` would.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import (
    Delivery,
    GoalArea,
    Membership,
    MenteeGoal,
    MenteeParticipation,
    MentorParticipation,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboxMessage,
    Profile,
    Program,
    User,
)
from mentorship.models.notifications import DEFAULT_DELIVERY
from mentorship.models.profiles import format_meeting_modes
from mentorship.services.mentor_changes import mark_mentors_changed
from mentorship.services.notifications import SEND_EMAIL_TASK
from mentorship.services.outbox import publish_outbox_message, registered_task
from mentorship.services.participant_cells import ParticipantRow
from mentorship.services.participant_export import profile_of
from mentorship.services.participant_plan import (
    UNCHANGED,
    ImportPlan,
    RowPlan,
    mentor_changes,
    missing_goals,
)
from mentorship.services.profiles import build_search_text

INVITATION_TASK = "mentorship.tasks.send_invitation_email"
# Rows written per round of bulk queries; also how often a job reports its progress.
APPLY_CHUNK = 200
BATCH_SIZE = 500
PROFILE_M2M = ("languages", "skills")


@dataclass
class _Person:
    """One row being written, with the rows it touches as they are found or made."""

    row: ParticipantRow
    plan: RowPlan
    user: User
    created: bool
    membership: Membership | None
    was_active: bool
    new_membership: bool = False


@dataclass
class _Touched:
    """What a chunk changed that the search text and the ranker must hear about."""

    profile_users: set[int] = field(default_factory=set)
    mentor_ids: set[int] = field(default_factory=set)


def apply_plan_rows(
    *, program: Program, plan: ImportPlan, on_progress: Callable[[int, int], None] | None = None
) -> None:
    """Write every planned row that changes something, in chunks, in the caller's transaction.

    `on_progress(done, total)` is called after each chunk with the rows written so far.
    """
    rows = {row.line: row for row in plan.rows}
    todo = [row_plan for row_plan in plan.plans if row_plan.action != UNCHANGED]
    for start in range(0, len(todo), APPLY_CHUNK):
        chunk = todo[start : start + APPLY_CHUNK]
        _apply_chunk(program=program, plan=plan, people=_people(plan, rows, chunk))
        if on_progress is not None:
            on_progress(start + len(chunk), len(todo))


def _people(
    plan: ImportPlan, rows: dict[int, ParticipantRow], chunk: list[RowPlan]
) -> list[_Person]:
    """The chunk's people; accounts that do not exist yet are made here, in one insert."""
    people: list[_Person] = []
    new_users: list[User] = []
    for row_plan in chunk:
        row = rows[row_plan.line]
        user = plan.users.get(row.email)
        created = user is None
        if user is None:
            # What `User.objects.create_user` does, without a password: they choose one
            # through the invitation link.
            user = User(email=row.email, display_name=row.name, time_zone=row.time_zone or "UTC")
            user.set_unusable_password()
            new_users.append(user)
        membership = plan.memberships.get(user.pk) if not created else None
        people.append(
            _Person(
                row=row,
                plan=row_plan,
                user=user,
                created=created,
                membership=membership,
                was_active=membership is not None and membership.status == Membership.Status.ACTIVE,
            )
        )
    User.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
    return people


def _apply_chunk(*, program: Program, plan: ImportPlan, people: list[_Person]) -> None:
    now = timezone.now()
    if program.pairing == Program.Pairing.PEER:  # everyone is both mentor and mentee
        for person in people:
            person.row = replace(person.row, roles=("mentee", "mentor"))
    touched = _Touched()
    _apply_profiles(people=people, now=now, touched=touched)
    _activate_memberships(program=program, people=people, now=now, touched=touched)
    _apply_mentees(people=people, now=now)
    _apply_mentors(program=program, people=people, now=now, touched=touched)
    _refresh_mentors(touched)
    _tell_added(program=program, people=[person for person in people if not person.was_active])


# --- Profiles: only for accounts nobody has claimed yet ----------------------------------


def _apply_profiles(*, people: list[_Person], now: Any, touched: _Touched) -> None:
    """Write the profile columns that change (all given ones, and a profile, for a new account)."""
    changed_users: list[User] = []
    new_profiles: list[Profile] = []
    changed_profiles: list[Profile] = []
    profile_fields: set[str] = set()
    m2m: dict[str, list[tuple[Profile, list[Any]]]] = {name: [] for name in PROFILE_M2M}
    for person in people:
        user, row = person.user, person.row
        if user.has_usable_password():
            continue  # once a person has set their password, their profile is theirs
        changes = set(person.plan.changes)
        # A new account already has its name and time zone from `_people`.
        user_changed = not person.created and bool(changes & {"name", "time_zone"})
        if user_changed:
            if "name" in changes:
                user.display_name = row.name
            if "time_zone" in changes and row.time_zone is not None:
                user.time_zone = row.time_zone
            changed_users.append(user)
        values = {column: value for column, value in row.profile.items() if column in changes}
        if not values and not person.created and not user_changed:
            continue
        profile = None if person.created else profile_of(user)
        if profile is None:
            # Every account written by an import has a profile, even from a bare row.
            profile = Profile(user=user)
            new_profiles.append(profile)
        else:
            profile.updated_at = now
            changed_profiles.append(profile)
        for column, value in values.items():
            if column in PROFILE_M2M:
                m2m[column].append((profile, value))
            elif column == "meeting_modes":
                profile.meeting_modes = format_meeting_modes(value)
                profile_fields.add(column)
            else:
                setattr(profile, column, value)
                profile_fields.add(column)
        touched.profile_users.add(user.pk)
    User.objects.bulk_update(changed_users, ["display_name", "time_zone"], batch_size=BATCH_SIZE)
    Profile.objects.bulk_create(new_profiles, batch_size=BATCH_SIZE)
    Profile.objects.bulk_update(
        changed_profiles, sorted(profile_fields | {"updated_at"}), batch_size=BATCH_SIZE
    )
    new_ids = {profile.pk for profile in new_profiles}
    for name in PROFILE_M2M:
        _replace_m2m(Profile, name, [(p.pk, terms) for p, terms in m2m[name]], new_ids=new_ids)


def _replace_m2m(
    model: type[models.Model],
    name: str,
    wanted: list[tuple[int, Iterable[models.Model]]],
    *,
    new_ids: Collection[int] = (),
) -> None:
    """Set `name` of each owner to exactly its terms: what `.set()` does, for many owners."""
    if not wanted:
        return
    relation = model._meta.get_field(name)
    assert isinstance(relation, models.ManyToManyField)
    through: Any = getattr(model, name).through
    owner, term = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    existing = [pk for pk, _terms in wanted if pk not in new_ids]
    if existing:
        through.objects.filter(**{f"{owner}_id__in": existing}).delete()
    through.objects.bulk_create(
        [through(**{f"{owner}_id": pk, f"{term}_id": t.pk}) for pk, terms in wanted for t in terms],
        batch_size=BATCH_SIZE,
    )


# --- Memberships and participations ------------------------------------------------------


def _activate_memberships(
    *, program: Program, people: list[_Person], now: Any, touched: _Touched
) -> None:
    """Make everyone an active member: the admin who imports them vouches for them."""
    new: list[Membership] = []
    reactivated: list[Membership] = []
    for person in people:
        membership = person.membership
        if membership is None:
            membership = Membership(
                user=person.user, program=program, status=Membership.Status.ACTIVE, joined_at=now
            )
            person.membership, person.new_membership = membership, True
            new.append(membership)
        elif membership.status != Membership.Status.ACTIVE:
            membership.status = Membership.Status.ACTIVE
            membership.joined_at = membership.joined_at or now
            membership.left_at = None
            membership.requested_roles = []
            reactivated.append(membership)
            mentor = _existing(person, "mentor_participation")
            if mentor is not None:
                touched.mentor_ids.add(mentor.pk)  # back in the directory
    Membership.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Membership.objects.bulk_update(
        reactivated, ["status", "joined_at", "left_at", "requested_roles"], batch_size=BATCH_SIZE
    )


def _existing(person: _Person, role: str) -> Any:
    """The participation the plan loaded with the membership, or None (never a query)."""
    if person.membership is None or person.new_membership:
        return None
    return getattr(person.membership, role, None)


def _apply_mentees(*, people: list[_Person], now: Any) -> None:
    """Give mentees their role and add the goals they do not have yet (never remove any)."""
    new: list[MenteeParticipation] = []
    touched: list[MenteeParticipation] = []
    goals: list[tuple[MenteeParticipation, list[tuple[GoalArea, str]]]] = []
    for person in people:
        if "mentee" not in person.row.roles:
            continue
        assert person.membership is not None
        mentee = _existing(person, "mentee_participation")
        is_new = mentee is None
        if mentee is None:
            mentee = MenteeParticipation(membership=person.membership)
            new.append(mentee)
        missing = missing_goals(person.row.goals or [], None if is_new else mentee)
        if missing:
            goals.append((mentee, missing))
            if not is_new:
                touched.append(mentee)
    MenteeParticipation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    MenteeGoal.objects.bulk_create(
        [
            MenteeGoal(participation=mentee, goal_area=area, description=text)
            for mentee, missing in goals
            for area, text in missing
        ],
        batch_size=BATCH_SIZE,
    )
    if touched:
        # Matching compares timestamps: touching the participation marks suggestions stale.
        MenteeParticipation.objects.filter(pk__in=[mentee.pk for mentee in touched]).update(
            updated_at=now
        )


def _apply_mentors(*, program: Program, people: list[_Person], now: Any, touched: _Touched) -> None:
    """Give mentors their role and write the offer columns that change."""
    new: list[MentorParticipation] = []
    changed: list[MentorParticipation] = []
    expertise: list[tuple[MentorParticipation, list[GoalArea]]] = []
    for person in people:
        row = person.row
        if "mentor" not in row.roles:
            continue
        assert person.membership is not None
        mentor = _existing(person, "mentor_participation")
        if mentor is None:
            mentor = MentorParticipation(
                membership=person.membership,
                capacity=row.capacity or program.default_mentor_capacity,
                how_i_can_help=row.how_i_can_help or "",
            )
            new.append(mentor)
            if row.expertise:
                expertise.append((mentor, row.expertise))
            continue
        changes = mentor_changes(row=row, mentor=mentor)
        if not changes:
            continue
        if "capacity" in changes and row.capacity is not None:
            mentor.capacity = row.capacity
        if "how_i_can_help" in changes and row.how_i_can_help is not None:
            mentor.how_i_can_help = row.how_i_can_help
        if "expertise" in changes and row.expertise is not None:
            expertise.append((mentor, row.expertise))
        mentor.updated_at = now
        changed.append(mentor)
    MentorParticipation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    MentorParticipation.objects.bulk_update(
        changed, ["capacity", "how_i_can_help", "updated_at"], batch_size=BATCH_SIZE
    )
    _replace_m2m(
        MentorParticipation,
        "expertise_areas",
        [(mentor.pk, areas) for mentor, areas in expertise],
        new_ids={mentor.pk for mentor in new},
    )
    touched.mentor_ids.update(mentor.pk for mentor in [*new, *changed])


def _refresh_mentors(touched: _Touched) -> None:
    """Rebuild the search text of the touched mentors and tell the ranker they changed.

    A profile is shared by all of a person's programs, so a written profile touches every
    mentor participation of that person; an offer column touches only this program's.
    """
    if not touched.profile_users and not touched.mentor_ids:
        return
    mentors = list(
        MentorParticipation.objects.filter(
            models.Q(membership__user_id__in=touched.profile_users)
            | models.Q(pk__in=touched.mentor_ids)
        )
        .select_related("membership__user")
        .prefetch_related("expertise_areas", "skills_taught")
    )
    if not mentors:
        return
    user_ids = {mentor.membership.user_id for mentor in mentors}
    profiles = {
        profile.user_id: profile
        for profile in Profile.objects.filter(user_id__in=user_ids).prefetch_related("skills")
    }
    stale = []
    for mentor in mentors:
        user = mentor.membership.user
        text = build_search_text(user=user, profile=profiles.get(user.pk), mentor=mentor)
        if text != mentor.search_text:
            mentor.search_text = text
            stale.append(mentor)
    # Like `refresh_search_text`: the search text alone does not move `updated_at`.
    MentorParticipation.objects.bulk_update(stale, ["search_text"], batch_size=BATCH_SIZE)
    mark_mentors_changed(mentor_ids=[mentor.pk for mentor in mentors])


# --- Telling people ------------------------------------------------------------------------


def _tell_added(*, program: Program, people: list[_Person]) -> None:
    """Invite people without a password by email; tell account holders in the app."""
    invited = [person for person in people if not person.user.has_usable_password()]
    _request_tasks(
        INVITATION_TASK,
        [{"membership_id": person.membership.pk} for person in invited if person.membership],
    )
    holders = [person.user for person in people if person.user.has_usable_password()]
    if holders:
        _notify_added(program=program, users=holders)


def _notify_added(*, program: Program, users: list[User]) -> None:
    """`notify` for many recipients: each one's delivery choice, one insert, emails queued."""
    kind = NotificationKind.INVITATION
    chosen = dict(
        NotificationPreference.objects.filter(user__in=users, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    title = (_("You were added to %(program)s") % {"program": program.name})[:200]
    body = _("A program admin added you. Complete your profile for the program.")
    url = reverse("onboarding", args=[program.slug])[:300]
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, title=title, body=body, url=url)
            for user in users
            if chosen.get(user.pk, DEFAULT_DELIVERY) != Delivery.OFF
        ],
        batch_size=BATCH_SIZE,
    )
    _request_tasks(
        SEND_EMAIL_TASK,
        [
            {"notification_id": notification.pk}
            for notification in notifications
            if chosen.get(notification.recipient_id, DEFAULT_DELIVERY) == Delivery.EMAIL
            and notification.recipient.is_active
        ],
    )


def _request_tasks(task_name: str, requests: list[dict[str, Any]]) -> None:
    """`outbox.request_task` for many requests: one insert, each published after commit."""
    if not requests:
        return
    registered_task(task_name)  # fail fast on a typo, before anything is stored
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task_name=task_name, kwargs=kwargs) for kwargs in requests],
        batch_size=BATCH_SIZE,
    )
    for message in messages:
        transaction.on_commit(partial(publish_outbox_message, message_id=message.id))
