"""Signing, finalisation and corrections: the chair signs and the decision never changes
again; where the pack says so a named role finalises it; a correction is a new decision
that supersedes and links to the one it corrects (decision_sign, decision_finalise,
decision_correct)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from carepanel.accounts.actors import actor_for
from carepanel.accounts.services import person_create
from carepanel.core.errors import IllegalTransition, Invalid, NotPermitted
from carepanel.decisions.models import Approval, Decision
from carepanel.decisions.services import (
    agenda_item_decide,
    decision_correct,
    decision_finalise,
    decision_sign,
    referral_decide_delegated,
    referral_record,
)
from tests.clock import at_hearing
from tests.personas import Cast
from tests.workflow.helpers import (
    actions_since,
    audit_mark,
    decided,
    decision_input,
    in_effect,
    london,
    nothing_written,
    signed,
    submitted,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def _row(decision: Decision) -> dict[str, Any]:
    """Every column of the decision as stored."""
    return {f.attname: getattr(decision, f.attname) for f in Decision._meta.concrete_fields}


def test_the_chair_signs_and_the_decision_takes_effect(portsmouth: Cast) -> None:
    cast = portsmouth
    decision = decided(cast)
    mark = audit_mark()
    decision = decision_sign(actor=cast.chair, decision_id=decision.pk)
    assert (decision.status, decision.signed_by_id, decision.signed_at, decision.signed_name) == (
        "signed",
        cast.chair.user.pk,
        decision.agenda_item.meeting.starts_at,  # type: ignore[union-attr]
        "Chair OfPortsm",
    )
    # The sheet's words are kept as signed.
    assert decision.sheet_snapshot
    decision.referral.refresh_from_db()
    assert decision.referral.status == "signed"
    assert Approval.objects.get(decision=decision).status == Approval.Status.ACTIVE
    assert actions_since(mark) == ["decision.signed"]


def test_a_signed_decision_is_never_recorded_again(portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    message = (
        "This decision has been signed, so it cannot be changed. Record a correction instead; "
        "it will supersede the signed decision."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        at_hearing(decision.agenda_item_id)
        agenda_item_decide(
            actor=portsmouth.chair,
            item_id=decision.agenda_item_id,  # type: ignore[arg-type]
            data=decision_input("declined"),
            version=None,
        )


def test_a_decision_is_signed_once(portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape("This decision is already signed.")),
    ):
        decision_sign(actor=portsmouth.chair, decision_id=decision.pk)


@pytest.mark.parametrize("persona", ["panel_coordinator", "head_of_service", "assistant_director"])
def test_only_the_chair_signs(north_somerset: Cast, persona: str) -> None:
    decision = decided(north_somerset)
    with (
        nothing_written(),
        pytest.raises(NotPermitted, match=re.escape("Only the panel chair can sign a decision.")),
    ):
        decision_sign(actor=getattr(north_somerset, persona), decision_id=decision.pk)


def test_a_signed_deferral_leaves_the_referral_on_its_next_agenda(north_somerset: Cast) -> None:
    decision = decided(north_somerset, "deferred")
    decision_sign(actor=north_somerset.chair, decision_id=decision.pk)
    decision.referral.refresh_from_db()
    assert decision.referral.status == "listed"


# ------------------------------------------------------------------------ finalisation


def test_north_somersets_assistant_director_finalises_what_the_panel_recommends(
    north_somerset: Cast,
) -> None:
    """Terms of reference: "Assistant Director will finalise the decisions"."""
    cast = north_somerset
    decision = signed(cast)
    assert decision.awaits_finalisation and not decision.in_effect
    assert Approval.objects.get(decision=decision).status == Approval.Status.PENDING

    message = "Only the assistant director can finalise this decision."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        decision_finalise(actor=cast.chair, decision_id=decision.pk)

    mark = audit_mark()
    decision = decision_finalise(actor=cast.assistant_director, decision_id=decision.pk)
    assert (decision.finalised_by_id, decision.finalised_name, decision.finalised_at) == (
        cast.assistant_director.user.pk,
        "AssistantDirector OfNorth",
        decision.agenda_item.meeting.starts_at,  # type: ignore[union-attr]
    )
    assert decision.in_effect
    assert Approval.objects.get(decision=decision).status == Approval.Status.ACTIVE
    assert actions_since(mark) == ["decision.finalised"]


def test_a_decision_goes_on_the_childs_file_only_once_finalised(north_somerset: Cast) -> None:
    """North Somerset: "Assistant Director will finalise the decisions and these will be
    uploaded by the Panel Coordinator … on the child's electronic file"."""
    cast = north_somerset
    decision = signed(cast)
    message = (
        "The assistant director has not finalised the decision yet, so it cannot be recorded "
        "on the child's file."
    )
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_record(
            actor=cast.panel_coordinator, referral_id=decision.referral_id, reference="LCS 1"
        )
    decision_finalise(actor=cast.assistant_director, decision_id=decision.pk)
    referral = referral_record(
        actor=cast.panel_coordinator, referral_id=decision.referral_id, reference="LCS 1"
    )
    assert referral.status == "recorded"


