"""Editing a cohort proposal and publishing it: all or nothing, never past a capacity."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils.html import escape

from matching.index_cache import forget
from matching.models import MatchRun, ProposedPair
from matching.services.match_run_edits import move_pair, set_pair_status, swap_pairs
from matching.services.match_run_publish import publish_match_run
from mentorship.errors import ActionNotAllowed, InvalidTransition
from mentorship.models import AuditEntry, Notification, NotificationKind
from relationships.models import Block, Relationship
from relationships.services.relationships import start_relationship
from tests.matching.cohort import add_mentee, add_mentor, cohort, pairs_of, run_now


@pytest.fixture(autouse=True)
def _fresh_index_cache():
    forget()
    yield
    forget()


@pytest.fixture
def people(program):
    return cohort(program)


@pytest.fixture
def run(program, program_admin, people, django_capture_on_commit_callbacks):
    return run_now(django_capture_on_commit_callbacks, program=program, by=program_admin)


def pair_of(run: MatchRun, mentee) -> ProposedPair:
    return ProposedPair.objects.select_related("mentee__membership__user").get(
        run=run, mentee=mentee
    )


def publish(run, by, capture):
    with capture(execute=True):
        return publish_match_run(run=run, by=by)


# --- edits -------------------------------------------------------------------------------


def test_removing_a_pair_updates_the_proposals_figures(run, people, program_admin):
    pair = pair_of(run, people.mentees[0])
    set_pair_status(pair=pair, status="removed", by=program_admin)
    run.refresh_from_db()
    assert run.metrics["current"]["matched"] == 2
    assert run.metrics["current"]["coverage"] == pytest.approx(2 / 3)
    assert run.metrics["matched"] == 3  # the solver's figure stays as it was
    set_pair_status(pair=pair, status="proposed", by=program_admin)
    run.refresh_from_db()
    assert run.metrics["current"]["matched"] == 3


def test_a_removed_pair_cannot_come_back_when_its_mentor_took_another_mentee(
    run, people, program_admin
):
    first, second = pair_of(run, people.mentees[0]), pair_of(run, people.mentees[1])
    set_pair_status(pair=first, status="removed", by=program_admin)
    set_pair_status(pair=second, status="removed", by=program_admin)
    set_pair_status(pair=second, status="proposed", by=program_admin)
    # Mentee 1 now takes mentor 0's only place …
    move_pair(pair=pair_of(run, people.mentees[1]), mentor_id=first.mentor_id, by=program_admin)
    # … so mentee 0's pair with that mentor cannot be restored.
    with pytest.raises(InvalidTransition):
        set_pair_status(pair=first, status="proposed", by=program_admin)
    assert pair_of(run, people.mentees[0]).status == ProposedPair.Status.REMOVED


def test_an_unknown_status_is_refused(run, people, program_admin):
    with pytest.raises(ValidationError) as refused:
        set_pair_status(pair=pair_of(run, people.mentees[0]), status="maybe", by=program_admin)
    assert "status" in refused.value.message_dict


def test_swapping_two_pairs_exchanges_their_mentors_and_rescores_them(run, people, program_admin):
    first, second = pair_of(run, people.mentees[0]), pair_of(run, people.mentees[1])
    old_score = first.score
    swap_pairs(pair=first, other=second, by=program_admin)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.mentor == people.mentors[1]
    assert second.mentor == people.mentors[0]
    assert first.score < old_score  # a worse fit than the solver's choice
    assert first.reasons and first.breakdown["reasons"] == first.reasons


def test_a_swap_that_makes_a_pair_the_ranker_forbids_is_refused(run, people, program_admin):
    mentee_user = people.mentees[0].membership.user
    Block.objects.create(blocker=mentee_user, blocked=people.mentors[1].membership.user)
    first, second = pair_of(run, people.mentees[0]), pair_of(run, people.mentees[1])
    with pytest.raises(ValidationError) as refused:
        swap_pairs(pair=first, other=second, by=program_admin)
    assert "swap_with" in refused.value.message_dict
    assert pairs_of(run)[people.mentees[0].pk] == people.mentors[0].pk


def test_locked_pairs_must_be_unlocked_before_their_mentor_changes(run, people, program_admin):
    first, second = pair_of(run, people.mentees[0]), pair_of(run, people.mentees[1])
    set_pair_status(pair=first, status="locked", by=program_admin)
    with pytest.raises(InvalidTransition):
        swap_pairs(pair=first, other=second, by=program_admin)
    with pytest.raises(InvalidTransition):
        move_pair(pair=first, mentor_id=people.mentors[2].pk, by=program_admin)


def test_moving_a_mentee_needs_a_place_with_the_new_mentor(run, people, program_admin):
    with pytest.raises(InvalidTransition):
        move_pair(
            pair=pair_of(run, people.mentees[0]), mentor_id=people.mentors[1].pk, by=program_admin
        )
    set_pair_status(pair=pair_of(run, people.mentees[1]), status="removed", by=program_admin)
    move_pair(
        pair=pair_of(run, people.mentees[0]), mentor_id=people.mentors[1].pk, by=program_admin
    )
    assert pairs_of(run)[people.mentees[0].pk] == people.mentors[1].pk


def test_moving_to_a_mentor_outside_the_run_is_refused(program, run, people, program_admin):
    outsider = add_mentor(program, "late@example.org", "I lead data engineering teams")
    with pytest.raises(ValidationError) as refused:
        move_pair(pair=pair_of(run, people.mentees[0]), mentor_id=outsider.pk, by=program_admin)
    assert "mentor" in refused.value.message_dict


def test_only_the_programs_admins_can_edit(run, people, mentor, other_program_admin):
    for person in (mentor, other_program_admin):
        with pytest.raises(ActionNotAllowed):
            set_pair_status(pair=pair_of(run, people.mentees[0]), status="removed", by=person)
    assert pair_of(run, people.mentees[0]).status == ProposedPair.Status.PROPOSED


# --- publishing -------------------------------------------------------------------------


def test_publishing_starts_every_relationship_with_the_pairs_snapshot(
    run, people, program_admin, django_capture_on_commit_callbacks
):
    removed = pair_of(run, people.mentees[2])
    set_pair_status(pair=removed, status="removed", by=program_admin)
    kept = pair_of(run, people.mentees[0])

    created = publish(run, program_admin, django_capture_on_commit_callbacks)

    assert len(created) == 2
    relationship = Relationship.objects.get(mentee=people.mentees[0])
    assert relationship.mentor == people.mentors[0]
    assert relationship.origin == Relationship.Origin.COHORT
    assert relationship.match_score == kept.score
    assert relationship.match_rank == 1
    assert relationship.match_breakdown == kept.breakdown
    assert relationship.ranker_version == str(run.ranker_id)
    assert not Relationship.objects.filter(mentee=people.mentees[2]).exists()
    run.refresh_from_db()
    assert run.state == MatchRun.State.PUBLISHED
    assert run.published_by == program_admin
    assert run.published_at is not None
    assert pair_of(run, people.mentees[0]).relationship == relationship
    assert pair_of(run, people.mentees[2]).relationship is None
    audit = AuditEntry.objects.get(action=AuditEntry.Action.PUBLISHED_MATCH_RUN)
    assert (audit.actor, audit.program, audit.target_id) == (
        program_admin,
        run.program,
        str(run.pk),
    )


def test_everyone_matched_is_notified_in_the_publishs_own_transaction(
    run, people, program_admin, django_capture_on_commit_callbacks
):
    # The notifications commit with the relationships (only their emails wait for the
    # commit), so a worker dying right after the commit cannot leave anyone untold.
    with django_capture_on_commit_callbacks(execute=False):
        publish_match_run(run=run, by=program_admin)
    told = Notification.objects.filter(kind=NotificationKind.MATCH_PUBLISHED)
    recipients = sorted(told.values_list("recipient_id", flat=True))
    everyone = [m.membership.user_id for m in people.mentees + people.mentors]
    assert recipients == sorted(everyone)
    mentee_note = told.get(recipient=people.mentees[0].membership.user)
    assert people.mentors[0].membership.user.name in mentee_note.title


def test_publishing_sends_each_person_exactly_one_notification(
    program, people, program_admin, django_capture_on_commit_callbacks
):
    roomy = add_mentor(program, "roomy@example.org", "Data engineering leadership", capacity=2)
    run = run_now(
        django_capture_on_commit_callbacks,
        program=program,
        by=program_admin,
        mentee_ids=[people.mentees[0].pk, people.mentees[1].pk],
        mentor_ids=[roomy.pk],
    )
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    publish(run, program_admin, django_capture_on_commit_callbacks)

    told = Notification.objects.filter(pk__gt=before)
    mentees = [people.mentees[0].membership.user_id, people.mentees[1].membership.user_id]
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [*mentees, roomy.membership.user_id]
    )
    assert set(told.values_list("kind", flat=True)) == {NotificationKind.MATCH_PUBLISHED}
    mentor_note = told.get(recipient_id=roomy.membership.user_id)
    for mentee in people.mentees[:2]:
        assert mentee.membership.user.name in mentor_note.title


def test_a_run_cannot_be_published_twice(run, program_admin, django_capture_on_commit_callbacks):
    publish(run, program_admin, django_capture_on_commit_callbacks)
    with pytest.raises(InvalidTransition) as refused:
        publish(run, program_admin, django_capture_on_commit_callbacks)
    assert "already published" in refused.value.message
    assert Relationship.objects.count() == 3


def test_a_published_run_can_no_longer_be_edited(
    run, people, program_admin, django_capture_on_commit_callbacks
):
    publish(run, program_admin, django_capture_on_commit_callbacks)
    with pytest.raises(InvalidTransition):
        set_pair_status(pair=pair_of(run, people.mentees[0]), status="removed", by=program_admin)


def test_a_mentor_who_filled_up_since_the_run_makes_the_whole_publish_refused(
    program, run, people, program_admin, django_capture_on_commit_callbacks
):
    late = add_mentee(program, "late@example.org", ("leadership", "Lead a data team"))
    start_relationship(mentee=late, mentor=people.mentors[0])  # takes mentor 0's only place

    with pytest.raises(InvalidTransition) as refused:
        publish(run, program_admin, django_capture_on_commit_callbacks)

    assert people.mentees[0].membership.user.name in refused.value.message
    assert people.mentors[0].membership.user.name in refused.value.message
    assert len(refused.value.errors["pairs"]) == 1
    assert Relationship.objects.count() == 1  # only the late one: nothing was published
    assert not Notification.objects.filter(kind=NotificationKind.MATCH_PUBLISHED).exists()
    run.refresh_from_db()
    assert run.state == MatchRun.State.READY
    for mentor in people.mentors:
        current = Relationship.objects.filter(mentor=mentor).current().count()
        assert current <= mentor.capacity


def test_a_mentee_matched_since_the_run_makes_the_publish_refused(
    program, run, people, program_admin, django_capture_on_commit_callbacks
):
    spare = add_mentor(program, "spare@example.org", "Public speaking coach")
    start_relationship(mentee=people.mentees[1], mentor=spare)

    with pytest.raises(InvalidTransition) as refused:
        publish(run, program_admin, django_capture_on_commit_callbacks)

    assert "already has a mentor" in refused.value.message
    assert Relationship.objects.count() == 1


def test_a_mentor_with_fewer_places_than_proposed_mentees_is_refused_until_a_pair_goes(
    program, people, program_admin, django_capture_on_commit_callbacks
):
    roomy = add_mentor(program, "roomy@example.org", "Data engineering leadership", capacity=2)
    run = run_now(
        django_capture_on_commit_callbacks,
        program=program,
        by=program_admin,
        mentee_ids=[people.mentees[0].pk, people.mentees[1].pk],
        mentor_ids=[roomy.pk],
    )
    assert sorted(pairs_of(run)) == sorted([people.mentees[0].pk, people.mentees[1].pk])
    late = add_mentee(program, "late@example.org", ("leadership", "Lead a data team"))
    start_relationship(mentee=late, mentor=roomy)  # one of roomy's two places goes

    with pytest.raises(InvalidTransition) as refused:
        publish(run, program_admin, django_capture_on_commit_callbacks)
    assert "1 place(s) left for 2 mentee(s)" in refused.value.message
    assert Relationship.objects.filter(mentor=roomy).current().count() == 1

    set_pair_status(pair=pair_of(run, people.mentees[1]), status="removed", by=program_admin)
    publish(run, program_admin, django_capture_on_commit_callbacks)
    assert Relationship.objects.filter(mentor=roomy).current().count() == 2 == roomy.capacity


def test_a_run_with_every_pair_removed_has_nothing_to_publish(
    run, people, program_admin, django_capture_on_commit_callbacks
):
    for mentee in people.mentees:
        set_pair_status(pair=pair_of(run, mentee), status="removed", by=program_admin)
    with pytest.raises(InvalidTransition):
        publish(run, program_admin, django_capture_on_commit_callbacks)
    assert not Relationship.objects.exists()


def test_only_the_programs_admins_can_publish(
    run, mentor, other_program_admin, django_capture_on_commit_callbacks
):
    for person in (mentor, other_program_admin):
        with pytest.raises(ActionNotAllowed):
            publish(run, person, django_capture_on_commit_callbacks)
    assert not Relationship.objects.exists()


def test_the_admin_shows_a_run_and_its_pairs_read_only(run, people, platform_admin):
    platform_admin.is_superuser = True
    platform_admin.save(update_fields=["is_superuser"])
    client = Client()
    client.force_login(platform_admin)
    assert client.get("/admin/matching/matchrun/").status_code == 200
    page = client.get(f"/admin/matching/matchrun/{run.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert escape(str(people.mentees[0])) in html  # the pairs are listed
    assert 'name="state"' not in html and 'name="pairs-0-mentor"' not in html  # nothing to edit
    assert client.get("/admin/matching/matchrun/add/").status_code == 403
    assert client.post(f"/admin/matching/matchrun/{run.pk}/delete/").status_code == 403
    assert MatchRun.objects.filter(pk=run.pk).exists()
