"""Words for the decision pages: a decision's state (its tag is `status_tags`'), money,
roles, as the pages say them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.core.exceptions import ObjectDoesNotExist

from carepanel.accounts.actors import roles_in_words
from carepanel.core.templatetags.govuk_dates import govuk_date
from carepanel.decisions.models import Decision
from carepanel.policy.kinds import PAPER_LABELS, ROLE_LABELS
from carepanel.policy.referral import cost_in_words, format_gbp

register = template.Library()


@register.filter
def decision_status(decision: Decision) -> str:
    """The decision's state as `status_tags` shows it: recorded, signed, awaiting
    finalisation, finalised or superseded.

    Reads `superseded_by`, which `sheets.sheet_queryset()` loads with the decision."""
    try:
        correction = decision.superseded_by
    except ObjectDoesNotExist:
        correction = None
    if correction is not None and correction.is_signed:
        return "superseded"
    if not decision.is_signed:
        return "recorded"
    if decision.awaits_finalisation:
        return "awaiting_finalisation"
    if decision.finalised_by_role:
        return "finalised"
    return "signed"


@register.filter
def gbp(amount: Decimal | None) -> str:
    """'£1,500', '£1,500.50'; empty for no amount."""
    return "" if amount is None else format_gbp(amount)


@register.simple_tag
def cost_words(amount: Decimal | None, basis: str, weeks: int | None = None) -> str:
    """The cost in words (`policy.cost_in_words`): "£300 a week for 12 weeks (£3,600 in all)"."""
    return cost_in_words(amount, basis, weeks)


@register.filter
def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " "))


@register.filter
def roles_and(roles: Iterable[str]) -> str:
    """'the head of service and the assistant director'."""
    return roles_in_words(tuple(roles), "and the")


@register.filter
def roles_or(roles: Iterable[str]) -> str:
    """'the head of service or assistant director'."""
    return roles_in_words(tuple(roles), "or")


@register.filter
def paper_label(paper_type: str) -> str:
    """'Genogram': the paper's type as the pack's vocabulary says it, capitalised."""
    label = PAPER_LABELS.get(paper_type, paper_type.replace("_", " "))
    return label[:1].upper() + label[1:]


@register.filter
def day_month_year(value: dt.date) -> str:
    """'1 March 2015': a date of birth has no use for its weekday."""
    return govuk_date(value).split(" ", 1)[1]
