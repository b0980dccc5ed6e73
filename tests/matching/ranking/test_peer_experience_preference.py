"""The program's experience preference: senior (as always), none (left out), reverse."""

from __future__ import annotations

from matching.ranking.explanation import Names, explain
from matching.ranking.index import MentorIndex
from matching.ranking.records import MenteeQuery, MentorRecord
from matching.ranking.scoring import rank

EN = frozenset({"en"})
REACT = 7
NAMES = Names(skills={REACT: "React"})


def mentor(mentor_id: int, years: float, *, knows_react: bool = True) -> MentorRecord:
    return MentorRecord(
        id=mentor_id,
        user_id=100 + mentor_id,
        text="frontend web development",
        skills=frozenset({REACT}) if knows_react else frozenset(),
        languages=EN,
        years_experience=years,
        capacity_total=3,
        capacity_remaining=3,
    )


def executive(preference: str, years: float | None = 25) -> MenteeQuery:
    """A senior leader who wants to learn React."""
    return MenteeQuery(
        user_id=1,
        text="frontend web development",
        skills_wanted=frozenset({REACT}),
        languages=EN,
        years_experience=years,
        seniority_preference=preference,
    )


JUNIOR, VETERAN, JUNIOR_WITHOUT_REACT = 1, 2, 3


def mentors() -> MentorIndex:
    return MentorIndex.build(
        [
            mentor(JUNIOR, 2),
            mentor(VETERAN, 30),
            mentor(JUNIOR_WITHOUT_REACT, 2, knows_react=False),
        ],
        build_number=1,
    )


def scored(preference: str, years: float | None = 25):
    index = mentors()
    query = executive(preference, years)
    ranking = rank(index, query)
    return index, query, {m.mentor_id: m for m in ranking.mentors}


def reasons_for(preference: str, mentor_id: int) -> list[str]:
    index, query, by_id = scored(preference)
    vector = index.vectorize(query.text)
    breakdown = explain(index, query, by_id[mentor_id], query_vector=vector, names=NAMES)
    return list(breakdown["reasons"])


def test_senior_favours_the_more_experienced_mentor_as_before():
    _, _, by_id = scored("senior")
    assert by_id[VETERAN].score > by_id[JUNIOR].score
    assert by_id[VETERAN].values["seniority"] == 1.0
    assert "5 more years of experience" in reasons_for("senior", VETERAN)


def test_reverse_favours_the_less_experienced_mentor_who_knows_what_the_mentee_wants():
    _, _, by_id = scored("reverse")
    assert by_id[JUNIOR].score > by_id[VETERAN].score
    assert by_id[JUNIOR].values["seniority"] == 1.0
    assert by_id[VETERAN].values["seniority"] == 0.0
    # Being junior is not enough: knowing React is what puts the junior first.
    assert by_id[JUNIOR].score > by_id[JUNIOR_WITHOUT_REACT].score
    # And knowing it outweighs being junior: a veteran who knows React still comes before
    # a junior who does not.
    assert list(by_id) == [JUNIOR, VETERAN, JUNIOR_WITHOUT_REACT]


def test_reverse_says_so_in_plain_words_and_never_claims_seniority():
    reasons = reasons_for("reverse", JUNIOR)
    assert "Reverse mentoring: 23 years newer to the field than you, and knows React" in reasons
    assert not any(
        "more years of experience" in reason for reason in reasons_for("reverse", VETERAN)
    )


def test_reverse_without_the_mentees_experience_is_neutral():
    _, _, by_id = scored("reverse", years=None)
    assert by_id[JUNIOR].values["seniority"] == by_id[VETERAN].values["seniority"] == 0.5


def test_none_leaves_experience_out_of_the_score_and_the_reasons():
    _, _, by_id = scored("none")
    assert all("seniority" not in m.values for m in by_id.values())
    assert all("seniority" not in m.weights for m in by_id.values())
    # Same skills, text and everything else: experience no longer separates the two.
    assert by_id[JUNIOR].score == by_id[VETERAN].score
    for mentor_id in (JUNIOR, VETERAN):
        assert not any(
            "experience" in reason or "newer" in reason for reason in reasons_for("none", mentor_id)
        )
