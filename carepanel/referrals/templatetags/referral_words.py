"""Words and tags the referral pages share: money as "£1,500", a cost with its basis, the
role and paper names from the policy vocabularies."""

from __future__ import annotations

from decimal import Decimal

from django import template

from carepanel.policy import PAPER_LABELS, ROLE_LABELS, cost_in_words, format_gbp
from carepanel.referrals.models import Referral
from carepanel.referrals.sections import COMPLETED, INCOMPLETE

register = template.Library()


@register.filter
def gbp(amount: Decimal | None) -> str:
    return "" if amount is None else format_gbp(amount)


@register.filter
def cost_words(referral: Referral) -> str:
    """The referral's cost in words (`policy.cost_in_words`); "" without a cost."""
    return cost_in_words(referral.cost_amount_gbp, referral.cost_basis, referral.cost_weeks)


@register.filter
def task_tag(status: str) -> str:
    """A task list status: "Completed" is plain text; the others are tags (GOV.UK pattern)."""
    if status == COMPLETED:
        return ""
    return "govuk-tag--light-blue" if status == INCOMPLETE else "govuk-tag--blue"


@register.filter
def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


@register.filter
def paper_label(paper_type: str) -> str:
    return PAPER_LABELS.get(paper_type, paper_type).capitalize()
