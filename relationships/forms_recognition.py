"""Forms of thank-you notes: write one, and give or take back consent to show it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ThankYouForm(forms.Form):
    body = forms.CharField(
        label=_("Your note"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    public = forms.BooleanField(
        label=_("I agree to show this note on my mentor's profile"),
        required=False,
        help_text=_(
            "It appears there, with your name, only once your mentor agrees too. "
            "You can take it back at any time."
        ),
    )


class ConsentForm(forms.Form):
    public = forms.BooleanField(required=False)
