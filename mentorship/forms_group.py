"""Forms of the optional group question: the admin's setting and a participant's answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mentorship.services.groups import MAX_GROUP_LENGTH, MAX_QUESTION_LENGTH


class GroupQuestionForm(forms.Form):
    collects_group = forms.BooleanField(
        label=_("Ask participants an optional group question"),
        required=False,
        help_text=_(
            "Answers feed only the exposure and fairness report, pooled, with small groups "
            "hidden. They are never used to rank or match anyone."
        ),
    )
    group_question = forms.CharField(
        label=_("The question"),
        required=False,
        max_length=MAX_QUESTION_LENGTH,
        help_text=_("For example: 'How do you describe your background? (optional)'"),
    )


class SelfDescribedGroupForm(forms.Form):
    group = forms.CharField(
        label=_("Your answer"),
        required=False,
        max_length=MAX_GROUP_LENGTH,
        help_text=_("In your own words. You may leave it blank, or clear it at any time."),
    )
