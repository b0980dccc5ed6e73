"""Every API failure has one shape: `{"message": ..., "errors": {field: [...]}}`."""

from __future__ import annotations

import uuid

from tests.conftest import client_for


def test_an_unknown_api_url_is_a_json_404(api_client, db):
    response = api_client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Not found.", "errors": {}}


def test_a_wrong_method_is_a_405_in_the_error_shape(alice):
    response = client_for(alice).delete("/api/v1/me/")
    assert response.status_code == 405
    assert response.json() == {"message": 'Method "DELETE" not allowed.', "errors": {}}


def test_a_rule_violation_is_reported_with_its_status(alice):
    # Only platform admins may start a worker check: alice can call it but may not.
    response = client_for(alice).post("/api/v1/system/worker-checks/")
    assert response.status_code == 403
    assert response.json() == {
        "message": "Only platform admins can check the workers.",
        "errors": {},
    }


def test_a_job_id_that_is_not_a_uuid_is_a_json_404(alice):
    response = client_for(alice).get("/api/v1/jobs/42/")
    assert response.status_code == 404
    assert response.json()["message"] == "Not found."


def test_an_unknown_job_is_a_json_404(alice):
    response = client_for(alice).get(f"/api/v1/jobs/{uuid.uuid4()}/")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "errors": {}}
