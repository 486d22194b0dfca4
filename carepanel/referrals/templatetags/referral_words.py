"""Words and tags the referral pages share: money as "£1,500", a cost with its basis, the
colour of a state's tag, role and paper names from the policy vocabularies."""

from __future__ import annotations

from decimal import Decimal

from django import template

from carepanel.policy import PAPER_LABELS, ROLE_LABELS, format_gbp
from carepanel.referrals.models import Referral
from carepanel.referrals.sections import COMPLETED, INCOMPLETE

register = template.Library()

_PER = {"weekly": "a week", "monthly": "a month", "annual": "a year"}

# GOV.UK tag colours for a referral's states: grey before anyone else acts, blues while
# it waits on others, green once decided and signed, red when it ends without a decision.
_STATUS_TAGS: dict[str, str] = {
    Referral.Status.DRAFT: "govuk-tag--grey",
    Referral.Status.SUBMITTED: "govuk-tag--light-blue",
    Referral.Status.AGREED: "govuk-tag--turquoise",
    Referral.Status.LISTED: "govuk-tag--blue",
    Referral.Status.DECIDED: "govuk-tag--yellow",
    Referral.Status.SIGNED: "govuk-tag--green",
    Referral.Status.RECORDED: "govuk-tag--green",
    Referral.Status.WITHDRAWN: "govuk-tag--red",
}


@register.filter
def gbp(amount: Decimal | None) -> str:
    return "" if amount is None else format_gbp(amount)


@register.filter
def cost_words(referral: Referral) -> str:
    """ "£1,500 a year", "£200 a week for 12 weeks", "£3,000, one-off"; "" without a cost."""
    if referral.cost_amount_gbp is None:
        return ""
    amount = format_gbp(referral.cost_amount_gbp)
    if referral.cost_basis == "one_off":
        return f"{amount}, one-off"
    words = f"{amount} {_PER.get(referral.cost_basis, '')}".strip()
    if referral.cost_weeks:
        weeks = "week" if referral.cost_weeks == 1 else "weeks"
        words += f" for {referral.cost_weeks} {weeks}"
    return words


@register.filter
def status_tag(status: str) -> str:
    return _STATUS_TAGS.get(status, "govuk-tag--grey")


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
