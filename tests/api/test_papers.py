"""Papers: attaching one to a referral, and downloading it under a generic name."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from carepanel.audit.models import AuditEvent
from carepanel.referrals.models import Paper
from tests.api.flows import PDF_BYTES, draft, pdf, submitted, with_paper
from tests.personas import Cast

MISSING = 999_999


def test_it_attaches_a_paper(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = draft(cast)

    response = api(cast.social_worker).upload(
        f"/referrals/{referral.pk}/papers",
        {"file": pdf("Ash assessment.pdf"), "type": "assessment", "dated": "2026-11-02"},
    )

    assert response.status_code == 201
    paper = Paper.objects.get()
    assert response.json() == {
        "id": paper.pk,
        "type": "assessment",
        "dated": "2026-11-02",
        "uploaded_at": "2026-11-23T10:00:00+00:00",
        "content_type": "application/pdf",
        "size": len(PDF_BYTES),
        "original_name": "Ash assessment.pdf",
        "file_url": f"/api/v1/papers/{paper.pk}/file",
    }
    assert AuditEvent.objects.filter(action="paper.added", referral_id=referral.pk).exists()


def test_it_refuses_a_paper_of_the_wrong_type_or_kind(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = draft(cast)
    caller = api(cast.social_worker)

    text = caller.upload(
        f"/referrals/{referral.pk}/papers",
        {"file": SimpleUploadedFile("notes.txt", b"hello"), "type": "assessment"},
    )
    unknown = caller.upload(
        f"/referrals/{referral.pk}/papers",
        {"file": pdf(), "type": "shopping_list", "dated": "2030-01-01"},
    )
    fake = caller.upload(
        f"/referrals/{referral.pk}/papers",
        {"file": SimpleUploadedFile("fake.pdf", b"not a pdf"), "type": "assessment"},
    )

    assert text.status_code == 422
    assert text.json()["errors"] == {
        "file": "The file must be a PDF, a Word document (DOCX), PNG or JPEG."
    }
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == {
        "type": "Choose the type of paper from the list.",
        "dated": "The paper's date must be today or in the past.",
    }
    assert fake.json()["errors"] == {"file": "The file is not a real PDF file."}
    assert not Paper.objects.exists()


def test_it_refuses_an_upload_without_a_file_or_with_a_bad_date(north_somerset: Cast, api) -> None:
    referral = draft(north_somerset)

    response = api(north_somerset.social_worker).upload(
        f"/referrals/{referral.pk}/papers", {"type": "assessment", "dated": "yesterday"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "file": "This field is required.",
        "dated": "Enter a date like 2026-11-23.",
    }


def test_it_refuses_a_paper_from_someone_outside_the_team(north_somerset: Cast, api) -> None:
    referral = submitted(north_somerset)

    response = api(north_somerset.head_of_service).upload(
        f"/referrals/{referral.pk}/papers", {"file": pdf(), "type": "assessment"}
    )

    assert response.status_code == 403
    assert response.json() == {
        "message": "Only the referral's team or a panel coordinator can add papers."
    }


def test_it_serves_a_paper_under_a_generic_name_and_audits_it(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = submitted(cast)
    paper = with_paper(cast, referral)

    response = api(cast.panel_coordinator).get(f"/papers/{paper.pk}/file")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="paper-{paper.pk}.pdf"'
    assert b"".join(response.streaming_content) == PDF_BYTES
    event = AuditEvent.objects.get(action="paper.downloaded")
    assert (event.object_id, event.actor) == (str(paper.pk), cast.panel_coordinator.user)


def test_it_answers_404_alike_for_a_missing_paper_and_one_out_of_sight(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    cast = north_somerset
    paper = with_paper(cast, draft(cast))
    missing = api(portsmouth.panel_coordinator).get(f"/papers/{MISSING}/file")

    for outsider in (portsmouth.panel_coordinator, cast.other_social_worker):
        response = api(outsider).get(f"/papers/{paper.pk}/file")
        assert response.status_code == 404
        assert response.json() == missing.json() == {"message": "No paper with that id."}
    upload = api(portsmouth.social_worker).upload(
        f"/referrals/{paper.referral_id}/papers", {"file": pdf(), "type": "assessment"}
    )
    assert upload.status_code == 404
    assert not AuditEvent.objects.filter(action="paper.downloaded").exists()
