"""Notification pages: the inbox, preferences and unsubscribing, each person seeing only theirs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from mentorship.models import Delivery, Notification, NotificationKind, NotificationPreference
from mentorship.services.notification_preferences import (
    UNSUBSCRIBE_SALT,
    make_unsubscribe_token,
    preferences_for,
    set_notification_preference,
)
from mentorship.services.notifications import notify

# --- The inbox -------------------------------------------------------------------------------


def make_notifications(user, count, **fields):
    """`count` notifications for `user`, the first one the oldest."""
    start = timezone.now() - timedelta(hours=count)
    made = []
    for index in range(count):
        notification = Notification.objects.create(
            recipient=user,
            kind=fields.get("kind", NotificationKind.MEETING),
            title=fields.get("title", f"News number {index}"),
            url=fields.get("url", ""),
        )
        Notification.objects.filter(pk=notification.pk).update(
            created_at=start + timedelta(hours=index), read_at=fields.get("read_at")
        )
        made.append(notification)
    return made


def test_alice_sees_her_unread_notifications_first_and_highlighted(client, alice):
    (old_unread,) = make_notifications(alice, 1, title="Olga accepted your request")
    (new_read,) = make_notifications(alice, 1, title="You joined Rise", read_at=timezone.now())
    client.force_login(alice)
    html = client.get("/notifications/").content.decode()
    assert html.index("Olga accepted your request") < html.index("You joined Rise")
    assert f'id="notification-{old_unread.pk}" class="notification notice unread"' in html
    assert f'id="notification-{new_read.pk}" class="notification"' in html
    assert 'class="badge"' in html  # the unread count in the navigation


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, alice):
    (notification,) = make_notifications(alice, 1, url="/programs/rise/")
    client.force_login(alice)
    response = client.post(f"/notifications/{notification.pk}/read/")
    assert response.status_code == 302
    assert response["Location"] == "/programs/rise/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_without_a_link_or_pointing_off_site_leads_back_to_the_inbox(client, alice):
    (nowhere,) = make_notifications(alice, 1)
    (elsewhere,) = make_notifications(alice, 1, url="https://evil.example/phish")
    client.force_login(alice)
    for notification in (nowhere, elsewhere):
        response = client.post(f"/notifications/{notification.pk}/read/")
        assert response["Location"] == "/notifications/"


def test_opening_takes_a_post_not_a_get(client, alice):
    (notification,) = make_notifications(alice, 1)
    client.force_login(alice)
    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_bob_never_sees_nor_reads_alices_notifications(client, alice, bob):
    (notification,) = make_notifications(alice, 1, title="Alice's private news")
    client.force_login(bob)
    assert "Alice's private news" not in client.get("/notifications/").content.decode()
    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    client.post("/notifications/read-all/")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_as_read_marks_only_alices_own(client, alice, bob):
    make_notifications(alice, 3)
    (bobs,) = make_notifications(bob, 1)
    client.force_login(alice)
    response = client.post("/notifications/read-all/", follow=True)
    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    bobs.refresh_from_db()
    assert bobs.read_at is None
    assert "Mark all as read" not in response.content.decode()


def test_visitors_are_asked_to_log_in(client, db):
    for path in ("/notifications/", "/notifications/preferences/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_inbox_pages_and_htmx_swaps_just_the_list(client, alice):
    make_notifications(alice, 25)
    client.force_login(alice)
    first = client.get("/notifications/").content.decode()
    assert first.count('class="notification') == 20
    assert 'hx-get="?page=2"' in first
    second = client.get("/notifications/?page=2", HTTP_HX_REQUEST="true")
    html = second.content.decode()
    assert "<html" not in html and html.count('class="notification') == 5
    assert "HX-Request" in second["Vary"]
    history = client.get(
        "/notifications/?page=2", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in history.content.decode()


def test_the_inbox_uses_as_many_queries_for_20_notifications_as_for_2(
    client, alice, django_assert_max_num_queries
):
    client.force_login(alice)
    make_notifications(alice, 2)
    with django_assert_max_num_queries(6) as few:
        assert client.get("/notifications/").status_code == 200
    make_notifications(alice, 18)
    with django_assert_max_num_queries(6) as many:
        assert client.get("/notifications/").content.decode().count('class="notification') == 20
    assert len(few.captured_queries) == len(many.captured_queries)


# --- Preferences -----------------------------------------------------------------------------


def all_kinds(delivery: str) -> dict[str, str]:
    return {kind.value: delivery for kind in NotificationKind}


def test_alice_chooses_a_delivery_for_every_kind(client, alice):
    client.force_login(alice)
    page = client.get("/notifications/preferences/").content.decode()
    for kind in NotificationKind:
        assert str(kind.label) in page
    choices = {**all_kinds(Delivery.EMAIL), "meeting": "digest", "invitation": "off"}
    response = client.post("/notifications/preferences/", choices, follow=True)
    assert "Your notification preferences are saved." in response.content.decode()
    assert preferences_for(user=alice) == choices


def test_an_unknown_delivery_is_a_form_error_and_nothing_changes(client, alice):
    client.force_login(alice)
    response = client.post(
        "/notifications/preferences/", {**all_kinds(Delivery.IN_APP), "meeting": "loudly"}
    )
    assert response.status_code == 200
    assert 'id="id_meeting_error"' in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_preferences_form_still_demands_a_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/notifications/preferences/", all_kinds(Delivery.OFF))
    assert response.status_code == 403
    assert not NotificationPreference.objects.exists()


# --- Unsubscribing ---------------------------------------------------------------------------


@pytest.fixture
def emailed_alice(alice, django_capture_on_commit_callbacks, settings):
    """Alice got a meeting email at once; returns the path of its unsubscribe link."""
    settings.SITE_URL = "https://mentoring.example"
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=alice, kind=NotificationKind.MEETING, title="Meeting moved")
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    return header.removeprefix("<https://mentoring.example").removesuffix(">")


def test_the_unsubscribe_page_says_what_stops_and_stops_it_after_one_click(
    client, alice, emailed_alice
):
    page = client.get(emailed_alice)
    assert page.status_code == 200
    html = page.content.decode()
    assert str(NotificationKind.MEETING.label) in html
    assert f'action="{emailed_alice}"' in html
    assert preferences_for(user=alice)["meeting"] == Delivery.EMAIL  # looking changes nothing

    done = client.post(emailed_alice)
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    preferences = preferences_for(user=alice)
    assert preferences["meeting"] == Delivery.IN_APP
    assert preferences["invitation"] == Delivery.EMAIL  # other kinds stay as they were


def test_a_mail_client_unsubscribes_in_one_click_without_session_or_csrf_token(
    alice, emailed_alice
):
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        emailed_alice,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert preferences_for(user=alice)["meeting"] == Delivery.IN_APP
    # Following the link again is harmless.
    assert mail_client.post(emailed_alice).status_code == 200
    assert preferences_for(user=alice)["meeting"] == Delivery.IN_APP


def test_unsubscribing_stops_email_but_never_turns_an_off_kind_back_on(client, alice):
    set_notification_preference(user=alice, kind=NotificationKind.MEETING, delivery=Delivery.OFF)
    set_notification_preference(
        user=alice, kind=NotificationKind.INVITATION, delivery=Delivery.DIGEST
    )
    token = make_unsubscribe_token(user=alice, kinds=["meeting", "invitation"])
    client.post(f"/notifications/unsubscribe/{token}/")
    preferences = preferences_for(user=alice)
    assert preferences["meeting"] == Delivery.OFF
    assert preferences["invitation"] == Delivery.IN_APP


def test_a_tampered_unsubscribe_link_is_rejected_and_changes_nothing(client, alice, bob):
    token = make_unsubscribe_token(user=alice, kinds=["meeting"])
    # Swapping the user id inside the signed payload breaks the signature.
    forged = signing.dumps({"u": bob.pk, "k": ["meeting"]}, salt="someone-elses-salt")
    for bad in (token[:-3] + "abc", token[:20], forged, "nonsense"):
        for method in (client.get, client.post):
            response = method(f"/notifications/unsubscribe/{bad}/")
            assert response.status_code == 400
            assert "This unsubscribe link is not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_signed_link_naming_an_unknown_kind_or_person_is_rejected(client, alice):
    unknown_kind = signing.dumps({"u": alice.pk, "k": ["gossip"]}, salt=UNSUBSCRIBE_SALT)
    nobody = signing.dumps({"u": 999_999, "k": ["meeting"]}, salt=UNSUBSCRIBE_SALT)
    for token in (unknown_kind, nobody):
        assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 400
    assert not NotificationPreference.objects.exists()
