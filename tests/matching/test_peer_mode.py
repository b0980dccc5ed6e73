"""Peer and reverse mentoring in a program: roles, symmetric suggestions, the settings."""

from __future__ import annotations

import itertools

import pytest

from matching.index_cache import forget
from matching.models import Suggestion
from matching.records import mentee_query
from matching.services.suggestions import compute_suggestions
from mentorship.models import GoalArea, Language, Membership, MenteeGoal, Program, Skill, User
from mentorship.services.participant_import import preview_import, run_import
from mentorship.services.programs import decide_join_request, join_program
from relationships.services.requests import Choice, send_request
from tests.conftest import client_for
from tests.factories import UserFactory, make_member, make_program
from tests.mentorship.participant_files import csv_bytes, mentee_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    forget()
    yield
    forget()


@pytest.fixture
def peers() -> Program:
    return make_program(slug="peers", name="Peers", pairing=Program.Pairing.PEER)


def skill(name: str) -> Skill:
    return Skill.objects.get(name=name)


def peer(program: Program, email: str, *, teaches: str, wants: str, years: int) -> User:
    """A member of a peer program with a goal, a skill to teach and one to learn."""
    membership = make_member(program=program, roles=("mentee", "mentor"), email=email)
    user = membership.user
    profile = user.profile
    profile.years_experience = years
    profile.headline = f"Knows {teaches}"
    profile.save()
    profile.skills.set([skill(teaches)])
    profile.languages.set(Language.objects.filter(code="en"))
    mentee = membership.mentee_participation
    mentee.skills_wanted.set([skill(wants)])
    MenteeGoal.objects.create(
        participation=mentee,
        goal_area=GoalArea.objects.order_by("pk")[0],
        description=f"I want to learn {wants}",
    )
    mentor = membership.mentor_participation
    mentor.how_i_can_help = f"I can teach {teaches}"
    mentor.save(update_fields=["how_i_can_help"])
    return user


@pytest.fixture
def cohort(peers: Program) -> dict[str, User]:
    return {
        "ada": peer(peers, "ada@example.org", teaches="UX design", wants="Python", years=4),
        "ben": peer(peers, "ben@example.org", teaches="Python", wants="UX design", years=5),
        "cy": peer(peers, "cy@example.org", teaches="Python", wants="Public speaking", years=3),
        "dee": peer(peers, "dee@example.org", teaches="SQL", wants="Python", years=20),
    }


def suggestions_of(user: User, program: Program) -> dict[int, Suggestion]:
    """This person's stored suggestions, by the suggested person's user id."""
    mentee = Membership.objects.get(user=user, program=program).mentee_participation
    compute_suggestions(mentee_id=mentee.pk)
    return {
        suggestion.mentor.membership.user_id: suggestion
        for suggestion in Suggestion.objects.filter(mentee=mentee).select_related(
            "mentor__membership"
        )
    }


def test_everyone_sees_everyone_else_with_the_same_score_both_ways(peers, cohort):
    lists = {user.pk: suggestions_of(user, peers) for user in cohort.values()}
    for a, b in itertools.permutations(cohort.values(), 2):
        assert lists[a.pk][b.pk].score == lists[b.pk][a.pk].score
    for user in cohort.values():
        assert user.pk not in lists[user.pk]  # never yourself
        assert len(lists[user.pk]) == 3


def test_complementary_peers_come_first_and_the_reasons_say_both_ways(peers, cohort):
    ada_list = suggestions_of(cohort["ada"], peers)
    best = min(ada_list.values(), key=lambda suggestion: suggestion.rank)
    assert best.mentor.membership.user == cohort["ben"]
    reasons = best.breakdown["reasons"]
    assert "Can help you with Python" in reasons
    assert "You can help them with UX design" in reasons
    halves = best.breakdown["peer"]
    assert best.score == pytest.approx((halves["for_you"] + halves["for_them"]) / 2, abs=0.01)


def test_the_api_lists_peer_suggestions_and_a_person_is_both_mentee_and_mentor(peers, cohort):
    ada, ben = cohort["ada"], cohort["ben"]
    suggestions_of(ada, peers)
    body = client_for(ada).get("/api/v1/programs/peers/suggestions/").json()
    first = body["results"][0]
    assert first["mentor_name"] == ben.name
    assert set(first["breakdown"]["peer"]) == {"for_you", "for_them"}
    # Ada asks Ben (as her mentor); Ben sees it as mentor and Ada as mentee.
    sent = client_for(ada).post(
        "/api/v1/requests/",
        {"program": "peers", "message": "Swap skills?", "mentors": [first["mentor"]]},
    )
    assert sent.status_code == 201
    received = client_for(ben).get("/api/v1/requests/", {"role": "mentor"}).json()["results"]
    assert [row["id"] for row in received] == [sent.json()[0]["id"]]
    assert client_for(ada).get("/api/v1/requests/", {"role": "mentee"}).json()["count"] == 1


def test_someone_who_asked_you_is_not_suggested_back_while_pending(peers, cohort):
    ada, ben = cohort["ada"], cohort["ben"]
    ben_as_mentor = Membership.objects.get(user=ben, program=peers).mentor_participation
    send_request(
        mentee=Membership.objects.get(user=ada, program=peers).mentee_participation,
        choices=[Choice(ben_as_mentor)],
        message="Hi",
    )
    assert ada.pk not in suggestions_of(ben, peers)