def test_a_decision_is_finalised_only_after_the_chair_signs(north_somerset: Cast) -> None:
    decision = decided(north_somerset)
    message = "The chair must sign the decision before it is finalised."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        decision_finalise(actor=north_somerset.assistant_director, decision_id=decision.pk)


def test_a_decision_is_finalised_once(north_somerset: Cast) -> None:
    decision = in_effect(north_somerset)
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape("This decision is already finalised.")),
    ):
        decision_finalise(actor=north_somerset.assistant_director, decision_id=decision.pk)


def test_a_council_without_finalisation_has_none_to_give(portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    with (
        nothing_written(),
        pytest.raises(IllegalTransition, match=re.escape("This decision needs no finalisation.")),
    ):
        decision_finalise(actor=portsmouth.head_of_service, decision_id=decision.pk)


def test_a_chair_who_is_the_assistant_director_finalises_by_signing(
    north_somerset: Cast,
) -> None:
    user = person_create(
        authority_id="north-somerset",
        username="ns-chairing-ad",
        first_name="Chairing",
        last_name="Director",
        roles=["chair", "assistant_director"],
    )
    chair = actor_for(user, "north-somerset")
    decision = decision_sign(actor=chair, decision_id=decided(north_somerset).pk)
    heard = decision.agenda_item.meeting.starts_at  # type: ignore[union-attr]
    assert (decision.finalised_by_id, decision.finalised_at) == (user.pk, heard)
    assert Approval.objects.get(decision=decision).status == Approval.Status.ACTIVE


# ------------------------------------------------------------------------ corrections


def test_a_correction_supersedes_the_signed_decision_and_links_to_it(portsmouth: Cast) -> None:
    cast = portsmouth
    original = in_effect(cast)
    original.refresh_from_db()
    before = _row(original)
    mark = audit_mark()
    correction = decision_correct(
        actor=cast.chair,
        decision_id=original.pk,
        reason="The start date was wrong.",
        data=decision_input("approved_with_conditions"),
    )
    assert (correction.supersedes, correction.correction_reason, correction.status) == (
        original,
        "The start date was wrong.",
        "recorded",
    )
    assert correction.agenda_item_id == original.agenda_item_id
    assert actions_since(mark) == ["decision.correction_recorded"]
    # Until the correction is signed, the original stands as it was.
    original.refresh_from_db()
    assert _row(original) == before
    assert Approval.objects.get(decision=original).status == Approval.Status.ACTIVE

    decision_sign(actor=cast.chair, decision_id=correction.pk)
    original.refresh_from_db()
    assert _row(original) == before  # never changed, only superseded
    assert original.superseded_by == correction
    old, new = Approval.objects.get(decision=original), Approval.objects.get(decision=correction)
    assert (old.status, old.ended_on, old.end_reason) == (
        "ended",
        original.agenda_item.meeting.day,  # type: ignore[union-attr]
        f"Superseded by decision {correction.pk}.",
    )
    assert new.status == "active"
    original.referral.refresh_from_db()
    assert original.referral.status == "signed"


def test_a_correction_needs_a_reason(portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    with nothing_written(), pytest.raises(Invalid) as refused:
        decision_correct(
            actor=portsmouth.chair, decision_id=decision.pk, reason=" ", data=decision_input()
        )
    assert refused.value.errors == {"reason": "Say what the correction corrects."}


def test_an_unsigned_decision_is_changed_not_corrected(portsmouth: Cast) -> None:
    decision = decided(portsmouth)
    message = "This decision is not signed yet, so change it rather than correcting it."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        decision_correct(
            actor=portsmouth.chair, decision_id=decision.pk, reason="x", data=decision_input()
        )


def test_only_the_latest_decision_is_corrected(portsmouth: Cast) -> None:
    cast = portsmouth
    original = signed(cast)
    first = decision_correct(
        actor=cast.chair, decision_id=original.pk, reason="Wrong cost.", data=decision_input()
    )
    message = "This decision already has a correction; correct the latest decision instead."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        decision_correct(
            actor=cast.chair, decision_id=original.pk, reason="Again.", data=decision_input()
        )
    decision_sign(actor=cast.chair, decision_id=first.pk)
    second = decision_correct(
        actor=cast.chair, decision_id=first.pk, reason="Wrong provider.", data=decision_input()
    )
    assert second.supersedes == first


def test_a_correction_decides_the_item_and_does_not_defer_it(portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    with nothing_written(), pytest.raises(Invalid) as refused:
        decision_correct(
            actor=portsmouth.chair,
            decision_id=decision.pk,
            reason="x",
            data=decision_input("deferred"),
        )
    assert refused.value.errors == {
        "outcome": "Choose one of: approved, approved_with_conditions, declined, referred."
    }


def test_only_the_chair_corrects(portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    message = "Only the panel chair can correct a signed decision."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        decision_correct(
            actor=portsmouth.panel_coordinator,
            decision_id=decision.pk,
            reason="x",
            data=decision_input(),
        )


def test_a_correction_in_north_somerset_takes_effect_when_finalised(north_somerset: Cast) -> None:
    cast = north_somerset
    original = in_effect(cast)
    correction = decision_correct(
        actor=cast.chair, decision_id=original.pk, reason="Wrong cost.", data=decision_input()
    )
    decision_sign(actor=cast.chair, decision_id=correction.pk)
    assert Approval.objects.get(decision=original).status == "active"
    decision_finalise(actor=cast.assistant_director, decision_id=correction.pk)
    assert Approval.objects.get(decision=original).status == "ended"
    assert Approval.objects.get(decision=correction).status == "active"


def test_a_delegated_decision_is_corrected_and_signed_by_its_delegated_approver(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = submitted(cast, amount="800.00")
    original = referral_decide_delegated(
        actor=cast.head_of_service, referral_id=referral.pk, data=decision_input("approved")
    )
    with (
        nothing_written(),
        pytest.raises(NotPermitted, match=re.escape("Only the head of service can do this.")),
    ):
        decision_correct(
            actor=cast.chair, decision_id=original.pk, reason="x", data=decision_input()
        )
    correction = decision_correct(
        actor=cast.head_of_service,
        decision_id=original.pk,
        reason="The cost was wrong.",
        data=decision_input("declined"),
    )
    assert (correction.kind, correction.supersedes) == ("delegated", original)
    with (
        nothing_written(),
        pytest.raises(NotPermitted, match=re.escape("Only the head of service can do this.")),
    ):
        decision_sign(actor=cast.chair, decision_id=correction.pk)
    decision_sign(actor=cast.head_of_service, decision_id=correction.pk)
    assert Approval.objects.get(decision=original).status == "ended"
    referral.refresh_from_db()
    assert referral.status == "signed"
