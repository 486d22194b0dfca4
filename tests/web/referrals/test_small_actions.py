"""Withdrawing, recording on the child's file and listing: one question (or a confirmation)
and one service each."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.referrals.models import Referral
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import error_summary, html, main_text
from tests.workflow.helpers import agreed, drafted, in_effect, listed, submitted

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this referral since you opened it. Reload it and try again."


# ---------------------------------------------------------------------- withdraw


def test_the_social_worker_withdraws_a_submitted_referral_with_a_reason(
    client: Client, north_somerset: Cast
):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    page = client.get(f"/referrals/{referral.pk}/withdraw/")
    response = client.post(
        f"/referrals/{referral.pk}/withdraw/",
        {"reason": "The family moved away.", "version": 2},
        follow=True,
    )

    assert "Withdraw the referral" in main_text(page)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (Referral.Status.WITHDRAWN, 3)
    event = AuditEvent.objects.get(action="referral.withdrawn")
    assert event.data == {"reason": "The family moved away."}
    assert f"Referral {referral.pk} is withdrawn." in main_text(response)


def test_a_withdrawal_needs_a_reason_and_the_current_version(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    no_reason = client.post(f"/referrals/{referral.pk}/withdraw/", {"reason": " ", "version": 1})
    stale = client.post(f"/referrals/{referral.pk}/withdraw/", {"reason": "Gone.", "version": 9})

    assert error_summary(no_reason) == ["Say why the referral is withdrawn."]
    assert '<a href="#id_reason">' in html(no_reason)
    assert error_summary(stale) == [STALE]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_a_listed_referral_withdrawn_comes_off_its_agenda(client: Client, north_somerset: Cast):
    item = listed(north_somerset)
    signed_in(client, north_somerset.panel_coordinator)

    client.post(
        f"/referrals/{item.referral_id}/withdraw/",
        {"reason": "Needs met elsewhere.", "version": item.referral.version},
    )

    item.refresh_from_db()
    assert item.status == AgendaItem.Status.REMOVED


@pytest.mark.parametrize(("persona", "status"), [("panel_member", 403), ("chair", 403)])
def test_those_outside_the_team_cannot_withdraw(
    client: Client, north_somerset: Cast, persona: str, status: int
):
    item = listed(north_somerset)
    signed_in(client, getattr(north_somerset, persona))

    response = client.post(
        f"/referrals/{item.referral_id}/withdraw/", {"reason": "No.", "version": 1}
    )

    assert response.status_code == status
    assert "Only the referral's team or a panel coordinator can withdraw it." in main_text(response)


def test_a_signed_referral_cannot_be_withdrawn(client: Client, north_somerset: Cast):
    referral = in_effect(north_somerset).referral
    signed_in(client, north_somerset.social_worker)

    response = client.get(f"/referrals/{referral.pk}/withdraw/")

    assert response.status_code == 409
    assert "This referral is signed, so it cannot be withdrawn." in html(response)


# ------------------------------------------------------------------------ record


def test_the_coordinator_records_the_decision_on_the_child_s_file(
    client: Client, north_somerset: Cast
):
    referral = in_effect(north_somerset).referral
    signed_in(client, north_somerset.panel_coordinator)

    refused = client.post(
        f"/referrals/{referral.pk}/record/", {"reference": "", "version": referral.version}
    )
    response = client.post(
        f"/referrals/{referral.pk}/record/",
        {"reference": "CN-20461", "version": referral.version},
        follow=True,
    )

    assert error_summary(refused) == ["Enter where it is recorded, like the case note's reference."]
    referral.refresh_from_db()
    assert (referral.status, referral.recorded_reference) == (Referral.Status.RECORDED, "CN-20461")
    assert AuditEvent.objects.filter(action="referral.recorded", referral_id=referral.pk).exists()
    assert f"Referral {referral.pk} is recorded on the child's file." in main_text(response)
    assert parse_state(response)["Recorded on the child's file"] == "CN-20461"


def parse_state(response) -> dict[str, str]:
    return parse(response.content).summaries["state"]


def test_only_the_coordinator_records_and_only_a_signed_decision(
    client: Client, north_somerset: Cast
):
    signed = in_effect(north_somerset).referral
    waiting = listed(north_somerset).referral

    signed_in(client, north_somerset.social_worker)
    assert client.get(f"/referrals/{signed.pk}/record/").status_code == 403
    signed_in(client, north_somerset.panel_coordinator)
    assert client.get(f"/referrals/{waiting.pk}/record/").status_code == 409


# -------------------------------------------------------------------------- list


def test_the_coordinator_lists_an_agreed_referral_once_a_meeting_has_room(
    client: Client, north_somerset: Cast
):
    referral = agreed(north_somerset)
    signed_in(client, north_somerset.panel_coordinator)

    full = client.post(f"/referrals/{referral.pk}/list/", {"version": referral.version})
    Meeting.objects.filter(authority_id="north-somerset").update(capacity=None)
    response = client.post(
        f"/referrals/{referral.pk}/list/", {"version": referral.version}, follow=True
    )

    assert error_summary(full) == [
        "No meeting of the Care and Resource Panel in the next 16 weeks has a place left. Ask "
        "the panel coordinator to add a meeting."
    ]
    referral.refresh_from_db()
    assert referral.status == Referral.Status.LISTED
    assert (
        f"Referral {referral.pk} is listed for Wednesday 2 December 2026 at 1:30pm."
        in main_text(response)
    )


def test_only_the_coordinator_lists(client: Client, north_somerset: Cast):
    referral = agreed(north_somerset)
    signed_in(client, north_somerset.head_of_service)

    response = client.post(f"/referrals/{referral.pk}/list/", {"version": referral.version})

    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AGREED
