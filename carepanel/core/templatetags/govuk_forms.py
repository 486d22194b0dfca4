"""Filters the GOV.UK field templates read: a field's display options (set with
`carepanel.core.forms.govuk`) and the ids its hint and error message carry."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from carepanel.core.forms import first_error_anchor

register = template.Library()


def _options(field: BoundField) -> dict[str, Any]:
    return getattr(field.field, "govuk", {})


@register.filter
def describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def error_anchor(field: BoundField) -> str:
    return first_error_anchor(field)


@register.filter
def label_size(field: BoundField) -> str:
    """GOV.UK's label and legend sizes: s (the default), m, l or xl."""
    return str(_options(field).get("size", "s"))


@register.filter
def is_page_heading(field: BoundField) -> bool:
    """A one-question page makes the question its h1 (GOV.UK "question pages")."""
    return bool(_options(field).get("heading", False))


@register.filter
def is_small(field: BoundField) -> bool:
    return bool(_options(field).get("small", False))


@register.filter
def is_inline(field: BoundField) -> bool:
    return bool(_options(field).get("inline", False))


@register.filter
def rows(field: BoundField) -> int:
    return int(_options(field).get("rows", 5))


@register.filter
def width(field: BoundField) -> str:
    """GOV.UK fixed input widths (2, 3, 4, 5, 10, 20, 30) or fluid ones (one-half)."""
    return str(_options(field).get("width", ""))


@register.filter
def prefix(field: BoundField) -> str:
    return str(_options(field).get("prefix", ""))


@register.filter
def inputmode(field: BoundField) -> str:
    return str(_options(field).get("inputmode", ""))


@register.filter
def autocomplete(field: BoundField) -> str:
    return str(_options(field).get("autocomplete", ""))


@register.filter
def accept(field: BoundField) -> str:
    return str(_options(field).get("accept", ""))


@register.filter
def date_boxes(field: BoundField) -> SafeString:
    """The three boxes, each marked as in error when the date is."""
    return field.as_widget(attrs={"error": "error"} if field.errors else None)
