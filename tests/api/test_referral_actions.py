"""/referrals/{id}/…: submitting, sign-offs, withdrawal, late acceptance, listing and
recording on the child's file."""

from __future__ import annotations

import datetime as dt

from carepanel.decisions.services import decision_finalise
from carepanel.meetings.models import Meeting
from carepanel.meetings.services import meeting_cancel, meetings_generate
from carepanel.referrals.services import referral_sign_off
from tests.api.flows import PANEL, decided, draft, listed, referral_body, signed, submitted
from tests.personas import Cast

MISSING = 999_999


def test_it_submits_a_draft_for_its_sign_offs(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = draft(cast)

    response = api(cast.social_worker).post(f"/referrals/{referral.pk}/submit")

    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"] == "2026-11-23T10:00:00+00:00"
    assert response.json()["next_sign_off"] == {"role": "team_manager", "action": "agree"}


def test_it_refuses_to_submit_an_incomplete_or_submitted_referral(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    caller = api(cast.social_worker)
    unanswered = caller.post("/referrals", referral_body(cast, answers={})).json()

    incomplete = caller.post(f"/referrals/{unanswered['id']}/submit")
    assert incomplete.status_code == 422
    assert incomplete.json()["errors"]["answers.requested"] == (
        "Answer the question: What is being requested of the panel?"
    )

    referral = submitted(cast)
    again = caller.post(f"/referrals/{referral.pk}/submit")
    assert again.status_code == 409
    assert again.json() == {"message": "This referral is submitted, so it cannot be submitted."}


def test_it_records_sign_offs_until_the_referral_is_listed(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = submitted(cast)

    first = api(cast.team_manager).post(
        f"/referrals/{referral.pk}/sign-offs", {"outcome": "agreed"}
    )
    assert first.status_code == 201
    assert first.json()["next_sign_off"] == {"role": "head_of_service", "action": "authorise"}

    last = api(cast.head_of_service).post(
        f"/referrals/{referral.pk}/sign-offs", {"outcome": "agreed"}
    )
    assert last.status_code == 201
    assert last.json()["status"] == "listed"
    assert last.json()["meeting"]["starts_at"] == "2026-12-02T13:30:00+00:00"


def test_it_returns_a_referral_only_with_a_reason(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = submitted(cast)
    manager = api(cast.team_manager)

    no_reason = manager.post(f"/referrals/{referral.pk}/sign-offs", {"outcome": "returned"})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == {"reason": "Say why you are returning the referral."}

    returned = manager.post(
        f"/referrals/{referral.pk}/sign-offs", {"outcome": "returned", "reason": "Add costs."}
    )
    assert returned.status_code == 201
    assert returned.json()["status"] == "draft"
    assert returned.json()["returned_reason"] == "Add costs."


def test_it_refuses_a_sign_off_by_the_wrong_person_or_with_an_unknown_outcome(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    referral = submitted(cast)

    by_drafter = api(cast.social_worker).post(
        f"/referrals/{referral.pk}/sign-offs", {"outcome": "agreed"}
    )
    assert by_drafter.status_code == 403
    assert by_drafter.json() == {
        "message": "You drafted this referral, so someone else must sign it off."
    }
    by_coordinator = api(cast.panel_coordinator).post(
        f"/referrals/{referral.pk}/sign-offs", {"outcome": "agreed"}
    )
    assert by_coordinator.status_code == 403
    assert by_coordinator.json() == {
        "message": "This referral is waiting for the team manager of its team to agree it."
    }

    unknown = api(cast.team_manager).post(
        f"/referrals/{referral.pk}/sign-offs", {"outcome": "maybe"}
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == {"outcome": "Choose one of: 'agreed' or 'returned'."}


def test_it_refuses_a_sign_off_of_a_draft(north_somerset: Cast, api) -> None:
    referral = draft(north_somerset)

    response = api(north_somerset.team_manager).post(
        f"/referrals/{referral.pk}/sign-offs", {"outcome": "agreed"}
    )

    assert response.status_code == 409
    assert response.json() == {"message": "This referral is draft, so it cannot be signed off."}


def test_it_withdraws_a_referral_with_a_reason(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)
    caller = api(cast.social_worker)

    no_reason = caller.post(f"/referrals/{item.referral_id}/withdraw", {"reason": " "})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == {"reason": "Say why the referral is withdrawn."}

    response = caller.post(f"/referrals/{item.referral_id}/withdraw", {"reason": "Moved away."})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["meeting"]["item_status"] == "removed"

    again = caller.post(f"/referrals/{item.referral_id}/withdraw", {"reason": "Moved away."})
    assert again.status_code == 409


def test_it_refuses_a_withdrawal_from_outside_the_team(north_somerset: Cast, api) -> None:
    referral = submitted(north_somerset)

    response = api(north_somerset.head_of_service).post(
        f"/referrals/{referral.pk}/withdraw", {"reason": "No."}
    )

    assert response.status_code == 403


def test_it_accepts_a_late_referral_for_an_earlier_meeting(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)  # too late for Wednesday 25 November: listed for 2 December
    earlier = Meeting.objects.get(starts_at__date=dt.date(2026, 11, 25))

    response = api(cast.head_of_service).post(
        f"/referrals/{item.referral_id}/accept-late",
        {"meeting": earlier.pk, "reason": "Invented urgency."},
    )

    assert response.status_code == 200
    meeting = response.json()["meeting"]
    assert (meeting["id"], meeting["late"], meeting["late_reason"]) == (
        earlier.pk,
        True,
        "Invented urgency.",
    )


def test_it_refuses_to_accept_late_what_is_not_late_or_by_the_wrong_role(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    item = listed(cast)
    body = {"meeting": item.meeting_id, "reason": "Invented."}

    by_worker = api(cast.social_worker).post(f"/referrals/{item.referral_id}/accept-late", body)
    assert by_worker.status_code == 403
    assert by_worker.json() == {
        "message": "Only the panel chair or head of service can accept a late referral."
    }

    on_time = api(cast.chair).post(f"/referrals/{item.referral_id}/accept-late", body)
    assert on_time.status_code == 409
    assert on_time.json() == {
        "message": "This referral met that meeting's deadline, so it is not late."
    }

    missing = api(cast.chair).post(
        f"/referrals/{item.referral_id}/accept-late", {"meeting": MISSING, "reason": "x"}
    )
    assert missing.status_code == 404
    assert missing.json() == {"message": "No meeting with that id."}


def test_it_records_that_the_decision_is_on_the_childs_file(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = signed(cast)
    coordinator = api(cast.panel_coordinator)
    # North Somerset's assistant director finalises before it goes on the file.
    unfinalised = coordinator.post(
        f"/referrals/{decision.referral_id}/record", {"reference": "MOSAIC-CN-1"}
    )
    assert unfinalised.status_code == 409
    decision_finalise(actor=cast.assistant_director, decision_id=decision.pk)

    blank = coordinator.post(f"/referrals/{decision.referral_id}/record", {"reference": ""})
    assert blank.status_code == 422
    assert blank.json()["errors"] == {
        "reference": "Enter where it is recorded, like the case note's reference."
    }

    response = coordinator.post(
        f"/referrals/{decision.referral_id}/record", {"reference": "MOSAIC-CN-1"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["recorded_reference"]) == (
        "recorded",
        "MOSAIC-CN-1",
    )


def test_it_refuses_to_record_before_signing_or_by_another_role(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = decided(cast)

    unsigned = api(cast.panel_coordinator).post(
        f"/referrals/{decision.referral_id}/record", {"reference": "CN-1"}
    )
    by_chair = api(cast.chair).post(
        f"/referrals/{decision.referral_id}/record", {"reference": "CN-1"}
    )

    assert unsigned.status_code == 409
    assert unsigned.json() == {
        "message": "This referral is decided, so it cannot be recorded on the child's file."
    }
    assert by_chair.status_code == 403


def test_it_lists_an_agreed_referral_on_the_coordinators_retry(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = submitted(cast)
    meetings_generate(authority_id=cast.authority_id)
    for meeting in Meeting.objects.filter(authority_id=cast.authority_id):
        meeting_cancel(actor=cast.panel_coordinator, meeting_id=meeting.pk, reason="Invented.")
    for persona in ("team_manager", "head_of_service"):
        referral_sign_off(actor=getattr(cast, persona), referral_id=referral.pk, outcome="agreed")
    coordinator = api(cast.panel_coordinator)
    assert coordinator.get(f"/referrals/{referral.pk}").json()["status"] == "agreed"
    added = coordinator.post(
        "/meetings", {"panel": PANEL, "date": "2026-12-04", "reason": "No room left."}
    ).json()

    by_worker = api(cast.social_worker).post(f"/referrals/{referral.pk}/list")
    response = coordinator.post(f"/referrals/{referral.pk}/list")
    again = coordinator.post(f"/referrals/{referral.pk}/list")

    assert by_worker.status_code == 403
    assert by_worker.json() == {"message": "Only a panel coordinator can list a referral."}
    assert response.status_code == 200
    assert response.json()["status"] == "listed"
    assert response.json()["meeting"]["id"] == added["id"]
    assert again.status_code == 409
    assert again.json() == {"message": "This referral is listed, so it cannot be listed."}
