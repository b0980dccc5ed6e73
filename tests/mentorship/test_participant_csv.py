"""The participant CSV format: every kind of bad input is named by line, column and message."""

from __future__ import annotations

import codecs

import pytest

from mentorship.models import GoalArea, Industry, Language
from mentorship.services.participant_cells import Vocabulary
from mentorship.services.participant_csv import (
    MAX_BYTES,
    MAX_ROWS,
    FileRejected,
    decode_upload,
    parse_participants,
    template_csv,
)
from tests.mentorship.participant_files import csv_bytes, csv_text, mentee_row, mentor_row


@pytest.fixture
def vocabulary(db: None) -> Vocabulary:
    return Vocabulary()


def parse(text: str, vocabulary: Vocabulary):
    return parse_participants(text, vocabulary=vocabulary)


def problems(text: str, vocabulary: Vocabulary) -> list[tuple[int | None, str | None]]:
    return [(error.line, error.column) for error in parse(text, vocabulary).errors]


def test_the_template_parses_without_a_single_error(vocabulary):
    result = parse(template_csv(), vocabulary)
    assert result.errors == []
    assert [row.roles for row in result.rows] == [("mentee",), ("mentor",), ("mentee", "mentor")]


def test_a_good_row_becomes_typed_values(vocabulary):
    result = parse(csv_text(mentee_row(), mentor_row()), vocabulary)
    assert result.errors == []
    mentee, mentor = result.rows
    assert (mentee.line, mentee.email, mentee.time_zone) == (2, "nina@example.com", "Europe/Warsaw")
    assert mentee.profile["industry"] == Industry.objects.get(slug="financial-services")
    assert mentee.profile["languages"] == [
        Language.objects.get(code="en"),
        Language.objects.get(code="pl"),
    ]
    assert [skill.slug for skill in mentee.profile["skills"]] == ["sql", "data-analysis"]
    assert mentee.profile["meeting_modes"] == ["video", "chat"]
    assert mentee.profile["years_experience"] == 4
    assert [(area.slug, text) for area, text in mentee.goals or []] == [
        ("leadership", "Lead my first project team"),
        ("communication", "Speak up in meetings"),
    ]
    assert mentor.capacity == 4
    assert [area.slug for area in mentor.expertise or []] == ["leadership", "technical-skills"]


def test_terms_are_found_by_slug_or_name_in_any_case(vocabulary):
    row = mentee_row(industry="HEALTHCARE", skills="python; Public Speaking", languages="EN;French")
    result = parse(csv_text(row), vocabulary)
    assert result.errors == []
    profile = result.rows[0].profile
    assert profile["industry"].slug == "healthcare"
    assert [skill.slug for skill in profile["skills"]] == ["python", "public-speaking"]
    assert [language.code for language in profile["languages"]] == ["en", "fr"]


def test_a_file_with_a_byte_order_mark_is_read_like_any_utf8_file(vocabulary):
    data = codecs.BOM_UTF8 + csv_bytes(mentee_row(name="María Ñúñez"))
    result = parse(decode_upload(data), vocabulary)
    assert result.errors == []
    assert result.rows[0].name == "María Ñúñez"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_file_that_is_not_utf8_is_rejected_with_a_clear_message(encoding):
    data = csv_text(mentee_row(name="María Ñúñez")).encode(encoding)
    with pytest.raises(FileRejected) as rejected:
        decode_upload(data)
    assert "not UTF-8" in rejected.value.message
    assert "CSV UTF-8" in rejected.value.message


def test_a_file_over_five_megabytes_is_rejected_before_reading_it():
    with pytest.raises(FileRejected) as rejected:
        decode_upload(b"email,name,role\r\n" + b"x" * MAX_BYTES)
    assert "limit is 5 MB" in rejected.value.message


def test_an_empty_file_is_rejected():
    with pytest.raises(FileRejected) as rejected:
        decode_upload(b"  \r\n")
    assert "empty" in rejected.value.message


def test_more_than_ten_thousand_rows_are_rejected(vocabulary):
    rows = [
        {"email": f"p{n}@example.com", "name": f"P {n}", "role": "mentee"}
        for n in range(MAX_ROWS + 1)
    ]
    with pytest.raises(FileRejected) as rejected:
        parse(csv_text(*rows, columns=["email", "name", "role"]), vocabulary)
    assert rejected.value.problems[0].line == MAX_ROWS + 2
    assert "more than 10000 rows" in rejected.value.message


def test_exactly_ten_thousand_rows_are_accepted(vocabulary):
    rows = [
        {"email": f"p{n}@example.com", "name": f"P {n}", "role": "mentee"} for n in range(MAX_ROWS)
    ]
    result = parse(csv_text(*rows, columns=["email", "name", "role"]), vocabulary)
    assert (len(result.rows), result.errors) == (MAX_ROWS, [])


def test_missing_required_columns_are_each_named_on_line_one(vocabulary):
    with pytest.raises(FileRejected) as rejected:
        parse(csv_text({"email": "a@example.com"}, columns=["email", "headline"]), vocabulary)
    assert [(p.line, p.column) for p in rejected.value.problems] == [(1, "name"), (1, "role")]
    assert rejected.value.errors == {
        "name": ["Line 1, column name: the required column “name” is missing."],
        "role": ["Line 1, column role: the required column “role” is missing."],
    }


