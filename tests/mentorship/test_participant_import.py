"""Program admins import participants from CSV: preview, all-or-nothing import, invitations,
export round trip, the participant list, and who may do any of it."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorship.models import (
    Job,
    Membership,
    MenteeGoal,
    MentorParticipation,
    Notification,
    NotificationKind,
    OutboxMessage,
    ParticipantImport,
    Profile,
    Program,
    User,
)
from mentorship.services import participant_apply as apply_service
from mentorship.services import participant_import as import_service
from mentorship.services.invitations import send_invitation_email
from mentorship.services.jobs import report_job_progress
from mentorship.services.participant_apply import APPLY_CHUNK
from mentorship.services.participant_cells import Vocabulary
from mentorship.services.participant_csv import parse_participants
from mentorship.services.participant_export import export_csv
from mentorship.services.participant_import import (
    ImportHasErrors,
    import_participants,
    preview_import,
    run_import,
)
from tests.conftest import membership_of
from tests.factories import PASSWORD, UserFactory, make_member
from tests.mentorship.participant_files import csv_bytes, mentee_row, mentor_row

GOOD_FILE = csv_bytes(mentee_row(), mentor_row())


def upload(client, program: Program, data: bytes, name: str = "people.csv"):
    return client.post(
        f"/programs/{program.slug}/participants/import/",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def preview_and_import(program: Program, admin: User, data: bytes) -> ParticipantImport:
    record = preview_import(program=program, uploaded_by=admin, filename="f.csv", data=data)
    return run_import(participant_import=record, imported_by=admin)


def invitation_link(message: mail.EmailMessage) -> str:
    match = re.search(r"http://\S+/invitations/\S+/\S+/", str(message.body))
    assert match is not None, message.body
    return match.group(0)


# --- The dry run -------------------------------------------------------------------------


def test_admin_sees_exactly_the_one_bad_row_rejected_in_the_dry_run(client, program, program_admin):
    data = csv_bytes(
        mentee_row(), mentor_row(time_zone="Atlantis/Capital"), mentee_row("ivy@example.com")
    )
    client.force_login(program_admin)
    response = upload(client, program, data)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    errors_table = html.split('id="import-errors"')[1].split("</table>")[0]
    assert errors_table.count("<tr>") == 2  # the header and one error
    assert "<td>3</td>" in errors_table and "<td>time_zone</td>" in errors_table
    assert "Unknown time zone “Atlantis/Capital”" in errors_table
    assert "Import 2 participants" not in html and 'type="submit">Import' not in html
    record = ParticipantImport.objects.get()
    assert record.errors == [
        {
            "line": 3,
            "column": "time_zone",
            "message": "Unknown time zone “Atlantis/Capital”; use a name such as Europe/Berlin.",
        }
    ]
    assert record.row_count == 3
    # A dry run writes the preview row and nothing else.
    assert not User.objects.filter(email__in=["nina@example.com", "ivy@example.com"]).exists()
    assert membership_of(program_admin, program).program.memberships.count() == 1


def test_a_clean_preview_offers_the_import_button_and_lists_what_will_happen(
    client, program, program_admin, mentor
):
    client.force_login(program_admin)
    data = csv_bytes(mentee_row(), mentor_row(mentor.email, name=mentor.display_name))
    preview = client.get(upload(client, program, data)["Location"]).content.decode()
    assert "Import 2 participants" in preview
    assert "New account, invited by email" in preview
    # The mentor has an account of their own: the file's profile cells are not applied.
    assert "They have their own account" in preview
    assert not User.objects.filter(email="nina@example.com").exists()


def test_a_file_level_problem_is_a_form_error_and_stores_nothing(client, program, program_admin):
    client.force_login(program_admin)
    response = upload(client, program, "email;name\r\nmaría\r\n".encode("cp1252"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_file_error"' in html and "not UTF-8" in html
    assert not ParticipantImport.objects.exists()


def test_missing_headers_are_named_on_the_upload_form(client, program, program_admin):
    client.force_login(program_admin)
    response = upload(client, program, b"email,name\r\na@example.com,Ann\r\n")
    assert "the required column “role” is missing" in response.content.decode()
    assert not ParticipantImport.objects.exists()


# --- The import --------------------------------------------------------------------------


def test_admin_imports_a_file_and_new_people_are_active_members_with_everything_set(
    client, program, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    location = upload(client, program, GOOD_FILE)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(location)
    # The import ran as a job; the admin comes back to the file's page, which shows how it went.
    assert response.status_code == 302
    assert response["Location"] == location
    job = Job.objects.get()
    assert (job.owner, job.kind, job.state, job.progress) == (
        program_admin,
        "participant_import",
        Job.State.SUCCEEDED,
        100,
    )
    assert job.result == {
        "import_id": ParticipantImport.objects.get().pk,
        "rows": 2,
        "created": 2,
        "added": 0,
        "updated": 0,
        "unchanged": 0,
    }
    html = client.get(location).content.decode()
    assert "Imported 2 participants." in html and "2 new accounts, invited by email" in html
    assert f'href="/programs/{program.slug}/participants/"' in html
    assert "hx-get" not in html  # finished: nothing polls any more

    nina = User.objects.get(email="nina@example.com")
    assert (nina.display_name, nina.time_zone, nina.has_usable_password()) == (
        "Nina Novak",
        "Europe/Warsaw",
        False,
    )
    profile = Profile.objects.select_related("industry").get(user=nina)
    assert profile.industry is not None
    assert (profile.headline, profile.industry.slug, profile.years_experience) == (
        "Analyst learning to lead",
        "financial-services",
        4,
    )
    assert sorted(profile.languages.values_list("code", flat=True)) == ["en", "pl"]
    assert profile.meeting_mode_list == ["video", "chat"]
    membership = membership_of(nina, program)
    assert membership.status == Membership.Status.ACTIVE and membership.joined_at is not None
    assert membership.has_role("mentee") and not membership.has_role("mentor")
    goals = MenteeGoal.objects.filter(participation__membership=membership)
    assert [(goal.goal_area.slug, goal.description) for goal in goals] == [
        ("leadership", "Lead my first project team"),
        ("communication", "Speak up in meetings"),
    ]
    omar = MentorParticipation.objects.get(membership__user__email="omar@example.com")
    assert omar.capacity == 4
    assert sorted(omar.expertise_areas.values_list("slug", flat=True)) == [
        "leadership",
        "technical-skills",
    ]
    assert "i help analysts grow into data leaders." in omar.search_text
    assert ParticipantImport.objects.get().state == ParticipantImport.State.IMPORTED
    assert sorted(message.to[0] for message in mail.outbox) == [
        "nina@example.com",
        "omar@example.com",
    ]
    assert not EmailAddress.objects.filter(user=nina, verified=True).exists()


def test_importing_the_same_file_again_changes_nothing_and_invites_nobody_twice(
    program, program_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        preview_and_import(program, program_admin, GOOD_FILE)
    assert len(mail.outbox) == 2
    stamps = {
        "profiles": list(Profile.objects.order_by("pk").values_list("updated_at", flat=True)),
        "mentors": list(MentorParticipation.objects.values_list("updated_at", flat=True)),
        "goals": list(MenteeGoal.objects.order_by("pk").values_list("pk", "updated_at")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "status")),
        "notifications": Notification.objects.count(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        again = preview_and_import(program, program_admin, GOOD_FILE)
    assert {key: again.summary[key] for key in ("create", "add", "update", "unchanged")} == {
        "create": 0,
        "add": 0,
        "update": 0,
        "unchanged": 2,
    }
    assert stamps == {
        "profiles": list(Profile.objects.order_by("pk").values_list("updated_at", flat=True)),
        "mentors": list(MentorParticipation.objects.values_list("updated_at", flat=True)),
        "goals": list(MenteeGoal.objects.order_by("pk").values_list("pk", "updated_at")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "status")),
        "notifications": Notification.objects.count(),
    }
    assert len(mail.outbox) == 2


def test_a_changed_cell_updates_only_that_field(program, program_admin):
    preview_and_import(program, program_admin, GOOD_FILE)
    changed = csv_bytes(mentee_row(headline="Team lead"), mentor_row(capacity="6"))
    record = preview_and_import(program, program_admin, changed)
    assert [(plan["action"], plan["changes"]) for plan in record.summary["plans"]] == [
        ("update", ["headline"]),
        ("update", ["capacity"]),
    ]
    assert Profile.objects.get(user__email="nina@example.com").headline == "Team lead"
    assert MentorParticipation.objects.get().capacity == 6


def test_goals_are_added_never_removed_and_never_doubled(program, program_admin):
    preview_and_import(program, program_admin, GOOD_FILE)
    more = csv_bytes(
        mentee_row(goals="LEADERSHIP: lead my first project team | networking: Meet peers")
    )
    preview_and_import(program, program_admin, more)
    goals = MenteeGoal.objects.filter(participation__membership__user__email="nina@example.com")
    assert [(goal.goal_area.slug, goal.description) for goal in goals] == [
        ("leadership", "Lead my first project team"),
        ("communication", "Speak up in meetings"),
        ("networking", "Meet peers"),
    ]


def test_an_empty_cell_leaves_the_field_as_it_is(program, program_admin):
    preview_and_import(program, program_admin, GOOD_FILE)
    record = preview_and_import(
        program,
        program_admin,
        csv_bytes({"email": "NINA@example.com", "name": "Nina Novak", "role": "mentee"}),
    )
    assert record.summary["unchanged"] == 1
    profile = Profile.objects.get(user__email="nina@example.com")
    assert profile.headline == "Analyst learning to lead"


def test_an_existing_account_is_added_with_a_notification_and_keeps_its_own_profile(
    program, program_admin, alice, django_capture_on_commit_callbacks
):
    Profile.objects.create(user=alice, headline="Alice's own words")
    row = mentor_row(alice.email.upper(), name="Someone Else", headline="Imposed headline")
    with django_capture_on_commit_callbacks(execute=True):
        record = preview_and_import(program, program_admin, csv_bytes(row))
    (plan,) = record.summary["plans"]
    assert (plan["action"], plan["profile_kept"]) == ("add", True)
    alice.refresh_from_db()
    assert alice.display_name == "Alice"
    assert Profile.objects.get(user=alice).headline == "Alice's own words"
    membership = membership_of(alice, program)
    assert membership.has_role("mentor")
    assert membership.mentor_participation.capacity == 4
    notification = Notification.objects.get(recipient=alice)
    assert notification.kind == NotificationKind.INVITATION
    assert notification.title == "You were added to Rise"
    assert all("Choose a password" not in str(message.body) for message in mail.outbox)


def test_a_member_gets_a_new_role_from_the_file_and_no_invitation(
    program, program_admin, mentee, django_capture_on_commit_callbacks
):
    row = {"email": mentee.email, "name": mentee.display_name, "role": "both", "capacity": "2"}
    with django_capture_on_commit_callbacks(execute=True):
        record = preview_and_import(program, program_admin, csv_bytes(row))
    assert record.summary["plans"][0]["action"] == "update"
    membership = membership_of(mentee, program)
    assert membership.has_role("mentee") and membership.mentor_participation.capacity == 2
    assert not Notification.objects.filter(recipient=mentee).exists()
    assert mail.outbox == []


def test_someone_who_left_the_program_is_a_row_error_not_pulled_back_in(
    program, program_admin, mentee
):
    membership = membership_of(mentee, program)
    membership.status = Membership.Status.LEFT
    membership.save()
    record = preview_import(
        program=program,
        uploaded_by=program_admin,
        filename="f.csv",
        data=csv_bytes(mentee_row(mentee.email), mentor_row()),
    )
    assert [(e["line"], e["column"]) for e in record.errors] == [(2, "email")]
    assert "left this program" in record.errors[0]["message"]


def test_a_deactivated_account_is_a_row_error(program, program_admin, bob):
    bob.is_active = False
    bob.save()
    record = preview_import(
        program=program,
        uploaded_by=program_admin,
        filename="f.csv",
        data=csv_bytes(mentor_row(bob.email)),
    )
    assert "deactivated" in record.errors[0]["message"]


def test_an_import_that_finds_errors_at_import_time_writes_nothing_and_is_marked_failed(
    program, program_admin, bob
):
    record = preview_import(
        program=program,
        uploaded_by=program_admin,
        filename="f.csv",
        data=csv_bytes(mentee_row(), mentor_row(bob.email)),
    )
    assert record.errors == []
    bob.is_active = False  # deactivated between the preview and the import
    bob.save()
    with pytest.raises(ImportHasErrors):
        run_import(participant_import=record, imported_by=program_admin)
    record.refresh_from_db()
    assert record.state == ParticipantImport.State.FAILED
    assert [error["line"] for error in record.errors] == [3]
    assert not User.objects.filter(email="nina@example.com").exists()


def test_a_failure_half_way_through_rolls_back_every_row(program, program_admin, monkeypatch):
    record = preview_import(
        program=program, uploaded_by=program_admin, filename="f.csv", data=GOOD_FILE
    )

    def broken(**kwargs):
        # By now the accounts, profiles and memberships of the chunk have been written.
        assert User.objects.filter(email="nina@example.com").exists()
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply_service, "_apply_mentors", broken)
    with pytest.raises(RuntimeError):
        run_import(participant_import=record, imported_by=program_admin)
    assert not User.objects.filter(email__in=["nina@example.com", "omar@example.com"]).exists()
    record.refresh_from_db()
    assert record.state == ParticipantImport.State.PREVIEWED


def test_a_job_that_breaks_half_way_fails_writes_nothing_and_the_file_can_be_imported_again(
    client, program, program_admin, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    location = upload(client, program, GOOD_FILE)["Location"]

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply_service, "_apply_mentors", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(location)
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert job.error == "The import stopped unexpectedly and nothing was imported. Try again."
    assert not User.objects.filter(email__in=["nina@example.com", "omar@example.com"]).exists()
    assert mail.outbox == []
    html = client.get(location).content.decode()
    assert "nothing was imported. Try again." in html
    assert "Import 2 participants" in html  # the failed job no longer blocks the button

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(location)
    assert Job.objects.filter(state=Job.State.SUCCEEDED).count() == 1
    assert User.objects.filter(email__in=["nina@example.com", "omar@example.com"]).count() == 2


def test_rows_that_fail_at_import_time_fail_the_job_and_the_page_lists_them(
    client, program, program_admin, bob, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    location = upload(client, program, csv_bytes(mentee_row(), mentor_row(bob.email)))["Location"]
    bob.is_active = False  # deactivated between the preview and the import
    bob.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(location)
    job = Job.objects.get()
    assert (job.state, job.error) == (
        Job.State.FAILED,
        "The file has 1 problem; nothing was imported.",
    )
    assert ParticipantImport.objects.get().state == ParticipantImport.State.FAILED
    html = client.get(location).content.decode()
    assert "deactivated account" in html.split('id="import-errors"')[1]
    assert not User.objects.filter(email="nina@example.com").exists()


def test_a_preview_with_errors_cannot_be_imported_from_the_page(client, program, program_admin):
    client.force_login(program_admin)
    location = upload(client, program, csv_bytes(mentee_row(email="nope")))["Location"]
    response = client.post(location, follow=True)
    assert "1 problem; nothing was imported" in response.content.decode()
    assert ParticipantImport.objects.get().state == ParticipantImport.State.FAILED
    assert not User.objects.filter(email="nope").exists()


def test_the_same_preview_cannot_be_imported_twice(
    client, program, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    location = upload(client, program, GOOD_FILE)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(location)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(location, follow=True)
    assert "already been imported" in response.content.decode()
    assert callbacks == [] and Job.objects.count() == 1
    assert User.objects.filter(email="nina@example.com").count() == 1


def test_a_second_click_while_the_import_runs_starts_no_second_import(
    client, program, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    location = upload(client, program, GOOD_FILE)["Location"]
    with django_capture_on_commit_callbacks() as first:  # queued, not run yet
        client.post(location)
    assert len(first) == 1
    waiting = client.get(location).content.decode()
    assert f'hx-get="{location}"' in waiting and "Queued" in waiting
    assert "Import 2 participants" not in waiting  # no button while the job runs

    with django_capture_on_commit_callbacks() as second:
        response = client.post(location, follow=True)
    assert "This file is being imported already" in response.content.decode()
    assert second == [] and Job.objects.count() == 1
    assert (
        OutboxMessage.objects.filter(task_name="mentorship.tasks.import_participants").count() == 1
    )

    for callback in first:  # the worker gets to it
        callback()
    assert Job.objects.get().state == Job.State.SUCCEEDED
    assert User.objects.filter(email="nina@example.com").count() == 1
    # Polling sees the job end and reloads the page, which shows the outcome.
    poll = client.get(location, HTTP_HX_REQUEST="true")
    assert poll.headers["HX-Refresh"] == "true"


def test_polling_a_running_import_returns_just_its_progress(
    client, program, program_admin, django_capture_on_commit_callbacks
):
    client.force_login(program_admin)
    location = upload(client, program, GOOD_FILE)["Location"]
    with django_capture_on_commit_callbacks():
        client.post(location)
    Job.objects.update(state=Job.State.RUNNING, progress=40, message="Imported 200 of 500 rows")
    poll = client.get(location, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="import-job"' in poll and "<html" not in poll
    assert 'value="40"' in poll and "Imported 200 of 500 rows" in poll


def test_a_closed_program_takes_no_imports(client, program, program_admin):
    program.status = Program.Status.CLOSED
    program.save()
    client.force_login(program_admin)
    response = upload(client, program, GOOD_FILE)
    assert response.status_code == 200
    assert "This program is closed" in response.content.decode()
    assert not ParticipantImport.objects.exists()


# --- Large files: the job and the query budget --------------------------------------------


def many_rows(count: int, prefix: str = "p") -> bytes:
    return csv_bytes(
        *(
            mentee_row(f"{prefix}{number}@example.com")
            if number % 2
            else mentor_row(f"{prefix}{number}@example.com")
            for number in range(count)
        )
    )


def test_a_300_row_file_is_imported_by_its_job_reporting_progress_per_chunk(
    client, program, program_admin, monkeypatch, django_capture_on_commit_callbacks
):
    reported: list[int] = []

    def recording(*, job_id, progress: int, message: str = "") -> None:
        reported.append(progress)
        report_job_progress(job_id=job_id, progress=progress, message=message)

    monkeypatch.setattr(import_service, "report_job_progress", recording)
    client.force_login(program_admin)
    location = upload(client, program, many_rows(300))["Location"]
    assert "Import 300 participants" in client.get(location).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(location)

    job = Job.objects.get()
    assert (job.state, job.progress, job.error) == (Job.State.SUCCEEDED, 100, "")
    assert job.result is not None and (job.result["rows"], job.result["created"]) == (300, 300)
    assert Membership.objects.filter(program=program, status="active").count() == 301
    assert MentorParticipation.objects.filter(membership__program=program).count() == 150
    assert MenteeGoal.objects.filter(participation__membership__program=program).count() == 300
    assert MentorParticipation.objects.filter(search_text="").count() == 0
    assert len(mail.outbox) == 300  # one invitation each
    # Checked, then one report per chunk of 200 rows written.
    assert reported == [5, 67, 99]


def test_an_import_costs_the_same_queries_for_8_rows_as_for_160(program, program_admin):
    """Every kind of row at once: new mentees and mentors, accounts added, members updated."""

    def mixed_file(count: int, prefix: str) -> bytes:
        rows = []
        for number in range(count):
            email = f"{prefix}{number}@example.com"
            kind = number % 4
            if kind == 0:
                rows.append(mentee_row(email))
            elif kind == 1:
                rows.append(mentor_row(email))
            elif kind == 2:  # an account of their own, not yet in the program
                UserFactory.create(email=email)
                rows.append(mentor_row(email))
            else:  # an unclaimed member who becomes a mentor too, with new goals
                member = make_member(program=program, roles=("mentee",), email=email)
                member.user.set_unusable_password()
                member.user.save()
                rows.append(mentee_row(email, role="both", capacity="2", bio="New words"))
        return csv_bytes(*rows)

    def import_queries(data: bytes) -> int:
        record = preview_import(
            program=program, uploaded_by=program_admin, filename="f.csv", data=data
        )
        with CaptureQueriesContext(connection) as queries:
            record = run_import(participant_import=record, imported_by=program_admin)
        assert record.state == ParticipantImport.State.IMPORTED
        return len(queries)

    small = import_queries(mixed_file(8, "s"))
    large = import_queries(mixed_file(160, "l"))
    # Before batching this was about 40 queries per row (6,400 for this file).
    assert large == small <= 45
    assert Notification.objects.filter(title="You were added to Rise").count() == 42
    assert MentorParticipation.objects.filter(membership__program=program).count() == 126


def test_an_import_of_more_than_one_chunk_adds_only_a_chunks_worth_of_queries(
    program, program_admin
):
    def import_queries(count: int, prefix: str) -> int:
        record = preview_import(
            program=program,
            uploaded_by=program_admin,
            filename="f.csv",
            data=many_rows(count, prefix),
        )
        with CaptureQueriesContext(connection) as queries:
            run_import(participant_import=record, imported_by=program_admin)
        return len(queries)

    one_chunk = import_queries(APPLY_CHUNK, "a")
    two_chunks = import_queries(APPLY_CHUNK + 1, "b")
    assert two_chunks - one_chunk <= 25


@pytest.mark.django_db(transaction=True)
def test_a_worker_reports_progress_on_its_own_connection_so_watchers_see_it(
    program, program_admin, monkeypatch
):
    """Outside a transaction (a real worker), each report commits at once, not at the end."""
    seen: list[tuple[int, bool, bool]] = []

    def recording(*, job_id, progress: int, message: str = "") -> None:
        report_job_progress(job_id=job_id, progress=progress, message=message)
        in_the_import = connection.in_atomic_block
        seen.append((progress, in_the_import, User.objects.filter(email="p0@example.com").exists()))

    monkeypatch.setattr(import_service, "report_job_progress", recording)
    record = preview_import(
        program=program, uploaded_by=program_admin, filename="f.csv", data=many_rows(210)
    )
    job = Job.objects.create(owner=program_admin, kind="participant_import")
    import_service.run_import_job(import_id=record.pk, job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.progress) == (Job.State.SUCCEEDED, 100)
    assert User.objects.filter(email__startswith="p", email__endswith="@example.com").count() == 210
    # Not inside the import's transaction, which had not committed its first rows yet.
    assert seen == [(5, False, False), (94, False, False), (99, False, False)]


# --- Invitations -------------------------------------------------------------------------


def test_the_invitation_link_sets_a_password_and_then_the_person_can_log_in(
    client, program, program_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        preview_and_import(program, program_admin, csv_bytes(mentee_row()))
    (message,) = mail.outbox
    assert message.subject == "You are invited to Rise"
    link = invitation_link(message)
    path = link.split("://", 1)[1].split("/", 1)[1]

    page = client.get(f"/{path}")
    assert page.status_code == 200 and "nina@example.com" in page.content.decode()
    response = client.post(
        f"/{path}",
        {"new_password1": "a-fresh-long-password-9", "new_password2": "a-fresh-long-password-9"},
    )
    assert response.status_code == 302 and response["Location"] == "/home/"
    nina = User.objects.get(email="nina@example.com")
    assert EmailAddress.objects.get(user=nina).verified

    client.logout()
    login = client.post(
        "/accounts/login/", {"login": "Nina@Example.com", "password": "a-fresh-long-password-9"}
    )
    assert login.status_code == 302 and login["Location"] == "/home/"
    # The link works once.
    assert client.get(f"/{path}").status_code == 400


def test_a_weak_password_on_the_invitation_page_is_a_form_error(
    client, program, program_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        preview_and_import(program, program_admin, csv_bytes(mentee_row()))
    path = "/" + invitation_link(mail.outbox[0]).split("://", 1)[1].split("/", 1)[1]
    response = client.post(path, {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.get(email="nina@example.com").has_usable_password()


def test_a_forged_invitation_link_is_refused(client, program, program_admin):
    preview_and_import(program, program_admin, csv_bytes(mentee_row()))
    nina = User.objects.get(email="nina@example.com")
    response = client.get(f"/invitations/{nina.pk}/not-a-token/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_the_invitation_task_sends_once_however_often_it_runs(program, program_admin):
    preview_and_import(program, program_admin, csv_bytes(mentee_row()))  # on-commit not run
    membership = Membership.objects.get(user__email="nina@example.com")
    assert send_invitation_email(membership_id=membership.pk) is True
    assert send_invitation_email(membership_id=membership.pk) is False
    assert len(mail.outbox) == 1
    assert Notification.objects.get(recipient=membership.user).emailed_at is not None


def test_no_invitation_goes_to_someone_who_has_set_a_password_meanwhile(program, program_admin):
    preview_and_import(program, program_admin, csv_bytes(mentee_row()))
    membership = Membership.objects.get(user__email="nina@example.com")
    membership.user.set_password(PASSWORD)
    membership.user.save()
    assert send_invitation_email(membership_id=membership.pk) is False
    assert mail.outbox == []


# --- Export --------------------------------------------------------------------------------


def test_an_export_imports_again_unchanged_and_recreates_the_cohort_elsewhere(
    program, other_program, program_admin, other_program_admin, mentor
):
    preview_and_import(program, program_admin, csv_bytes(mentee_row(), mentor_row()))
    exported = export_csv(program)
    again = import_participants(
        program=program, imported_by=program_admin, filename="e.csv", data=exported.encode()
    )
    assert again.summary["unchanged"] == 3  # nina, omar and the mentor persona
    assert again.summary["plans"] and all(
        p["action"] == "unchanged" for p in again.summary["plans"]
    )

    import_participants(
        program=other_program,
        imported_by=other_program_admin,
        filename="e.csv",
        data=exported.encode(),
    )
    assert export_csv(other_program) == exported


def test_the_export_has_the_import_columns_and_leaves_out_admins_without_a_role(
    client, program, program_admin, mentee, mentor
):
    client.force_login(program_admin)
    response = client.get(f"/programs/{program.slug}/participants/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rise-participants.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    result = parse_participants(text, vocabulary=Vocabulary())
    assert result.errors == []
    assert [(row.email, row.roles) for row in result.rows] == [
        ("mentee@example.org", ("mentee",)),
        ("mentor@example.org", ("mentor",)),
    ]


def test_the_template_downloads_from_the_import_page(client, program, program_admin):
    client.force_login(program_admin)
    assert (
        'href="/programs/rise/participants/template/"'
        in client.get("/programs/rise/participants/import/").content.decode()
    )
    response = client.get("/programs/rise/participants/template/")
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbfemail,name,role,")


# --- The participant list ---------------------------------------------------------------


def test_the_participant_list_shows_roles_and_searches_by_name_or_email(
    client, program, program_admin, mentee, mentor
):
    client.force_login(program_admin)
    html = client.get("/programs/rise/participants/").content.decode()
    assert "Mia Mentee" in html and "Marcus Mentor" in html and "3 people" in html
    by_name = client.get("/programs/rise/participants/", {"q": "marcus"}).content.decode()
    assert "Marcus Mentor" in by_name and "Mia Mentee" not in by_name
    by_email = client.get("/programs/rise/participants/", {"q": "MENTEE@"}).content.decode()
    assert "Mia Mentee" in by_email and "Marcus Mentor" not in by_email


def test_the_participant_list_costs_the_same_queries_for_2_and_20_members(
    client, program, program_admin
):
    client.force_login(program_admin)

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/programs/rise/participants/").status_code == 200
        return len(queries)

    for number in range(2):
        make_member(program=program, roles=("mentee", "mentor"), email=f"m{number}@example.org")
    with_two = count_queries()
    for number in range(2, 20):
        make_member(program=program, roles=("mentee",), email=f"m{number}@example.org")
    assert count_queries() == with_two <= 10


# --- Who may do what ----------------------------------------------------------------------

PAGES = [
    "/programs/rise/participants/",
    "/programs/rise/participants/import/",
    "/programs/rise/participants/template/",
    "/programs/rise/participants/export/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("program_admin", 200),
        ("platform_admin", 200),
        ("mentee", 403),
        ("other_program_admin", 404),
        ("alice", 404),
    ],
)
def test_only_the_programs_admins_may_open_participant_pages(
    client, program, request, url, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == status


@pytest.mark.parametrize("url", PAGES)
def test_visitors_are_sent_to_log_in(client, program, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(("persona", "status"), [("mentee", 403), ("other_program_admin", 404)])
def test_nobody_else_may_upload_or_import(client, program, program_admin, request, persona, status):
    record = preview_import(
        program=program, uploaded_by=program_admin, filename="f.csv", data=GOOD_FILE
    )
    client.force_login(request.getfixturevalue(persona))
    assert upload(client, program, GOOD_FILE).status_code == status
    assert client.post(f"/programs/rise/participants/import/{record.pk}/").status_code == status
    assert client.get(f"/programs/rise/participants/import/{record.pk}/").status_code == status
    assert not User.objects.filter(email="nina@example.com").exists()
    assert ParticipantImport.objects.count() == 1


def test_another_programs_import_is_not_found_through_this_program(
    client, program, other_program, program_admin, other_program_admin
):
    theirs = preview_import(
        program=other_program, uploaded_by=other_program_admin, filename="f.csv", data=GOOD_FILE
    )
    client.force_login(program_admin)
    assert client.get(f"/programs/rise/participants/import/{theirs.pk}/").status_code == 404
    assert client.post(f"/programs/rise/participants/import/{theirs.pk}/").status_code == 404
