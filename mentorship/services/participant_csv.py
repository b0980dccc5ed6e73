"""The participant CSV format: its columns, and turning an uploaded file into checked rows.

One format serves the downloadable template, the import and the export, so an exported
file imports again unchanged. Everything a program admin can get wrong is reported as a
`CsvError` naming the line (as a spreadsheet numbers rows: the header is line 1), the
column and what to fix; file-level problems (size, encoding, headers, too many rows)
stop parsing at once with `FileRejected`.

Format decisions:
- UTF-8, with or without a byte-order mark; anything else is rejected, not guessed.
- Lists (languages, skills, meeting modes, expertise) are separated by `;`.
- Goals sit in one `goals` column as `area: what I want to achieve`, several separated
  by ` | `, so a mentee's whole goal list fits one row and survives a round trip.
- Vocabulary terms may be given by slug or by name (any case); the export writes slugs.
- An empty cell means "no value in this file": the import leaves that field as it is.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorship.errors import ApplicationError
from mentorship.services.participant_cells import ParticipantRow, Vocabulary, set_cell

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
ROLE_VALUES = {"mentee": ("mentee",), "mentor": ("mentor",), "both": ("mentee", "mentor")}

# (column, required, what goes in it) in file order; the import page renders this table.
COLUMNS: tuple[tuple[str, bool, Any], ...] = (
    ("email", True, gettext_lazy("Email address; identifies the person (any case).")),
    ("name", True, gettext_lazy("The name other people see.")),
    ("role", True, gettext_lazy("mentee, mentor or both.")),
    ("headline", False, gettext_lazy("One line about them (up to 140 characters).")),
    ("job_title", False, gettext_lazy("Current role.")),
    ("organisation", False, gettext_lazy("Where they work.")),
    ("industry", False, gettext_lazy("An industry from the list, by slug or name.")),
    ("years_experience", False, gettext_lazy("Whole years, 0–70.")),
    ("availability_hours_per_month", False, gettext_lazy("Hours per month, 0–160.")),
    ("languages", False, gettext_lazy("Language codes separated by ; (en;fr).")),
    ("skills", False, gettext_lazy("Skills by slug or name, separated by ;.")),
    ("meeting_modes", False, gettext_lazy("video, phone, in_person or chat, separated by ;.")),
    ("time_zone", False, gettext_lazy("An IANA time zone such as Europe/Berlin.")),
    ("bio", False, gettext_lazy("A few sentences about them.")),
    (
        "goals",
        False,
        gettext_lazy(
            "Mentees only: goal area and their words, as “area: text”; several separated by “ | ”."
        ),
    ),
    ("capacity", False, gettext_lazy("Mentors only: mentees at once, 1–20.")),
    ("expertise", False, gettext_lazy("Mentors only: goal areas by slug or name, separated by ;.")),
    ("how_i_can_help", False, gettext_lazy("Mentors only: how they can help, in their words.")),
)
COLUMN_NAMES = tuple(name for name, _required, _help in COLUMNS)
REQUIRED_COLUMNS = tuple(name for name, required, _help in COLUMNS if required)
MENTEE_COLUMNS = ("goals",)
MENTOR_COLUMNS = ("capacity", "expertise", "how_i_can_help")


@dataclass(frozen=True)
class CsvError:
    """One problem in the file: where it is (line as a spreadsheet shows it) and what to fix."""

    line: int | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(_("line %(line)d") % {"line": self.line})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where).capitalize()}: {self.message}" if where else self.message


class FileRejected(ApplicationError):
    """The file as a whole cannot be read (size, encoding, headers, row count): 400."""

    def __init__(self, problems: list[CsvError]) -> None:
        self.problems = problems
        super().__init__(
            _("The file cannot be imported: %(reason)s") % {"reason": problems[0].message},
            errors=errors_by_column(problems),
        )


def errors_by_column(problems: list[CsvError]) -> dict[str, list[str]]:
    """The API error shape's `errors`: column name (or `file`) to its messages."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        grouped.setdefault(problem.column or "file", []).append(str(problem))
    return grouped


@dataclass
class ParseResult:
    rows: list[ParticipantRow]
    errors: list[CsvError]
    columns: list[str]


def decode_upload(data: bytes) -> str:
    """The uploaded bytes as text, or `FileRejected` for a file too large or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise FileRejected(
            [
                CsvError(
                    None,
                    None,
                    _("the file is %(size).1f MB; the limit is 5 MB. Split it into smaller files.")
                    % {"size": len(data) / 1024 / 1024},
                )
            ]
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRejected(
            [
                CsvError(
                    None,
                    None,
                    _(
                        "it is not UTF-8 text (unreadable byte at position %(position)d). "
                        "Save it from your spreadsheet as “CSV UTF-8” and upload it again."
                    )
                    % {"position": error.start},
                )
            ]
        ) from None
    if "\x00" in text:
        raise FileRejected([CsvError(None, None, _("it contains binary data, not CSV text."))])
    if not text.strip():
        raise FileRejected([CsvError(1, None, _("it is empty; it needs a header row."))])
    return text


def parse_participants(text: str, *, vocabulary: Vocabulary) -> ParseResult:
    """Check every row of a decoded CSV file; file-level problems raise `FileRejected`.

    Row problems are collected (all of them, not just the first) so the admin can fix the
    whole file in one go. Blank rows are skipped but still counted in line numbers, as a
    spreadsheet shows them.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        header = next(reader)
        columns = _check_header(header)
        rows: list[ParticipantRow] = []
        errors: list[CsvError] = []
        first_line_of: dict[str, int] = {}
        data_rows = 0
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                raise FileRejected(
                    [
                        CsvError(
                            line,
                            None,
                            _("it has more than %(max)d rows. Split it into smaller files.")
                            % {"max": MAX_ROWS},
                        )
                    ]
                )
            row, row_errors = _parse_row(line, columns, record, vocabulary)
            if row is not None and not row_errors:
                if row.email in first_line_of:
                    row_errors.append(
                        CsvError(
                            line,
                            "email",
                            _("%(email)s is already on line %(first)d; each person once.")
                            % {"email": row.email, "first": first_line_of[row.email]},
                        )
                    )
                else:
                    first_line_of[row.email] = line
            if row is not None and not row_errors:
                rows.append(row)
            errors.extend(row_errors)
    except csv.Error as error:
        raise FileRejected(
            [CsvError(line, None, _("it is not valid CSV (%(error)s).") % {"error": error})]
        ) from None
    return ParseResult(rows=rows, errors=errors, columns=columns)


