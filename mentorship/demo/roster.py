"""The demo logins' own people: who `mentee@demo.test` and `mentor@demo.test` are.

The mentee is half-way through onboarding on purpose (one goal, no skills, no headline),
so a newcomer signing in has a next step to take. The mentor has a complete profile that
the directory finds for "data", "python" or "career growth", in a time zone near the
mentee's.
"""

from __future__ import annotations

from mentorship.demo.people import MenteeSpec, MentorSpec, PersonSpec
from mentorship.models.participation import MenteeParticipation
from mentorship.models.profiles import MeetingMode

MENTEE_LOGIN = PersonSpec(
    email="mentee@demo.test",
    display_name="Mia Mentee",
    time_zone="Europe/Berlin",
    headline="",
    bio="",
    job_title="Junior Data Analyst",
    organisation="Meridian Health",
    industry="healthcare",
    years_experience=1,
    languages=("de", "en"),
    skills=(),
    meeting_modes=(MeetingMode.VIDEO,),
    availability_hours_per_month=None,
    mentee=MenteeSpec(
        goals=(
            (
                "career-growth",
                "I want to grow from reporting into a data scientist role within a year and "
                "understand which skills to build first.",
            ),
        ),
        skills_wanted=(),
        preferred_languages=(),
        industry_preference=MenteeParticipation.IndustryPreference.ANY,
        seniority_preference=MenteeParticipation.SeniorityPreference.ANY,
    ),
)

MENTOR_LOGIN = PersonSpec(
    email="mentor@demo.test",
    display_name="Marcus Mentor",
    time_zone="Europe/London",
    headline="Head of Data at Northwind Health · 18 years in healthcare analytics",
    bio=(
        "I'm Head of Data at Northwind Health in London, with 18 years of experience in "
        "data and analytics. I started as an analyst counting hospital beds in spreadsheets "
        "and now lead a team of twenty that builds forecasting models for patient care. I "
        "had generous mentors early on and want to pass on what they taught me. Outside "
        "work I coach a youth football team."
    ),
    job_title="Head of Data",
    organisation="Northwind Health",
    industry="healthcare",
    years_experience=18,
    languages=("en", "de"),
    skills=("data-analysis", "sql", "python", "machine-learning", "people-management"),
    meeting_modes=(MeetingMode.VIDEO, MeetingMode.CHAT),
    availability_hours_per_month=6,
    mentor=MentorSpec(
        expertise_areas=("technical-skills", "career-growth", "leadership"),
        skills_taught=("data-analysis", "sql", "python", "machine-learning"),
        how_i_can_help=(
            "I can help you plan your way from analyst to data scientist, get real depth in "
            "SQL and Python, and make your work visible to the people who decide on "
            "promotions. I'm happy to review notebooks and dashboards. I prefer a video call "
            "every two or three weeks, with short chats in between."
        ),
        capacity=3,
        accepting_mentees=True,
    ),
)
