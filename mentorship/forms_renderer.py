"""Form rendering that ties labels, help text and errors to their fields for screen readers.

Django 5.2 already gives invalid widgets `aria-invalid` and points `aria-describedby` at
`<auto_id>_helptext` and `<auto_id>_error`; our templates render elements with those ids.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class AccessibleFormRenderer(TemplatesSetting):
    """Renders forms with `templates/forms/form.html` and `templates/forms/field.html`."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
