"""`manage.py seed_demo`: the demo program, its logins, and the bulk path for benchmarks.

Generator tests need no database; the rest seed small programs (tens of people) except one
test of the default demo (900 people), which a newcomer's `make run` loads.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import datetime
from io import StringIO
from itertools import chain
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from mentorship.demo.bulk import TABLES, ProfileSkill, Vocabulary, write_people
from mentorship.demo.careers import TRACKS
from mentorship.demo.people import MENTEE, MENTOR, PersonSpec, generate_people
from mentorship.demo.sentences import GOAL_TEMPLATES, HELP_PHRASES
from mentorship.demo.sinks import OrmSink, PostgresCopySink, Sink, sink_for_connection
from mentorship.demo.terms import GOAL_AREAS, INDUSTRIES, SKILLS
from mentorship.models import (
    GoalArea,
    Industry,
    Membership,
    MenteeGoal,
    MentorParticipation,
    Profile,
    Program,
    Skill,
    User,
)
from mentorship.models.profiles import MeetingMode, format_meeting_modes
from mentorship.services.demo import DEMO_PASSWORD, add_person
from mentorship.services.profiles import build_search_text

LOGIN_LINES = [
    "Demo logins (password for all: demo-password):",
    "  mentee           mentee@demo.test",
    "  mentor           mentor@demo.test",
    "  program admin    admin@demo.test",
    "  platform admin   platform@demo.test",
]


def mentors(count: int, *, seed: int = 7, domain: str = "a.demo.test") -> list[PersonSpec]:
    return list(generate_people(seed=seed, role=MENTOR, count=count, domain=domain))


def mentees(count: int, *, seed: int = 7, domain: str = "a.demo.test") -> list[PersonSpec]:
    return list(generate_people(seed=seed, role=MENTEE, count=count, domain=domain))


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def debug_on(settings: Any) -> None:
    settings.DEBUG = True


def template_pattern(template: str) -> re.Pattern[str]:
    """A template with every {slot} standing for some words."""
    parts = re.split(r"\{[a-z_0-9]+\}", template)
    return re.compile("^" + ".+".join(re.escape(part) for part in parts) + "$")


# The generator, without a database ---------------------------------------------------------


def test_the_same_seed_always_gives_the_same_people_and_another_seed_others():
    assert mentors(40) == mentors(40)
    assert mentees(40) == mentees(40)
    assert [p.display_name for p in mentors(40, seed=8)] != [p.display_name for p in mentors(40)]


def test_asking_for_more_people_keeps_the_first_ones_the_same():
    assert mentees(100)[:30] == mentees(30)
    assert mentors(100)[:30] == mentors(30)


def test_goals_are_sentences_written_from_their_own_goal_areas_templates():
    patterns = {
        area: [template_pattern(template) for template in templates]
        for area, templates in GOAL_TEMPLATES.items()
    }
    goals = [goal for person in mentees(400) if person.mentee for goal in person.mentee.goals]
    assert len(goals) >= 600
    for area, text in goals:
        assert any(pattern.match(text) for pattern in patterns[area]), (area, text)
        assert text[0].isupper() and text.endswith(".")
        assert "{" not in text and "  " not in text
        assert not re.search(r"lorem|ipsum|\bskills skills\b", text, re.IGNORECASE)
    assert {area for area, _ in goals} == set(GOAL_TEMPLATES)


def test_a_mentors_headline_bio_and_help_are_about_their_own_career():
    for person in mentors(300):
        mentor = person.mentor
        assert mentor is not None
        assert len(person.headline) <= 140
        assert person.job_title in person.headline or INDUSTRIES[person.industry or ""] in (
            person.headline
        )
        assert person.job_title in person.bio and person.organisation in person.bio
        for area in mentor.expertise_areas[:2]:
            assert any(phrase in mentor.how_i_can_help for phrase in HELP_PHRASES[area])
        for slug in mentor.skills_taught:
            assert SKILLS[slug] in mentor.how_i_can_help
        assert set(mentor.skills_taught) <= set(person.skills)
        assert 1 <= mentor.capacity <= 20
        assert "lorem" not in (person.bio + mentor.how_i_can_help).lower()


def test_the_crowd_is_spread_over_the_world_industries_skills_and_languages():
    people = mentors(300) + mentees(600)
    zones = {person.time_zone for person in people}
    assert zones <= zoneinfo.available_timezones()
    offsets = {datetime(2025, 1, 15, tzinfo=zoneinfo.ZoneInfo(zone)).utcoffset() for zone in zones}
    assert len(zones) >= 40 and len(offsets) >= 15
    assert len({person.industry for person in people}) == len(INDUSTRIES)
    assert len({slug for person in people for slug in person.skills}) >= 45
    assert len({code for person in people for code in person.languages}) >= 15
    assert {mode for person in people for mode in person.meeting_modes} == set(MeetingMode.values)
    assert len({person.years_experience for person in people}) >= 20
    assert len({person.display_name for person in people}) >= 600
    assert len({person.email for person in people}) == len(people)
    assert all(person.email.isascii() for person in people)


def test_meeting_modes_come_in_the_order_the_profile_stores_them():
    for person in mentors(100) + mentees(100):
        assert ",".join(person.meeting_modes) == format_meeting_modes(person.meeting_modes)


def test_every_term_the_generator_uses_is_one_migration_0003_created(db):
    assert set(GOAL_AREAS) <= set(GoalArea.objects.values_list("slug", flat=True))
    assert set(INDUSTRIES) <= set(Industry.objects.values_list("slug", flat=True))
    assert set(SKILLS) <= set(Skill.objects.values_list("slug", flat=True))
    assert {slug for track in TRACKS for slug in track.skills} <= set(SKILLS)
    Vocabulary.load()  # raises when a language or term is missing


# The command --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seeding_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed("--mentors", "3", "--mentees", "3")
    assert not Program.objects.exists() and not User.objects.exists()

    assert "mentee@demo.test" in seed("--mentors", "3", "--mentees", "3", "--force")
    assert Program.objects.filter(slug="demo").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("bad", [("--program", "no spaces"), ("--mentors", "-1")])
def test_seeding_rejects_a_bad_slug_or_a_negative_count(debug_on, bad):
    with pytest.raises(CommandError):
        seed(*bad)
    assert not Program.objects.exists()


@pytest.mark.django_db
def test_the_default_demo_is_a_program_of_300_mentors_and_600_mentees_with_the_logins(
    debug_on, client
):
    output = seed()

    program = Program.objects.get(slug="demo")
    assert program.name == "Demo Mentoring Program"
    assert program.status == Program.Status.OPEN
    assert program.matching_mode == Program.MatchingMode.BOTH
    members = Membership.objects.filter(program=program, status=Membership.Status.ACTIVE)
    assert members.filter(mentor_participation__isnull=False).count() == 301
    assert members.filter(mentee_participation__isnull=False).count() == 601
    assert output.splitlines()[-5:] == LOGIN_LINES

    for email in ("mentee@demo.test", "mentor@demo.test", "admin@demo.test"):
        assert client.login(email=email, password=DEMO_PASSWORD), email
    mentee = Membership.objects.get(program=program, user__email="mentee@demo.test")
    assert mentee.has_role("mentee") and not mentee.has_role("mentor")
    assert mentee.mentee_participation.goals.count() == 1  # onboarding has a next step
    assert not mentee.user.profile.skills.exists() and not mentee.user.profile.headline
    mentor = Membership.objects.get(program=program, user__email="mentor@demo.test")
    assert mentor.has_role("mentor") and not mentor.has_role("mentee")
    profile = mentor.user.profile
    assert profile.headline and profile.bio and profile.skills.exists()
    assert mentor.mentor_participation.expertise_areas.exists()
    assert "python" in mentor.mentor_participation.search_text
    assert Membership.objects.get(program=program, user__email="admin@demo.test").is_admin
    assert User.objects.get(email="platform@demo.test").is_staff

    sample = MentorParticipation.objects.filter(membership__program=program).select_related(
        "membership__user"
    )[:25]
    for participation in sample:
        user = participation.membership.user
        expected = build_search_text(user=user, profile=user.profile, mentor=participation)
        assert participation.search_text == expected


@pytest.mark.django_db
def test_a_second_run_writes_nothing_and_prints_the_logins_again(debug_on):
    seed("--mentors", "20", "--mentees", "40")
    counts = [model._default_manager.count() for model in TABLES]

    with CaptureQueriesContext(connection) as queries:
        output = seed("--mentors", "20", "--mentees", "40")

    assert [model._default_manager.count() for model in TABLES] == counts
    writes = re.compile(r"^\s*(INSERT|UPDATE|DELETE|COPY|ALTER)\b", re.IGNORECASE)
    assert not [query["sql"] for query in queries if writes.match(query["sql"])]
    assert len(queries) <= 12
    assert "already loaded" in output
    assert output.splitlines()[-5:] == LOGIN_LINES


@pytest.mark.django_db
def test_a_program_holds_exactly_the_people_the_seed_generates(debug_on):
    seed("--mentors", "30", "--mentees", "60", "--program", "bench", "--seed", "5")

    expected = mentors(30, seed=5, domain="bench.demo.test") + mentees(
        60, seed=5, domain="bench.demo.test"
    )
    stored = {
        profile.user.email: profile
        for profile in Profile.objects.filter(user__email__endswith="@bench.demo.test")
        .select_related("user")
        .prefetch_related("skills")
    }
    assert len(stored) == 90
    for person in expected:
        profile = stored[person.email]
        assert (profile.user.display_name, profile.headline, profile.bio) == (
            person.display_name,
            person.headline,
            person.bio,
        )
        assert {skill.slug for skill in profile.skills.all()} == set(person.skills)
        assert not profile.user.has_usable_password()
    goals = MenteeGoal.objects.filter(
        participation__membership__program__slug="bench",
        participation__membership__user__email__endswith="@bench.demo.test",
    )
    assert goals.count() == sum(len(p.mentee.goals) for p in expected if p.mentee)
    # The demo logins join every seeded program.
    assert Membership.objects.filter(program__slug="bench", user__email__endswith="@demo.test")


@pytest.mark.django_db
def test_a_login_keeps_the_profile_they_already_have_when_another_program_is_seeded(debug_on):
    seed("--mentors", "2", "--mentees", "2")
    mia = User.objects.get(email="mentee@demo.test")
    Profile.objects.filter(user=mia).update(headline="Learning every day")

    seed("--mentors", "2", "--mentees", "2", "--program", "second")

    assert Profile.objects.get(user=mia).headline == "Learning every day"
    membership = Membership.objects.get(user=mia, program__slug="second")
    assert membership.mentee_participation.goals.count() == 1


# The bulk path against the services ---------------------------------------------------------


def snapshot(membership: Membership) -> dict[str, Any]:
    """Everything a person told the platform, as plain values (emails left out)."""
    user = membership.user
    profile = user.profile
    data: dict[str, Any] = {
        "user": (user.display_name, user.time_zone, user.is_active),
        "profile": (
            profile.headline,
            profile.bio,
            profile.job_title,
            profile.organisation,
            profile.industry.slug if profile.industry else None,
            profile.years_experience,
            profile.meeting_modes,
            profile.availability_hours_per_month,
        ),
        "languages": sorted(profile.languages.values_list("code", flat=True)),
        "skills": sorted(profile.skills.values_list("slug", flat=True)),
        "membership": (membership.status, membership.is_admin, bool(membership.joined_at)),
        "roles": (membership.has_role("mentee"), membership.has_role("mentor")),
    }
    if membership.has_role("mentee"):
        mentee = membership.mentee_participation
        data["mentee"] = (
            [(goal.goal_area.slug, goal.description) for goal in mentee.goals.all()],
            sorted(mentee.skills_wanted.values_list("slug", flat=True)),
            sorted(mentee.preferred_languages.values_list("code", flat=True)),
            mentee.industry_preference,
            mentee.seniority_preference,
        )
    if membership.has_role("mentor"):
        mentor = membership.mentor_participation
        data["mentor"] = (
            sorted(mentor.expertise_areas.values_list("slug", flat=True)),
            sorted(mentor.skills_taught.values_list("slug", flat=True)),
            mentor.how_i_can_help,
            mentor.capacity,
            mentor.accepting_mentees,
            mentor.search_text,
        )
    return data


def people_of(program: Program) -> list[dict[str, Any]]:
    memberships = Membership.objects.filter(program=program).select_related("user").order_by("pk")
    return [snapshot(membership) for membership in memberships]


@pytest.mark.django_db
@pytest.mark.parametrize("sink", [sink_for_connection, OrmSink], ids=["database-sink", "orm"])
def test_the_bulk_writer_stores_exactly_what_the_profile_services_store(program, sink):
    def crowd(domain: str) -> list[PersonSpec]:
        return list(
            chain(
                generate_people(seed=3, role=MENTOR, count=8, domain=domain),
                generate_people(seed=3, role=MENTEE, count=12, domain=domain),
            )
        )

    bulk_program = Program.objects.create(slug="bulk", name="Bulk")
    chosen: Sink = sink()
    written = write_people(
        program=bulk_program,
        people=crowd("bulk.demo.test"),
        vocabulary=Vocabulary.load(),
        password="!unusable",
        sink=chosen,
        batch_size=7,  # several batches, one of them short
    )
    for person in crowd("services.demo.test"):
        user = User.objects.create_user(person.email, None)
        add_person(program=program, user=user, spec=person)

    assert written == 20
    by_services = people_of(program)
    assert len(by_services) == 20 and sum("mentor" in p for p in by_services) == 8
    assert people_of(bulk_program) == by_services


@pytest.mark.django_db
def test_a_database_load_checks_every_foreign_key_and_restores_the_constraints(program):
    if connection.vendor != "postgresql":
        pytest.skip("COPY and constraint juggling are PostgreSQL's")

    def foreign_keys() -> set[tuple[str, str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                [[model._meta.db_table for model in TABLES]],
            )
            return set(cursor.fetchall())

    before = foreign_keys()
    assert len(before) >= 20
    sink = PostgresCopySink()
    profile = Profile.objects.create(user=User.objects.create_user("p@example.org"))
    missing_skill = (Skill.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    with pytest.raises(IntegrityError), transaction.atomic(), sink.loading(TABLES):
        sink.insert(ProfileSkill, ("profile_id", "skill_id"), [(profile.pk, missing_skill)])

    assert foreign_keys() == before
    assert not ProfileSkill.objects.filter(profile=profile).exists()

    with transaction.atomic(), sink.loading(TABLES):
        python = Skill.objects.get(slug="python").pk
        sink.insert(ProfileSkill, ("profile_id", "skill_id"), [(profile.pk, python)])
    assert foreign_keys() == before
    assert list(profile.skills.values_list("slug", flat=True)) == ["python"]
