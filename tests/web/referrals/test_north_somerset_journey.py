"""The issue's North Somerset journey, through the pages as people use them: the social
worker starts a referral for £1,500 a year of family support, answers the form, reads where
it goes, attaches the assessment and submits; the team manager agrees; the head of service
authorises, and it is listed at the Wednesday 2 December panel."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.meetings.models import AgendaItem
from carepanel.policy import get_pack
from carepanel.referrals.models import Referral
from carepanel.referrals.sections import question_sections
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import error_summary, html, main_text
from tests.workflow.helpers import pdf

pytestmark = pytest.mark.django_db


def _version(response) -> int:
    found = re.search(r'<input type="hidden" name="version" value="(\d+)"', html(response))
    assert found, "the form carries the version it showed"
    return int(found.group(1))


def _save(client: Client, path: str, data: Mapping[str, object]) -> None:
    """Open a section, then save it with the version the page showed."""
    version = _version(client.get(path))
    response = client.post(path, {**data, "version": version})
    assert response.status_code == 302, error_summary(response)


def test_a_north_somerset_referral_goes_from_a_new_draft_to_the_agenda(
    client: Client, north_somerset: Cast
):
    # The social worker starts it, for a child not yet on record.
    signed_in(client, north_somerset.social_worker)
    started = client.post(
        "/referrals/new/",
        {
            "kind": "family_support_package",
            "source": "new",
            "first_name": "Wren",
            "last_name": "Tolleshunt",
            "case_id": "NS-JOURNEY-1",
            "date_of_birth_day": "14",
            "date_of_birth_month": "5",
            "date_of_birth_year": "2016",
            "gender": "F",
            "ethnicity": "WBRI",
            "plan": "cin",
        },
    )
    referral = Referral.objects.get()
    base = f"/referrals/{referral.pk}"
    assert started["Location"] == f"{base}/"
    assert "Not yet started" in main_text(client.get(f"{base}/"))

    # What is asked for: £1,500 a year.
    _save(
        client,
        f"{base}/request/",
        {"kind": "family_support_package", "cost_amount": "1,500", "cost_basis": "annual"},
    )

    # Every question the council asks, section by section.
    for section in question_sections(get_pack("north-somerset")):
        answers = {q.id: f"Invented answer to: {q.label}" for q in section.questions}
        _save(client, f"{base}/{section.slug}/", answers)
    task_list = main_text(client.get(f"{base}/"))
    assert "You have completed 5 of 7 sections." in task_list

    # Where it goes, in words, before submitting.
    check = client.get(f"{base}/check/")
    text = main_text(check)
    assert error_summary(check) == []
    assert "North Somerset Council's Care and Resource Panel" in text
    assert "on Wednesday 2 December 2026 at 1:30pm." in text
    assert "must be in by Friday 27 November 2026 at midday." in text

    # The latest assessment.
    uploaded = client.post(
        f"{base}/papers/",
        {
            "file": pdf("assessment.pdf"),
            "paper_type": "assessment",
            "dated_day": "16",
            "dated_month": "11",
            "dated_year": "2026",
        },
    )
    assert uploaded.status_code == 302
    needed = parse(client.get(f"{base}/papers/").content).tables["needed"][1:]
    assert (needed[0][0], needed[0][2]) == ("Assessment", "Attached")

    submitted = client.post(f"{base}/check/", follow=True)
    assert "is submitted. Next, the team manager must agree it." in main_text(submitted)

    # The team manager agrees.
    signed_in(client, north_somerset.team_manager)
    page = client.get(f"{base}/")
    assert 'data-module="govuk-button">Sign off</a>' in html(page)
    sign_off = client.get(f"{base}/sign-off/")
    agreed = client.post(
        f"{base}/sign-off/", {"outcome": "agreed", "version": _version(sign_off)}, follow=True
    )
    assert "is agreed. Next, the head of service must authorise it." in main_text(agreed)

    # The head of service authorises: every sign-off is in, so it is listed.
    signed_in(client, north_somerset.head_of_service)
    sign_off = client.get(f"{base}/sign-off/")
    assert "Authorise the referral" in main_text(sign_off)
    authorised = client.post(
        f"{base}/sign-off/", {"outcome": "agreed", "version": _version(sign_off)}, follow=True
    )
    assert (
        f"Referral {referral.pk} is authorised and listed for Wednesday 2 December 2026 at 1:30pm."
        in main_text(authorised)
    )

    referral.refresh_from_db()
    assert referral.status == Referral.Status.LISTED
    item = AgendaItem.objects.get(referral=referral, status=AgendaItem.Status.LISTED)
    assert item.meeting.day.isoformat() == "2026-12-02"
    actions = list(
        AuditEvent.objects.filter(referral_id=referral.pk)
        .exclude(action__in=["referral.viewed", "referral.list_viewed"])
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "referral.created",
        "referral.updated",
        "referral.updated",
        "referral.updated",
        "referral.updated",
        "paper.added",
        "referral.submitted",
        "referral.sign_off.agreed",
        "referral.sign_off.agreed",
        "referral.agreed",
        "referral.listed",
    ]
