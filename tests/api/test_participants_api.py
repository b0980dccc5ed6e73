"""The participant import, export and template endpoints, per persona and per bad input."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from mentorship.models import Job, Membership, ParticipantImport, Program, User
from tests.conftest import client_for
from tests.mentorship.participant_files import csv_bytes, mentee_row, mentor_row

IMPORT_URL = "/api/v1/programs/rise/participants/import/"
EXPORT_URL = "/api/v1/programs/rise/participants/export/"
TEMPLATE_URL = "/api/v1/programs/rise/participants/template/"


def post_file(client, data: bytes, **fields: str):
    upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
    return client.post(IMPORT_URL, {"file": upload, **fields}, format="multipart")


def test_a_dry_run_is_the_default_and_names_exactly_the_bad_row(program, program_admin):
    data = csv_bytes(mentee_row(), mentor_row(capacity="25"), mentee_row("ivy@example.com"))
    response = post_file(client_for(program_admin), data)
    assert response.status_code == 200
    assert response.json() == {
        "dry_run": True,
        "rows": 3,
        "created": 2,
        "added": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": [
            {
                "line": 3,
                "column": "capacity",
                "message": "Capacity must be a whole number from 1 to 20.",
            }
        ],
    }
    assert not ParticipantImport.objects.exists()
    assert not User.objects.filter(email__in=["nina@example.com", "ivy@example.com"]).exists()


def test_an_import_with_a_bad_row_is_a_400_listing_it_and_writes_nothing(program, program_admin):
    data = csv_bytes(mentee_row(), mentor_row(email="omar@"))
    response = post_file(client_for(program_admin), data, dry_run="false")
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The file has 1 problem; nothing was imported."
    assert body["errors"] == {
        "email": ["Line 3, column email: “omar@” is not a valid email address."]
    }
    assert body["row_errors"] == [
        {"line": 3, "column": "email", "message": "“omar@” is not a valid email address."}
    ]
    assert not User.objects.filter(email="nina@example.com").exists()
    assert not ParticipantImport.objects.exists()


def test_an_import_creates_members_and_invites_them_once(
    program, program_admin, django_capture_on_commit_callbacks
):
    client = client_for(program_admin)
    data = csv_bytes(mentee_row(), mentor_row())
    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(client, data, dry_run="false")
    assert response.status_code == 202
    accepted = response.json()
    assert (accepted["kind"], accepted["state"]) == ("participant_import", "queued")
    job = client.get(f"/api/v1/jobs/{accepted['id']}/").json()
    assert (job["state"], job["progress"], job["error"]) == ("succeeded", 100, "")
    assert job["result"] == {
        "import_id": ParticipantImport.objects.get().pk,
        "rows": 2,
        "created": 2,
        "added": 0,
        "updated": 0,
        "unchanged": 0,
    }
    assert Membership.objects.filter(program=program, status="active").count() == 3
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        again = post_file(client, data, dry_run="false")
    assert again.status_code == 202
    assert client.get(f"/api/v1/jobs/{again.json()['id']}/").json()["result"]["unchanged"] == 2
    assert len(mail.outbox) == 2
    assert ParticipantImport.objects.filter(state="imported").count() == 2


def test_a_good_file_is_imported_by_a_job_and_nothing_is_written_before_it_runs(
    program, program_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = post_file(client_for(program_admin), csv_bytes(mentee_row()), dry_run="false")
    assert response.status_code == 202
    assert Job.objects.get(pk=response.json()["id"]).owner == program_admin
    assert ParticipantImport.objects.get().state == ParticipantImport.State.PREVIEWED
    assert not User.objects.filter(email="nina@example.com").exists()
    for callback in callbacks:
        callback()
    assert User.objects.filter(email="nina@example.com").exists()
    assert ParticipantImport.objects.get().state == ParticipantImport.State.IMPORTED


def test_another_admin_cannot_follow_the_import_job(
    program, program_admin, platform_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        response = post_file(client_for(program_admin), csv_bytes(mentee_row()), dry_run="false")
    job_url = f"/api/v1/jobs/{response.json()['id']}/"
    assert client_for(platform_admin).get(job_url).status_code == 404


@pytest.mark.parametrize(
    ("data", "key", "fragment"),
    [
        (b"email,name\r\n", "role", "the required column “role” is missing"),
        (b"email,name,role,age\r\n", "age", "unknown column “age”"),
        ("email,name,role\r\nMaría,x,mentee\r\n".encode("cp1252"), "file", "not UTF-8"),
        (b"email,name,role\r\n" + b"a" * (5 * 1024 * 1024), "file", "limit is 5 MB"),
    ],
)
@pytest.mark.parametrize("dry_run", ["true", "false"])
def test_a_file_that_cannot_be_read_is_a_400_in_the_error_shape(
    program, program_admin, data, key, fragment, dry_run
):
    response = post_file(client_for(program_admin), data, dry_run=dry_run)
    assert response.status_code == 400
    body = response.json()
    assert fragment in body["message"]
    assert fragment in body["errors"][key][0]
    assert fragment in body["row_errors"][0]["message"]
    assert not ParticipantImport.objects.exists()


def test_a_request_without_a_file_names_the_file_field(program, program_admin):
    response = client_for(program_admin).post(IMPORT_URL, {"dry_run": "true"}, format="multipart")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"file"}


def test_a_closed_program_answers_409(program, program_admin):
    program.status = Program.Status.CLOSED
    program.save()
    response = post_file(client_for(program_admin), csv_bytes(mentee_row()))
    assert response.status_code == 409
    assert response.json()["message"] == "This program is closed; it takes no new participants."


def test_the_export_is_csv_that_imports_again_unchanged(
    program, program_admin, mentee, mentor, django_capture_on_commit_callbacks
):
    client = client_for(program_admin)
    response = client.get(EXPORT_URL, HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("email,name,role,headline,")
    assert [line.split(",")[0] for line in lines[1:]] == [
        "mentee@example.org",
        "mentor@example.org",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        reimport = post_file(client, response.content, dry_run="false")
    assert reimport.status_code == 202
    job = client.get(f"/api/v1/jobs/{reimport.json()['id']}/").json()
    assert (job["state"], job["result"]["unchanged"]) == ("succeeded", 2)


def test_the_template_is_csv_with_every_column(program, program_admin):
    response = client_for(program_admin).get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").startswith(
        "email,name,role,headline,job_title,organisation,industry,years_experience,"
    )


@pytest.mark.parametrize("url", [EXPORT_URL, TEMPLATE_URL])
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
def test_only_the_programs_admins_may_download(program, request, url, persona, status):
    response = client_for(request.getfixturevalue(persona)).get(url, HTTP_ACCEPT="text/csv")
    assert response.status_code == status
    if status != 200:
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"message", "errors"}


@pytest.mark.parametrize(
    ("persona", "status"), [("mentee", 403), ("other_program_admin", 404), ("alice", 404)]
)
def test_nobody_else_may_import(program, request, persona, status):
    response = post_file(
        client_for(request.getfixturevalue(persona)), csv_bytes(mentee_row()), dry_run="false"
    )
    assert response.status_code == status
    assert set(response.json()) == {"message", "errors"}
    assert not User.objects.filter(email="nina@example.com").exists()


@pytest.mark.parametrize("url", [IMPORT_URL, EXPORT_URL, TEMPLATE_URL])
def test_anonymous_clients_get_401(api_client, program, url):
    response = api_client.post(url) if url == IMPORT_URL else api_client.get(url)
    assert response.status_code == 401
