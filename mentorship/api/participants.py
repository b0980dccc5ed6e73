"""API operations for program admins: participant CSV import (with dry run), export, template.

Errors keep the one shape, `{"message", "errors": {column: [...]}}`, and the import adds
`row_errors`: every problem as `{"line", "column", "message"}` (line 1 is the header).
- A file that cannot be read at all (size, encoding, headers, too many rows): 400.
- A dry run (`dry_run=true`, the default) answers 200 with what would happen and the
  row errors it found; it writes nothing.
- A real import with any row error: 400 and nothing is written.
- A real import of a good file: 202 with the job that imports it (checking is quick, the
  writes are not); `GET /api/v1/jobs/{id}/` follows it to its result.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentorship.api.serializers import ErrorSerializer, JobSerializer
from mentorship.api.views import ERROR_401, ERROR_403, ERROR_404, ERROR_429, error_responses
from mentorship.errors import ApplicationError
from mentorship.models import User
from mentorship.services.participant_access import administered_program
from mentorship.services.participant_csv import CsvError, FileRejected, template_csv
from mentorship.services.participant_export import export_csv
from mentorship.services.participant_import import (
    ImportHasErrors,
    check_can_import,
    plan_import,
    queue_import,
)
from mentorship.services.participant_plan import ADD, CREATE, UNCHANGED, UPDATE

ERROR_409 = OpenApiResponse(ErrorSerializer, description="The program is closed.")


class ParticipantRowErrorSerializer(serializers.Serializer[None]):
    line = serializers.IntegerField(
        allow_null=True, help_text="Line in the file as a spreadsheet numbers it (header = 1)."
    )
    column = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ParticipantImportErrorSerializer(ErrorSerializer):
    """The error shape plus every problem with its line and column."""

    row_errors = ParticipantRowErrorSerializer(
        many=True,
        required=False,
        help_text="Every problem of a file that was read; absent when the request itself is "
        "invalid (no file).",
    )


class ParticipantImportInputSerializer(serializers.Serializer[None]):
    file = serializers.FileField(help_text="The CSV file: UTF-8, at most 5 MB and 10,000 rows.")
    dry_run = serializers.BooleanField(
        default=True, help_text="Only check the file and say what would happen (default)."
    )


class ParticipantImportResultSerializer(serializers.Serializer[None]):
    dry_run = serializers.BooleanField(help_text="Always true: a real import answers 202.")
    rows = serializers.IntegerField(help_text="Data rows in the file.")
    created = serializers.IntegerField(help_text="New accounts (each is emailed an invitation).")
    added = serializers.IntegerField(help_text="Existing accounts added to the program.")
    updated = serializers.IntegerField(help_text="Members whose data changes.")
    unchanged = serializers.IntegerField(help_text="Members the file does not change.")
    # A declared field, not the `.errors` property: the metaclass moves it into `fields`.
    errors = ParticipantRowErrorSerializer(  # type: ignore[assignment]
        many=True, help_text="Row problems (a real import with problems is a 400)."
    )


class CsvFirstNegotiation(BaseContentNegotiation):
    """Accept any `Accept` header: success is always the CSV file, an error always JSON.

    Without this, a client asking for `text/csv` would get 406, because DRF only knows
    renderers for structured data; the CSV is written by the view itself.
    """

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(
        self, request: Request, renderers: Any, format_suffix: str | None = None
    ) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


class CsvDownloadApi(APIView):
    """A GET that answers with a CSV file (and with JSON errors)."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = CsvFirstNegotiation


def csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV_DOWNLOAD_ERRORS = {
    (401, "application/json"): ERROR_401,
    (403, "application/json"): ERROR_403,
    (404, "application/json"): ERROR_404,
    (429, "application/json"): ERROR_429,
}


class ParticipantImportApi(APIView):
    """Import participants from a CSV file (program admins), or check it first (dry run)."""

    parser_classes = [MultiPartParser, FormParser]
    write_throttle_scope = "imports"

    @extend_schema(
        operation_id="participants_import",
        request={"multipart/form-data": ParticipantImportInputSerializer},
        responses={
            200: OpenApiResponse(
                ParticipantImportResultSerializer,
                description="Dry run: what importing the file would do, and its row problems.",
            ),
            202: OpenApiResponse(
                JobSerializer,
                description="Not a dry run, and the file has no problems: the import runs as "
                "this job, all or nothing. Follow it at `/api/v1/jobs/{id}/`; its `result` "
                "has `import_id`, `rows`, `created`, `added`, `updated` and `unchanged`.",
            ),
            400: OpenApiResponse(
                ParticipantImportErrorSerializer,
                description="The file cannot be read, or (not a dry run) a row has a problem; "
                "nothing was imported.",
            ),
            **error_responses(401, 403, 404),
            409: ERROR_409,
            429: ERROR_429,
        },
    )
    def post(self, request: Request, slug: str) -> Response:
        user = cast(User, request.user)
        program = administered_program(user=user, slug=slug)
        serializer = ParticipantImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = cast("UploadedFile[bytes]", serializer.validated_data["file"])
        dry_run = bool(serializer.validated_data["dry_run"])
        try:
            if not dry_run:
                job = queue_import(
                    program=program,
                    imported_by=user,
                    filename=upload.name or "",
                    data=upload.read(),
                )
                return Response(JobSerializer(job).data, status=202)
            check_can_import(user=user, program=program)
            plan = plan_import(program=program, data=upload.read())
        except (FileRejected, ImportHasErrors) as rejected:
            return import_error_response(rejected, rejected.problems)
        counts, errors = plan.counts(), plan.errors
        rows = sum(counts.values()) + len({error.line for error in errors})
        return Response(
            {
                "dry_run": True,
                "rows": rows,
                "created": counts[CREATE],
                "added": counts[ADD],
                "updated": counts[UPDATE],
                "unchanged": counts[UNCHANGED],
                "errors": [error.as_dict() for error in errors],
            }
        )


def import_error_response(error: ApplicationError, problems: list[CsvError]) -> Response:
    return Response(
        {
            "message": error.message,
            "errors": error.errors,
            "row_errors": [problem.as_dict() for problem in problems],
        },
        status=400,
    )


class ParticipantExportApi(CsvDownloadApi):
    """The program's participants as CSV in the import format (program admins)."""

    @extend_schema(
        operation_id="participants_export",
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="One row per participant, importable again."
            ),
            **CSV_DOWNLOAD_ERRORS,
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        program = administered_program(user=cast(User, request.user), slug=slug)
        return csv_response(export_csv(program), f"{program.slug}-participants.csv")


class ParticipantTemplateApi(CsvDownloadApi):
    """The import template: every column and an example row per role (program admins)."""

    @extend_schema(
        operation_id="participants_template",
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="The header row and example rows."
            ),
            **CSV_DOWNLOAD_ERRORS,
        },
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        administered_program(user=cast(User, request.user), slug=slug)
        return csv_response(template_csv(), "participants-template.csv")
