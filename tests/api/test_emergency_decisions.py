"""/emergency-decisions: approvals between panels, their approvers and what they show."""

from __future__ import annotations

from typing import Any

from carepanel.decisions.models import EmergencyDecision
from tests.api.flows import draft, emergency, submitted
from tests.personas import Cast

MISSING = 999_999


def _body(referral_id: int, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "referral": referral_id,
        "reason": "Invented reason it could not wait.",
        "approval": {
            "resource": "Emergency placement",
            "cost": {"amount_gbp": "900.00", "basis": "weekly"},
            "starts_on": "2026-11-23",
        },
    }
    body.update(overrides)
    return body


def _emergency_draft(cast: Cast, kind: str = "s20_accommodation") -> int:
    return draft(cast, kind=kind, amount=None, flags={"emergency": True}).pk


def test_it_records_an_emergency_decision_that_waits_for_the_other_approver(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    referral_id = _emergency_draft(cast)

    response = api(cast.head_of_service).post("/emergency-decisions", _body(referral_id))

    assert response.status_code == 201
    recorded = response.json()
    assert (recorded["referral"], recorded["status"], recorded["approval_rule"]) == (
        referral_id,
        "awaiting_approvers",
        "all",
    )
    assert recorded["approvers_required"] == ["head_of_service", "assistant_director"]
    assert [(a["role"], a["name"]) for a in recorded["approvers"]] == [
        ("head_of_service", "HeadOfService OfNorth")
    ]
    assert recorded["approval"]["status"] == "pending"
    assert recorded["approval"]["cost"]["amount_gbp"] == "900.00"
    assert recorded["ratification_meeting"] is None


def test_the_second_approver_puts_it_in_force_until_the_next_meeting(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    recorded = (
        api(cast.head_of_service).post("/emergency-decisions", _body(_emergency_draft(cast))).json()
    )

    again = api(cast.head_of_service).post(f"/emergency-decisions/{recorded['id']}/approve")
    response = api(cast.assistant_director).post(f"/emergency-decisions/{recorded['id']}/approve")
    late = api(cast.assistant_director).post(f"/emergency-decisions/{recorded['id']}/approve")

    assert again.status_code == 403
    assert again.json() == {"message": "This is waiting for the assistant director."}
    assert response.status_code == 200
    approved = response.json()
    assert approved["status"] == "approved"
    assert approved["approved_at"] == "2026-11-23T10:00:00+00:00"
    assert approved["ratification_meeting"]["starts_at"] == "2026-11-25T13:30:00+00:00"
    assert approved["approval"]["status"] == "active"
    assert approved["approval"]["review_due_on"] == "2026-11-25"
    assert late.status_code == 409
    assert late.json() == {"message": "This emergency decision is not waiting for approvers."}


def test_it_shows_an_emergency_decision(north_somerset: Cast, api) -> None:
    cast = north_somerset
    recorded = emergency(cast)

    response = api(cast.panel_coordinator).get(f"/emergency-decisions/{recorded.pk}")

    assert response.status_code == 200
    assert response.json()["status"] == EmergencyDecision.Status.APPROVED
    assert response.json()["ratification"] is None


def test_it_refuses_an_emergency_decision_from_a_role_the_council_does_not_name(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    referral_id = _emergency_draft(cast)

    response = api(cast.social_worker).post("/emergency-decisions", _body(referral_id))

    assert response.status_code == 403
    assert response.json() == {
        "message": "Only the head of service and the assistant director can approve this "
        "between panels, and each of them must."
    }


def test_it_refuses_an_emergency_decision_that_breaks_the_rules(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral_id = _emergency_draft(cast)

    response = api(cast.head_of_service).post(
        "/emergency-decisions",
        _body(
            referral_id,
            reason="",
            approval={
                "resource": "Invented",
                "cost": {"amount_gbp": "10", "basis": "daily"},
                "starts_on": "2026-11-23",
            },
        ),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "reason": "Say why this could not wait for the panel.",
        "approval.cost.basis": "Say whether the cost is one-off, weekly, monthly or annual.",
    }
    assert not EmergencyDecision.objects.exists()


def test_it_refuses_an_emergency_decision_for_a_submitted_referral_or_twice(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    already = submitted(cast, flags={"emergency": True})
    recorded = emergency(cast)
    approver = api(cast.head_of_service)

    on_submitted = approver.post("/emergency-decisions", _body(already.pk))
    twice = approver.post("/emergency-decisions", _body(recorded.referral_id))

    assert on_submitted.status_code == 409
    assert on_submitted.json() == {
        "message": "This referral is submitted, so it cannot be given an emergency decision."
    }
    assert twice.status_code == 409


def test_it_refuses_a_body_of_the_wrong_shape(north_somerset: Cast, api) -> None:
    response = api(north_somerset.head_of_service).post(
        "/emergency-decisions", {"referral": "the last one", "reason": "x"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "referral": "Enter a whole number.",
        "approval": "This field is required.",
    }


def test_it_answers_404_alike_for_a_missing_emergency_decision_and_another_councils(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    recorded = emergency(north_somerset)
    outsider = api(portsmouth.head_of_service)

    missing = outsider.get(f"/emergency-decisions/{MISSING}")
    theirs = outsider.get(f"/emergency-decisions/{recorded.pk}")
    approve = outsider.post(f"/emergency-decisions/{recorded.pk}/approve")
    record = outsider.post("/emergency-decisions", _body(recorded.referral_id))

    assert missing.status_code == theirs.status_code == approve.status_code == 404
    assert (
        theirs.json()
        == missing.json()
        == approve.json()
        == {"message": "No emergency decision with that id."}
    )
    assert record.status_code == 404
    assert record.json() == {"message": "No referral with that id."}
