"""The reads behind the decision pages (carepanel.decisions.queries): what awaits a person's
signature or finalisation, and what the forms check before anyone types a decision."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carepanel.accounts.actors import actor_for
from carepanel.accounts.models import RoleGrant
from carepanel.core.errors import IllegalTransition, NotFound, NotPermitted
from carepanel.decisions import permissions
from carepanel.decisions.models import EmergencyDecision
from carepanel.decisions.permissions import (
    can_approve_emergency,
    emergency_still_to_approve,
    hearing_closed,
)
from carepanel.decisions.queries import (
    decisions_awaiting,
    decisions_to_finalise,
    decisions_to_sign,
    emergency_route,
    hearing_item,
    people_of,
    review_proposal,
)
from carepanel.decisions.services import (
    decision_correct,
    decision_sign,
    referral_decide_delegated,
)
from carepanel.meetings.services import agenda_item_remove
from tests.personas import Cast
from tests.workflow.helpers import (
    decided,
    decision_input,
    drafted,
    emergency,
    in_effect,
    listed,
    signed,
    submitted,
)

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ to sign, to finalise


def test_a_chair_has_the_recorded_panel_decisions_to_sign(
    north_somerset: Cast, portsmouth: Cast
) -> None:
    cast = north_somerset
    waiting = decided(cast)
    signed(cast)
    decided(portsmouth)  # another council's

    assert list(decisions_to_sign(cast.chair)) == [waiting]
    assert permissions.can_sign_decision(cast.chair, waiting)
    for persona in ("panel_coordinator", "assistant_director", "social_worker"):
        assert not decisions_to_sign(getattr(cast, persona)).exists()


def test_a_correction_of_a_delegated_decision_awaits_its_delegated_approver(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = submitted(cast, amount="800.00")
    original = referral_decide_delegated(
        actor=cast.head_of_service, referral_id=referral.pk, data=decision_input("approved")
    )
    correction = decision_correct(
        actor=cast.head_of_service,
        decision_id=original.pk,
        reason="The cost was wrong.",
        data=decision_input("declined"),
    )

    assert list(decisions_to_sign(cast.head_of_service)) == [correction]
    assert not decisions_to_sign(cast.chair).exists()


def test_north_somersets_assistant_director_has_signed_recommendations_to_finalise(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    decided(cast)  # not signed yet: nothing to finalise
    waiting = signed(cast)
    in_effect(cast)  # finalised already

    assert list(decisions_to_finalise(cast.assistant_director)) == [waiting]
    assert permissions.can_finalise_decision(cast.assistant_director, waiting)
    assert not decisions_to_finalise(cast.chair).exists()
    assert not decisions_to_finalise(cast.head_of_service).exists()


def test_a_corrected_recommendation_is_finalised_in_its_correction(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    original = signed(cast)
    correction = decision_correct(
        actor=cast.chair, decision_id=original.pk, reason="Wrong cost.", data=decision_input()
    )
    assert not decisions_to_finalise(cast.assistant_director).exists()
    decision_sign(actor=cast.chair, decision_id=correction.pk)
    assert list(decisions_to_finalise(cast.assistant_director)) == [correction]


def test_a_council_without_finalisation_gives_nobody_anything_to_finalise(
    portsmouth: Cast,
) -> None:
    signed(portsmouth)
    assert not decisions_to_finalise(portsmouth.assistant_director).exists()


def test_what_awaits_a_person_is_both_lists_earliest_meeting_first(north_somerset: Cast) -> None:
    user = north_somerset.chair.user
    RoleGrant.objects.create(authority_id="north-somerset", user=user, role="assistant_director")
    both = actor_for(user, "north-somerset")
    to_finalise = signed(north_somerset)  # signed by the plain chair persona before
    to_sign = decided(north_somerset)

    awaiting = list(decisions_awaiting(both))

    # Both at the same meeting, recorded at the same minute: in the order recorded.
    assert awaiting == [to_finalise, to_sign]


# ------------------------------------------------------------------ the hearing


def test_the_hearing_item_comes_with_its_current_decision(north_somerset: Cast) -> None:
    cast = north_somerset
    decision = decided(cast)
    assert decision.agenda_item_id is not None
    item = hearing_item(cast.panel_coordinator, decision.agenda_item_id)

    assert item.current_decisions == [decision]  # type: ignore[attr-defined]
    assert hearing_closed(item, decision) == ""


def test_the_hearing_item_of_another_council_is_not_found(
    north_somerset: Cast, portsmouth: Cast
) -> None:
    item = listed(north_somerset)
    with pytest.raises(NotFound):
        hearing_item(portsmouth.panel_coordinator, item.pk)


def test_the_hearing_is_closed_once_signed_with_the_services_words(portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    item = hearing_item(portsmouth.chair, decision.agenda_item_id)  # type: ignore[arg-type]
    assert hearing_closed(item, decision).startswith("This decision has been signed")


def test_the_hearing_is_closed_for_an_item_taken_off_the_agenda(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    agenda_item_remove(actor=cast.chair, item_id=item.pk, reason="No papers.")
    item = hearing_item(cast.chair, item.pk)
    assert hearing_closed(item, None) == "This item is no longer on the agenda."


def test_the_hearing_is_closed_after_a_deferral(north_somerset: Cast) -> None:
    decision = decided(north_somerset, "deferred")
    item = hearing_item(north_somerset.chair, decision.agenda_item_id)  # type: ignore[arg-type]
    assert "deferred or not heard" in hearing_closed(item, decision)


def test_the_people_who_may_own_an_action_are_the_councils(
    north_somerset: Cast, portsmouth: Cast
) -> None:
    people = list(people_of(north_somerset.chair))
    assert north_somerset.social_worker.user in people
    assert portsmouth.social_worker.user not in people
    assert len(people) == len(set(people))


def test_the_review_proposal_is_the_packs_for_the_kind(portsmouth: Cast) -> None:
    """Portsmouth: an approval returns to panel within 12 months."""
    item = listed(portsmouth)
    plan = review_proposal(item.referral, dt.date(2027, 1, 4))
    assert plan.due_on == dt.date(2028, 1, 4)
    assert plan.reasons


# ------------------------------------------------------------------ delegated


def test_the_delegated_approver_may_open_the_decision(north_somerset: Cast) -> None:
    referral = submitted(north_somerset, amount="800.00")
    permissions.check_can_decide_delegated(north_somerset.head_of_service, referral)  # no refusal
    with pytest.raises(
        NotPermitted, match=re.escape("Only the head of service can decide this referral.")
    ):
        permissions.check_can_decide_delegated(north_somerset.chair, referral)


def test_a_referral_for_the_panel_has_no_delegated_decision(north_somerset: Cast) -> None:
    referral = submitted(north_somerset)
    with pytest.raises(IllegalTransition, match="goes to the panel"):
        permissions.check_can_decide_delegated(north_somerset.head_of_service, referral)


# ------------------------------------------------------------------ emergencies


def test_the_emergency_route_names_the_approvers_the_pack_requires(
    north_somerset: Cast,
) -> None:
    referral = drafted(north_somerset, flags={"emergency": True})
    where = emergency_route(north_somerset.head_of_service, referral)
    assert (where.approvers, where.approval) == (
        ("head_of_service", "assistant_director"),
        "all",
    )
    message = (
        "Only the head of service and the assistant director can approve this between "
        "panels, and each of them must."
    )
    with pytest.raises(NotPermitted, match=re.escape(message)):
        emergency_route(north_somerset.social_worker, referral)


def test_a_council_without_emergency_rules_gives_no_emergency_route(bexley: Cast) -> None:
    referral = drafted(bexley, flags={"emergency": True})
    with pytest.raises(IllegalTransition, match="give no approval between panels"):
        emergency_route(bexley.head_of_service, referral)


def test_an_emergency_decision_awaits_the_approvers_still_missing(north_somerset: Cast) -> None:
    cast = north_somerset
    _, waiting = emergency(cast, approvers=("head_of_service",))
    waiting = EmergencyDecision.objects.prefetch_related("approvers").get(pk=waiting.pk)

    assert emergency_still_to_approve(waiting) == ["assistant_director"]
    assert can_approve_emergency(cast.assistant_director, waiting)
    assert not can_approve_emergency(cast.head_of_service, waiting)

    _, in_force = emergency(cast, approvers=("head_of_service", "assistant_director"))
    assert emergency_still_to_approve(in_force) == []
    assert not can_approve_emergency(cast.director, in_force)


def test_a_decision_signed_is_no_longer_to_sign(portsmouth: Cast) -> None:
    decision = decided(portsmouth)
    decision_sign(actor=portsmouth.chair, decision_id=decision.pk)
    assert not decisions_to_sign(portsmouth.chair).exists()
