"""/decisions: reading, signing, finalising and correcting a decision, and its sheet."""

from __future__ import annotations

from django.utils import timezone

from carepanel.audit.models import AuditEvent
from carepanel.decisions.models import Approval, Decision
from carepanel.decisions.sheets import sheet_filename
from tests.api.flows import decided, signed
from tests.personas import Cast

MISSING = 999_999


def test_it_shows_a_decision(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = decided(cast)
    child = decision.referral.children.get()

    response = api(cast.social_worker).get(f"/decisions/{decision.pk}")

    assert response.status_code == 200
    shown = response.json()
    assert shown["id"] == decision.pk
    assert shown["referral"] == decision.referral_id
    assert (shown["kind"], shown["status"], shown["version"]) == ("panel", "recorded", 1)
    assert shown["outcome_label"] == "Approved with conditions"
    assert shown["children"] == [
        {"child": child.pk, "outcome": "approved_with_conditions", "note": ""}
    ]
    assert shown["conditions"] == ["Invented condition 0."]
    assert shown["actions"][0]["due_on"] == "2026-12-09"
    assert shown["approval"]["cost"] == {"amount_gbp": "1500.00", "basis": "annual", "weeks": None}
    assert (shown["signed_by"], shown["signed_at"]) == ("", None)
    assert shown["finalised_by_role"] == "assistant_director"
    assert shown["awaits_finalisation"] is True
    assert (shown["supersedes"], shown["superseded_by"]) == (None, None)
    assert shown["sheet_url"] == f"/api/v1/decisions/{decision.pk}/sheet.pdf"


def test_it_answers_404_alike_for_a_missing_decision_and_another_councils(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    decision = decided(north_somerset)
    outsider = api(portsmouth.chair)
    missing = outsider.get(f"/decisions/{MISSING}")

    for path in (
        f"/decisions/{decision.pk}",
        f"/decisions/{decision.pk}/sheet.pdf",
    ):
        response = outsider.get(path)
        assert response.status_code == 404
        assert response.json() == missing.json() == {"message": "No decision with that id."}
    for action in ("sign", "finalise"):
        assert outsider.post(f"/decisions/{decision.pk}/{action}").json() == missing.json()
    assert not AuditEvent.objects.filter(action="decision_sheet.downloaded").exists()


def test_the_chair_signs_a_decision_which_then_awaits_finalisation(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    decision = decided(cast)

    response = api(cast.chair).post(f"/decisions/{decision.pk}/sign", {"version": 1})

    assert response.status_code == 200
    shown = response.json()
    assert (shown["status"], shown["signed_by"], shown["signed_at"]) == (
        "signed",
        "Chair OfNorth",
        timezone.localtime(decision.agenda_item.meeting.starts_at).isoformat(),  # type: ignore[union-attr]
    )
    assert shown["awaits_finalisation"] is True
    assert shown["approval"]["status"] == "pending"


def test_it_refuses_a_signature_by_another_role_twice_or_from_a_stale_version(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    decision = decided(cast)
    chair = api(cast.chair)

    by_coordinator = api(cast.panel_coordinator).post(f"/decisions/{decision.pk}/sign")
    stale = chair.post(f"/decisions/{decision.pk}/sign", {"version": 7})
    assert chair.post(f"/decisions/{decision.pk}/sign").status_code == 200
    twice = chair.post(f"/decisions/{decision.pk}/sign")

    assert by_coordinator.status_code == 403
    assert by_coordinator.json() == {"message": "Only the panel chair can sign a decision."}
    assert stale.status_code == 409
    assert twice.status_code == 409
    assert twice.json() == {"message": "This decision is already signed."}


def test_the_assistant_director_finalises_and_the_approval_starts(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    decision = signed(cast)

    by_chair = api(cast.chair).post(f"/decisions/{decision.pk}/finalise")
    response = api(cast.assistant_director).post(f"/decisions/{decision.pk}/finalise")
    twice = api(cast.assistant_director).post(f"/decisions/{decision.pk}/finalise")

    assert by_chair.status_code == 403
    assert by_chair.json() == {"message": "Only the assistant director can finalise this decision."}
    assert response.status_code == 200
    shown = response.json()
    assert (shown["finalised_by"], shown["awaits_finalisation"]) == (
        "AssistantDirector OfNorth",
        False,
    )
    assert shown["approval"]["status"] == "active"
    assert twice.status_code == 409
    assert twice.json() == {"message": "This decision is already finalised."}


def test_it_refuses_to_finalise_an_unsigned_decision(north_somerset: Cast, api) -> None:
    decision = decided(north_somerset)

    response = api(north_somerset.assistant_director).post(f"/decisions/{decision.pk}/finalise")

    assert response.status_code == 409
    assert response.json() == {
        "message": "The chair must sign the decision before it is finalised."
    }


def test_the_chair_corrects_a_signed_decision(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = signed(cast)

    response = api(cast.chair).post(
        f"/decisions/{decision.pk}/corrections",
        {"reason": "The wrong outcome was typed.", "outcome": "declined"},
    )

    assert response.status_code == 201
    correction = response.json()
    assert (correction["supersedes"], correction["outcome"], correction["status"]) == (
        decision.pk,
        "declined",
        "recorded",
    )
    assert correction["correction_reason"] == "The wrong outcome was typed."
    original = api(cast.chair).get(f"/decisions/{decision.pk}").json()
    assert original["superseded_by"] == correction["id"]


def test_it_refuses_a_correction_of_an_unsigned_decision_or_without_a_reason(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    unsigned = decided(cast)
    decision = signed(cast)
    chair = api(cast.chair)

    too_early = chair.post(
        f"/decisions/{unsigned.pk}/corrections", {"reason": "x", "outcome": "declined"}
    )
    blank = chair.post(
        f"/decisions/{decision.pk}/corrections", {"reason": " ", "outcome": "declined"}
    )
    missing = chair.post(f"/decisions/{decision.pk}/corrections", {"outcome": "declined"})
    by_coordinator = api(cast.panel_coordinator).post(
        f"/decisions/{decision.pk}/corrections", {"reason": "x", "outcome": "declined"}
    )

    assert too_early.status_code == 409
    assert blank.status_code == 422
    assert blank.json()["errors"] == {"reason": "Say what the correction corrects."}
    assert missing.status_code == 400
    assert missing.json()["errors"] == {"reason": "This field is required."}
    assert by_coordinator.status_code == 403
    assert Decision.objects.count() == 2


def test_it_serves_the_decision_sheet_as_pdf_and_audits_it(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = signed(cast)

    response = api(cast.social_worker).get(f"/decisions/{decision.pk}/sheet.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{sheet_filename(decision.pk)}"'
    )
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="decision_sheet.downloaded")
    assert (event.object_id, event.referral_id) == (str(decision.pk), decision.referral_id)
    assert Approval.objects.filter(decision=decision).exists()
