"""The OpenAPI schema describes the API completely: generating it warns about nothing."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.management.commands.spectacular import SchemaGenerationError


def test_the_schema_generates_and_validates_with_zero_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    # --fail-on-warn turns any warning (an undocumented response, a guessed type) into an error.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]
    assert "/api/v1/me/" in schema["paths"]
    assert "/api/v1/jobs/{id}/" in schema["paths"]


def test_schema_generation_fails_when_an_operation_is_undocumented(settings, tmp_path):
    """The guard above can fail: an API view with no serializer makes spectacular warn."""
    settings.ROOT_URLCONF = "tests.api.undocumented_urls"
    with pytest.raises(SchemaGenerationError):
        call_command(
            "spectacular", "--fail-on-warn", "--file", str(tmp_path / "s.yml"), stderr=io.StringIO()
        )


def test_the_schema_and_the_docs_are_served_offline(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
