"""Every role's permissions, as a matrix: for each action, what each persona of North
Somerset gets — allowed, not found (outside what they may see), or the refusal in words.

Each row is one action; each persona tries it from the same starting state, and an
allowed attempt is rolled back before the next persona tries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.db import transaction

from carepanel.accounts.actors import Actor
from carepanel.core.errors import NotFound, NotPermitted
from carepanel.decisions.queries import get_decision_for_actor
from carepanel.decisions.services import (
    agenda_item_decide,
    decision_correct,
    decision_finalise,
    decision_sign,
    emergency_decision_approve,
    emergency_decision_record,
    referral_decide_delegated,
    referral_record,
)
from carepanel.meetings.models import Meeting
from carepanel.meetings.queries import get_item_for_actor, get_meeting_for_actor
from carepanel.meetings.services import (
    agenda_item_remove,
    agenda_prioritise,
    meeting_add,
    meeting_cancel,
    meeting_move,
    referral_accept_late,
    referral_list,
)
from carepanel.referrals.models import Referral
from carepanel.referrals.queries import get_child_for_actor, get_referral_for_actor
from carepanel.referrals.services import (
    ReferralInput,
    paper_add,
    referral_create,
    referral_sign_off,
    referral_submit,
    referral_update,
    referral_withdraw,
)
from tests.clock import at_hearing
from tests.personas import ROLE_PERSONAS, Cast, answers_for, referral_input
from tests.workflow.helpers import (
    agreed,
    approval_input,
    decided,
    decision_input,
    drafted,
    in_effect,
    listed,
    london,
    new_child,
    pdf,
    signed,
    submitted,
)

MONDAY = london(2026, 11, 23, 10)

ALLOWED = "allowed"
NOT_FOUND = "not found"

PERSONAS = tuple(ROLE_PERSONAS)
# Who sees what of North Somerset's first team (carepanel.referrals.queries).
OTHER_TEAM = ("other_social_worker", "other_team_manager")
PANEL = ("panel_member", "iro")
NO_CASEWORK = ("auditor", "system_administrator")


def row(
    refusal: str,
    *,
    allowed: tuple[str, ...] = (),
    hidden: tuple[str, ...] = (),
    **other: str,
) -> dict[str, str]:
    """One action's row: each persona's outcome, `refusal` for those not named."""
    outcomes = {}
    for persona in PERSONAS:
        if persona in allowed:
            outcomes[persona] = ALLOWED
        elif persona in hidden:
            outcomes[persona] = NOT_FOUND
        else:
            outcomes[persona] = other.get(persona, refusal)
    return outcomes


@dataclass(frozen=True)
class Action:
    setup: Callable[[Cast], Any]
    attempt: Callable[[Actor, Any, Cast], object]
    expected: dict[str, str]


def _meeting_on(cast: Cast, starts_at: dt.datetime) -> Meeting:
    return Meeting.objects.get(authority_id=cast.authority_id, starts_at=starts_at)


def _edit(actor: Actor, referral: Referral, cast: Cast) -> object:
    return referral_update(
        actor=actor,
        referral_id=referral.pk,
        version=referral.version,
        data=ReferralInput(
            kind="family_support_package",
            children=[{"id": referral.child_links.get().child_id}],
            cost_amount_gbp=referral.cost_amount_gbp,
            cost_basis="annual",
            answers=answers_for(cast.authority_id),
        ),
    )


def _authorisable(cast: Cast) -> Referral:
    referral = submitted(cast)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    return referral


def _late(cast: Cast) -> tuple[int, int]:
    item = listed(cast)  # at Wednesday 2 December's panel
    return item.referral_id, _meeting_on(cast, london(2026, 11, 25, 13, 30)).pk


def _agreed_with_a_meeting(cast: Cast) -> Referral:
    referral = agreed(cast)
    meeting_add(
        actor=cast.panel_coordinator,
        panel_id="care-and-resource",
        day=dt.date(2026, 12, 4),
        reason="Extra sitting.",
    )
    return referral


def _awaiting_approvers(cast: Cast) -> int:
    referral = drafted(cast, flags={"emergency": True})
    return emergency_decision_record(
        actor=cast.head_of_service,
        referral_id=referral.pk,
        reason="It could not wait.",
        approval=approval_input(),
    ).pk


REFERRAL_READERS = (
    "social_worker",
    "team_manager",
    "service_leader",
    "service_manager",
    "head_of_service",
    "assistant_director",
    "deputy_director",
    "director",
    "panel_coordinator",
    "chair",
    "finance_officer",
    "commissioning",
)
# A submitted (not yet listed) referral: its team and the roles that oversee referrals.
SUBMITTED_HIDDEN = (*OTHER_TEAM, *PANEL, *NO_CASEWORK)
# A listed or decided referral: panel members and IROs see it too.
LISTED_HIDDEN = (*OTHER_TEAM, *NO_CASEWORK)
DRAFTED = "You drafted this referral, so someone else must sign it off."

ACTIONS: dict[str, Action] = {
    # ------------------------------------------------------------------ reading
    "see a listed referral": Action(
        setup=lambda cast: listed(cast).referral_id,
        attempt=lambda actor, pk, cast: get_referral_for_actor(actor, pk),
        expected=row("", allowed=(*REFERRAL_READERS, *PANEL), hidden=LISTED_HIDDEN),
    ),
    "see a child on a listed referral": Action(
        setup=lambda cast: listed(cast).referral.child_links.get().child_id,
        attempt=lambda actor, pk, cast: get_child_for_actor(actor, pk),
        expected=row("", allowed=(*REFERRAL_READERS, *PANEL), hidden=LISTED_HIDDEN),
    ),
    "see a meeting": Action(
        setup=lambda cast: listed(cast).meeting_id,
        attempt=lambda actor, pk, cast: get_meeting_for_actor(actor, pk),
        expected=row(
            "", allowed=tuple(p for p in PERSONAS if p not in NO_CASEWORK), hidden=NO_CASEWORK
        ),
    ),
    # The panel sees every item; a social worker or team manager only their team's.
    "see an agenda item": Action(
        setup=lambda cast: listed(cast).pk,
        attempt=lambda actor, pk, cast: get_item_for_actor(actor, pk),
        expected=row(
            "",
            allowed=tuple(p for p in PERSONAS if p not in (*NO_CASEWORK, *OTHER_TEAM)),
            hidden=(*OTHER_TEAM, *NO_CASEWORK),
        ),
    ),
    "see a decision": Action(
        setup=lambda cast: decided(cast).pk,
        attempt=lambda actor, pk, cast: get_decision_for_actor(actor, pk),
        expected=row("", allowed=(*REFERRAL_READERS, *PANEL), hidden=LISTED_HIDDEN),
    ),
    # ------------------------------------------------------------------ referrals
    "start a referral": Action(
        setup=lambda cast: None,
        attempt=lambda actor, _, cast: referral_create(
            actor=actor, data=referral_input(cast.authority_id, children=[new_child()])
        ),
        expected=row(
            "Only a social worker or team manager can start a referral.",
            allowed=("social_worker", "team_manager", *OTHER_TEAM),
        ),
    ),
    "edit a draft": Action(
        setup=lambda cast: drafted(cast),
        attempt=_edit,
        expected=row("", allowed=("social_worker", "team_manager"), hidden=PERSONAS),
    ),
    "submit a draft": Action(
        setup=lambda cast: drafted(cast).pk,
        attempt=lambda actor, pk, cast: referral_submit(actor=actor, referral_id=pk),
        expected=row("", allowed=("social_worker", "team_manager"), hidden=PERSONAS),
    ),
    "agree as the team manager": Action(
        setup=lambda cast: submitted(cast).pk,
        attempt=lambda actor, pk, cast: referral_sign_off(
            actor=actor, referral_id=pk, outcome="agreed"
        ),
        expected=row(
            "This referral is waiting for the team manager of its team to agree it.",
            allowed=("team_manager",),
            hidden=SUBMITTED_HIDDEN,
            social_worker=DRAFTED,
        ),
    ),
    "authorise as the head of service": Action(
        setup=lambda cast: _authorisable(cast).pk,
        attempt=lambda actor, pk, cast: referral_sign_off(
            actor=actor, referral_id=pk, outcome="agreed"
        ),
        expected=row(
            "This referral is waiting for the head of service to authorise it.",
            allowed=("head_of_service",),
            hidden=SUBMITTED_HIDDEN,
            social_worker=DRAFTED,
        ),
    ),
    "withdraw a submitted referral": Action(
        setup=lambda cast: submitted(cast).pk,
        attempt=lambda actor, pk, cast: referral_withdraw(
            actor=actor, referral_id=pk, reason="No longer needed."
        ),
        expected=row(
            "Only the referral's team or a panel coordinator can withdraw it.",
            allowed=("social_worker", "team_manager", "panel_coordinator"),
            hidden=SUBMITTED_HIDDEN,
        ),
    ),
    "add a paper": Action(
        setup=lambda cast: submitted(cast).pk,
        attempt=lambda actor, pk, cast: paper_add(
            actor=actor, referral_id=pk, paper_type="genogram", upload=pdf(), dated=None
        ),
        expected=row(
            "Only the referral's team or a panel coordinator can add papers.",
            allowed=("social_worker", "team_manager", "panel_coordinator"),
            hidden=SUBMITTED_HIDDEN,
        ),
    ),
    "decide under delegation": Action(
        setup=lambda cast: submitted(cast, amount="800.00").pk,
        attempt=lambda actor, pk, cast: referral_decide_delegated(
            actor=actor, referral_id=pk, data=decision_input("approved")
        ),
        expected=row(
            "Only the head of service can decide this referral.",
            allowed=("head_of_service",),
            hidden=SUBMITTED_HIDDEN,
        ),
    ),
    "record a decision on the child's file": Action(
        setup=lambda cast: in_effect(cast).referral_id,
        attempt=lambda actor, pk, cast: referral_record(
            actor=actor, referral_id=pk, reference="LCS 1"
        ),
        expected=row(
            "Only a panel coordinator can record the decision on the file.",
            allowed=("panel_coordinator",),
            hidden=LISTED_HIDDEN,
        ),
    ),
    # ------------------------------------------------------------------ listing and agenda
    "list an agreed referral": Action(
        setup=lambda cast: _agreed_with_a_meeting(cast).pk,
        attempt=lambda actor, pk, cast: referral_list(actor=actor, referral_id=pk),
        expected=row(
            "Only a panel coordinator can list a referral.",
            allowed=("panel_coordinator",),
            hidden=SUBMITTED_HIDDEN,
        ),
    ),
    "accept a late referral": Action(
        setup=_late,
        attempt=lambda actor, ids, cast: referral_accept_late(
            actor=actor, referral_id=ids[0], meeting_id=ids[1], reason="Urgent."
        ),
        expected=row(
            "Only the panel chair or head of service can accept a late referral.",
            allowed=("chair", "head_of_service"),
            hidden=LISTED_HIDDEN,
        ),
    ),
    "remove an item from the agenda": Action(
        setup=lambda cast: listed(cast).pk,
        attempt=lambda actor, pk, cast: agenda_item_remove(
            actor=actor, item_id=pk, reason="No papers."
        ),
        expected=row(
            "Only the panel chair can remove an item from the agenda.", allowed=("chair",)
        ),
    ),
    "set the order of the agenda": Action(
        setup=lambda cast: listed(cast),
        attempt=lambda actor, item, cast: agenda_prioritise(
            actor=actor, meeting_id=item.meeting_id, item_ids=[item.pk]
        ),
        expected=row("Only the panel chair can set the order of the agenda.", allowed=("chair",)),
    ),
    # ------------------------------------------------------------------ decisions
    "record a decision": Action(
        setup=lambda cast: at_hearing(listed(cast).pk),
        attempt=lambda actor, pk, cast: agenda_item_decide(
            actor=actor, item_id=pk, data=decision_input("declined"), version=None
        ),
        expected=row(
            "Only the panel coordinator or the chair can record a decision.",
            allowed=("panel_coordinator", "chair"),
            hidden=(*OTHER_TEAM, *NO_CASEWORK),
        ),
    ),
    "sign a decision": Action(
        setup=lambda cast: decided(cast).pk,
        attempt=lambda actor, pk, cast: decision_sign(actor=actor, decision_id=pk),
        expected=row(
            "Only the panel chair can sign a decision.", allowed=("chair",), hidden=LISTED_HIDDEN
        ),
    ),
    "finalise a decision": Action(
        setup=lambda cast: signed(cast).pk,
        attempt=lambda actor, pk, cast: decision_finalise(actor=actor, decision_id=pk),
        expected=row(
            "Only the assistant director can finalise this decision.",
            allowed=("assistant_director",),
            hidden=LISTED_HIDDEN,
        ),
    ),
    "correct a signed decision": Action(
        setup=lambda cast: in_effect(cast).pk,
        attempt=lambda actor, pk, cast: decision_correct(
            actor=actor, decision_id=pk, reason="Wrong cost.", data=decision_input()
        ),
        expected=row(
            "Only the panel chair can correct a signed decision.",
            allowed=("chair",),
            hidden=LISTED_HIDDEN,
        ),
    ),
    "approve an emergency between panels": Action(
        setup=lambda cast: drafted(cast, flags={"emergency": True}).pk,
        attempt=lambda actor, pk, cast: emergency_decision_record(
            actor=actor, referral_id=pk, reason="It could not wait.", approval=approval_input()
        ),
        expected=row(
            "Only the head of service and the assistant director can approve this between panels, "
            "and each of them must.",
            allowed=("head_of_service", "assistant_director"),
            hidden=SUBMITTED_HIDDEN,
        ),
    ),
    "join an emergency decision as its second approver": Action(
        setup=_awaiting_approvers,
        attempt=lambda actor, pk, cast: emergency_decision_approve(actor=actor, emergency_id=pk),
        expected=row(
            "This is waiting for the assistant director.",
            allowed=("assistant_director",),
            hidden=SUBMITTED_HIDDEN,
        ),
    ),
    # ------------------------------------------------------------------ meetings
    "add a meeting": Action(
        setup=lambda cast: None,
        attempt=lambda actor, _, cast: meeting_add(
            actor=actor, panel_id="care-and-resource", day=dt.date(2026, 12, 4), reason="Extra."
        ),
        expected=row("Only a panel coordinator can add a meeting.", allowed=("panel_coordinator",)),
    ),
    "move a meeting": Action(
        setup=lambda cast: listed(cast).meeting_id,
        attempt=lambda actor, pk, cast: meeting_move(
            actor=actor, meeting_id=pk, day=dt.date(2026, 12, 3), reason="Room needed."
        ),
        expected=row(
            "Only a panel coordinator can move a meeting.", allowed=("panel_coordinator",)
        ),
    ),
    "cancel a meeting": Action(
        setup=lambda cast: listed(cast).meeting_id,
        attempt=lambda actor, pk, cast: meeting_cancel(
            actor=actor, meeting_id=pk, reason="Chair unwell."
        ),
        expected=row(
            "Only a panel coordinator can cancel a meeting.", allowed=("panel_coordinator",)
        ),
    ),
}


class _RolledBack(Exception):
    """An allowed attempt, undone so that the next persona starts from the same state."""


def outcome(attempt: Callable[[], object]) -> str:
    try:
        with transaction.atomic():
            attempt()
            raise _RolledBack
    except _RolledBack:
        return ALLOWED
    except NotFound:
        return NOT_FOUND
    except NotPermitted as refused:
        return refused.message


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


@pytest.mark.parametrize("action", ACTIONS)
def test_each_persona_may_do_what_its_roles_allow_and_is_refused_the_rest(
    north_somerset: Cast, action: str
) -> None:
    cast = north_somerset
    case = ACTIONS[action]
    target = case.setup(cast)
    outcomes = {
        persona: outcome(lambda persona=persona: case.attempt(getattr(cast, persona), target, cast))  # type: ignore[misc]
        for persona in PERSONAS
    }
    assert outcomes == case.expected


def test_the_matrix_names_every_persona_in_every_row() -> None:
    assert all(set(action.expected) == set(PERSONAS) for action in ACTIONS.values())
