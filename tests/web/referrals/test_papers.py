"""Papers: the ones the pack requires, uploading one, downloading one through the checks."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.referrals.models import Paper
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import (
    assert_error_links_land,
    error_summary,
    html,
    main_text,
    query_bound,
)
from tests.workflow.helpers import (
    PDF_BYTES,
    drafted,
    in_effect,
    listed,
    pdf,
    submitted,
    with_papers,
)

pytestmark = pytest.mark.django_db


def _upload(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "file": pdf("Wren Tolleshunt assessment.pdf"),
        "paper_type": "assessment",
        "dated_day": "16",
        "dated_month": "11",
        "dated_year": "2026",
    }
    data.update(overrides)
    return data


def test_the_papers_the_pack_requires_are_listed_with_a_tag_for_each_missing_one(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset)
    with_papers(north_somerset, referral, "genogram")
    signed_in(client, north_somerset.social_worker)

    response = client.get(f"/referrals/{referral.pk}/papers/")

    needed = parse(response.content).tables["needed"][1:]
    assert [(row[0], row[2]) for row in needed] == [
        ("Assessment", "Missing"),
        ("Care plan", "Missing"),
        ("Genogram", "Attached"),
    ]
    assert "As the papers stand for the meeting on Wednesday 2 December 2026." in main_text(
        response
    )
    attached = parse(response.content).tables["attached"][1:]
    assert attached[0][0].startswith("Genogram")
    assert attached[0][1] == "Monday 23 November 2026"
    assert attached[0][2] == "SocialWorker OfNorth"
    page = html(response)
    assert 'enctype="multipart/form-data"' in page
    assert 'class="govuk-file-upload" id="id_file" name="file" type="file"' in page


def test_uploading_a_pdf_adds_the_paper(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.post(f"/referrals/{referral.pk}/papers/", _upload(), follow=True)

    paper = Paper.objects.get()
    assert response.redirect_chain == [(f"/referrals/{referral.pk}/papers/", 302)]
    assert (paper.type, str(paper.dated), paper.referral_id) == (
        "assessment",
        "2026-11-16",
        referral.pk,
    )
    assert "Wren" not in paper.file.name
    assert AuditEvent.objects.filter(action="paper.added", referral_id=referral.pk).exists()
    assert "The assessment is added to the referral." in main_text(response)


def test_a_file_that_is_not_a_pdf_is_refused(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    text_file = client.post(
        f"/referrals/{referral.pk}/papers/",
        _upload(file=SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")),
    )
    fake_pdf = client.post(
        f"/referrals/{referral.pk}/papers/",
        _upload(file=SimpleUploadedFile("notes.pdf", b"hello", content_type="application/pdf")),
    )

    assert error_summary(text_file) == [
        "The file must be a PDF, a Word document (DOCX), PNG or JPEG."
    ]
    assert '<a href="#id_file">' in html(text_file)
    assert error_summary(fake_pdf) == ["The file is not a real PDF file."]
    assert not Paper.objects.exists()


def test_the_file_type_and_date_are_checked(client: Client, north_somerset: Cast):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)

    empty = client.post(f"/referrals/{referral.pk}/papers/", {})
    no_month = client.post(f"/referrals/{referral.pk}/papers/", _upload(dated_month=""))
    future = client.post(f"/referrals/{referral.pk}/papers/", _upload(dated_year="2027"))

    assert error_summary(empty) == ["Select a file", "Choose the type of paper"]
    assert "<title>Error: Papers" in html(empty)
    assert error_summary(no_month) == ["Date of the paper must include a month"]
    assert_error_links_land(no_month)
    assert error_summary(future) == ["The paper's date must be today or in the past."]
    assert not Paper.objects.exists()


def test_a_paper_downloads_under_a_name_without_personal_data_and_is_audited(
    client: Client, north_somerset: Cast
):
    referral = drafted(north_somerset)
    signed_in(client, north_somerset.social_worker)
    client.post(f"/referrals/{referral.pk}/papers/", _upload())
    paper = Paper.objects.get()

    response: Any = client.get(f"/referrals/{referral.pk}/papers/{paper.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="paper-{paper.pk}.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES
    event = AuditEvent.objects.get(action="paper.downloaded")
    assert (event.object_id, event.referral_id) == (str(paper.pk), referral.pk)


def test_a_paper_is_not_found_outside_the_referral_s_readers(
    client: Client, north_somerset: Cast, portsmouth: Cast
):
    referral = drafted(north_somerset)
    other = drafted(north_somerset)
    with_papers(north_somerset, referral, "assessment")
    paper = Paper.objects.get()

    signed_in(client, north_somerset.other_social_worker)
    assert client.get(f"/referrals/{referral.pk}/papers/{paper.pk}/").status_code == 404
    assert client.get(f"/referrals/{referral.pk}/papers/").status_code == 404
    signed_in(client, portsmouth.panel_coordinator)
    assert client.get(f"/referrals/{referral.pk}/papers/{paper.pk}/").status_code == 404
    signed_in(client, north_somerset.social_worker)
    # The paper exists, but not on that referral.
    assert client.get(f"/referrals/{other.pk}/papers/{paper.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="paper.downloaded").exists()


def test_the_coordinator_adds_papers_to_a_submitted_referral(client: Client, north_somerset: Cast):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.panel_coordinator)

    response = client.post(f"/referrals/{referral.pk}/papers/", _upload(paper_type="care_plan"))

    assert response.status_code == 302
    assert Paper.objects.get().uploaded_by == north_somerset.panel_coordinator.user


def test_no_papers_are_added_once_the_decision_is_signed(client: Client, north_somerset: Cast):
    referral = in_effect(north_somerset).referral
    signed_in(client, north_somerset.social_worker)

    page = client.get(f"/referrals/{referral.pk}/papers/")
    posted = client.post(f"/referrals/{referral.pk}/papers/", _upload())

    assert "Add a paper" not in main_text(page)
    assert error_summary(posted) == ["This referral is signed, so papers cannot be added."]


def test_a_panel_member_reads_the_papers_of_a_listed_referral_but_adds_none(
    client: Client, north_somerset: Cast
):
    referral = listed(north_somerset).referral
    with_papers(north_somerset, referral, "assessment")
    signed_in(client, north_somerset.panel_member)

    page = client.get(f"/referrals/{referral.pk}/papers/")
    posted = client.post(f"/referrals/{referral.pk}/papers/", _upload())

    assert page.status_code == 200
    assert "Add a paper" not in main_text(page)
    assert posted.status_code == 403
    assert Paper.objects.count() == 1


@pytest.mark.parametrize("count", [1, 10])
def test_the_papers_page_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries, count: int
):
    referral = drafted(north_somerset)
    with_papers(north_somerset, referral, *["assessment"] * count)
    signed_in(client, north_somerset.social_worker)

    # The referral with everything on it (8 queries).
    with django_assert_max_num_queries(query_bound(north_somerset.social_worker, 8)):
        response = client.get(f"/referrals/{referral.pk}/papers/")

    assert len(parse(response.content).tables["attached"]) == count + 1
