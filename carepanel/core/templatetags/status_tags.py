"""One map from a state to its GOV.UK tag: the words and the colour, the same on every
page. `{% status_tag "referral" referral.status %}` draws
`<strong class="govuk-tag govuk-tag--blue">Listed</strong>`.

The colours follow one rule: grey before anyone else acts or once set aside, blues while
it waits on others, yellow while it needs a signature or approval, green once done, red
when refused or taken off, orange for an emergency. The keys are the models' status
values (each app's `Status` choices; a test holds them to these), with the few states
the pages tell apart beyond them: a returned or emergency draft, a decision awaiting
finalisation, finalised or superseded. The ground floor names no app: values only.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

TAGS: dict[str, dict[str, tuple[str, str]]] = {
    "referral": {
        "draft": ("Draft", "grey"),
        "returned": ("Returned", "red"),
        "emergency": ("Emergency", "orange"),
        "submitted": ("Submitted", "light-blue"),
        "agreed": ("Agreed", "turquoise"),
        "listed": ("Listed", "blue"),
        "decided": ("Decided", "yellow"),
        "signed": ("Signed", "green"),
        "recorded": ("Recorded", "green"),
        "withdrawn": ("Withdrawn", "grey"),
    },
    "meeting": {
        "scheduled": ("Scheduled", "blue"),
        "cancelled": ("Cancelled", "grey"),
    },
    "agenda_item": {
        "listed": ("Listed", "blue"),
        "heard": ("Heard", "green"),
        "removed": ("Removed", "red"),
        "moved": ("Moved", "grey"),
    },
    "decision": {
        "recorded": ("Recorded, not signed", "yellow"),
        "awaiting_finalisation": ("Awaiting finalisation", "blue"),
        "signed": ("Signed", "green"),
        "finalised": ("Finalised", "green"),
        "superseded": ("Superseded", "grey"),
    },
    "approval": {
        "pending": ("Pending", "yellow"),
        "active": ("Active", "green"),
        "ended": ("Ended", "grey"),
    },
    "emergency": {
        "awaiting_approvers": ("Awaiting approvers", "yellow"),
        "approved": ("Approved, awaiting ratification", "blue"),
        "ratified": ("Ratified", "green"),
        "not_ratified": ("Not ratified", "red"),
    },
}


def tag_of(kind: str, status: str) -> tuple[str, str]:
    """(words, GOV.UK colour) of a state; a state not in the map shows as itself, grey."""
    return TAGS[kind].get(status, (status.replace("_", " ").capitalize(), "grey"))


@register.simple_tag
def status_tag(kind: str, status: str, element_id: str = "") -> SafeString:
    words, colour = tag_of(kind, status)
    if element_id:
        return format_html(
            '<strong class="govuk-tag govuk-tag--{}" id="{}">{}</strong>', colour, element_id, words
        )
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)
