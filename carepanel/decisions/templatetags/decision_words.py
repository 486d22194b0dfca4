"""Words and tag colours for the decision pages: a decision's state, an emergency
decision's, money, roles, as the pages say them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.core.exceptions import ObjectDoesNotExist

from carepanel.accounts.actors import roles_in_words
from carepanel.core.templatetags.govuk_dates import govuk_date
from carepanel.decisions.models import Decision, EmergencyDecision
from carepanel.policy.kinds import PAPER_LABELS, ROLE_LABELS
from carepanel.policy.referral import format_gbp

register = template.Library()

_BASIS_WORDS = {"weekly": "a week", "monthly": "a month", "annual": "a year", "one_off": "one-off"}


@dataclass(frozen=True)
class StateTag:
    label: str
    colour: str  # a GOV.UK tag modifier class


def decision_state(decision: Decision) -> StateTag:
    """Recorded, signed, awaiting finalisation, finalised or superseded.

    Reads `superseded_by`, which `sheets.sheet_queryset()` loads with the decision."""
    try:
        correction = decision.superseded_by
    except ObjectDoesNotExist:
        correction = None
    if correction is not None and correction.is_signed:
        return StateTag("Superseded", "govuk-tag--grey")
    if not decision.is_signed:
        return StateTag("Recorded, not signed", "govuk-tag--yellow")
    if decision.awaits_finalisation:
        return StateTag("Awaiting finalisation", "govuk-tag--blue")
    if decision.finalised_by_role:
        return StateTag("Finalised", "govuk-tag--green")
    return StateTag("Signed", "govuk-tag--green")


_EMERGENCY_COLOURS = {
    EmergencyDecision.Status.AWAITING_APPROVERS: "govuk-tag--yellow",
    EmergencyDecision.Status.APPROVED: "govuk-tag--blue",
    EmergencyDecision.Status.RATIFIED: "govuk-tag--green",
    EmergencyDecision.Status.NOT_RATIFIED: "govuk-tag--red",
}


@register.filter
def decision_tag(decision: Decision) -> StateTag:
    return decision_state(decision)


@register.filter
def emergency_tag(emergency: EmergencyDecision) -> StateTag:
    return StateTag(
        emergency.get_status_display(),
        _EMERGENCY_COLOURS.get(emergency.status, "govuk-tag--grey"),  # type: ignore[call-overload]
    )


@register.filter
def gbp(amount: Decimal | None) -> str:
    """'£1,500', '£1,500.50'; empty for no amount."""
    return "" if amount is None else format_gbp(amount)


@register.simple_tag
def cost_words(amount: Decimal | None, basis: str, weeks: int | None = None) -> str:
    """'£1,500 a year', '£300 a week for 12 weeks', '£900 one-off'."""
    if amount is None:
        return ""
    words = f"{format_gbp(amount)} {_BASIS_WORDS.get(basis, basis)}".strip()
    if weeks and basis != "one_off":
        words += f" for {weeks} week" + ("" if weeks == 1 else "s")
    return words


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
