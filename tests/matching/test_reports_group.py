"""The optional, self-described group: program admins turn the question on, participants
may answer it (or not), and only while the program asks it."""

from __future__ import annotations

import pytest

from tests.conftest import membership_of
from tests.relationships.meetings_support import page_client

pytestmark = pytest.mark.django_db

QUESTION = "How do you describe your background? (optional)"


def settings_url(program) -> str:
    return f"/programs/{program.slug}/settings/group/"


def answer_url(program) -> str:
    return f"/programs/{program.slug}/group/"


def ask(program) -> None:
    program.collects_group = True
    program.group_question = QUESTION
    program.save()


def test_an_admin_turns_the_question_on(program, program_admin):
    response = page_client(program_admin).post(
        settings_url(program), {"collects_group": "on", "group_question": f"  {QUESTION} "}
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.collects_group, program.group_question) == (True, QUESTION)


def test_turning_it_on_without_a_question_is_a_form_error(program, program_admin):
    response = page_client(program_admin).post(
        settings_url(program), {"collects_group": "on", "group_question": " "}
    )
    assert response.status_code == 200
    assert "Write the question participants see." in response.content.decode()
    program.refresh_from_db()
    assert program.collects_group is False


@pytest.mark.parametrize(("persona", "status"), [("mentee", 403), ("other_program_admin", 404)])
def test_only_the_programs_admins_change_the_setting(program, persona, status, request):
    client = page_client(request.getfixturevalue(persona))
    assert client.get(settings_url(program)).status_code == status
    assert (
        client.post(
            settings_url(program), {"collects_group": "on", "group_question": "Q"}
        ).status_code
        == status
    )
    program.refresh_from_db()
    assert program.collects_group is False


def test_the_answer_page_exists_only_while_the_program_asks(program, mentee):
    client = page_client(mentee)
    assert client.get(answer_url(program)).status_code == 404
    assert "An optional question" not in client.get(f"/programs/{program.slug}/").content.decode()
    ask(program)
    assert client.get(answer_url(program)).status_code == 200
    assert QUESTION in client.get(f"/programs/{program.slug}/").content.decode()


def test_a_participant_answers_changes_and_clears_their_answer(program, mentee):
    ask(program)
    client = page_client(mentee)
    assert client.post(answer_url(program), {"group": " First   generation "}).status_code == 302
    assert membership_of(mentee, program).self_described_group == "First generation"
    assert client.post(answer_url(program), {"group": ""}).status_code == 302
    assert membership_of(mentee, program).self_described_group == ""


def test_a_too_long_answer_is_a_form_error(program, mentee):
    ask(program)
    response = page_client(mentee).post(answer_url(program), {"group": "x" * 81})
    assert response.status_code == 200
    assert membership_of(mentee, program).self_described_group == ""


def test_non_members_cannot_answer(program, other_program_admin):
    ask(program)
    assert page_client(other_program_admin).get(answer_url(program)).status_code == 404
