"""Words and tag colours for the meeting, agenda and child pages: a paper gap, a missing
sign-off, a status, a cost, a legal status, as the pages say them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from carepanel.accounts.actors import roles_in_words
from carepanel.children.models import Child
from carepanel.policy import PAPER_LABELS, ROLE_LABELS, PaperGap
from carepanel.policy.referral import format_gbp
from carepanel.policy.schema import SignOff

register = template.Library()

NOT_LOOKED_AFTER = "Not looked after"

_BASIS_WORDS = {"weekly": "a week", "monthly": "a month", "annual": "a year", "one_off": "one-off"}

# GOV.UK tag colours for the states a page shows: waiting is blue, done green, stopped
# or refused red, set aside grey, needing someone yellow.
_TAG_COLOURS = {
    # agenda items
    "listed": "govuk-tag--blue",
    "heard": "govuk-tag--green",
    "removed": "govuk-tag--red",
    "moved": "govuk-tag--grey",
    # meetings
    "scheduled": "govuk-tag--blue",
    "cancelled": "govuk-tag--grey",
    # referrals
    "draft": "govuk-tag--grey",
    "submitted": "govuk-tag--light-blue",
    "agreed": "govuk-tag--turquoise",
    "decided": "govuk-tag--purple",
    "signed": "govuk-tag--green",
    "recorded": "govuk-tag--green",
    "withdrawn": "govuk-tag--grey",
    # approvals and emergency decisions
    "pending": "govuk-tag--yellow",
    "active": "govuk-tag--green",
    "ended": "govuk-tag--grey",
    "awaiting_approvers": "govuk-tag--yellow",
    "approved": "govuk-tag--green",
    "ratified": "govuk-tag--green",
    "not_ratified": "govuk-tag--red",
}


@register.filter
def tag_colour(status: str) -> str:
    return _TAG_COLOURS.get(status, "govuk-tag--grey")


@register.filter
def paper_gap_words(gap: PaperGap | dict[str, str]) -> str:
    """'No genogram', 'Assessment out of date'; also for the gaps an item had when it was
    removed, kept as {"type", "problem"}."""
    kind, problem = (
        (gap["type"], gap["problem"]) if isinstance(gap, dict) else (gap.type, gap.problem)
    )
    label = PAPER_LABELS[kind]
    if problem == "missing":
        return f"No {label}"
    return f"{label[:1].upper()}{label[1:]} out of date"


@register.filter
def sign_off_words(rule: SignOff) -> str:
    """'No sign-off from the team manager'."""
    return f"No sign-off from the {ROLE_LABELS[rule.role]}"


@register.filter
def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


@register.filter
def roles_words(roles: list[str]) -> str:
    """'head of service and assistant director'."""
    return roles_in_words(list(roles), "and")


@register.filter
def cost_words(amount: Decimal | None, basis: str) -> str:
    """'£1,500 a year'; the duration is added with `weeks_words`."""
    if amount is None:
        return ""
    return f"{format_gbp(amount)} {_BASIS_WORDS.get(basis, basis)}"


@register.filter
def weeks_words(weeks: int | None) -> str:
    if weeks is None:
        return ""
    return f"for {weeks} week" + ("" if weeks == 1 else "s")


@register.filter
def legal_status_words(child: Child) -> str:
    """The SSDA903 status in words; none means the child is not looked after."""
    return child.get_legal_status_display() or NOT_LOOKED_AFTER
