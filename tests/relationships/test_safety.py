"""Safety: concern reports to the program admins, their queue, and blocking members."""

from __future__ import annotations

import pytest
from django.test import Client

from mentorship.errors import ActionNotAllowed
from mentorship.models import NotificationKind, Program, User
from relationships.errors import Blocked
from relationships.models import Block, ConcernReport, MentorRequest, Relationship
from relationships.services.relationships import close_relationship, start_relationship
from relationships.services.requests import Choice, send_request
from relationships.services.safety import report_concern, update_concern
from tests.conftest import membership_of
from tests.factories import make_member

pytestmark = pytest.mark.django_db

DESCRIPTION = "He kept messaging me at 2am after I asked him to stop."


@pytest.fixture
def relationship(program: Program, mentee: User, mentor: User) -> Relationship:
    return start_relationship(
        mentee=membership_of(mentee, program).mentee_participation,
        mentor=membership_of(mentor, program).mentor_participation,
    )


def page_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def report(relationship: Relationship, by: User, *, pause: bool = False) -> ConcernReport:
    return report_concern(
        relationship=relationship,
        by=by,
        category=ConcernReport.Category.HARASSMENT,
        description=DESCRIPTION,
        pause=pause,
    )


def test_a_report_reaches_the_programs_admins_only_without_its_description(
    relationship, mentee, mentor, program_admin, other_program_admin
):
    concern = report(relationship, mentee)
    assert (concern.reporter, concern.subject, concern.program) == (
        mentee,
        mentor,
        relationship.program,
    )
    notification = program_admin.notifications.get()
    assert notification.kind == NotificationKind.CONCERN_REPORTED
    assert notification.url == f"/programs/{relationship.program.slug}/concerns/"
    assert DESCRIPTION not in notification.title + notification.body
    assert not other_program_admin.notifications.exists()
    assert not mentor.notifications.filter(title__contains="concern").exists()
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.ACTIVE and not concern.paused_relationship


def test_a_report_can_pause_the_relationship_without_telling_the_other_side_why(
    relationship, mentee, mentor
):
    concern = report(relationship, mentee, pause=True)
    relationship.refresh_from_db()
    assert relationship.state == Relationship.State.PAUSED
    assert concern.paused_relationship
    told = mentor.notifications.filter(title__contains="paused").get()
    assert DESCRIPTION not in told.title + told.body
    assert "concern" not in (told.title + told.body).lower()


def test_a_report_about_a_closed_relationship_is_still_taken_but_pauses_nothing(
    relationship, mentee, mentor, program_admin
):
    close_relationship(relationship=relationship, by=mentor, reason="other")
    relationship.refresh_from_db()
    concern = report(relationship, mentee, pause=True)
    assert not concern.paused_relationship
    assert program_admin.notifications.filter(title__contains="concern").exists()


def test_the_report_page_sends_a_report_and_can_pause(relationship, mentor, program_admin):
    client = page_for(mentor)
    assert client.get(f"/relationships/{relationship.pk}/report/").status_code == 200
    response = client.post(
        f"/relationships/{relationship.pk}/report/",
        {"category": "unresponsive", "description": "No show three times", "pause": "on"},
    )
    assert response.status_code == 302
    concern = ConcernReport.objects.get()
    assert (concern.category, concern.reporter, concern.paused_relationship) == (
        "unresponsive",
        mentor,
        True,
    )
    assert program_admin.notifications.exists()


