"""The referral's lifecycle (DESIGN.md §4): the table itself, every transition it allows
with the audit event it writes, and the refusal of every action it does not allow."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
import time_machine

from carepanel.core.errors import IllegalTransition, NotFound
from carepanel.decisions.models import Decision
from carepanel.decisions.services import (
    agenda_item_decide,
    decision_correct,
    decision_sign,
    emergency_decision_approve,
    emergency_decision_record,
    referral_decide_delegated,
    referral_record,
)
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import meeting_add, referral_accept_late, referral_list
from carepanel.referrals.models import Referral
from carepanel.referrals.services import (
    ReferralInput,
    referral_sign_off,
    referral_submit,
    referral_update,
    referral_withdraw,
)
from carepanel.referrals.transitions import ACTION_WORDS, TRANSITIONS, refusal
from tests.clock import at_hearing
from tests.personas import Cast, answers_for
from tests.workflow.helpers import (
    actions_since,
    agreed,
    approval_input,
    audit_mark,
    decided,
    decision_input,
    drafted,
    in_effect,
    listed,
    london,
    meetings_of,
    nothing_written,
    referral_in,
    submitted,
)

MONDAY = london(2026, 11, 23, 10)
pytestmark = pytest.mark.usefixtures("_monday")


@pytest.fixture
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_the_transition_table_is_the_lifecycle_of_the_design() -> None:
    assert TRANSITIONS == {
        "draft": {
            "edit": "draft",
            "submit": "submitted",
            "withdraw": "withdrawn",
            "emergency": "listed",
        },
        "submitted": {
            "sign_off": "agreed",
            "return": "draft",
            "decide_delegated": "signed",
            "withdraw": "withdrawn",
        },
        "agreed": {"list": "listed", "accept_late": "listed", "withdraw": "withdrawn"},
        "listed": {
            "decide": "decided",
            "carry_over": "listed",
            "accept_late": "listed",
            "withdraw": "withdrawn",
        },
        "decided": {"decide": "decided", "sign": "signed", "carry_over": "listed"},
        "signed": {"record": "recorded", "correct": "signed"},
        "recorded": {"correct": "recorded"},
        "withdrawn": {},
    }


def test_the_table_has_a_row_for_every_status_and_words_for_every_action() -> None:
    assert set(TRANSITIONS) == set(Referral.Status.values)
    actions = {action for row in TRANSITIONS.values() for action in row}
    assert actions == set(ACTION_WORDS)


def test_a_refusal_names_the_state_and_what_cannot_be_done() -> None:
    assert refusal("signed", "withdraw") == "This referral is signed, so it cannot be withdrawn."
    assert refusal("listed", "emergency") == (
        "This referral is listed, so it cannot be given an emergency decision."
    )


# ---------------------------------------------------------------- every transition


def _edit(cast: Cast, referral: Referral) -> Referral:
    child_id = referral.child_links.get().child_id
    return referral_update(
        actor=cast.social_worker,
        referral_id=referral.pk,
        version=referral.version,
        data=ReferralInput(
            kind="family_support_package",
            children=[{"id": child_id}],
            cost_amount_gbp=referral.cost_amount_gbp,
            cost_basis="annual",
            answers=answers_for(cast.authority_id),
        ),
    )


def test_a_draft_is_edited_and_stays_a_draft(north_somerset: Cast) -> None:
    referral = drafted(north_somerset)
    mark = audit_mark()
    updated = _edit(north_somerset, referral)
    assert (updated.status, updated.version) == ("draft", referral.version + 1)
    assert actions_since(mark) == ["referral.updated"]


def test_a_draft_is_submitted(north_somerset: Cast) -> None:
    referral = drafted(north_somerset)
    mark = audit_mark()
    referral = referral_submit(actor=north_somerset.social_worker, referral_id=referral.pk)
    assert (referral.status, referral.round) == ("submitted", 1)
    assert actions_since(mark) == ["referral.submitted"]


@pytest.mark.parametrize("status", ["draft", "submitted", "agreed", "listed"])
def test_a_referral_not_yet_heard_is_withdrawn_with_a_reason(
    north_somerset: Cast, status: str
) -> None:
    referral = referral_in(north_somerset, status)
    mark = audit_mark()
    referral_withdraw(
        actor=north_somerset.social_worker, referral_id=referral.pk, reason="The family moved."
    )
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
    # Its place on an agenda is given up, with the reason, through meetings' own service.
    ended = ["agenda_item.ended"] if status == "listed" else []
    assert actions_since(mark) == ["referral.withdrawn", *ended]
    assert not AgendaItem.objects.filter(referral=referral, status="listed").exists()
    if status == "listed":
        item = AgendaItem.objects.get(referral=referral)
        assert (item.status, item.removed_reason) == ("removed", "The family moved.")


def test_a_draft_given_an_emergency_decision_is_listed_for_ratification(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = drafted(cast, flags={"emergency": True})
    mark = audit_mark()
    emergency = emergency_decision_record(
        actor=cast.head_of_service,
        referral_id=referral.pk,
        reason="The child could not safely wait for the panel.",
        approval=approval_input(),
    )
    assert actions_since(mark) == ["emergency_decision.recorded", "emergency_decision.approved_by"]
    mark = audit_mark()
    emergency_decision_approve(actor=cast.assistant_director, emergency_id=emergency.pk)
    assert actions_since(mark) == [
        "emergency_decision.approved_by",
        "referral.listed",
        "emergency_decision.in_force",
    ]
    referral.refresh_from_db()
    assert referral.status == "listed"
    assert AgendaItem.objects.get(referral=referral).purpose == "ratification"


def test_the_last_sign_off_agrees_and_lists_the_referral(north_somerset: Cast) -> None:
    cast = north_somerset
    referral = submitted(cast)
    mark = audit_mark()
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    assert actions_since(mark) == ["referral.sign_off.agreed"]
    mark = audit_mark()
    referral_sign_off(actor=cast.head_of_service, referral_id=referral.pk, outcome="agreed")
    assert actions_since(mark) == ["referral.sign_off.agreed", "referral.agreed", "referral.listed"]
    referral.refresh_from_db()
    assert referral.status == "listed"


def test_a_returned_referral_goes_back_to_draft_with_the_reason(north_somerset: Cast) -> None:
    cast = north_somerset
    referral = submitted(cast)
    mark = audit_mark()
    referral_sign_off(
        actor=cast.team_manager,
        referral_id=referral.pk,
        outcome="returned",
        reason="Add the genogram.",
    )
    referral.refresh_from_db()
    assert (referral.status, referral.returned_reason) == ("draft", "Add the genogram.")
    assert actions_since(mark) == ["referral.sign_off.returned"]


def test_a_delegated_referral_is_decided_by_the_delegated_approver(north_somerset: Cast) -> None:
    cast = north_somerset
    referral = submitted(cast, amount="800.00")
    mark = audit_mark()
    decision = referral_decide_delegated(
        actor=cast.head_of_service, referral_id=referral.pk, data=decision_input("approved")
    )
    referral.refresh_from_db()
    assert referral.status == "signed"
    assert (decision.kind, decision.status) == ("delegated", "signed")
    assert actions_since(mark) == ["decision.delegated"]


def test_an_agreed_referral_is_listed_by_the_coordinator_once_a_meeting_is_added(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    referral = agreed(cast)
    added = meeting_add(
        actor=cast.panel_coordinator,
        panel_id="care-and-resource",
        day=dt.date(2026, 12, 3),
        reason="Extra sitting for a full agenda.",
    )
    mark = audit_mark()
    item = referral_list(actor=cast.panel_coordinator, referral_id=referral.pk)
    assert item.meeting == added
    referral.refresh_from_db()
    assert referral.status == "listed"
    assert actions_since(mark) == ["referral.listed"]


@pytest.mark.parametrize("status", ["agreed", "listed"])
def test_a_referral_past_the_deadline_is_accepted_late_for_an_earlier_meeting(
    north_somerset: Cast, status: str
) -> None:
    cast = north_somerset
    referral = referral_in(cast, status)
    # Wednesday's panel had its deadline on Friday 20 November at noon.
    wednesday = Meeting.objects.get(
        authority_id=cast.authority_id, starts_at=london(2026, 11, 25, 13, 30)
    )
    mark = audit_mark()
    item = referral_accept_late(
        actor=cast.chair,
        referral_id=referral.pk,
        meeting_id=wednesday.pk,
        reason="The child's placement ends on Friday.",
    )
    referral.refresh_from_db()
    assert referral.status == "listed"
    assert (item.meeting, item.late) == (wednesday, True)
    assert actions_since(mark) == ["referral.accepted_late"]


def test_a_listed_referral_is_decided(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    mark = audit_mark()
    at_hearing(item.pk)
    agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input(), version=None
    )
    item.referral.refresh_from_db()
    assert item.referral.status == "decided"
    # The item is heard through meetings' own service: a new version and its own event.
    assert actions_since(mark) == ["decision.recorded", "agenda_item.heard"]
    heard = AgendaItem.objects.get(pk=item.pk)
    assert (heard.status, heard.version) == ("heard", item.version + 1)


def test_a_deferred_referral_is_carried_over_and_stays_listed(north_somerset: Cast) -> None:
    cast = north_somerset
    item = listed(cast)
    mark = audit_mark()
    at_hearing(item.pk)
    agenda_item_decide(
        actor=cast.panel_coordinator, item_id=item.pk, data=decision_input("deferred"), version=None
    )
    item.referral.refresh_from_db()
    assert item.referral.status == "listed"
    assert actions_since(mark) == ["decision.recorded", "agenda_item.carried_over"]


def test_a_decided_referral_is_decided_again_until_signed(north_somerset: Cast) -> None:
    cast = north_somerset
    decision = decided(cast)
    mark = audit_mark()
    at_hearing(decision.agenda_item_id)
    agenda_item_decide(
        actor=cast.chair,
        item_id=decision.agenda_item_id,  # type: ignore[arg-type]
        data=decision_input("declined"),
        version=decision.version,
    )
    decision.refresh_from_db()
    assert (decision.outcome, decision.referral.status) == ("declined", "decided")
    assert actions_since(mark) == ["decision.re_recorded"]


def test_a_decided_referral_is_signed(north_somerset: Cast) -> None:
    cast = north_somerset
    decision = decided(cast)
    mark = audit_mark()
    decision_sign(actor=cast.chair, decision_id=decision.pk)
    decision.referral.refresh_from_db()
    assert decision.referral.status == "signed"
    assert actions_since(mark) == ["decision.signed"]


def test_a_signed_referral_is_recorded_on_the_childs_file(north_somerset: Cast) -> None:
    cast = north_somerset
    referral = in_effect(cast).referral
    mark = audit_mark()
    referral_record(actor=cast.panel_coordinator, referral_id=referral.pk, reference="LCS 123")
    referral.refresh_from_db()
    assert (referral.status, referral.recorded_reference) == ("recorded", "LCS 123")
    assert actions_since(mark) == ["referral.recorded"]


@pytest.mark.parametrize("status", ["signed", "recorded"])
def test_a_signed_decision_is_corrected_and_the_referral_keeps_its_state(
    north_somerset: Cast, status: str
) -> None:
    cast = north_somerset
    referral = referral_in(cast, status)
    decision = Decision.objects.get(referral=referral)
    mark = audit_mark()
    decision_correct(
        actor=cast.chair,
        decision_id=decision.pk,
        reason="The start date was wrong.",
        data=decision_input("approved"),
    )
    referral.refresh_from_db()
    assert referral.status == status
    assert actions_since(mark) == ["decision.correction_recorded"]


# ---------------------------------------------------------------- every refusal

# What each refused action says, as the person acting reads it.
WORDS = {
    "edit": "changed",
    "submit": "submitted",
    "withdraw": "withdrawn",
    "emergency": "given an emergency decision",
    "sign_off": "signed off",
    "list": "listed",
    "record": "recorded on the child's file",
}
NOT_ACCEPTED_LATE = "Only a referral with its sign-offs, not yet heard, can be accepted late."


def _attempt(action: str, cast: Cast, referral: Referral) -> Callable[[], object]:
    """The service call that tries `action`, by someone whose role allows it."""
    calls: dict[str, Callable[[], object]] = {
        "edit": lambda: _edit(cast, referral),
        "submit": lambda: referral_submit(actor=cast.social_worker, referral_id=referral.pk),
        "withdraw": lambda: referral_withdraw(
            actor=cast.social_worker, referral_id=referral.pk, reason="No longer needed."
        ),
        "emergency": lambda: emergency_decision_record(
            actor=cast.head_of_service,
            referral_id=referral.pk,
            reason="It could not wait.",
            approval=approval_input(),
        ),
        "sign_off": lambda: referral_sign_off(
            actor=cast.team_manager, referral_id=referral.pk, outcome="agreed"
        ),
        "list": lambda: referral_list(actor=cast.panel_coordinator, referral_id=referral.pk),
        "record": lambda: referral_record(
            actor=cast.panel_coordinator, referral_id=referral.pk, reference="LCS 1"
        ),
        "accept_late": lambda: referral_accept_late(
            actor=cast.chair,
            referral_id=referral.pk,
            meeting_id=meetings_of(cast)[0].pk,
            reason="Urgent.",
        ),
    }
    return calls[action]


def _refusal(attempt: Callable[[], object]) -> str:
    try:
        attempt()
    except (IllegalTransition, NotFound) as refused:
        return refused.message
    return "done"


def expected_refusals(status: str) -> dict[str, str]:
    """Each action the table refuses in `status`, with the words of its refusal."""
    refusals = {
        action: f"This referral is {status}, so it cannot be {WORDS[action]}."
        for action in WORDS
        if action not in TRANSITIONS[status]
    }
    if "accept_late" not in TRANSITIONS[status]:
        refusals["accept_late"] = NOT_ACCEPTED_LATE
    if status == "draft":
        # Coordinators and chairs never see another team's draft at all.
        refusals.update(
            {action: "No referral with that id." for action in ("list", "record", "accept_late")}
        )
    return refusals


@pytest.mark.parametrize("status", Referral.Status.values)
def test_a_referral_refuses_every_action_its_state_does_not_allow_and_writes_nothing(
    north_somerset: Cast, status: str
) -> None:
    referral = referral_in(north_somerset, status)
    meetings_of(north_somerset)
    expected = expected_refusals(status)
    with nothing_written():
        answers = {
            action: _refusal(_attempt(action, north_somerset, referral)) for action in expected
        }
    assert answers == expected


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda cast: referral_withdraw(
                actor=cast.social_worker,
                referral_id=submitted(cast, amount="800.00").pk,
                reason="No longer needed.",
            ),
            "This referral is withdrawn, so it cannot be decided under delegation.",
        ),
        (
            lambda cast: submitted(cast),
            "This referral goes to the panel, not to a delegated approver.",
        ),
    ],
    ids=["a withdrawn one", "a referral for the panel"],
)
def test_a_delegated_decision_is_refused_outside_a_submitted_delegated_referral(
    north_somerset: Cast, make: Callable[[Cast], Referral], message: str
) -> None:
    referral = make(north_somerset)
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        referral_decide_delegated(
            actor=north_somerset.head_of_service,
            referral_id=referral.pk,
            data=decision_input("approved"),
        )


def test_a_delegated_referral_is_decided_only_once(north_somerset: Cast) -> None:
    cast = north_somerset
    referral = submitted(cast, amount="800.00")
    referral_decide_delegated(
        actor=cast.head_of_service, referral_id=referral.pk, data=decision_input("declined")
    )
    with (
        nothing_written(),
        pytest.raises(
            IllegalTransition,
            match=re.escape("This referral is signed, so it cannot be decided under delegation."),
        ),
    ):
        referral_decide_delegated(
            actor=cast.head_of_service, referral_id=referral.pk, data=decision_input("approved")
        )


def test_an_edit_from_a_stale_version_is_refused(north_somerset: Cast) -> None:
    referral = drafted(north_somerset)
    _edit(north_somerset, referral)  # someone else saved it first
    message = "Someone else changed this referral since you opened it. Reload it and try again."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        _edit(north_somerset, referral)