def test_an_unknown_column_is_named_with_the_list_of_known_ones(vocabulary):
    with pytest.raises(FileRejected) as rejected:
        parse("email,name,role,shoe size\r\na@example.com,A,mentee,42\r\n", vocabulary)
    (problem,) = rejected.value.problems
    assert (problem.line, problem.column) == (1, "shoe size")
    assert "unknown column “shoe size”" in problem.message and "how_i_can_help" in problem.message


def test_a_column_given_twice_is_a_header_error(vocabulary):
    with pytest.raises(FileRejected) as rejected:
        parse("email,name,role,Name\r\n", vocabulary)
    assert [(p.line, p.column) for p in rejected.value.problems] == [(1, "name")]


def test_header_names_are_read_in_any_case_and_with_spaces(vocabulary):
    result = parse("Email,Name,Role,Job Title\r\na@example.com,Ann,mentor,Chef\r\n", vocabulary)
    assert result.errors == []
    assert result.rows[0].profile == {"job_title": "Chef"}


def test_duplicate_emails_are_rejected_on_the_later_line_naming_the_first(vocabulary):
    text = csv_text(mentee_row("nina@example.com"), mentor_row(), mentee_row("NINA@example.com"))
    result = parse(text, vocabulary)
    (error,) = result.errors
    assert (error.line, error.column) == (4, "email")
    assert "already on line 2" in error.message
    assert [row.line for row in result.rows] == [2, 3]


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        ({"email": "not-an-email"}, "email", "not a valid email address"),
        ({"email": ""}, "email", "email address is required"),
        ({"name": ""}, "name", "name is required"),
        ({"role": "coach"}, "role", "“coach” is not a role"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unknown time zone “Mars/Olympus”"),
        ({"languages": "en;klingon"}, "languages", "Unknown language: klingon"),
        ({"skills": "sql;juggling"}, "skills", "Unknown skill: juggling"),
        ({"industry": "piracy"}, "industry", "Unknown industry “piracy”"),
        ({"goals": "astrology: Read the stars"}, "goals", "Unknown goal area “astrology”"),
        ({"goals": "just words"}, "goals", "Goal 1: write it as"),
        ({"meeting_modes": "carrier pigeon"}, "meeting_modes", "Unknown meeting mode"),
        ({"years_experience": "ten"}, "years_experience", "not a whole number from 0 to 70"),
        ({"headline": "x" * 141}, "headline", "At most 140 characters"),
        ({"capacity": "3"}, "capacity", "Only mentors have this column"),
    ],
)
def test_each_bad_mentee_cell_is_reported_at_its_line_and_column(
    vocabulary, cells, column, fragment
):
    text = csv_text(mentor_row(), mentee_row(**cells))
    result = parse(text, vocabulary)
    assert [(error.line, error.column) for error in result.errors] == [(3, column)]
    assert fragment in result.errors[0].message
    assert [row.line for row in result.rows] == [2]


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "21"}, "capacity"),
        ({"capacity": "three"}, "capacity"),
        ({"expertise": "leadership;wizardry"}, "expertise"),
        ({"goals": "leadership: Grow"}, "goals"),
    ],
)
def test_each_bad_mentor_cell_is_reported_at_its_line_and_column(vocabulary, cells, column):
    result = parse(csv_text(mentor_row(**cells)), vocabulary)
    assert [(error.line, error.column) for error in result.errors] == [(2, column)]


def test_capacity_from_one_to_twenty_is_accepted(vocabulary):
    result = parse(
        csv_text(mentor_row("a@example.com", capacity="1"), mentor_row(capacity="20")), vocabulary
    )
    assert [row.capacity for row in result.rows] == [1, 20]


def test_all_problems_of_a_file_are_reported_at_once(vocabulary):
    text = csv_text(
        mentee_row("a@example.com", time_zone="Nowhere"),
        mentee_row("b@example.com"),
        mentor_row("bad", capacity="99"),
    )
    assert problems(text, vocabulary) == [(2, "time_zone"), (4, "email"), (4, "capacity")]


def test_line_numbers_match_a_spreadsheet_with_blank_and_multi_line_rows(vocabulary):
    text = (
        "email,name,role,bio\r\n"
        'a@example.com,Ann,mentee,"Two\r\nlines"\r\n'
        "\r\n"
        "bad-email,Bob,mentee,\r\n"
    )
    assert problems(text, vocabulary) == [(4, "email")]


def test_a_row_with_more_cells_than_the_header_is_an_error(vocabulary):
    text = "email,name,role\r\na@example.com,Ann,mentee,surprise\r\n"
    result = parse(text, vocabulary)
    assert [(error.line, error.column) for error in result.errors] == [(2, None)]
    assert "3 columns" in result.errors[0].message


def test_an_unterminated_quote_is_a_file_error_not_a_crash(vocabulary):
    text = 'email,name,role\r\na@example.com,"Ann,mentee\r\n' + "x" * 140_000
    with pytest.raises(FileRejected) as rejected:
        parse(text, vocabulary)
    assert "not valid CSV" in rejected.value.message


def test_an_admin_added_goal_area_is_accepted(vocabulary):
    GoalArea.objects.create(slug="public-service", name="Public service")
    result = parse(
        csv_text(mentee_row(goals="Public service: Join the civil service")), Vocabulary()
    )
    assert result.errors == []
