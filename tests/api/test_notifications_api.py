"""The notifications API: each person reaches only their own, and chooses how each kind arrives."""

from __future__ import annotations

import pytest
from django.utils import timezone

from mentorship.models import Notification, NotificationKind, NotificationPreference
from mentorship.services.notification_preferences import preferences_for
from tests.conftest import client_for


def make_notifications(user, count, *, read=False):
    return [
        Notification.objects.create(
            recipient=user,
            kind=NotificationKind.MEETING,
            title=f"{user.name}'s news {index}",
            url="/relationships/1/",
            read_at=timezone.now() if read else None,
        )
        for index in range(count)
    ]


def all_kinds(delivery: str) -> dict[str, str]:
    return {kind.value: delivery for kind in NotificationKind}


# --- Listing and reading ---------------------------------------------------------------------


def test_alice_lists_her_own_notifications_with_her_unread_count(alice, bob):
    make_notifications(alice, 2)
    make_notifications(alice, 1, read=True)
    make_notifications(bob, 4)
    response = client_for(alice).get("/api/v1/notifications/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["unread_count"] == 2
    assert {item["title"] for item in body["results"]} == {
        "Alice's news 0",
        "Alice's news 1",
    }
    first = body["results"][0]
    assert first["kind"] == "meeting"
    assert first["kind_label"] == str(NotificationKind.MEETING.label)
    assert first["url"] == "/relationships/1/"


def test_the_unread_filter_keeps_only_unread_or_only_read_ones(alice):
    make_notifications(alice, 2)
    make_notifications(alice, 3, read=True)
    client = client_for(alice)
    unread = client.get("/api/v1/notifications/?unread=true").json()
    assert unread["count"] == 2 and all(item["read_at"] is None for item in unread["results"])
    read = client.get("/api/v1/notifications/?unread=false").json()
    assert read["count"] == 3 and all(item["read_at"] for item in read["results"])
    assert read["unread_count"] == 2


def test_a_malformed_unread_filter_is_a_400_naming_it(alice):
    response = client_for(alice).get("/api/v1/notifications/?unread=perhaps")
    assert response.status_code == 400
    assert "unread" in response.json()["errors"]


def test_the_list_is_paginated(alice):
    make_notifications(alice, 30)
    body = client_for(alice).get("/api/v1/notifications/").json()
    assert len(body["results"]) == 25 and body["next"] is not None
    assert body["unread_count"] == 30


def test_alice_marks_a_notification_read(alice):
    (notification,) = make_notifications(alice, 1)
    response = client_for(alice).post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_bob_can_neither_read_nor_mark_alices_notification(alice, bob):
    (notification,) = make_notifications(alice, 1)
    client = client_for(bob)
    assert client.get("/api/v1/notifications/").json()["count"] == 0
    response = client.post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "errors"}
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_only_alices_own(alice, bob):
    make_notifications(alice, 3)
    make_notifications(alice, 1, read=True)
    make_notifications(bob, 2)
    response = client_for(alice).post("/api/v1/notifications/read-all/")
    assert response.status_code == 200
    assert response.json() == {"marked": 3}
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=bob, read_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/notifications/"),
        ("post", "/api/v1/notifications/1/read/"),
        ("post", "/api/v1/notifications/read-all/"),
        ("get", "/api/v1/me/notification-preferences/"),
        ("put", "/api/v1/me/notification-preferences/"),
    ],
)
def test_an_anonymous_visitor_gets_401_everywhere(api_client, db, method, path):
    response = getattr(api_client, method)(path)
    assert response.status_code == 401


def test_the_list_uses_as_many_queries_for_20_notifications_as_for_2(
    alice, django_assert_max_num_queries
):
    client = client_for(alice)
    make_notifications(alice, 2)
    with django_assert_max_num_queries(4) as few:
        assert client.get("/api/v1/notifications/").json()["count"] == 2
    make_notifications(alice, 18)
    with django_assert_max_num_queries(4) as many:
        assert len(client.get("/api/v1/notifications/").json()["results"]) == 20
    assert len(few.captured_queries) == len(many.captured_queries)


# --- Preferences -----------------------------------------------------------------------------


def test_alice_sees_a_delivery_for_every_kind_email_by_default(alice):
    response = client_for(alice).get("/api/v1/me/notification-preferences/")
    assert response.status_code == 200
    assert response.json() == all_kinds("email")


def test_alice_replaces_her_preferences(alice, bob):
    choices = {**all_kinds("in_app"), "meeting": "digest", "invitation": "off"}
    response = client_for(alice).put("/api/v1/me/notification-preferences/", choices, format="json")
    assert response.status_code == 200
    assert response.json() == choices
    assert preferences_for(user=alice) == choices
    assert preferences_for(user=bob) == all_kinds("email")


def test_an_unknown_kind_or_delivery_is_a_400_naming_it_and_nothing_changes(alice):
    client = client_for(alice)
    bad_delivery = {**all_kinds("in_app"), "meeting": "carrier_pigeon"}
    response = client.put("/api/v1/me/notification-preferences/", bad_delivery, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["meeting"]

    unknown_kind = {**all_kinds("in_app"), "gossip": "email"}
    response = client.put("/api/v1/me/notification-preferences/", unknown_kind, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["gossip"]
    assert not NotificationPreference.objects.exists()


def test_a_put_must_name_every_kind(alice):
    partial = {"meeting": "off"}
    response = client_for(alice).put("/api/v1/me/notification-preferences/", partial, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "invitation" in errors and "meeting" not in errors
    assert not NotificationPreference.objects.exists()


def test_a_put_that_is_not_a_mapping_is_a_400(alice):
    response = client_for(alice).put(
        "/api/v1/me/notification-preferences/",
        [{"kind": "meeting", "delivery": "off"}],
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"message", "errors"}
    assert not NotificationPreference.objects.exists()
