"""Bulk-built, realistic mentors for the directory benchmark (`manage.py bench_directory`).

The benchmark needs a program of 10,000 mentors whose profiles look like people's: names,
headlines and bios in sentences, 1–3 expertise areas, a handful of skills and languages,
industries, meeting modes and time zones spread over the world. Rows are bulk-inserted
(users share one password hash) and the search text is then built by the real service
function, so the benchmark searches exactly what the platform would have stored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

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
from mentorship.models.profiles import MeetingMode, format_meeting_modes
from mentorship.services.profiles import build_search_text

BATCH = 2000

FIRST_NAMES = (  # noqa: SIM905 -- a list of names reads best as one string
    "Amara Ben Carla Dev Elena Farid Grace Hiro Ines Jonas Kemi Liam Maya Nikhil Olga Pedro "
    "Quinn Rosa Sami Tara Umar Vera Wen Ximena Yusuf Zoe Aiko Bruno Chloe Diego Emeka Fatima "
    "Gustav Hana Ivan Jamal Keiko Lucia Mateo Noor"
).split()
LAST_NAMES = (  # noqa: SIM905 -- a list of names reads best as one string
    "Okafor Schmidt Rossi Patel Kowalski Tanaka Silva Nguyen Haddad Johansson Mensah Garcia "
    "Novak Ibrahim Larsen Moreau Chen Kaur Fischer Costa Yilmaz Andersen Dubois Mwangi Sato "
    "Romero Ahmed Petrov Lindqvist Osei Murphy Ferreira Kim Berg Ali Santos Weber Hughes Das "
    "Popescu"
).split()
TITLES = (
    "Engineering manager",
    "Staff software engineer",
    "Product manager",
    "Data scientist",
    "Head of marketing",
    "Finance director",
    "UX researcher",
    "Operations lead",
    "Founder",
    "Secondary school teacher",
    "Policy advisor",
    "Sales director",
    "HR business partner",
    "Cloud architect",
    "Site reliability engineer",
    "Nurse practitioner",
    "Management consultant",
    "Research scientist",
    "Supply chain manager",
    "Communications lead",
)
ORGANISATIONS = (
    "Northwind Health",
    "Bluebird Labs",
    "Harbour Bank",
    "Cedar Schools Trust",
    "Atlas Logistics",
    "Fernhill Energy",
    "Kestrel Software",
    "Meridian Consulting",
    "Open Fields Co-op",
    "City Council",
    "Lumen Media",
    "Granite Manufacturing",
)
AUDIENCES = (
    "first-time managers",
    "career changers",
    "new graduates",
    "women in tech",
    "early-stage founders",
    "engineers",
    "people returning to work",
    "aspiring product managers",
)
AIMS = (
    "grow into leadership",
    "move into product",
    "negotiate with confidence",
    "ship data products",
    "build a professional network",
    "find a sustainable pace",
    "speak up in meetings",
    "plan the next career step",
)
TOPICS = (
    "product strategy",
    "data platforms",
    "kubernetes migrations",
    "pricing strategy",
    "patient safety programmes",
    "supply chain planning",
    "fundraising for charities",
    "public speaking",
    "hiring great teams",
    "budget planning",
    "user research",
    "machine learning in production",
    "brand storytelling",
    "regulatory change",
    "remote team culture",
    "design systems",
)
HOBBIES = (
    "run a coding club for teenagers",
    "grow vegetables on an allotment",
    "play in a community orchestra",
    "coach a youth football team",
    "write short stories",
    "volunteer at a food bank",
)
TIME_ZONES = (
    ("Europe/London", 14),
    ("Europe/Berlin", 12),
    ("Europe/Madrid", 6),
    ("America/New_York", 14),
    ("America/Chicago", 6),
    ("America/Los_Angeles", 8),
    ("America/Sao_Paulo", 5),
    ("Asia/Kolkata", 10),
    ("Asia/Tokyo", 4),
    ("Asia/Singapore", 4),
    ("Australia/Sydney", 4),
    ("Africa/Lagos", 5),
    ("Africa/Nairobi", 4),
    ("Asia/Dubai", 2),
    ("UTC", 2),
)


@dataclass(frozen=True)
class DirectoryData:
    program: Program
    viewer: User
    mentors: int


def _sentence_bio(rng: random.Random, title: str, industry: str, organisation: str) -> str:
    years = rng.randint(4, 30)
    first, second = rng.sample(TOPICS, 2)
    return (
        f"I have spent {years} years in {industry.lower()}, most recently as "
        f"{title.lower()} at {organisation}. Before that I worked on {first} and {second}. "
        f"Outside work I {rng.choice(HOBBIES)}."
    )


@transaction.atomic
def build_directory_data(
    *, mentors: int, slug: str = "bench-directory", seed: int = 7
) -> DirectoryData:
    """A running program with `mentors` mentors and one mentee (the benchmark's viewer)."""
    rng = random.Random(seed)  # noqa: S311 -- repeatable test data, not secrets
    skills = list(Skill.objects.all())
    areas = list(GoalArea.objects.all())
    industries = list(Industry.objects.all())
    languages = list(Language.objects.all())
    english = next(language for language in languages if language.code == "en")
    zones, weights = zip(*TIME_ZONES, strict=True)
    password = make_password("bench-password-not-for-login")
    now = timezone.now()

    program = Program.objects.create(
        slug=slug, name="Benchmark program", status=Program.Status.RUNNING
    )
    users = User.objects.bulk_create(
        [
            User(
                email=f"mentor{number}@{slug}.bench.test",
                display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                time_zone=rng.choices(zones, weights)[0],
                password=password,
            )
            for number in range(mentors)
        ],
        batch_size=BATCH,
    )
    profiles = []
    for user in users:
        title, organisation = rng.choice(TITLES), rng.choice(ORGANISATIONS)
        industry = rng.choice(industries)
        profiles.append(
            Profile(
                user=user,
                headline=f"{title} helping {rng.choice(AUDIENCES)} {rng.choice(AIMS)}",
                bio=_sentence_bio(rng, title, industry.name, organisation),
                job_title=title,
                organisation=organisation,
                industry=industry,
                years_experience=rng.randint(4, 30),
                meeting_modes=format_meeting_modes(
                    rng.sample(MeetingMode.values, rng.randint(1, 3))
                ),
                availability_hours_per_month=rng.choice((2, 4, 6, 8)),
            )
        )
    Profile.objects.bulk_create(profiles, batch_size=BATCH)
    memberships = Membership.objects.bulk_create(
        [Membership(user=user, program=program, joined_at=now) for user in users],
        batch_size=BATCH,
    )
    participations = MentorParticipation.objects.bulk_create(
        [
            MentorParticipation(
                membership=membership,
                how_i_can_help=(
                    f"I can help with {rng.choice(TOPICS)} and {rng.choice(TOPICS)}, and with "
                    f"preparing for the conversations that matter."
                ),
                capacity=rng.randint(1, 5),
                accepting_mentees=rng.random() < 0.8,
            )
            for membership in memberships
        ],
        batch_size=BATCH,
    )
    through = (
        Profile.skills.through,
        Profile.languages.through,
        MentorParticipation.expertise_areas.through,
        MentorParticipation.skills_taught.through,
    )
    rows: dict[type, list[object]] = {model: [] for model in through}
    for profile, participation in zip(profiles, participations, strict=True):
        spoken = {english, *rng.sample(languages, rng.randint(0, 2))}
        rows[through[0]] += [
            through[0](profile_id=profile.pk, skill_id=skill.pk)
            for skill in rng.sample(skills, rng.randint(3, 6))
        ]
        rows[through[1]] += [
            through[1](profile_id=profile.pk, language_id=language.pk) for language in spoken
        ]
        rows[through[2]] += [
            through[2](mentorparticipation_id=participation.pk, goalarea_id=area.pk)
            for area in rng.sample(areas, rng.randint(1, 3))
        ]
        rows[through[3]] += [
            through[3](mentorparticipation_id=participation.pk, skill_id=skill.pk)
            for skill in rng.sample(skills, rng.randint(2, 5))
        ]
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=BATCH * 5)  # type: ignore[attr-defined]
    _store_search_text(program)

    viewer = User.objects.create(
        email=f"viewer@{slug}.bench.test",
        display_name="Benchmark Viewer",
        time_zone="Europe/London",
        password=password,
    )
    Profile.objects.create(user=viewer)
    membership = Membership.objects.create(user=viewer, program=program, joined_at=now)
    MenteeParticipation.objects.create(membership=membership)
    return DirectoryData(program=program, viewer=viewer, mentors=mentors)


def settle_tables() -> None:
    """VACUUM ANALYZE after the bulk insert, as autovacuum would have long done in production.

    Without it the timings include autovacuum working through the fresh rows (on a small
    machine, a core's worth) and plans made without statistics. Must run outside a
    transaction.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _store_search_text(program: Program) -> None:
    """Fill in the search text with the service's own function (not a copy of it)."""
    mentors = list(
        MentorParticipation.objects.filter(membership__program=program)
        .select_related("membership__user__profile")
        .prefetch_related("expertise_areas", "skills_taught", "membership__user__profile__skills")
    )
    for mentor in mentors:
        user = mentor.membership.user
        mentor.search_text = build_search_text(
            user=user, profile=getattr(user, "profile", None), mentor=mentor
        )
    MentorParticipation.objects.bulk_update(mentors, ["search_text"], batch_size=500)
