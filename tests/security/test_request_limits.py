"""Upload and request size limits: a clear error, nothing stored, never a 500."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mentorship.models import ParticipantImport
from mentorship.services.participant_csv import MAX_BYTES, MAX_ROWS
from relationships.models import Message
from tests.conftest import client_for
from tests.relationships.meetings_support import start_pair

pytestmark = pytest.mark.django_db

HEADER = b"email,name,role\r\n"


def upload_on_the_page(user, data: bytes):
    client = Client()
    client.force_login(user)
    upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
    return client.post("/programs/rise/participants/import/", {"file": upload})


def test_a_csv_over_5_mb_is_a_form_error_on_the_import_page(program, program_admin):
    response = upload_on_the_page(program_admin, HEADER + b"a" * MAX_BYTES)
    assert response.status_code == 200
    assert "the limit is 5 MB" in str(response.context["form"].errors["file"])
    assert not ParticipantImport.objects.exists()


def test_a_csv_with_too_many_rows_is_a_form_error_on_the_import_page(program, program_admin):
    rows = b"".join(b"p%d@example.com,P %d,mentee\r\n" % (n, n) for n in range(MAX_ROWS + 1))
    response = upload_on_the_page(program_admin, HEADER + rows)
    assert response.status_code == 200
    assert f"more than {MAX_ROWS:d} rows" in str(response.context["form"].errors["file"])
    assert not ParticipantImport.objects.exists()


def test_a_body_past_the_request_limit_is_refused_before_it_is_read(program, mentee, mentor):
    relationship = start_pair(program, mentee, mentor)
    too_big = settings.MAX_REQUEST_BYTES + 1
    response = client_for(mentee).generic(
        "POST",
        f"/api/v1/relationships/{relationship.pk}/messages/",
        "{}",
        content_type="application/json",
        CONTENT_LENGTH=str(too_big),
    )
    assert response.status_code == 413
    assert set(response.json()) == {"message", "errors"}
    assert not Message.objects.exists()

    page = Client()
    page.force_login(mentee)
    refused = page.generic(
        "POST",
        f"/relationships/{relationship.pk}/messages/",
        b"body=hi",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(too_big),
    )
    assert refused.status_code == 413
    assert not Message.objects.exists()


def test_a_json_body_past_djangos_memory_limit_is_a_400_not_a_500(
    settings, program, mentee, mentor
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    relationship = start_pair(program, mentee, mentor)
    response = client_for(mentee).post(
        f"/api/v1/relationships/{relationship.pk}/messages/",
        {"body": "x" * 2000},
        format="json",
    )
    assert response.status_code in (400, 413)
    assert set(response.json()) == {"message", "errors"}
    assert not Message.objects.exists()