def test_joining_a_peer_program_makes_you_both_mentee_and_mentor(peers):
    user = UserFactory.create()
    membership = join_program(user=user, program=peers, roles=["mentee"])
    assert membership.has_role("mentee") and membership.has_role("mentor")


def test_an_approved_join_request_in_a_peer_program_gives_both_roles(peers):
    admin = make_member(program=peers, roles=(), is_admin=True, email="pat@example.org").user
    peers.join_mode = Program.JoinMode.INVITE_ONLY
    peers.save(update_fields=["join_mode"])
    asking = join_program(user=UserFactory.create(), program=peers, roles=["mentor"])
    approved = decide_join_request(decided_by=admin, membership=asking, approve=True)
    approved = Membership.objects.get(pk=approved.pk)
    assert approved.has_role("mentee") and approved.has_role("mentor")


def test_importing_into_a_peer_program_makes_everyone_both(peers):
    admin = make_member(program=peers, roles=(), is_admin=True, email="pat@example.org").user
    record = preview_import(
        program=peers, uploaded_by=admin, filename="f.csv", data=csv_bytes(mentee_row())
    )
    run_import(participant_import=record, imported_by=admin)
    imported = Membership.objects.get(program=peers, user__email="nina@example.com")
    assert imported.has_role("mentee") and imported.has_role("mentor")


def test_a_mentor_mentee_program_keeps_the_roles_asked_for(program):
    membership = join_program(user=UserFactory.create(), program=program, roles=["mentee"])
    assert membership.has_role("mentee") and not membership.has_role("mentor")


@pytest.mark.parametrize(
    ("pairing", "preference", "wish", "applied"),
    [
        ("mentor_mentee", "senior", "executive", "executive"),  # the mentee's own wish
        ("mentor_mentee", "reverse", "executive", "reverse"),
        ("mentor_mentee", "none", "senior", "none"),
        ("peer", "senior", "executive", "peer"),
        ("peer", "none", "senior", "none"),
    ],
)
def test_the_program_setting_decides_the_experience_preference_the_ranker_applies(
    pairing, preference, wish, applied
):
    program = make_program(slug="p", pairing=pairing, seniority_preference=preference)
    membership = make_member(program=program, roles=("mentee",))
    mentee = membership.mentee_participation
    mentee.seniority_preference = wish
    mentee.save(update_fields=["seniority_preference"])
    assert mentee_query(mentee).seniority_preference == applied


def test_a_reverse_program_suggests_the_junior_who_knows_the_skill_first():
    program = make_program(slug="reverse", seniority_preference=Program.SeniorityPreference.REVERSE)
    executive = make_member(program=program, roles=("mentee",), email="exec@example.org")
    executive.user.profile.years_experience = 25
    executive.user.profile.save()
    executive.user.profile.languages.set(Language.objects.filter(code="en"))
    executive.mentee_participation.skills_wanted.set([skill("Python")])
    MenteeGoal.objects.create(
        participation=executive.mentee_participation,
        goal_area=GoalArea.objects.order_by("pk")[0],
        description="Learn Python for data analysis",
    )
    people = {}
    for email, years in (("junior@example.org", 2), ("veteran@example.org", 30)):
        membership = make_member(program=program, roles=("mentor",), email=email)
        membership.user.profile.years_experience = years
        membership.user.profile.save()
        membership.user.profile.skills.set([skill("Python")])
        membership.user.profile.languages.set(Language.objects.filter(code="en"))
        people[email] = membership.mentor_participation
    compute_suggestions(mentee_id=executive.mentee_participation.pk)
    ordered = list(
        Suggestion.objects.filter(mentee=executive.mentee_participation).order_by("rank")
    )
    assert [s.mentor_id for s in ordered] == [
        people["junior@example.org"].pk,
        people["veteran@example.org"].pk,
    ]
    assert any(reason.startswith("Reverse mentoring") for reason in ordered[0].breakdown["reasons"])


def test_the_program_api_shows_pairing_and_experience_preference(peers, cohort):
    body = client_for(cohort["ada"]).get("/api/v1/programs/peers/").json()
    assert body["pairing"] == "peer"
    assert body["seniority_preference"] == "senior"


def test_the_peer_demo_shows_symmetric_suggestions_to_its_login(django_assert_max_num_queries):
    from mentorship.demo.peer import PEER_LOGIN_EMAIL, PEER_MEMBERS, seed_peer_program

    result = seed_peer_program(seed=2024)
    assert result.created and result.program.pairing == Program.Pairing.PEER
    login = Membership.objects.get(program=result.program, user__email=PEER_LOGIN_EMAIL)
    assert login.has_role("mentee") and login.has_role("mentor")
    assert result.program.memberships.filter(is_admin=False).count() == PEER_MEMBERS + 1
    mine = suggestions_of(login.user, result.program)
    best = min(mine.values(), key=lambda suggestion: suggestion.rank)
    assert "Can help you with Python" in best.breakdown["reasons"]
    partner = User.objects.get(pk=best.mentor.membership.user_id)
    assert suggestions_of(partner, result.program)[login.user_id].score == best.score
    with django_assert_max_num_queries(1):  # `make run` seeds on every start
        assert not seed_peer_program(seed=2024).created
