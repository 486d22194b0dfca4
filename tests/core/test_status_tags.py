"""Every state has one tag, the same words and colour on every page."""

from __future__ import annotations

import pytest
from django.db.models import TextChoices
from django.template import Context, Template

from carepanel.core.templatetags.status_tags import TAGS, tag_of
from carepanel.decisions.models import Approval, Decision, EmergencyDecision
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.referrals.models import Referral

MODELS: dict[str, type[TextChoices]] = {
    "referral": Referral.Status,
    "meeting": Meeting.Status,
    "agenda_item": AgendaItem.Status,
    "approval": Approval.Status,
    "decision": Decision.Status,
    "emergency": EmergencyDecision.Status,
}


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_every_status_has_its_label_as_words(kind: str):
    choices = MODELS[kind]
    assert {
        value: words for value, (words, _) in TAGS[kind].items() if value in choices.values
    } == {value: label for value, label in choices.choices}


def test_a_decided_referral_is_yellow_wherever_it_is_shown():
    assert tag_of("referral", "decided") == ("Decided", "yellow")


def test_the_tag_is_drawn_the_same_way_everywhere():
    template = Template(
        '{% load status_tags %}{% status_tag "referral" "listed" %}'
        '{% status_tag "decision" "superseded" "decision-state" %}'
        '{% status_tag "emergency" "approved" %}'
    )
    assert template.render(Context()) == (
        '<strong class="govuk-tag govuk-tag--blue">Listed</strong>'
        '<strong class="govuk-tag govuk-tag--grey" id="decision-state">Superseded</strong>'
        '<strong class="govuk-tag govuk-tag--blue">Approved, awaiting ratification</strong>'
    )
