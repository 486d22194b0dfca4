"""Django forms drawn as the GOV.UK Design System draws them.

Every field renders through `govuk/field.html` (label or legend, hint, error message,
then the GOV.UK component for its widget), so a page writes `{{ form.name.as_field_group }}`
and gets GOV.UK markup. Dates are the GOV.UK date input: three boxes, with the
pattern's own error messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import DjangoTemplates

from carepanel.core.text import control_characters_message, has_control_characters


class GovukFormRenderer(DjangoTemplates):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class DateWidget(forms.MultiWidget):
    template_name = "govuk/date_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        box = {"inputmode": "numeric"}
        super().__init__(
            {
                "day": forms.TextInput(attrs={**box, "class": "govuk-input--width-2"}),
                "month": forms.TextInput(attrs={**box, "class": "govuk-input--width-2"}),
                "year": forms.TextInput(attrs={**box, "class": "govuk-input--width-4"}),
            },
            attrs,
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        # Each box's id ends as its name does (id_born_day), as GOV.UK's date input names
        # them, rather than MultiWidget's id_born_0: links to a box then read as what they are.
        context = super().get_context(name, value, attrs)
        for sub, suffix in zip(
            context["widget"]["subwidgets"], ("_day", "_month", "_year"), strict=True
        ):
            if sub["attrs"].get("id"):
                sub["attrs"]["id"] = sub["attrs"]["id"].rsplit("_", 1)[0] + suffix
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else id_

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date from GOV.UK's three boxes, with the pattern's messages: "Date of birth
    must include a month", "Date of birth must be a real date"."""

    widget = DateWidget

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.noun = label[:1].upper() + label[1:]
        self.lower = label[:1].lower() + label[1:]
        parts = [forms.CharField(required=False) for _ in range(3)]
        super().__init__(parts, label=label, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> dt.date | None:
        day, month, year = (str(part or "").strip() for part in (value or ["", "", ""]))
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter the {self.lower}")
            return None
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise forms.ValidationError(f"{self.noun} must include a {' and a '.join(missing)}")
        try:
            if len(year) != 4:
                raise ValueError
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.noun} must be a real date") from None

    def compress(self, data_list: list[Any]) -> Any:  # pragma: no cover - clean() replaces it
        return data_list


class NoControlCharacters:
    """Refuses control characters, naming the field; long text keeps tab and new line."""

    def __init__(self, noun: str, *, long_text: bool) -> None:
        self.message = control_characters_message(noun)
        self.long_text = long_text

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and has_control_characters(value, long_text=self.long_text):
            raise forms.ValidationError(self.message, code="control_characters")


class TextField(forms.CharField):
    """Every text box of the pages: a CharField that refuses control characters with a
    message naming the field, by `noun` or else its label ("First name must not include
    control characters"). A textarea is long text."""

    def __init__(self, *, noun: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        long_text = isinstance(self.widget, forms.Textarea)
        label = str(self.label or "this")
        # A question is no noun: "Why are you returning it? must not…" would not read.
        named = noun or (
            "Your answer" if label.endswith("?") else label.removesuffix(" (optional)")
        )
        refuse_control_characters(self, named, long_text=long_text)


def refuse_control_characters(field: forms.CharField, noun: str, *, long_text: bool) -> None:
    """Give the field core's check in place of Django's NUL check, which says "Null
    characters are not allowed." whatever the field."""
    field.validators = [
        validator
        for validator in field.validators
        if not isinstance(validator, ProhibitNullCharactersValidator)
    ]
    field.validators.append(NoControlCharacters(noun, long_text=long_text))


def first_error_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the field, or the first box or option of it."""
    widget = field.field.widget
    if isinstance(widget, DateWidget):
        return f"{field.auto_id}_day"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{field.auto_id}_0"
    return str(field.auto_id)


def govuk(field: forms.Field, **options: Any) -> Any:
    """The field with GOV.UK display options for its template: `heading=True` (the
    label is the page's h1), `size` (s, m, l, xl), `width` (2…30, one-half…),
    `prefix` ("£"), `inputmode`, `autocomplete`, `rows`, `small`, `inline`, `accept`."""
    field.govuk = options  # type: ignore[attr-defined]
    return field
