"""Notification emails: at once or in a morning digest, as each person chose, never twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from mentorship.models import Delivery, Notification, NotificationKind, OutboxMessage
from mentorship.services.notification_email import (
    latest_digest_cutoff,
    send_due_digests,
    send_notification_email,
)
from mentorship.services.notification_preferences import set_notification_preference
from mentorship.services.notifications import notify

SITE = "https://mentoring.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def notify_now(capture, **kwargs):
    """Call `notify` as a request would: its on-commit work (the email task) runs after it."""
    with capture(execute=True):
        return notify(**kwargs)


def unsubscribe_path(message) -> str:
    header = str(message.extra_headers["List-Unsubscribe"])
    assert header.startswith(f"<{SITE}/notifications/unsubscribe/") and header.endswith("/>")
    return header[1 + len(SITE) : -1]


# --- Immediate email -------------------------------------------------------------------------


def test_alice_gets_exactly_one_email_with_the_link_and_a_one_click_unsubscribe(
    alice, django_capture_on_commit_callbacks
):
    notification = notify_now(
        django_capture_on_commit_callbacks,
        recipient=alice,
        kind=NotificationKind.MEETING,
        title="Marcus proposed a meeting",
        body="Thursday at 10:00, by video.",
        url="/relationships/7/meetings/",
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.to == ["alice@example.org"]
    assert message.subject == "Marcus proposed a meeting"
    assert "Thursday at 10:00, by video." in message.body
    assert f"{SITE}/relationships/7/meetings/" in message.body
    html = str(message.alternatives[0][0])
    assert message.alternatives[0][1] == "text/html"
    assert f'href="{SITE}/relationships/7/meetings/"' in html
    # RFC 8058: the header link and the link in the body are the same one-click link.
    path = unsubscribe_path(message)
    assert f"{SITE}{path}" in message.body and f"{SITE}{path}" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert OutboxMessage.objects.get().sent_at is not None


def test_a_notification_without_a_link_points_the_email_at_the_inbox(
    alice, django_capture_on_commit_callbacks
):
    notify_now(
        django_capture_on_commit_callbacks,
        recipient=alice,
        kind=NotificationKind.PROGRAM_JOINED,
        title="You joined Rise",
    )
    assert f"{SITE}/notifications/" in mail.outbox[0].body


def test_a_redelivered_email_task_sends_nothing_twice(alice, django_capture_on_commit_callbacks):
    notification = notify_now(
        django_capture_on_commit_callbacks,
        recipient=alice,
        kind=NotificationKind.MEETING,
        title="Meeting tomorrow",
    )
    assert send_notification_email(notification_id=notification.pk) is False
    assert send_notification_email(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_alice_turning_a_kind_off_stores_nothing_and_sends_nothing(
    alice, django_capture_on_commit_callbacks
):
    set_notification_preference(user=alice, kind=NotificationKind.MEETING, delivery=Delivery.OFF)
    result = notify_now(
        django_capture_on_commit_callbacks,
        recipient=alice,
        kind=NotificationKind.MEETING,
        title="Meeting tomorrow",
    )
    assert result is None
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("delivery", [Delivery.IN_APP, Delivery.DIGEST])
def test_in_app_and_digest_kinds_are_stored_but_not_emailed_at_once(
    alice, delivery, django_capture_on_commit_callbacks
):
    set_notification_preference(user=alice, kind=NotificationKind.MEETING, delivery=delivery)
    notification = notify_now(
        django_capture_on_commit_callbacks,
        recipient=alice,
        kind=NotificationKind.MEETING,
        title="Meeting tomorrow",
    )
    assert notification is not None and notification.emailed_at is None
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert mail.outbox == []


def test_a_kind_switched_away_from_email_before_the_task_runs_is_not_emailed(
    alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = notify(recipient=alice, kind=NotificationKind.MEETING, title="Soon")
    assert notification is not None
    set_notification_preference(user=alice, kind=NotificationKind.MEETING, delivery=Delivery.IN_APP)
    for callback in callbacks:
        callback()
    assert mail.outbox == []
    assert Notification.objects.get(pk=notification.pk).emailed_at is None


def test_an_inactive_person_is_not_emailed(alice):
    notification = Notification.objects.create(
        recipient=alice, kind=NotificationKind.MEETING, title="Soon"
    )
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert send_notification_email(notification_id=notification.pk) is False
    assert mail.outbox == []


def test_bob_never_gets_an_email_about_alices_notification(
    alice, bob, django_capture_on_commit_callbacks
):
    notify_now(
        django_capture_on_commit_callbacks,
        recipient=alice,
        kind=NotificationKind.MEETING,
        title="Alice's meeting",
    )
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


# --- Daily digest ----------------------------------------------------------------------------


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def make_notification(user, *, kind=NotificationKind.MEETING, created_at, title="News"):
    """A stored notification that arrived at `created_at` (the digest window depends on it)."""
    notification = Notification.objects.create(recipient=user, kind=kind, title=title)
    Notification.objects.filter(pk=notification.pk).update(created_at=created_at)
    return notification


@pytest.fixture
def tokyo_alice(alice):
    alice.time_zone = "Asia/Tokyo"  # UTC+9
    alice.save(update_fields=["time_zone"])
    set_notification_preference(user=alice, kind=NotificationKind.MEETING, delivery="digest")
    return alice


@pytest.fixture
def new_york_bob(bob):
    bob.time_zone = "America/New_York"  # UTC-5 in January
    bob.save(update_fields=["time_zone"])
    set_notification_preference(user=bob, kind=NotificationKind.MEETING, delivery="digest")
    return bob


def test_the_digest_cutoff_is_the_latest_eight_oclock_in_the_persons_zone():
    # 07:30 in Tokyo on 2 January: the latest 08:00 there was on 1 January.
    assert latest_digest_cutoff(now=at(2030, 1, 1, 22, 30), time_zone="Asia/Tokyo") == at(
        2029, 12, 31, 23, 0
    )
    assert latest_digest_cutoff(now=at(2030, 1, 1, 23, 0), time_zone="Asia/Tokyo") == at(
        2030, 1, 1, 23, 0
    )
    assert latest_digest_cutoff(now=at(2030, 1, 1, 23, 0), time_zone="Not/AZone") == at(
        2030, 1, 1, 8, 0
    )


def test_each_person_gets_their_digest_once_their_own_morning_has_come(tokyo_alice, new_york_bob):
    for person in (tokyo_alice, new_york_bob):
        make_notification(person, created_at=at(2030, 1, 1, 12, 0), title="Marcus wrote")
        make_notification(person, created_at=at(2030, 1, 1, 12, 5), title="Meeting moved")

    # 22:30 UTC: 17:30 in New York (past 08:00), 07:30 next morning in Tokyo (not yet).
    assert send_due_digests(now=at(2030, 1, 1, 22, 30)) == 1
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]
    digest = mail.outbox[0]
    assert "2 new notifications" in digest.subject
    assert "Marcus wrote" in digest.body and "Meeting moved" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_path(digest)

    # 23:15 UTC: 08:15 in Tokyo.
    assert send_due_digests(now=at(2030, 1, 1, 23, 15)) == 1
    assert mail.outbox[1].to == ["alice@example.org"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_rerunning_the_digest_sends_nothing_twice(tokyo_alice):
    make_notification(tokyo_alice, created_at=at(2030, 1, 1, 12, 0))
    assert send_due_digests(now=at(2030, 1, 1, 23, 15)) == 1
    assert send_due_digests(now=at(2030, 1, 1, 23, 15)) == 0
    assert send_due_digests(now=at(2030, 1, 1, 23, 30)) == 0
    assert len(mail.outbox) == 1


def test_news_after_the_morning_digest_waits_for_the_next_morning(tokyo_alice):
    make_notification(tokyo_alice, created_at=at(2030, 1, 1, 12, 0), title="First")
    assert send_due_digests(now=at(2030, 1, 1, 23, 15)) == 1  # 08:15 on 2 January in Tokyo
    make_notification(tokyo_alice, created_at=at(2030, 1, 1, 23, 30), title="Second")

    assert send_due_digests(now=at(2030, 1, 2, 3, 0)) == 0  # noon in Tokyo, same day
    assert send_due_digests(now=at(2030, 1, 2, 23, 5)) == 1  # 08:05 on 3 January
    assert len(mail.outbox) == 2
    assert "Second" in mail.outbox[1].body and "First" not in mail.outbox[1].body


def test_a_kind_switched_to_digest_later_in_the_day_waits_for_the_next_morning(tokyo_alice):
    make_notification(tokyo_alice, created_at=at(2030, 1, 1, 12, 0), title="Meeting moved")
    make_notification(
        tokyo_alice,
        kind=NotificationKind.INVITATION,
        created_at=at(2030, 1, 1, 12, 0),
        title="You are invited to Summit",
    )
    set_notification_preference(
        user=tokyo_alice, kind=NotificationKind.INVITATION, delivery=Delivery.IN_APP
    )
    assert send_due_digests(now=at(2030, 1, 1, 23, 15)) == 1
    assert "You are invited" not in mail.outbox[0].body

    set_notification_preference(
        user=tokyo_alice, kind=NotificationKind.INVITATION, delivery=Delivery.DIGEST
    )
    assert send_due_digests(now=at(2030, 1, 2, 3, 0)) == 0  # still 2 January in Tokyo
    assert send_due_digests(now=at(2030, 1, 2, 23, 5)) == 1
    assert "You are invited to Summit" in mail.outbox[1].body


def test_the_digest_leaves_out_what_was_read_or_already_emailed_and_other_kinds(tokyo_alice):
    make_notification(tokyo_alice, created_at=at(2030, 1, 1, 12, 0), title="Still new")
    read = make_notification(tokyo_alice, created_at=at(2030, 1, 1, 12, 0), title="Seen it")
    Notification.objects.filter(pk=read.pk).update(read_at=at(2030, 1, 1, 13, 0))
    make_notification(
        tokyo_alice,
        kind=NotificationKind.PROGRAM_JOINED,  # email at once, the default
        created_at=at(2030, 1, 1, 12, 0),
        title="You joined Rise",
    )
    assert send_due_digests(now=at(2030, 1, 1, 23, 15)) == 1
    body = mail.outbox[0].body
    assert "Still new" in body
    assert "Seen it" not in body and "You joined Rise" not in body
    assert "1 new notification" in mail.outbox[0].subject


def test_people_without_digest_kinds_or_inactive_get_no_digest(tokyo_alice, bob):
    make_notification(bob, created_at=at(2030, 1, 1, 12, 0))  # bob: email at once
    make_notification(tokyo_alice, created_at=at(2030, 1, 1, 12, 0))
    tokyo_alice.is_active = False
    tokyo_alice.save(update_fields=["is_active"])
    assert send_due_digests(now=at(2030, 1, 2, 12, 0)) == 0
    assert mail.outbox == []


def test_the_digest_shows_times_in_the_persons_own_zone(tokyo_alice):
    make_notification(tokyo_alice, created_at=at(2030, 1, 1, 12, 0), title="Meeting moved")
    send_due_digests(now=at(2030, 1, 1, 23, 15))
    # 12:00 UTC is 21:00 in Tokyo.
    assert "9 p.m." in mail.outbox[0].body


def test_the_beat_task_sends_the_due_digests(tokyo_alice):
    from mentorship.tasks import send_notification_digests

    make_notification(tokyo_alice, created_at=at(2020, 1, 1, 12, 0))
    assert send_notification_digests.apply().get() == 1
    assert len(mail.outbox) == 1
