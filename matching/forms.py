"""The mentor directory's search and filter form (read from the query string)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from matching.directory import MAX_TZ_WINDOW_HOURS, DirectoryVocabulary
from mentorship.models.profiles import MeetingMode

# The parameter names the page and the API share, so a page URL and an API URL that search
# the same thing have the same query string.
FILTER_FIELDS = ("q", "skill", "industry", "language", "meeting_mode", "tz_within", "accepting")


def tz_window_choices() -> list[tuple[str, str]]:
    choices = [("", str(_("Any time zone"))), ("0", str(_("Same time as me")))]
    for hours in range(1, MAX_TZ_WINDOW_HOURS + 1):
        choices.append((str(hours), str(_("Within %(hours)d h of me") % {"hours": hours})))
    return choices


class QuickSelect(forms.Select):
    """Renders the <select> in Python instead of one template per option.

    Django renders every option through a template; the directory's vocabularies are ~100
    options, which made drawing the filter form the largest cost of the page. The attrs
    Django computes (id, aria-invalid, aria-describedby, multiple) are kept as they are.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: BaseRenderer | None = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                option["value"],
                " selected" if option["selected"] else "",
                option["label"],
            )
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        ]
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),  # noqa: S308 -- each option was escaped above
        )


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """The same for several choices (`multiple`, values read with `getlist`)."""


class MentorFilterForm(forms.Form):
    """Words and filters; every choice comes from the vocabulary loaded for this request.

    Choices (not model choice fields) so that validating costs no query beyond the one that
    loaded the vocabulary: an unknown skill, industry, language or meeting mode is then a
    form error on its field.
    """

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name, skill, expertise, words from their bio…"),
            }
        ),
    )
    skill = forms.MultipleChoiceField(
        label=_("Skills"),
        required=False,
        help_text=_("Mentors with all of the chosen skills."),
        widget=QuickSelectMultiple,
        error_messages={"invalid_choice": _("Unknown skill: %(value)s.")},
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": _("Unknown industry: %(value)s.")},
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": _("Unknown language: %(value)s.")},
    )
    meeting_mode = forms.ChoiceField(
        label=_("Meeting mode"),
        required=False,
        widget=QuickSelect,
        error_messages={"invalid_choice": _("Unknown meeting mode: %(value)s.")},
    )
    tz_within = forms.TypedChoiceField(
        label=_("Time zone"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
        choices=tz_window_choices,
        error_messages={"invalid_choice": _("Choose a time zone window from the list.")},
    )
    accepting = forms.BooleanField(label=_("Only mentors accepting new mentees"), required=False)

    def __init__(self, *args: Any, vocabulary: DirectoryVocabulary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_choices("skill", vocabulary.skills.items(), blank=None)
        self._set_choices("industry", vocabulary.industries.items(), blank=_("Any industry"))
        self._set_choices("language", vocabulary.languages.items(), blank=_("Any language"))
        self.fields["meeting_mode"].choices = [("", _("Any meeting mode")), *MeetingMode.choices]  # type: ignore[attr-defined]

    def _set_choices(self, name: str, terms: Any, *, blank: Any) -> None:
        choices = [(key, term.name) for key, term in terms]
        self.fields[name].choices = ([("", blank)] if blank else []) + choices  # type: ignore[attr-defined]

    def search_arguments(self) -> dict[str, Any]:
        """Keyword arguments for `search_mentors` from the fields that are valid.

        A field with an error is left out, so the page still lists mentors (by the filters
        that made sense) next to the message saying what was wrong.
        """
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            "q": data.get("q") or "",
            "skills": tuple(data.get("skill") or ()),
            "industry": data.get("industry") or None,
            "language": data.get("language") or None,
            "meeting_mode": data.get("meeting_mode") or None,
            "tz_within_hours": data.get("tz_within"),
            "accepting": bool(data.get("accepting")),
        }

    def has_filters(self) -> bool:
        """Whether anything narrows the list (to suggest loosening it when it is empty)."""
        return any(value not in ("", None, False, ()) for value in self.search_arguments().values())
