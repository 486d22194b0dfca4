"""Emergency decisions (decisions:emergency_new, :emergencies, :emergency_detail,
:emergency_approve): an approval between panels by the roles the pack names, in force until
the next meeting, where it is ratified."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.decisions.models import Approval, EmergencyDecision
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.decisions.forms_data import approval_data
from tests.workflow.helpers import drafted, emergency, nothing_written

pytestmark = pytest.mark.django_db

REASON = "The child could not safely wait for the panel."


def _new(referral_id: int) -> str:
    return f"/referrals/{referral_id}/emergency/"


def _data(**fields: str) -> dict[str, str]:
    data = {"reason": REASON, **approval_data(review=None)}
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("head_of_service", 200),
        ("assistant_director", 200),
        ("chair", 403),
        ("social_worker", 403),
        ("other_social_worker", 404),  # another team's draft
    ],
)
def test_only_the_approvers_the_pack_names_open_the_emergency_form(
    client: Client, north_somerset: Cast, persona: str, status: int
) -> None:
    referral = drafted(north_somerset, flags={"emergency": True})
    response = signed_in(client, getattr(north_somerset, persona)).get(_new(referral.pk))
    assert response.status_code == status
    if status == 403:
        assert (
            b"Only the head of service and the assistant director can approve this between "
            b"panels, and each of them must."
        ) in response.content


def test_a_council_without_emergency_rules_says_so(client: Client, bexley: Cast) -> None:
    referral = drafted(bexley, flags={"emergency": True})
    response = signed_in(client, bexley.head_of_service).get(_new(referral.pk))
    assert response.status_code == 409
    assert b"give no approval between panels" in response.content


def test_another_councils_referral_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    referral = drafted(north_somerset, flags={"emergency": True})
    person = signed_in(client, portsmouth.head_of_service)
    assert person.get(_new(referral.pk)).status_code == 404
    with nothing_written():
        assert person.post(_new(referral.pk), _data()).status_code == 404


def test_the_form_says_who_else_must_approve(client: Client, north_somerset: Cast) -> None:
    referral = drafted(north_somerset, flags={"emergency": True})
    html = signed_in(client, north_somerset.head_of_service).get(_new(referral.pk)).content
    text = html.decode()
    assert parse(html).h("h1") == [f"Emergency decision for referral {referral.pk}"]
    assert "The head of service and the assistant director must each approve it." in text
    assert "After you, it waits for the assistant director." in text
    assert "it stands until the next meeting of the panel" in text


def test_recording_an_emergency_decision_then_the_second_approver(
    client: Client, north_somerset: Cast
) -> None:
    """North Somerset: agreed with the head of service and the assistant director, then
    booked into the next panel for ratification."""
    cast = north_somerset
    referral = drafted(cast, flags={"emergency": True})

    response = signed_in(client, cast.head_of_service).post(_new(referral.pk), _data())

    recorded = EmergencyDecision.objects.get(referral=referral)
    assert response.status_code == 302
    assert response["Location"] == f"/emergencies/{recorded.pk}/"
    assert (recorded.status, recorded.reason) == ("awaiting_approvers", REASON)
    assert Approval.objects.get(emergency_decision=recorded).status == "pending"
    detail = client.get(response["Location"]).content.decode()
    page = parse(detail)
    assert (
        f"Emergency decision {recorded.pk} recorded: it waits for the assistant director to "
        "approve it"
    ) in detail
    assert page.summaries["emergency-summary"]["Still to approve"] == "The assistant director"
    assert "It waits for the assistant director to approve it." in detail
    assert "Approve the emergency decision" not in detail  # not by the same person again

    approve = f"/emergencies/{recorded.pk}/approve/"
    refused = client.get(approve)
    assert refused.status_code == 403
    assert b"This is waiting for the assistant director." in refused.content

    director = signed_in(client, cast.assistant_director)
    assert (
        "Approve the emergency decision"
        in director.get(f"/emergencies/{recorded.pk}/").content.decode()
    )
    assert director.get(approve).status_code == 200
    approved = director.post(approve)

    recorded.refresh_from_db()
    assert approved.status_code == 302
    assert recorded.status == "approved"
    assert recorded.ratification_meeting is not None
    assert Approval.objects.get(emergency_decision=recorded).status == "active"
    assert list(
        AuditEvent.objects.filter(action__startswith="emergency_decision.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "emergency_decision.recorded",
        "emergency_decision.approved_by",
        "emergency_decision.approved_by",
        "emergency_decision.in_force",
    ]
    confirmation = director.get(approved["Location"]).content.decode()
    assert (
        f"You approved emergency decision {recorded.pk}: it stands until the Care and "
        "Resource Panel on Wednesday 25 November 2026 at 1:30pm, where the panel ratifies it"
    ) in confirmation
    assert "Nobody" in confirmation  # still to approve

    with nothing_written():
        again = director.post(approve)
    assert again.status_code == 409
    assert b"This emergency decision is not waiting for approvers." in again.content


def test_one_approver_puts_portsmouths_urgent_decision_in_force(
    client: Client, portsmouth: Cast
) -> None:
    referral = drafted(portsmouth, flags={"emergency": True}, amount="1500.00")
    html = signed_in(client, portsmouth.head_of_service).get(_new(referral.pk)).content.decode()
    assert "The head of service may approve it." in html

    response = client.post(_new(referral.pk), _data())

    recorded = EmergencyDecision.objects.get(referral=referral)
    assert recorded.status == "approved"
    assert recorded.ratification_meeting is not None
    detail = client.get(response["Location"]).content.decode()
    assert "where it is listed for ratification" in detail
    assert (
        f"Emergency decision {recorded.pk} recorded: it stands until the "
        f"{recorded.ratification_meeting.panel_name} on Thursday 10 December 2026 at 2pm"
    ) in detail


@pytest.mark.parametrize(
    ("fields", "anchor", "message"),
    [
        ({"reason": " "}, "id_reason", "Say why this could not wait for the panel."),
        (
            {"starts_on_day": "", "starts_on_month": "", "starts_on_year": ""},
            "id_starts_on_day",
            "Enter the start date",
        ),
        ({"resource": ""}, "id_resource", "Say what is approved (300 characters or fewer)."),
        (
            {"ends_on_year": "2025"},
            "id_ends_on_day",
            "The end date must be on or after the start date.",
        ),
    ],
    ids=["no reason", "no start", "no resource", "end before start"],
)
def test_an_emergency_decision_with_a_gap_gets_the_error_summary(
    client: Client, north_somerset: Cast, fields: dict[str, str], anchor: str, message: str
) -> None:
    referral = drafted(north_somerset, flags={"emergency": True})
    with nothing_written():
        response = signed_in(client, north_somerset.head_of_service).post(
            _new(referral.pk), _data(**fields)
        )
    assert response.status_code == 200
    assert f'<a href="#{anchor}">{message}</a>' in response.content.decode()


def test_the_list_shows_who_has_approved_and_who_still_must(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    cast = north_somerset
    waiting_referral, waiting = emergency(cast, approvers=("head_of_service",))
    _, in_force = emergency(cast, approvers=("head_of_service", "assistant_director"))
    emergency(portsmouth, approvers=("head_of_service",), amount="1500.00")

    page = parse(signed_in(client, cast.assistant_director).get("/emergencies/").content)

    rows = page.tables["emergencies-heading"]
    assert rows[0] == [
        "Referral",
        "Children",
        "Recorded",
        "Status",
        "Approved by",
        "Still to approve",
        "Ratification",
    ]
    assert len(rows) == 3  # North Somerset's two, newest first
    newest, oldest = rows[1], rows[2]
    assert newest[0] == f"Referral {in_force.referral_id}, emergency decision {in_force.pk}"
    assert newest[3] == "Approved, awaiting ratification"
    assert newest[5] == "Nobody"
    assert newest[6] == "Wednesday 25 November 2026 at 1:30pm"
    assert oldest[3] == "Awaiting approvers"
    assert oldest[4] == "HeadOfService OfNorth (head of service)"
    assert oldest[5].startswith("Assistant director")
    assert oldest[5].endswith(f"Approve emergency decision {waiting.pk}")
    assert waiting_referral.pk == waiting.referral_id
