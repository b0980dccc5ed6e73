"""Suggestions: computed from the index, stored with their explanation, kept fresh."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from matching.index_cache import current_index, forget, rebuild_index
from matching.models import Dismissal, Impression, RankerModel, Suggestion, SuggestionList
from matching.services.suggestions import (
    active_ranker,
    compute_suggestions,
    dismiss_suggestion,
    is_stale,
    set_ranker_weights,
)
from matching.services.training import activate_ranker
from mentorship.errors import ActionNotAllowed
from mentorship.models import GoalArea, Language, MenteeGoal, Profile, Skill
from mentorship.services.mentor_changes import mark_mentors_changed
from relationships.models import Block, Relationship
from relationships.services.relationships import close_relationship, start_relationship
from relationships.services.requests import Choice, send_request
from tests.conftest import client_for, membership_of
from tests.factories import make_member
from tests.matching.learning_support import trained_model


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    forget()
    yield
    forget()


def speak(user, *codes: str) -> None:
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.languages.set(Language.objects.filter(code__in=codes))


def make_mentor(program, email: str, help_text: str, *, language: str = "en"):
    membership = make_member(program=program, roles=("mentor",), email=email)
    mentor = membership.mentor_participation
    mentor.how_i_can_help = help_text
    mentor.save(update_fields=["how_i_can_help"])
    speak(membership.user, language)
    return mentor


@pytest.fixture
def mentee_part(program, mentee):
    participation = membership_of(mentee, program).mentee_participation
    speak(mentee, "en")
    MenteeGoal.objects.create(
        participation=participation,
        goal_area=GoalArea.objects.get(slug="leadership"),
        description="I want to lead a data engineering team and learn public speaking",
    )
    return participation


@pytest.fixture
def mentors(program):
    return {
        "data": make_mentor(program, "dana@example.org", "I lead data engineering teams"),
        "speaking": make_mentor(program, "sam@example.org", "Public speaking coach"),
        "gardening": make_mentor(program, "gus@example.org", "Gardening and cooking"),
        "french": make_mentor(program, "fifi@example.org", "data engineering", language="fr"),
    }


def suggested(mentee_part) -> list[int]:
    return list(
        Suggestion.objects.filter(mentee=mentee_part)
        .order_by("rank")
        .values_list("mentor_id", flat=True)
    )


def test_suggestions_are_ranked_with_reasons_and_the_ranker_version(mentee_part, mentors):
    compute_suggestions(mentee_id=mentee_part.pk)
    ids = suggested(mentee_part)
    assert set(ids[:2]) == {mentors["data"].pk, mentors["speaking"].pk}
    assert ids[-1] == mentors["gardening"].pk
    assert mentors["french"].pk not in ids  # no shared language
    first = Suggestion.objects.get(mentee=mentee_part, rank=1)
    assert first.ranker_version == active_ranker(mentee_part.membership.program).version
    assert first.index_build == 1
    assert any(reason.startswith("You both mention") for reason in first.breakdown["reasons"])
    assert {f["factor"] for f in first.breakdown["factors"]} >= {"text", "timezone"}
    assert SuggestionList.objects.get(mentee=mentee_part).eligible_mentors == 3


def test_a_rerun_replaces_the_list_instead_of_duplicating_it(mentee_part, mentors):
    compute_suggestions(mentee_id=mentee_part.pk)
    compute_suggestions(mentee_id=mentee_part.pk)
    assert Suggestion.objects.filter(mentee=mentee_part).count() == 3


def test_open_requests_current_mentors_bad_fits_blocks_and_dismissals_are_never_suggested(
    program, mentee, mentee_part, mentors
):
    extra = make_mentor(program, "ed@example.org", "data engineering leadership")
    send_request(mentee=mentee_part, choices=[Choice(mentor=mentors["data"])], message="Hi")
    relationship = start_relationship(mentee=mentee_part, mentor=mentors["speaking"])
    close_relationship(
        relationship=relationship, by=mentee, reason=Relationship.CloseReason.NOT_A_GOOD_FIT
    )
    Block.objects.create(blocker=extra.membership.user, blocked=mentee)
    compute_suggestions(mentee_id=mentee_part.pk)
    assert suggested(mentee_part) == [mentors["gardening"].pk]

    dismiss_suggestion(suggestion=Suggestion.objects.get(mentee=mentee_part), by=mentee)
    assert Dismissal.objects.filter(mentee=mentee_part).count() == 1
    compute_suggestions(mentee_id=mentee_part.pk)
    assert suggested(mentee_part) == []


def test_only_the_mentee_may_dismiss(mentee_part, mentors, other_mentee):
    compute_suggestions(mentee_id=mentee_part.pk)
    with pytest.raises(ActionNotAllowed):
        dismiss_suggestion(
            suggestion=Suggestion.objects.get(mentee=mentee_part, rank=1), by=other_mentee
        )


def test_new_goals_a_profile_edit_or_an_edited_mentor_make_the_list_stale(mentee_part, mentors):
    compute_suggestions(mentee_id=mentee_part.pk)
    assert not is_stale(mentee_part)
    mark_mentors_changed(mentor_ids=[mentors["data"].pk])
    assert is_stale(mentee_part)
    compute_suggestions(mentee_id=mentee_part.pk)
    mentee_part.save(update_fields=["updated_at"])
    assert is_stale(mentee_part)


def test_a_process_catches_up_on_an_edited_mentor_without_a_rebuild(program, mentee_part, mentors):
    index = current_index(program)
    gardening_row = index.row_of[mentors["gardening"].pk]
    query = index.vectorize("public speaking")
    assert index.text_scores(query)[gardening_row] == 0.0

    mentors["gardening"].how_i_can_help = "public speaking for shy engineers"
    mentors["gardening"].save(update_fields=["how_i_can_help"])
    mark_mentors_changed(mentor_ids=[mentors["gardening"].pk])

    caught_up = current_index(program)
    assert caught_up is index and caught_up.build_number == 1
    assert caught_up.text_scores(query)[gardening_row] > 0.0


def test_a_rebuild_gets_a_new_build_number_that_processes_follow(program, mentee_part, mentors):
    current_index(program)
    build = rebuild_index(program)
    assert build.number == 2 and build.mentors == 4
    forget()
    assert current_index(program).build_number == 2


def test_a_failed_computation_keeps_the_previous_list_and_says_so(program, mentee_part, mentors):
    compute_suggestions(mentee_id=mentee_part.pk)
    before = suggested(mentee_part)
    RankerModel.objects.filter(program=program).update(weights={"text": 99})
    compute_suggestions(mentee_id=mentee_part.pk)
    assert suggested(mentee_part) == before
    listing = SuggestionList.objects.get(mentee=mentee_part)
    assert listing.failed_at is not None and "InvalidWeights" in listing.last_error


def test_program_admins_change_the_weights_within_0_to_10(program, program_admin, mentee):
    with pytest.raises(ValidationError):
        set_ranker_weights(program=program, weights={"text": 11}, by=program_admin)
    with pytest.raises(ValidationError):
        set_ranker_weights(
            program=program,
            weights={name: 0 for name in active_ranker(program).weights},
            by=program_admin,
        )
    with pytest.raises(ActionNotAllowed):
        set_ranker_weights(program=program, weights={"text": 5}, by=mentee)
    first = active_ranker(program)
    second = set_ranker_weights(program=program, weights={"timezone": 9}, by=program_admin)
    assert second.pk != first.pk and active_ranker(program) == second
    assert second.weights["timezone"] == 9.0


def test_the_api_lists_my_suggestions_only(mentee, mentee_part, mentors, other_mentee, alice):
    compute_suggestions(mentee_id=mentee_part.pk)
    response = client_for(mentee).get("/api/v1/programs/rise/suggestions/")
    assert response.status_code == 200
    body = response.json()
    assert [item["mentor"] for item in body["results"]] == suggested(mentee_part)
    assert body["results"][0]["breakdown"]["reasons"]
    assert body["results"][0]["ranker_version"]
    assert body["stale"] is False
    # other_mentee has no goals and no list; alice is not a member at all.
    assert (
        client_for(other_mentee).get("/api/v1/programs/rise/suggestions/").json()["results"] == []
    )
    assert client_for(alice).get("/api/v1/programs/rise/suggestions/").status_code == 404


def test_dismissing_through_the_api_is_for_my_own_suggestions(
    mentee, mentee_part, mentors, other_mentee
):
    compute_suggestions(mentee_id=mentee_part.pk)
    first = Suggestion.objects.get(mentee=mentee_part, rank=1)
    url = f"/api/v1/programs/rise/suggestions/{first.pk}/dismiss/"
    assert client_for(other_mentee).post(url).status_code == 404
    assert client_for(mentee).post(url).status_code == 204
    assert not Suggestion.objects.filter(pk=first.pk).exists()


def test_refreshing_through_the_api_returns_a_job(
    mentee, mentee_part, mentors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(mentee).post("/api/v1/programs/rise/suggestions/refresh/")
    assert response.status_code == 202
    job = client_for(mentee).get(f"/api/v1/jobs/{response.json()['id']}/")
    assert job.json()["state"] == "succeeded"
    assert len(suggested(mentee_part)) == 3


@pytest.mark.parametrize("count", [2, 20])
def test_the_suggestions_page_and_endpoint_cost_the_same_queries_for_2_or_20(
    program, mentee, mentee_part, count, django_assert_max_num_queries, client
):
    for number in range(count):
        make_mentor(program, f"mentor{number}@example.org", f"data engineering {number}")
    compute_suggestions(mentee_id=mentee_part.pk)
    assert Suggestion.objects.filter(mentee=mentee_part).count() == count
    client.force_login(mentee)
    with django_assert_max_num_queries(20):
        page = client.get("/programs/rise/suggestions/")
    assert page.status_code == 200
    with django_assert_max_num_queries(14):
        api = client_for(mentee).get("/api/v1/programs/rise/suggestions/")
    assert len(api.json()["results"]) == count


def test_the_page_shows_reasons_and_records_what_was_shown(client, mentee, mentee_part, mentors):
    compute_suggestions(mentee_id=mentee_part.pk)
    client.force_login(mentee)
    html = client.get("/programs/rise/suggestions/").content.decode()
    assert "You both mention" in html
    assert "Not interested" in html
    impression = Impression.objects.get(mentee=mentee_part)
    assert impression.mentor_ids == suggested(mentee_part)


def test_the_admin_sees_the_lists_each_ranker_version_was_shown_in(
    client, program, program_admin, mentee, mentee_part, mentors
):
    """What "new suggestions carry the new version" looks like to the admin who activated it."""
    default = active_ranker(program)
    model = trained_model(program)
    activate_ranker(model=model, by=program_admin)
    client.force_login(program_admin)
    card_url = reverse("ranker_model_detail", args=[program.slug, model.pk])
    assert "No mentee has been shown a list ranked by this version yet" in (
        client.get(card_url).content.decode()
    )

    compute_suggestions(mentee_id=mentee_part.pk)
    client.force_login(mentee)
    client.get("/programs/rise/suggestions/")
    client.get("/programs/rise/suggestions/")

    client.force_login(program_admin)
    assert "Mentees have been shown 2 lists ranked by this version" in (
        client.get(card_url).content.decode()
    )
    rows = client_for(program_admin).get("/api/v1/programs/rise/ranker-models/").json()["results"]
    shown = {row["version"]: row["lists_shown"] for row in rows}
    assert shown == {model.version: 2, default.version: 0}
    assert next(row for row in rows if row["version"] == model.version)["last_shown_at"]


def test_a_mentee_without_goals_is_told_what_to_fill_in(client, program, mentee):
    client.force_login(mentee)
    html = client.get("/programs/rise/suggestions/").content.decode()
    assert "Add your goals" in html


def test_requesting_a_suggestion_carries_its_snapshot(client, mentee, mentee_part, mentors):
    compute_suggestions(mentee_id=mentee_part.pk)
    first, second = Suggestion.objects.filter(mentee=mentee_part).order_by("rank")[:2]
    client.force_login(mentee)
    response = client.post(
        f"/programs/rise/suggestions/{first.pk}/request/",
        {"message": "Would love your help", "backup_1": second.pk},
    )
    assert response.status_code == 302
    from relationships.models import MentorRequest

    sent = MentorRequest.objects.get(mentor=first.mentor)
    assert sent.state == MentorRequest.State.PENDING
    assert sent.match_score == first.score and sent.match_rank == 1
    assert sent.ranker_version == first.ranker_version
    assert sent.match_breakdown == first.breakdown
    backup = MentorRequest.objects.get(mentor=second.mentor)
    assert backup.state == MentorRequest.State.QUEUED and backup.match_rank == 2
    assert timezone.now() > sent.created_at


def test_skills_wanted_shape_the_ranking(program, mentee_part, mentors):
    python = Skill.objects.get(slug="python")
    mentee_part.skills_wanted.add(python)
    profile = Profile.objects.get(user=mentors["gardening"].membership.user)
    profile.skills.add(python)
    mark_mentors_changed(mentor_ids=[mentors["gardening"].pk])
    compute_suggestions(mentee_id=mentee_part.pk)
    gardening = Suggestion.objects.get(mentee=mentee_part, mentor=mentors["gardening"])
    assert "Can help with Python" in gardening.breakdown["reasons"]


def test_catch_up_rereads_only_the_rows_it_has_not_applied(program, mentee_part, mentors):
    """A bulk change just before is not re-read by every ranking in the look-back window."""
    from matching.index_cache import _cache, catch_up

    current_index(program)
    cached = _cache[program.pk]
    assert catch_up(cached, program) == 0
    mark_mentors_changed(mentor_ids=[mentors["data"].pk])
    assert catch_up(cached, program) == 1
    assert catch_up(cached, program) == 0
