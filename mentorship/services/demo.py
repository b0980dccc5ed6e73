"""The demo: public logins and a realistic program to explore the site with.

`seed_demo` loads a program once (300 mentors and 600 mentees by default, or hundreds of
thousands for benchmarks) and is cheap when it is already there, because `make run` calls
it on every start. The crowd is written in bulk (`mentorship.demo.bulk`); the four demo
logins go through the ordinary profile services, so they are exactly what a person who
filled in the forms would have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from itertools import chain

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mentorship.demo.bulk import Vocabulary, write_people
from mentorship.demo.people import MENTEE, MENTOR, PersonSpec, generate_people
from mentorship.demo.roster import MENTEE_LOGIN, MENTOR_LOGIN
from mentorship.models import (
    GoalArea,
    Industry,
    Language,
    Membership,
    MenteeParticipation,
    MentorParticipation,
    Profile,
    Program,
    Skill,
    User,
)
from mentorship.services.profiles import (
    GoalInput,
    save_mentee_participation,
    save_mentor_participation,
    update_profile,
)
from mentorship.services.programs import create_program

# Public on purpose: printed by `make run`; `seed_demo` refuses to run with DEBUG off.
DEMO_PASSWORD = "demo-password"  # noqa: S105

DEMO_PROGRAM_SLUG = "demo"
DEMO_PROGRAM_NAME = "Demo Mentoring Program"
DEMO_MENTORS = 300
DEMO_MENTEES = 600
DEFAULT_SEED = 2024


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    display_name: str
    is_platform_admin: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("mentee", MENTEE_LOGIN.email, MENTEE_LOGIN.display_name),
    DemoAccount("mentor", MENTOR_LOGIN.email, MENTOR_LOGIN.display_name),
    DemoAccount("program admin", "admin@demo.test", "Priya Coordinator"),
    DemoAccount("platform admin", "platform@demo.test", "Ada Platform", is_platform_admin=True),
)


@dataclass(frozen=True)
class SeedResult:
    program: Program
    created: bool  # False: the program was already there and nothing was written
    mentors: int  # generated mentors written (0 when not created), demo logins excluded
    mentees: int
    accounts: tuple[DemoAccount, ...] = DEMO_ACCOUNTS


def seed_demo(
    *,
    slug: str = DEMO_PROGRAM_SLUG,
    mentors: int = DEMO_MENTORS,
    mentees: int = DEMO_MENTEES,
    seed: int = DEFAULT_SEED,
    on_progress: Callable[[int, int], None] | None = None,
) -> SeedResult:
    """Ensure the demo logins exist and load the program `slug` unless it already exists.

    An existing program is left exactly as it is (people may have changed it since), so a
    second run writes nothing. A new one is written in one transaction: a failed run
    leaves no half-loaded program behind. `on_progress(done, total)` hears each batch.
    """
    users = ensure_demo_accounts()
    program = Program.objects.filter(slug=slug).first()
    if program is not None:
        return SeedResult(program=program, created=False, mentors=0, mentees=0)
    program = _load_program(
        slug=slug,
        users=users,
        mentors=mentors,
        mentees=mentees,
        seed=seed,
        on_progress=on_progress,
    )
    return SeedResult(program=program, created=True, mentors=mentors, mentees=mentees)


@transaction.atomic
def ensure_demo_accounts() -> dict[str, User]:
    """Create each demo login that does not exist yet, with a confirmed email address."""
    users = {user.email: user for user in User.objects.filter(email__in=_account_emails())}
    password_hash = ""
    for account in DEMO_ACCOUNTS:
        user = users.get(account.email)
        if user is None:
            # One hash for all four: hashing is deliberately slow.
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User(
                email=account.email,
                display_name=account.display_name,
                password=password_hash,
                is_staff=account.is_platform_admin,
                is_superuser=account.is_platform_admin,
            )
            user.save()
            users[account.email] = user
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
    return users


def demo_domain(slug: str) -> str:
    """The email domain of a seeded program's generated people (the logins are not in it)."""
    return f"{slug}.demo.test"


def _account_emails() -> list[str]:
    return [account.email for account in DEMO_ACCOUNTS]


