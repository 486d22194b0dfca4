"""Words and tag colours for the meeting, agenda and child pages: a paper gap, a missing
sign-off, a status, a cost, a legal status, as the pages say them."""

from __future__ import annotations

from decimal import Decimal

from django import template

from carepanel.accounts.actors import roles_in_words
from carepanel.children.models import Child
from carepanel.policy import PAPER_LABELS, ROLE_LABELS, PaperGap
from carepanel.policy.referral import cost_in_words
from carepanel.policy.schema import SignOff

register = template.Library()

NOT_LOOKED_AFTER = "Not looked after"


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


@register.simple_tag
def cost_words(amount: Decimal | None, basis: str, weeks: int | None = None) -> str:
    """The cost in words (`policy.cost_in_words`)."""
    return cost_in_words(amount, basis, weeks)


@register.filter
def legal_status_words(child: Child) -> str:
    """The SSDA903 status in words; none means the child is not looked after."""
    return child.get_legal_status_display() or NOT_LOOKED_AFTER
