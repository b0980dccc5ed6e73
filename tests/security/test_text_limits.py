# (the models of every installed app are read, django-axes too, which ships no types)
"""Every text a user can send has a maximum length, enforced where input is parsed.

Three readings of the code, so that a new field without a limit fails the build:
the models (a TextField's `max_length` is not enforced by PostgreSQL, but Django's model
forms and DRF's model serializers copy it), the forms (every `CharField` they declare)
and the OpenAPI schema (every string an operation accepts has `maxLength`).
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models
from drf_spectacular.generators import SchemaGenerator

from mentorship.admin import ProgramAdmin
from mentorship.models import Program
from tests.processes import PROJECT_ROOT

APPS = ("mentorship", "relationships", "matching")

# Text no user types: written by the code itself, or bounded where it comes from.
SYSTEM_WRITTEN = {
    "mentorship.OutboxMessage.last_error": "a broker error message",
    "mentorship.Job.error": "an exception's message, written by the task",
    "mentorship.ParticipantImport.content": "the uploaded CSV, at most MAX_BYTES (5 MB)",
    "mentorship.Notification.body": "composed by services from limited fields",
    "mentorship.MentorParticipation.search_text": "derived from limited profile fields",
    "matching.MatchRun.error": "an exception's message, written by the task",
    "matching.SuggestionList.last_error": "an exception's message, written by the task",
}

# User-typed text whose model field has no length (adding one needs a migration): the
# form and serializer fields that accept it carry the limit instead.
LIMITED_IN_FORMS = {
    "mentorship.Membership.request_message": "join form and `programs_join` (2000)",
    "relationships.Agreement.confidentiality": "agreement form and API (4000)",
    "relationships.Agreement.other_expectations": "agreement form and API (4000)",
}

# Strings an operation accepts that are looked up, never stored: a program's slug, a term
# of a vocabulary. An unknown value is a 400 or no match; the request body itself is
# capped by DATA_UPLOAD_MAX_MEMORY_SIZE.
LOOKUPS = {
    ("/api/v1/requests/", "post", "body.program"),
    ("/api/v1/circles/", "post", "body.program"),
    ("/api/v1/me/profile/", "patch", "body.industry"),
    ("/api/v1/me/profile/", "patch", "body.languages[]"),
    ("/api/v1/me/profile/", "patch", "body.skills[]"),
    ("/api/v1/programs/{slug}/mentors/", "get", "query.industry"),
    ("/api/v1/programs/{slug}/mentors/", "get", "query.language"),
    ("/api/v1/programs/{slug}/participation/mentee/", "put", "body.goals[].goal_area"),
    ("/api/v1/programs/{slug}/participation/mentee/", "put", "body.skills_wanted[]"),
    ("/api/v1/programs/{slug}/participation/mentee/", "put", "body.preferred_languages[]"),
    ("/api/v1/programs/{slug}/participation/mentor/", "put", "body.expertise_areas[]"),
    ("/api/v1/programs/{slug}/participation/mentor/", "put", "body.skills_taught[]"),
}
BOUNDED_FORMATS = {"date", "date-time", "time", "uuid", "binary", "decimal"}


def text_fields() -> list[tuple[str, models.CharField[Any, Any] | models.TextField[Any, Any]]]:
    return [
        (f"{model._meta.label}.{field.name}", field)
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField)
    ]


def test_there_are_many_text_fields_to_check():
    assert len(text_fields()) > 100
    # The newer features are read like the rest, and each of these has its limit.
    limited = {label for label, field in text_fields() if field.max_length}
    assert {
        "relationships.Circle.description",
        "relationships.CircleSession.shared_notes",
        "relationships.CircleSessionRating.comment",
        "relationships.Introduction.note",
        "relationships.Introduction.follow_up_location",
        "relationships.ThankYouNote.body",
        "mentorship.Program.group_question",
        "mentorship.Membership.self_described_group",
    } <= limited


def test_every_model_text_field_has_a_limit_or_a_reason():
    unlimited = {
        label
        for label, field in text_fields()
        if field.max_length is None and label not in SYSTEM_WRITTEN
    }
    assert unlimited == set(LIMITED_IN_FORMS)


def test_the_allow_lists_name_real_fields():
    labels = {label for label, _field in text_fields()}
    assert set(SYSTEM_WRITTEN) <= labels
    assert set(LIMITED_IN_FORMS) <= labels


def test_a_programs_description_is_limited_in_the_admin_the_settings_page_and_the_api(
    rf, platform_admin
):
    from mentorship.api.programs import ProgramSettingsInputSerializer
    from mentorship.forms_program_settings import ProgramSettingsForm

    request = rf.get("/admin/")
    request.user = platform_admin
    limit = Program._meta.get_field("description").max_length
    assert limit == 5000

    admin_field = ProgramAdmin(Program, admin.site).get_form(request).base_fields["description"]
    assert isinstance(admin_field, forms.CharField)
    assert admin_field.max_length == limit
    assert ProgramSettingsForm.base_fields["description"].max_length == limit  # type: ignore[attr-defined]
    too_long = ProgramSettingsInputSerializer(data={"description": "x" * (limit + 1)}, partial=True)
    assert not too_long.is_valid()
    assert "description" in too_long.errors


def app_modules() -> list[Any]:
    modules = []
    for app in APPS:
        for path in sorted((PROJECT_ROOT / app).rglob("*.py")):
            parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
            if {"migrations", "management", "ranking", "demo"} & set(parts):
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules.append(importlib.import_module(".".join(parts)))
    return modules


def form_classes() -> set[type[forms.BaseForm]]:
    found: set[type[forms.BaseForm]] = set()

    def collect(namespace: Any) -> None:
        for value in vars(namespace).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__.split(".")[0] in APPS
                and value not in found
            ):
                found.add(value)
                collect(value)

    for module in app_modules():
        collect(module)
    return found


def test_every_text_field_of_every_form_has_a_max_length():
    classes = form_classes()
    assert len(classes) > 20
    unlimited = [
        f"{form.__module__}.{form.__qualname__}.{name}"
        for form in classes
        for name, field in form.base_fields.items()  # type: ignore[attr-defined]
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unlimited == []


def unlimited_strings(schema: dict[str, Any], where: str, components: dict[str, Any]):
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "oneOf", "anyOf"):
        for part in schema.get(key, []):
            yield from unlimited_strings(part, where, components)
    if "properties" in schema:
        for name, prop in schema["properties"].items():
            if not prop.get("readOnly"):
                yield from unlimited_strings(prop, f"{where}.{name}", components)
    elif schema.get("type") == "array":
        yield from unlimited_strings(schema.get("items", {}), f"{where}[]", components)
    elif schema.get("type") == "string":
        if "enum" in schema or "maxLength" in schema:
            return
        if schema.get("format") in BOUNDED_FORMATS:
            return
        yield where


@pytest.mark.django_db
def test_every_string_the_api_accepts_has_a_max_length():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    found = set()
    for url, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            for body in content.values():
                for where in unlimited_strings(body["schema"], "body", components):
                    found.add((url, method, where))
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    for where in unlimited_strings(
                        parameter["schema"], f"query.{parameter['name']}", components
                    ):
                        found.add((url, method, where))
    assert found - LOOKUPS == set()


# What a person sees when they go over a limit -----------------------------------------------


@pytest.mark.django_db
def test_an_over_long_message_is_a_json_error_naming_the_field(program, mentee, mentor):
    from relationships.models import Message
    from relationships.services.messages import MAX_MESSAGE_LENGTH
    from tests.conftest import client_for
    from tests.relationships.meetings_support import start_pair

    relationship = start_pair(program, mentee, mentor)
    response = client_for(mentee).post(
        f"/api/v1/relationships/{relationship.pk}/messages/",
        {"body": "x" * (MAX_MESSAGE_LENGTH + 1)},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["body"]
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_an_over_long_display_name_is_a_form_error(client, alice):
    client.force_login(alice)
    response = client.post("/account/settings/", {"display_name": "x" * 81, "time_zone": "UTC"})
    assert response.status_code == 200
    assert response.context["form"].errors["display_name"]
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


@pytest.mark.django_db
def test_an_over_long_introduction_note_is_a_json_error_naming_the_field(
    program, mentee, mentor, other_mentor
):
    from relationships.models import Introduction
    from tests.conftest import client_for, membership_of
    from tests.relationships.meetings_support import start_pair

    start_pair(program, mentee, mentor)
    response = client_for(mentor).post(
        "/api/v1/introductions/",
        {
            "mentee": membership_of(mentee, program).pk,
            "member": membership_of(other_mentor, program).pk,
            "note": "x" * 2001,
        },
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["note"]
    assert not Introduction.objects.exists()


@pytest.mark.django_db
def test_an_over_long_thank_you_note_is_a_form_error(client, program, mentee, mentor):
    from relationships.models import ThankYouNote
    from tests.relationships.meetings_support import start_pair

    relationship = start_pair(program, mentee, mentor)
    client.force_login(mentee)
    response = client.post(f"/relationships/{relationship.pk}/thanks/new/", {"body": "x" * 3001})
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not ThankYouNote.objects.exists()
