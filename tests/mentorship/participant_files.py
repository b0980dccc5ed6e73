"""Building participant CSV files for the import tests."""

from __future__ import annotations

import csv
import io

from mentorship.services.participant_csv import COLUMN_NAMES


def csv_text(*rows: dict[str, str], columns: tuple[str, ...] | list[str] = COLUMN_NAMES) -> str:
    """A CSV file with `columns` as its header and one line per row (missing cells empty)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


def csv_bytes(*rows: dict[str, str], columns: tuple[str, ...] | list[str] = COLUMN_NAMES) -> bytes:
    return csv_text(*rows, columns=columns).encode("utf-8")


def mentee_row(email: str = "nina@example.com", **cells: str) -> dict[str, str]:
    return {
        "email": email,
        "name": "Nina Novak",
        "role": "mentee",
        "headline": "Analyst learning to lead",
        "industry": "financial-services",
        "years_experience": "4",
        "languages": "en;pl",
        "skills": "sql;Data analysis",
        "meeting_modes": "video;chat",
        "time_zone": "Europe/Warsaw",
        "goals": "leadership: Lead my first project team | communication: Speak up in meetings",
        **cells,
    }


def mentor_row(email: str = "omar@example.com", **cells: str) -> dict[str, str]:
    return {
        "email": email,
        "name": "Omar Haddad",
        "role": "mentor",
        "job_title": "Head of data",
        "organisation": "Contoso",
        "industry": "Software and internet",
        "years_experience": "15",
        "languages": "en;ar",
        "time_zone": "Asia/Dubai",
        "capacity": "4",
        "expertise": "leadership;technical-skills",
        "how_i_can_help": "I help analysts grow into data leaders.",
        **cells,
    }