def _check_header(header: list[str]) -> list[str]:
    problems: list[CsvError] = []
    columns: list[str] = []
    for position, raw in enumerate(header, start=1):
        name = raw.strip().lower().replace(" ", "_")
        if not name:
            problems.append(
                CsvError(
                    1,
                    None,
                    _("column %(position)d has no name; name it or delete it.")
                    % {"position": position},
                )
            )
        elif name not in COLUMN_NAMES:
            problems.append(
                CsvError(
                    1,
                    raw.strip(),
                    _("unknown column “%(name)s”. The columns are: %(known)s.")
                    % {"name": raw.strip(), "known": ", ".join(COLUMN_NAMES)},
                )
            )
        elif name in columns:
            problems.append(
                CsvError(1, name, _("the column “%(name)s” appears twice.") % {"name": name})
            )
        columns.append(name)
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            problems.append(
                CsvError(
                    1,
                    required,
                    _("the required column “%(name)s” is missing.") % {"name": required},
                )
            )
    if problems:
        raise FileRejected(problems)
    return columns


def _parse_row(
    line: int, columns: list[str], record: list[str], vocabulary: Vocabulary
) -> tuple[ParticipantRow | None, list[CsvError]]:
    errors: list[CsvError] = []
    if len(record) > len(columns) and any(cell.strip() for cell in record[len(columns) :]):
        errors.append(
            CsvError(
                line,
                None,
                _("this row has %(cells)d cells but the header has %(columns)d columns.")
                % {"cells": len(record), "columns": len(columns)},
            )
        )
    cells = {name: value.strip() for name, value in zip(columns, record, strict=False)}

    def fail(column: str, message: str) -> None:
        errors.append(CsvError(line, column, message))

    email = cells.get("email", "").lower()
    if not email:
        fail("email", _("An email address is required."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            fail("email", _("“%(value)s” is not a valid email address.") % {"value": email})
    name = cells.get("name", "")
    if not name:
        fail("name", _("A name is required."))
    role_value = cells.get("role", "").lower()
    roles = ROLE_VALUES.get(role_value, ())
    if not roles:
        fail(
            "role",
            _("“%(value)s” is not a role; write mentee, mentor or both.") % {"value": role_value}
            if role_value
            else _("A role is required: mentee, mentor or both."),
        )

    row = ParticipantRow(line=line, email=email, name=name, roles=roles)
    for column, value in cells.items():
        if column in ("email", "role") or not value:
            continue
        if roles and column in MENTEE_COLUMNS and "mentee" not in roles:
            fail(
                column,
                _("Only mentees have goals; this row's role is %(role)s.") % {"role": role_value},
            )
            continue
        if roles and column in MENTOR_COLUMNS and "mentor" not in roles:
            fail(
                column,
                _("Only mentors have this column; this row's role is %(role)s.")
                % {"role": role_value},
            )
            continue
        try:
            set_cell(row, column, value, vocabulary)
        except ValueError as error:
            fail(column, str(error))
    return (row if not errors else None), errors


def write_csv(rows: list[list[str]]) -> str:
    """Rows (header first) as CSV text with the header every import accepts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerows(rows)
    return buffer.getvalue()


def template_csv() -> str:
    """The downloadable template: every column and one example row per role."""
    examples = [
        {
            "email": "maria.lopez@example.com",
            "name": "María López",
            "role": "mentee",
            "headline": "Data analyst moving into product",
            "industry": "software-and-internet",
            "years_experience": "3",
            "languages": "en;es",
            "skills": "sql;data-analysis",
            "meeting_modes": "video;chat",
            "time_zone": "Europe/Madrid",
            "goals": "career-change: Move into product management within a year"
            " | communication: Present my work to executives with confidence",
        },
        {
            "email": "james.okafor@example.com",
            "name": "James Okafor",
            "role": "mentor",
            "headline": "Engineering manager who loves growing new leads",
            "job_title": "Engineering manager",
            "organisation": "Northwind",
            "industry": "software-and-internet",
            "years_experience": "14",
            "languages": "en",
            "skills": "people-management;system-design",
            "meeting_modes": "video",
            "time_zone": "Europe/London",
            "capacity": "3",
            "expertise": "leadership;career-growth",
            "how_i_can_help": "I help new managers find their feet in the first year.",
        },
        {
            "email": "aiko.tanaka@example.com",
            "name": "Aiko Tanaka",
            "role": "both",
            "languages": "ja;en",
            "time_zone": "Asia/Tokyo",
            "goals": "entrepreneurship: Plan the launch of my own design studio",
            "capacity": "2",
            "expertise": "communication",
        },
    ]
    return write_csv([[example.get(name, "") for name in COLUMN_NAMES] for example in examples])
