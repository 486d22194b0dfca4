"""A signed sheet says what was signed, whatever changes afterwards."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from pypdf import PdfReader

from carepanel.children.models import Child
from carepanel.decisions.services import (
    ApprovalInput,
    DecisionInput,
    agenda_item_decide,
    decision_finalise,
    decision_sign,
)
from carepanel.decisions.sheets import render_sheet_pdf, sheet_queryset
from carepanel.meetings.models import AgendaItem
from carepanel.policy import LONDON
from carepanel.referrals.services import referral_create, referral_sign_off, referral_submit
from tests.clock import at_hearing
from tests.personas import Cast, referral_input

MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)


def _pdf_text(decision_id: int) -> str:
    pdf = render_sheet_pdf(sheet_queryset().get(pk=decision_id))
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@time_machine.travel(MONDAY, tick=False)
def test_a_signed_sheet_keeps_the_childs_name_and_chairs_name_as_signed(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = referral_create(actor=cast.social_worker, data=referral_input(cast.authority_id))
    referral_submit(actor=cast.social_worker, referral_id=referral.pk)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    referral_sign_off(actor=cast.head_of_service, referral_id=referral.pk, outcome="agreed")
    item = AgendaItem.objects.get(referral=referral, status="listed")
    at_hearing(item.pk)
    decision = agenda_item_decide(
        actor=cast.chair,
        item_id=item.pk,
        data=DecisionInput(
            outcome="approved",
            approval=ApprovalInput(
                resource="Family support package",
                cost_amount_gbp=referral.cost_amount_gbp,  # type: ignore[arg-type]
                cost_basis="annual",
                starts_on=dt.date(2026, 12, 7),
            ),
        ),
        version=None,
    )
    decision_sign(actor=cast.chair, decision_id=decision.pk)
    chair_when_signed = cast.chair.name

    # Later: the child's record is corrected and the chair's account renamed.
    Child.objects.filter(referral_links__referral=referral).update(first_name="Renamed")
    cast.chair.user.last_name = "Changed"
    cast.chair.user.save()
    decision_finalise(actor=cast.assistant_director, decision_id=decision.pk)

    text = _pdf_text(decision.pk)
    assert "Bryn Invented" in text
    assert "Renamed" not in text
    assert chair_when_signed in text
    assert "Changed" not in text
    # What came after the signature is still shown.
    assert f"Finalised by {cast.assistant_director.name}" in text