@transaction.atomic
def _load_program(
    *,
    slug: str,
    users: dict[str, User],
    mentors: int,
    mentees: int,
    seed: int,
    on_progress: Callable[[int, int], None] | None,
) -> Program:
    is_demo = slug == DEMO_PROGRAM_SLUG
    today = timezone.localdate()
    program = create_program(
        created_by=users["platform@demo.test"],
        admins=[users["admin@demo.test"]],
        slug=slug,
        name=DEMO_PROGRAM_NAME if is_demo else f"Generated program: {slug}",
        description=(
            "A year-long program where mentors across industries and time zones support "
            "people in their growth. Everyone here is made up; sign in with the demo "
            "logins to look around, or join as yourself."
            if is_demo
            else f"Generated by `seed_demo` for benchmarks: {mentors} mentors and "
            f"{mentees} mentees."
        ),
        status=Program.Status.OPEN,
        join_mode=Program.JoinMode.OPEN,
        matching_mode=Program.MatchingMode.BOTH,
        # Begun half a year ago: the matching app writes six months of history into it.
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=165),
        # Four-month relationships, so some of that history has run its course.
        relationship_length_months=4,
    )
    vocabulary = Vocabulary.load()
    domain = demo_domain(slug)
    total = mentors + mentees
    people = chain(
        generate_people(seed=seed, role=MENTOR, count=mentors, domain=domain),
        generate_people(seed=seed, role=MENTEE, count=mentees, domain=domain),
    )
    write_people(
        program=program,
        people=people,
        vocabulary=vocabulary,
        # Nobody signs in as a generated person; one unusable marker serves them all.
        password=make_password(None),
        on_batch=(lambda done: on_progress(done, total)) if on_progress else None,
    )
    for spec in (MENTEE_LOGIN, MENTOR_LOGIN):
        add_person(program=program, user=users[spec.email], spec=spec)
    return program


@transaction.atomic
def add_person(*, program: Program, user: User, spec: PersonSpec) -> Membership:
    """Make `user` an active member of `program` with `spec`'s roles, through the services.

    The one-at-a-time path, equal to what `write_people` does in bulk. A profile the user
    already has is kept (they may have edited it), as is an existing membership. Unlike
    `join_program` this sends no welcome notification: seeding must not send email.
    """
    membership, created = Membership.objects.get_or_create(
        user=user,
        program=program,
        defaults={"status": Membership.Status.ACTIVE, "joined_at": timezone.now()},
    )
    if not created:
        return membership
    if not Profile.objects.filter(user=user).exists():
        update_profile(
            user=user,
            display_name=spec.display_name,
            time_zone=spec.time_zone,
            industry=Industry.objects.get(slug=spec.industry) if spec.industry else None,
            languages=Language.objects.filter(code__in=spec.languages),
            skills=Skill.objects.filter(slug__in=spec.skills),
            meeting_modes=spec.meeting_modes,
            headline=spec.headline,
            bio=spec.bio,
            job_title=spec.job_title,
            organisation=spec.organisation,
            years_experience=spec.years_experience,
            availability_hours_per_month=spec.availability_hours_per_month,
        )
    if spec.mentee is not None:
        areas = {area.slug: area for area in GoalArea.objects.all()}
        save_mentee_participation(
            participation=MenteeParticipation.objects.create(membership=membership),
            goals=[
                GoalInput(goal_area=areas[slug], description=text)
                for slug, text in spec.mentee.goals
            ],
            skills_wanted=Skill.objects.filter(slug__in=spec.mentee.skills_wanted),
            preferred_languages=Language.objects.filter(code__in=spec.mentee.preferred_languages),
            industry_preference=spec.mentee.industry_preference,
            seniority_preference=spec.mentee.seniority_preference,
        )
    if spec.mentor is not None:
        save_mentor_participation(
            participation=MentorParticipation.objects.create(
                membership=membership, capacity=program.default_mentor_capacity
            ),
            expertise_areas=GoalArea.objects.filter(slug__in=spec.mentor.expertise_areas),
            skills_taught=Skill.objects.filter(slug__in=spec.mentor.skills_taught),
            how_i_can_help=spec.mentor.how_i_can_help,
            capacity=spec.mentor.capacity,
            accepting_mentees=spec.mentor.accepting_mentees,
        )
    return membership
