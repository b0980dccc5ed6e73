"""Inactivity: a nudge to both after the agreed cadence plus 7 days, a flag to admins at
twice that, once per spell; a held meeting ends the spell."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from mentorship.models import Notification
from relationships.models import Relationship
from relationships.services.inactivity import scan_inactivity
from relationships.services.relationships import pause_relationship
from tests.relationships.meetings_support import agree, held_meeting, shift_start, start_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def relationship(program, mentee, mentor) -> Relationship:
    return start_pair(program, mentee, mentor)


def nudges(user) -> int:
    return Notification.objects.filter(recipient=user, title__contains="have not met").count()


def test_without_an_agreement_the_pair_is_nudged_after_21_days_then_admins_at_42(
    relationship, mentee, mentor, program_admin, other_program_admin
):
    shift_start(relationship, days=20)
    assert scan_inactivity() == 0
    shift_start(relationship, days=2)  # 22 days
    assert scan_inactivity() == 1
    assert scan_inactivity() == 0  # run twice: nothing more
    relationship.refresh_from_db()
    assert relationship.nudged_at is not None and relationship.flagged_at is None
    assert nudges(mentee) == nudges(mentor) == 1
    assert nudges(program_admin) == 0

    shift_start(relationship, days=21)  # 43 days
    assert scan_inactivity() == 1
    assert scan_inactivity() == 0
    relationship.refresh_from_db()
    assert relationship.flagged_at is not None
    assert nudges(mentee) == nudges(mentor) == 1  # still one nudge per spell
    [flag] = Notification.objects.filter(recipient=program_admin)
    assert "have not met for 43 days" in flag.title
    assert flag.url == "/programs/rise/health/"
    assert not Notification.objects.filter(recipient=other_program_admin).exists()


def test_a_weekly_agreement_makes_the_gap_fourteen_days(relationship, mentee, mentor):
    agree(relationship, cadence="weekly", mentee=mentee, mentor=mentor)
    shift_start(relationship, days=13)
    assert scan_inactivity() == 0
    shift_start(relationship, days=2)
    assert scan_inactivity() == 1
    assert nudges(mentee) == 1


def test_a_meeting_logged_later_ends_the_spell_and_the_next_spell_is_nudged_afresh(
    relationship, mentee, mentor
):
    shift_start(relationship, days=30)
    assert scan_inactivity() == 1
    held_meeting(relationship, mentor, starts_at=timezone.now() - datetime.timedelta(days=1))
    relationship.refresh_from_db()
    assert relationship.nudged_at is None
    assert scan_inactivity() == 0
    later = timezone.now() + datetime.timedelta(days=23)
    assert scan_inactivity(now=later) == 1
    assert nudges(mentee) == 2


def test_a_paused_relationship_is_not_nudged(relationship, mentee):
    shift_start(relationship, days=60)
    pause_relationship(relationship=relationship, by=mentee)
    assert scan_inactivity() == 0
    assert nudges(mentee) == 0
