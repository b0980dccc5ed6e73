"""The peer-mentoring demo: a small program where everyone is both mentor and mentee.

`peer@demo.test` signs in to a program of a couple of dozen people at a similar, early
stage of their careers, each able to teach what they know and wanting to learn something
a few others know, so the suggestions page shows peers who suit both ways with the same
score on either side. The people come from the ordinary demo generator (its mentees, who
are early in their careers) with a mentor side added from their own skills, and are written
through the same one-at-a-time services as the other demo logins (`add_person`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from mentorship.demo.people import MENTEE, MenteeSpec, MentorSpec, PersonSpec, generate_people
from mentorship.demo.terms import SKILLS
from mentorship.models import MenteeParticipation, Program, User
from mentorship.models.profiles import MeetingMode
from mentorship.services.demo import DEMO_PASSWORD, add_person, ensure_demo_accounts
from mentorship.services.programs import create_program

PEER_PROGRAM_SLUG = "peers"
PEER_PROGRAM_NAME = "Peer Mentoring Exchange"
PEER_MEMBERS = 24
PEER_LOGIN_EMAIL = "peer@demo.test"

PEER_LOGIN = PersonSpec(
    email=PEER_LOGIN_EMAIL,
    display_name="Pia Peer",
    time_zone="Europe/Amsterdam",
    headline="Data analyst · 4 years · swaps SQL and statistics for Python",
    bio=(
        "I'm a data analyst at a logistics company in Amsterdam. I know my way around SQL "
        "and statistics and would love to get properly good at Python with someone at the "
        "same stage, teaching them what I know in return."
    ),
    job_title="Data Analyst",
    organisation="Canal Logistics",
    industry="transport-and-logistics",
    years_experience=4,
    languages=("en", "nl"),
    skills=("sql", "statistics"),
    meeting_modes=(MeetingMode.VIDEO, MeetingMode.CHAT),
    availability_hours_per_month=4,
    mentee=MenteeSpec(
        goals=(
            (
                "technical-skills",
                "I want to write Python for my analyses instead of spreadsheets, and learn "
                "to test and share that code.",
            ),
        ),
        skills_wanted=("python",),
        preferred_languages=(),
        industry_preference=MenteeParticipation.IndustryPreference.ANY,
        seniority_preference=MenteeParticipation.SeniorityPreference.PEER,
    ),
    mentor=MentorSpec(
        expertise_areas=("technical-skills",),
        skills_taught=("sql", "statistics"),
        how_i_can_help=(
            "I can help you write clear SQL for real reporting questions and make sense of "
            "statistics without the jargon."
        ),
        capacity=2,
        accepting_mentees=True,
    ),
)


@dataclass(frozen=True)
class PeerSeedResult:
    program: Program
    created: bool  # False: it was already there and nothing was written
    members: int  # generated members written, the login excluded


# Every fourth peer is the demo login's natural partner: they teach Python and want what
# the login teaches, so `peer@demo.test` sees complementary matches both ways.
PARTNER_EVERY = 4
PARTNER_TEACHES = "python"
PARTNER_WANTS = ("sql", "statistics")


def peer_people(*, seed: int, count: int, domain: str) -> list[PersonSpec]:
    """`count` peers: the generator's early-career people, each offering their own skills."""
    people = []
    generated = generate_people(seed=seed, role=MENTEE, count=count, domain=domain)
    for position, spec in enumerate(generated):
        skills, mentee, languages = spec.skills, spec.mentee, spec.languages
        if position % PARTNER_EVERY == 0 and mentee is not None:
            skills = (PARTNER_TEACHES, *[slug for slug in skills if slug != PARTNER_TEACHES])
            wants = (PARTNER_WANTS[position // PARTNER_EVERY % len(PARTNER_WANTS)],)
            # They speak English with anyone, so the login is in their list too.
            mentee = replace(mentee, skills_wanted=wants, preferred_languages=())
            languages = tuple(dict.fromkeys((*languages, "en")))
        taught = skills[:2]
        offer = " and ".join(SKILLS[slug] for slug in taught)
        people.append(
            replace(
                spec,
                skills=skills,
                languages=languages,
                mentee=mentee,
                mentor=MentorSpec(
                    expertise_areas=(),
                    skills_taught=taught,
                    how_i_can_help=f"{offer.capitalize()}: I work with them every day and can "
                    "walk you through them.",
                    capacity=2,
                    accepting_mentees=True,
                ),
            )
        )
    return people


def seed_peer_program(*, seed: int, count: int = PEER_MEMBERS) -> PeerSeedResult:
    """Load the peer program once (with `peer@demo.test`); an existing one is left alone,
    at the cost of one query, since `make run` seeds on every start."""
    program = Program.objects.filter(slug=PEER_PROGRAM_SLUG).first()
    if program is not None:
        return PeerSeedResult(program=program, created=False, members=0)
    return _load_peer_program(seed=seed, count=count)


@transaction.atomic
def _load_peer_program(*, seed: int, count: int) -> PeerSeedResult:
    """All or nothing: a failed run leaves no half-loaded program behind."""
    users = ensure_demo_accounts()
    login = _ensure_peer_login()
    today = timezone.localdate()
    program = create_program(
        created_by=users["platform@demo.test"],
        admins=[users["admin@demo.test"]],
        slug=PEER_PROGRAM_SLUG,
        name=PEER_PROGRAM_NAME,
        description=(
            "Peer mentoring: everyone here is both mentor and mentee. You are matched with "
            "people at a similar stage who can teach what you want to learn and want to "
            "learn what you know. Everyone is made up except the demo login."
        ),
        status=Program.Status.OPEN,
        join_mode=Program.JoinMode.OPEN,
        pairing=Program.Pairing.PEER,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=150),
        relationship_length_months=3,
    )
    people = peer_people(seed=seed, count=count, domain=f"{PEER_PROGRAM_SLUG}.demo.test")
    # Nobody signs in as a generated person; one unusable marker serves them all.
    unusable = make_password(None)
    for spec in people:
        user, _created = User.objects.get_or_create(
            email=spec.email,
            defaults={"display_name": spec.display_name, "password": unusable},
        )
        add_person(program=program, user=user, spec=spec)
    add_person(program=program, user=login, spec=PEER_LOGIN)
    return PeerSeedResult(program=program, created=True, members=len(people))


def _ensure_peer_login() -> User:
    user = User.objects.filter(email=PEER_LOGIN_EMAIL).first()
    if user is None:
        user = User(
            email=PEER_LOGIN_EMAIL,
            display_name=PEER_LOGIN.display_name,
            password=make_password(DEMO_PASSWORD),
        )
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=PEER_LOGIN_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user
