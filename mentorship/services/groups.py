"""The optional, self-described group: a program may ask it, a participant may answer it.

It exists for one purpose, the fairness audit (do groups fare differently in matching?),
so it is asked only when a program turns it on, every answer may be left blank, and no
ranking or matching code reads it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentorship.models import Membership, Program

MAX_GROUP_LENGTH = 80
MAX_QUESTION_LENGTH = 200


@transaction.atomic
def set_group_question(*, program: Program, collects_group: bool, group_question: str) -> Program:
    """Turn the question on (with its wording) or off. Turning it off keeps the answers
    already given, so turning it on again does not ask everyone afresh."""
    question = " ".join(group_question.split())
    if collects_group and not question:
        raise ValidationError({"group_question": [_("Write the question participants see.")]})
    if len(question) > MAX_QUESTION_LENGTH:
        raise ValidationError(
            {"group_question": [_("Keep it under %(n)d characters.") % {"n": MAX_QUESTION_LENGTH}]}
        )
    program.collects_group = collects_group
    program.group_question = question
    program.save(update_fields=["collects_group", "group_question", "updated_at"])
    return program


@transaction.atomic
def set_self_described_group(*, membership: Membership, group: str) -> Membership:
    """Record (or clear, with a blank) a participant's own answer to the group question."""
    if not membership.program.collects_group:
        raise ValidationError(_("This program does not ask this question."))
    answer = " ".join(group.split())
    if len(answer) > MAX_GROUP_LENGTH:
        raise ValidationError(
            {"group": [_("Keep it under %(n)d characters.") % {"n": MAX_GROUP_LENGTH}]}
        )
    membership.self_described_group = answer
    membership.save(update_fields=["self_described_group"])
    return membership
