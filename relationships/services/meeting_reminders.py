"""The 24-hour meeting reminder, found by a beat scan and sent once per person and start time.

The reminder key names the meeting, its start time and the person, and is claimed in the
same transaction as the notification: a second scan sends nothing, and a meeting moved
after its reminder is reminded again for the new time.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorship.models import NotificationKind
from mentorship.services.notifications import notify
from relationships.models import Meeting, Relationship
from relationships.services.meetings import meeting_url, participants_of, when_for
from relationships.services.reminders import claim_reminder

REMINDER_LEAD = datetime.timedelta(hours=24)


def send_meeting_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind both people of a meeting that starts within the next 24 hours, once each.

    The key names the start time, so a meeting moved after its reminder is reminded again
    for the new time, and a second scan finds the key and sends nothing.
    """
    now = now or timezone.now()
    sent = 0
    upcoming = (
        Meeting.objects.filter(
            state=Meeting.State.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_LEAD,
            relationship__state=Relationship.State.ACTIVE,
        )
        .select_related(
            "relationship__mentee__membership__user", "relationship__mentor__membership__user"
        )
        .order_by("starts_at", "id")
    )
    for meeting in upcoming.iterator(chunk_size=500):
        stamp = meeting.starts_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M")
        for person in participants_of(meeting.relationship):
            with transaction.atomic():
                if not claim_reminder(f"meeting:{meeting.pk}:24h:{stamp}:user:{person.pk}"):
                    continue
                other = meeting.relationship.other_person(person)
                notify(
                    recipient=person,
                    kind=NotificationKind.MEETING,
                    title=_("Reminder: meeting with %(name)s on %(when)s")
                    % {"name": other.name, "when": when_for(meeting.starts_at, person)},
                    url=meeting_url(meeting),
                )
                sent += 1
    return sent
