"""/referrals/{id}/delegated-decision: below the panel's threshold, the council's
delegated approver decides without panel."""

from __future__ import annotations

from carepanel.referrals.models import Referral
from tests.api.flows import submitted
from tests.personas import Cast


def _below_threshold(cast: Cast) -> Referral:
    """£500 a year: below North Somerset's £1,000, the head of service decides it."""
    referral = submitted(cast, amount="500.00")
    assert referral.route == Referral.Route.DELEGATED
    return referral


def _delegated_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "outcome": "approved",
        "discussion": "Invented.",
        "approval": {
            "resource": "Invented support",
            "cost": {"amount_gbp": "500.00", "basis": "annual"},
            "starts_on": "2026-12-01",
            "review_due_on": "2027-06-01",
        },
    }
    body.update(overrides)
    return body


def test_it_records_a_delegated_decision(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = _below_threshold(cast)

    response = api(cast.head_of_service).post(
        f"/referrals/{referral.pk}/delegated-decision", _delegated_body()
    )

    assert response.status_code == 201
    decision = response.json()
    assert (decision["kind"], decision["status"], decision["outcome"]) == (
        "delegated",
        "signed",
        "approved",
    )
    assert decision["signed_by"] == "HeadOfService OfNorth"
    assert decision["approval"]["status"] == "active"
    assert decision["approval"]["cost"]["amount_gbp"] == "500.00"
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SIGNED


def test_it_refuses_a_delegated_decision_that_breaks_the_rules(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = _below_threshold(cast)
    approver = api(cast.head_of_service)
    child = referral.children.get()

    bad_approval = approver.post(
        f"/referrals/{referral.pk}/delegated-decision",
        _delegated_body(
            children=[{"child": 999_999}],
            approval={
                "resource": "Invented",
                "cost": {"amount_gbp": "-5", "basis": "fortnightly", "weeks": 900},
                "starts_on": "2026-12-01",
            },
        ),
    )
    assert bad_approval.status_code == 422
    assert bad_approval.json()["errors"] == {
        "children[0].child": "This child is not on the referral.",
        "approval.cost.amount_gbp": "The cost must be £0 or more.",
        "approval.cost.basis": "Say whether the cost is one-off, weekly, monthly or annual.",
        "approval.cost.weeks": "The duration must be between 1 and 520 weeks.",
    }

    deferred = approver.post(
        f"/referrals/{referral.pk}/delegated-decision",
        _delegated_body(outcome="deferred", children=[{"child": child.pk}]),
    )
    assert deferred.status_code == 422
    assert deferred.json()["errors"] == {
        "outcome": "Choose one of: approved, approved_with_conditions, declined."
    }
    assert not referral.decisions.exists()


def test_it_refuses_a_delegated_decision_by_the_wrong_role_or_for_a_panel_referral(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    below = _below_threshold(cast)
    above = submitted(cast)

    by_manager = api(cast.team_manager).post(
        f"/referrals/{below.pk}/delegated-decision", _delegated_body()
    )
    for_panel = api(cast.head_of_service).post(
        f"/referrals/{above.pk}/delegated-decision", _delegated_body()
    )

    assert by_manager.status_code == 403
    assert by_manager.json() == {"message": "Only the head of service can decide this referral."}
    assert for_panel.status_code == 409
    assert for_panel.json() == {
        "message": "This referral goes to the panel, not to a delegated approver."
    }
