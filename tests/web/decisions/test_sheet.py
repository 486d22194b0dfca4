"""The decision sheet as a page (decisions:detail) and as PDF (decisions:pdf): the same
words as the signed sheet, what each person may do next, and an audited download."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.core.templatetags.govuk_dates import govuk_datetime
from carepanel.decisions.services import decision_correct, decision_sign
from carepanel.decisions.sheets import sheet_filename
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import decided, decision_input, in_effect, signed

pytestmark = pytest.mark.django_db


def _state(html: str) -> str:
    """The decision's status tag."""
    found = re.search(r'id="decision-state">([^<]*)<', html)
    assert found, "the page shows the decision's status"
    return found.group(1)


def _buttons(html: str) -> set[str]:
    names = {
        "Sign the decision",
        "Finalise the decision",
        "Record on the child's file",
        "Change the decision",
    }
    return {name for name in names if name in html}


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 200),
        ("panel_coordinator", 200),
        ("panel_member", 200),
        ("social_worker", 200),  # their team's referral
        ("other_social_worker", 404),  # another team's
        ("auditor", 404),
    ],
)
def test_everyone_who_may_see_the_referral_may_read_its_decision(
    client: Client, north_somerset: Cast, persona: str, status: int
) -> None:
    decision = decided(north_somerset)
    response = signed_in(client, getattr(north_somerset, persona)).get(f"/decisions/{decision.pk}/")
    assert response.status_code == status


def test_a_recorded_decision_offers_the_chair_to_sign_and_the_coordinator_to_change(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    decision = decided(cast)
    url = f"/decisions/{decision.pk}/"

    chair = signed_in(client, cast.chair).get(url).content.decode()
    page = parse(chair)
    assert page.title == f"Decision {decision.pk} – Carepanel"
    assert page.h("h1") == [f"Decision {decision.pk}"]
    assert _state(chair) == "Recorded, not signed"
    assert _buttons(chair) == {"Sign the decision", "Change the decision"}
    assert f'href="/decisions/{decision.pk}/sheet.pdf"' in chair

    coordinator = signed_in(client, cast.panel_coordinator).get(url).content.decode()
    assert _buttons(coordinator) == {"Change the decision"}
    assert f'href="/agenda-items/{decision.agenda_item_id}/decision/"' in coordinator

    worker = signed_in(client, cast.social_worker).get(url).content.decode()
    assert _buttons(worker) == set()


def test_once_signed_nobody_is_offered_a_change(client: Client, north_somerset: Cast) -> None:
    cast = north_somerset
    decision = signed(cast)
    url = f"/decisions/{decision.pk}/"
    for persona in ("chair", "panel_coordinator"):
        html = signed_in(client, getattr(cast, persona)).get(url).content.decode()
        assert "Change the decision" not in html
        assert "/decision/" not in html.split('id="main-content"')[1]
    director = signed_in(client, cast.assistant_director).get(url).content.decode()
    assert _state(director) == "Awaiting finalisation"
    assert _buttons(director) == {"Finalise the decision"}


def test_the_coordinator_records_a_decision_in_effect_on_the_childs_file(
    client: Client, north_somerset: Cast
) -> None:
    decision = in_effect(north_somerset)
    html = (
        signed_in(client, north_somerset.panel_coordinator)
        .get(f"/decisions/{decision.pk}/")
        .content.decode()
    )
    assert _state(html) == "Finalised"
    assert _buttons(html) == {"Record on the child's file"}
    assert f'href="/referrals/{decision.referral_id}/record/"' in html


def test_the_page_shows_the_signed_words_and_who_signed(client: Client, portsmouth: Cast) -> None:
    decision = signed(portsmouth, "approved_with_conditions")
    html = signed_in(client, portsmouth.panel_member).get(f"/decisions/{decision.pk}/").content
    page = parse(html)
    assert page.summaries["sheet-signature"] == {
        "Chair": "Chair OfPortsm",
        # Signed at the hearing: the start of the meeting.
        "Signed": govuk_datetime(decision.agenda_item.meeting.starts_at),  # type: ignore[union-attr]
    }
    assert page.summaries["sheet-decision"]["Outcome"] == "Approved with conditions"
    assert _state(html.decode()) == "Signed"


def test_a_correction_and_the_decision_it_supersedes_link_to_each_other(
    client: Client, portsmouth: Cast
) -> None:
    cast = portsmouth
    original = signed(cast)
    correction = decision_correct(
        actor=cast.chair,
        decision_id=original.pk,
        reason="The start date was wrong.",
        data=decision_input("approved"),
    )
    decision_sign(actor=cast.chair, decision_id=correction.pk)
    chair = signed_in(client, cast.chair)

    old = chair.get(f"/decisions/{original.pk}/").content.decode()
    assert _state(old) == "Superseded"
    assert f'href="/decisions/{correction.pk}/"' in old
    assert f"superseded by decision {correction.pk}" in old

    new = chair.get(f"/decisions/{correction.pk}/").content.decode()
    assert f'href="/decisions/{original.pk}/"' in new
    assert "Reason for the correction: The start date was wrong." in new


# ------------------------------------------------------------------ the PDF


def test_the_sheet_downloads_as_pdf_and_the_download_is_audited(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    """One PDF rendered (WeasyPrint takes seconds); the refusals render none."""
    cast = north_somerset
    decision = signed(cast)
    url = f"/decisions/{decision.pk}/sheet.pdf"

    response = signed_in(client, cast.social_worker).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{sheet_filename(decision.pk)}"'
    )
    assert response.content.startswith(b"%PDF-")
    event = AuditEvent.objects.get(action="decision_sheet.downloaded")
    assert (event.object_id, event.referral_id, event.actor_id) == (
        str(decision.pk),
        decision.referral_id,
        cast.social_worker.user.pk,
    )

    assert signed_in(client, portsmouth.chair).get(url).status_code == 404
    assert signed_in(client, cast.other_social_worker).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="decision_sheet.downloaded").count() == 1