def test_a_report_without_a_description_is_a_form_error(relationship, mentee):
    response = page_for(mentee).post(
        f"/relationships/{relationship.pk}/report/", {"category": "bogus", "description": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="concern_category_error"' in html and 'id="concern_description_error"' in html
    assert not ConcernReport.objects.exists()


def test_only_the_pair_can_report_from_a_relationship(relationship, program_admin, other_mentee):
    assert (
        page_for(program_admin).get(f"/relationships/{relationship.pk}/report/").status_code == 403
    )
    assert (
        page_for(other_mentee).get(f"/relationships/{relationship.pk}/report/").status_code == 404
    )
    with pytest.raises(ActionNotAllowed):
        report(relationship, program_admin)


def test_the_concern_queue_is_for_the_programs_admins_only(
    relationship, mentee, mentor, program_admin, other_program_admin, bob
):
    report(relationship, mentee)
    queue = f"/programs/{relationship.program.slug}/concerns/"
    response = page_for(program_admin).get(queue)
    assert response.status_code == 200
    assert DESCRIPTION in response.content.decode()
    assert page_for(mentee).get(queue).status_code == 403
    assert page_for(mentor).get(queue).status_code == 403
    assert page_for(other_program_admin).get(queue).status_code == 404
    assert page_for(bob).get(queue).status_code == 404


def test_an_admin_works_a_concern_through_review_to_resolved_and_the_reporter_hears(
    relationship, mentee, program_admin
):
    concern = report(relationship, mentee)
    queue = f"/programs/{relationship.program.slug}/concerns/"
    client = page_for(program_admin)
    client.post(f"{queue}{concern.pk}/", {f"concern-{concern.pk}-state": "in_review"})
    concern.refresh_from_db()
    assert concern.state == "in_review" and concern.resolved_at is None
    client.post(
        f"{queue}{concern.pk}/",
        {
            f"concern-{concern.pk}-state": "resolved",
            f"concern-{concern.pk}-resolution_note": "Spoke to both; mentor warned.",
        },
    )
    concern.refresh_from_db()
    assert (concern.state, concern.resolved_by) == ("resolved", program_admin)
    assert concern.resolution_note == "Spoke to both; mentor warned."
    titles = list(mentee.notifications.values_list("title", flat=True))
    assert any("In review" in title for title in titles)
    assert any("Resolved" in title for title in titles)
    assert not any("mentor warned" in title for title in titles)
    resolved = client.get(f"{queue}?state=resolved").content.decode()
    open_only = client.get(f"{queue}?state=open").content.decode()
    assert DESCRIPTION in resolved and DESCRIPTION not in open_only


def test_others_cannot_update_a_concern(relationship, mentee, mentor, other_program_admin):
    concern = report(relationship, mentee)
    queue = f"/programs/{relationship.program.slug}/concerns/"
    data = {f"concern-{concern.pk}-state": "resolved"}
    assert page_for(other_program_admin).post(f"{queue}{concern.pk}/", data).status_code == 404
    assert page_for(mentor).post(f"{queue}{concern.pk}/", data).status_code == 403
    with pytest.raises(ActionNotAllowed):
        update_concern(concern=concern, by=mentee, state="resolved")
    concern.refresh_from_db()
    assert concern.state == "open"


def test_the_queue_costs_the_same_queries_for_2_or_20_concerns(
    relationship, mentee, program_admin, django_assert_max_num_queries
):
    queue = f"/programs/{relationship.program.slug}/concerns/"
    counts = []
    for count in (2, 20):
        ConcernReport.objects.all().delete()
        for _number in range(count):
            report(relationship, mentee)
        client = page_for(program_admin)
        with django_assert_max_num_queries(10) as captured:
            assert client.get(queue).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_after_a_block_no_requests_either_way_until_unblocked(program, mentee, mentor):
    client = page_for(mentor)
    response = client.post(f"/members/{mentee.pk}/block/", {"next": "/relationships/"})
    assert response.status_code == 302 and response["Location"] == "/relationships/"
    assert Block.objects.filter(blocker=mentor, blocked=mentee).exists()
    choice = Choice(mentor=membership_of(mentor, program).mentor_participation)
    with pytest.raises(Blocked):
        send_request(
            mentee=membership_of(mentee, program).mentee_participation,
            choices=[choice],
            message="Please?",
        )
    client.post(f"/members/{mentee.pk}/unblock/")
    assert not Block.objects.exists()
    send_request(
        mentee=membership_of(mentee, program).mentee_participation,
        choices=[choice],
        message="Please?",
    )


def test_a_block_cancels_open_requests_between_the_two_and_sends_the_next_backup(
    program, mentee, mentor, other_mentor
):
    first, backup = send_request(
        mentee=membership_of(mentee, program).mentee_participation,
        choices=[
            Choice(mentor=membership_of(mentor, program).mentor_participation),
            Choice(mentor=membership_of(other_mentor, program).mentor_participation),
        ],
        message="Please mentor me",
    )
    page_for(mentor).post(f"/members/{mentee.pk}/block/")
    first.refresh_from_db()
    backup.refresh_from_db()
    assert first.state == MentorRequest.State.CANCELLED
    assert backup.state == MentorRequest.State.PENDING


def test_you_can_only_block_people_you_share_a_program_with(mentee, bob, other_program):
    assert page_for(mentee).post(f"/members/{bob.pk}/block/").status_code == 404
    stranger = make_member(program=other_program, roles=("mentor",)).user
    assert page_for(mentee).post(f"/members/{stranger.pk}/block/").status_code == 404
    assert not Block.objects.exists()


def test_blocking_yourself_is_refused(mentee):
    response = page_for(mentee).post(f"/members/{mentee.pk}/block/", follow=True)
    assert "You cannot block yourself." in response.content.decode()
    assert not Block.objects.exists()


def test_unblocking_someone_you_never_blocked_is_a_404(mentee, mentor):
    Block.objects.create(blocker=mentor, blocked=mentee)
    assert page_for(mentee).post(f"/members/{mentor.pk}/unblock/").status_code == 404
    assert Block.objects.count() == 1
