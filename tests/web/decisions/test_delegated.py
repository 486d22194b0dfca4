"""The delegated decision (decisions:delegated): below the panel's threshold the pack's
delegated approver decides, with the same decision form as the hearing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.decisions.models import Approval, Decision
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.decisions.conftest import MONDAY
from tests.web.decisions.forms_data import approval_data, decision_data
from tests.workflow.helpers import nothing_written, submitted

pytestmark = pytest.mark.django_db


def _url(referral_id: int) -> str:
    return f"/referrals/{referral_id}/decision/"


@pytest.mark.parametrize(
    ("persona", "status", "message"),
    [
        ("head_of_service", 200, ""),
        ("chair", 403, "Only the head of service can decide this referral."),
        ("panel_coordinator", 403, "Only the head of service can decide this referral."),
        ("social_worker", 403, "Only the head of service can decide this referral."),
        ("other_social_worker", 404, ""),
    ],
)
def test_the_delegated_approver_decides_below_the_threshold(
    client: Client, north_somerset: Cast, persona: str, status: int, message: str
) -> None:
    referral = submitted(north_somerset, amount="800.00")
    response = signed_in(client, getattr(north_somerset, persona)).get(_url(referral.pk))
    assert response.status_code == status
    assert message.encode() in response.content


def test_a_referral_for_the_panel_is_not_decided_here(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    referral = submitted(north_somerset)
    refused = signed_in(client, north_somerset.head_of_service).get(_url(referral.pk))
    assert refused.status_code == 409
    assert b"This referral goes to the panel, not to a delegated approver." in refused.content
    other = submitted(north_somerset, amount="800.00")
    assert signed_in(client, portsmouth.head_of_service).get(_url(other.pk)).status_code == 404


def test_the_delegated_form_is_the_hearings_without_its_outcomes(
    client: Client, north_somerset: Cast
) -> None:
    referral = submitted(north_somerset, amount="800.00")
    html = signed_in(client, north_somerset.head_of_service).get(_url(referral.pk)).content
    page = parse(html)
    assert page.h("h1") == [f"Decide referral {referral.pk}"]
    assert b'value="approved_with_conditions"' in html and b'value="declined"' in html
    assert b'value="deferred"' not in html and b'value="not_heard"' not in html
    assert b'name="version"' in html  # empty: a delegated decision is recorded once


def test_recording_the_delegated_decision_signs_it(client: Client, north_somerset: Cast) -> None:
    cast = north_somerset
    referral = submitted(cast, amount="800.00")
    data = decision_data("approved", **approval_data(cost="800", basis="one_off"))

    response = signed_in(client, cast.head_of_service).post(_url(referral.pk), data)

    decision = Decision.objects.get(referral=referral)
    assert response.status_code == 302
    assert response["Location"] == f"/decisions/{decision.pk}/"
    assert (decision.kind, decision.status, decision.signed_by_id, decision.signed_at) == (
        "delegated",
        "signed",
        cast.head_of_service.user.pk,
        MONDAY,
    )
    approval = Approval.objects.get(decision=decision)
    assert (approval.status, approval.cost_amount_gbp, approval.starts_on) == (
        "active",
        800,
        dt.date(2026, 12, 7),
    )
    referral.refresh_from_db()
    assert referral.status == "signed"
    assert AuditEvent.objects.filter(
        action="decision.delegated", object_id=str(decision.pk)
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert f"Decision {decision.pk} recorded and signed" in detail
    assert "Delegated decision by the head of service" in detail


def test_a_delegated_decision_with_a_mistake_gets_the_error_summary(
    client: Client, north_somerset: Cast
) -> None:
    referral = submitted(north_somerset, amount="800.00")
    data = decision_data("approved", **approval_data(cost="-5"))
    with nothing_written():
        html = (
            signed_in(client, north_somerset.head_of_service)
            .post(_url(referral.pk), data)
            .content.decode()
        )
    assert '<a href="#id_cost_amount">The cost must be £0 or more.</a>' in html
