"""A council sees only its own records (DESIGN.md §9): every record of North Somerset is
"not found" for every Portsmouth persona, through the query helpers and through each
service that takes an id — the same answer as for an id that does not exist."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from carepanel.accounts.actors import Actor
from carepanel.core.errors import Invalid, NotFound, NotPermitted
from carepanel.decisions.models import Decision, EmergencyDecision
from carepanel.decisions.queries import (
    decisions_visible_to,
    emergency_decisions_visible_to,
    get_decision_for_actor,
)
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
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.queries import (
    get_item_for_actor,
    get_meeting_for_actor,
    meetings_visible_to,
)
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
from carepanel.referrals.queries import (
    children_visible_to,
    get_child_for_actor,
    get_referral_for_actor,
    referrals_visible_to,
)
from carepanel.referrals.services import (
    ReferralInput,
    paper_add,
    referral_create,
    referral_sign_off,
    referral_submit,
    referral_update,
    referral_withdraw,
)
from tests.personas import ROLE_PERSONAS, Cast, answers_for
from tests.workflow.helpers import (
    approval_input,
    decision_input,
    drafted,
    in_effect,
    listed,
    london,
    meetings_of,
    nothing_written,
    pdf,
)

PERSONAS = tuple(ROLE_PERSONAS)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(london(2026, 11, 23, 10), tick=False):
        yield


@dataclass
class NorthSomerset:
    """One of each of North Somerset's records, in the states that widen who sees them."""

    referrals: list[Referral]
    child_id: int
    meeting_id: int
    item_id: int
    decision_id: int
    emergency_id: int


@pytest.fixture
def records(north_somerset: Cast, portsmouth: Cast) -> NorthSomerset:
    cast = north_somerset
    item = listed(cast)
    decision = in_effect(cast)
    # Flagged as an emergency, a draft is seen by every oversight role of its council.
    emergency_draft = drafted(cast, flags={"emergency": True})
    emergency = emergency_decision_record(
        actor=cast.head_of_service,
        referral_id=emergency_draft.pk,
        reason="It could not wait.",
        approval=approval_input(),
    )
    meetings_of(portsmouth)
    return NorthSomerset(
        referrals=[drafted(cast), item.referral, emergency_draft],
        child_id=item.referral.child_links.get().child_id,
        meeting_id=item.meeting_id,
        item_id=item.pk,
        decision_id=decision.pk,
        emergency_id=emergency.pk,
    )


def _edit(actor: Actor, referral: Referral) -> object:
    return referral_update(
        actor=actor,
        referral_id=referral.pk,
        version=referral.version,
        data=ReferralInput(
            kind="family_support_package",
            children=[{"id": referral.child_links.get().child_id}],
            answers=answers_for("portsmouth"),
        ),
    )


# Each reaches for one North Somerset referral by its id.
BY_REFERRAL: dict[str, Callable[[Actor, Referral], object]] = {
    "get_referral_for_actor": lambda a, r: get_referral_for_actor(a, r.pk),
    "referral_update": _edit,
    "referral_submit": lambda a, r: referral_submit(actor=a, referral_id=r.pk),
    "referral_sign_off": lambda a, r: referral_sign_off(
        actor=a, referral_id=r.pk, outcome="agreed"
    ),
    "referral_list": lambda a, r: referral_list(actor=a, referral_id=r.pk),
    "referral_withdraw": lambda a, r: referral_withdraw(actor=a, referral_id=r.pk, reason="x"),
    "referral_record": lambda a, r: referral_record(actor=a, referral_id=r.pk, reference="x"),
    "paper_add": lambda a, r: paper_add(
        actor=a, referral_id=r.pk, paper_type="genogram", upload=pdf(), dated=None
    ),
    "referral_accept_late": lambda a, r: referral_accept_late(
        actor=a, referral_id=r.pk, meeting_id=0, reason="x"
    ),
    "referral_decide_delegated": lambda a, r: referral_decide_delegated(
        actor=a, referral_id=r.pk, data=decision_input("approved")
    ),
    "emergency_decision_record": lambda a, r: emergency_decision_record(
        actor=a, referral_id=r.pk, reason="x", approval=approval_input()
    ),
}

# Each other kind of record, and the helpers and services that reach for one by its id.
BY_ID: dict[str, dict[str, Callable[[Actor, NorthSomerset], object]]] = {
    "child": {
        "get_child_for_actor": lambda a, ns: get_child_for_actor(a, ns.child_id),
    },
    "meeting": {
        "get_meeting_for_actor": lambda a, ns: get_meeting_for_actor(a, ns.meeting_id),
        "meeting_move": lambda a, ns: meeting_move(
            actor=a, meeting_id=ns.meeting_id, day=dt.date(2026, 12, 3), reason="x"
        ),
        "meeting_cancel": lambda a, ns: meeting_cancel(
            actor=a, meeting_id=ns.meeting_id, reason="x"
        ),
        "agenda_prioritise": lambda a, ns: agenda_prioritise(
            actor=a, meeting_id=ns.meeting_id, item_ids=[ns.item_id]
        ),
    },
    "agenda item": {
        "get_item_for_actor": lambda a, ns: get_item_for_actor(a, ns.item_id),
        "agenda_item_remove": lambda a, ns: agenda_item_remove(
            actor=a, item_id=ns.item_id, reason="x"
        ),
        "agenda_item_decide": lambda a, ns: agenda_item_decide(
            actor=a, item_id=ns.item_id, data=decision_input("declined"), version=None
        ),
    },
    "decision": {
        "get_decision_for_actor": lambda a, ns: get_decision_for_actor(a, ns.decision_id),
        "decision_sign": lambda a, ns: decision_sign(actor=a, decision_id=ns.decision_id),
        "decision_finalise": lambda a, ns: decision_finalise(actor=a, decision_id=ns.decision_id),
        "decision_correct": lambda a, ns: decision_correct(
            actor=a, decision_id=ns.decision_id, reason="x", data=decision_input()
        ),
    },
    "emergency decision": {
        # There is no get_ helper for one emergency decision: the queryset is the scope.
        "emergency_decisions_visible_to": lambda a, ns: emergency_decisions_visible_to(a).get(
            pk=ns.emergency_id
        ),
        "emergency_decision_approve": lambda a, ns: emergency_decision_approve(
            actor=a, emergency_id=ns.emergency_id
        ),
    },
}
NOT_FOUND = {
    "child": "No child with that id.",
    "meeting": "No meeting with that id.",
    "agenda item": "No agenda item with that id.",
    "decision": "No decision with that id.",
    "emergency decision": "No emergency decision with that id.",
}


def _answer(attempt: Callable[[], object]) -> str:
    try:
        attempt()
    except NotFound as refused:
        return refused.message
    except EmergencyDecision.DoesNotExist:
        return "No emergency decision with that id."
    except Exception as other:  # anything else is the failure to show
        return f"{type(other).__name__}: {other}"
    return "found"


def test_a_north_somerset_referral_is_not_found_by_any_portsmouth_persona(
    portsmouth: Cast, records: NorthSomerset
) -> None:
    with nothing_written():
        answers = {
            (call, persona, referral.pk): _answer(
                lambda: attempt(getattr(portsmouth, persona), referral)  # noqa: B023
            )
            for call, attempt in BY_REFERRAL.items()
            for persona in PERSONAS
            for referral in records.referrals
        }
    assert len(answers) == len(BY_REFERRAL) * len(PERSONAS) * len(records.referrals)
    found = {
        key: answer for key, answer in answers.items() if answer != "No referral with that id."
    }
    assert found == {}


@pytest.mark.parametrize("kind", BY_ID)
def test_a_north_somerset_record_of_each_kind_is_not_found_by_any_portsmouth_persona(
    portsmouth: Cast, records: NorthSomerset, kind: str
) -> None:
    with nothing_written():
        answers = {
            (call, persona): _answer(
                lambda: attempt(getattr(portsmouth, persona), records)  # noqa: B023
            )
            for call, attempt in BY_ID[kind].items()
            for persona in PERSONAS
        }
    found = {key: answer for key, answer in answers.items() if answer != NOT_FOUND[kind]}
    assert found == {}


def test_portsmouth_lists_show_nothing_of_north_somerset(
    portsmouth: Cast, records: NorthSomerset
) -> None:
    lists: dict[str, Callable[[Actor], Any]] = {
        "referrals": referrals_visible_to,
        "children": children_visible_to,
        "meetings": lambda a: meetings_visible_to(a).filter(authority_id="north-somerset"),
        "decisions": decisions_visible_to,
        "emergency decisions": emergency_decisions_visible_to,
    }
    seen = {
        (persona, name): list(visible(getattr(portsmouth, persona)))
        for persona in PERSONAS
        for name, visible in lists.items()
    }
    assert {key: rows for key, rows in seen.items() if rows} == {}
    # The North Somerset records exist: their own coordinator sees them.
    assert Decision.objects.filter(pk=records.decision_id).exists()
    assert EmergencyDecision.objects.filter(pk=records.emergency_id).exists()


def test_a_north_somerset_meeting_takes_no_portsmouth_referral(
    portsmouth: Cast, records: NorthSomerset
) -> None:
    """The one service taking two ids: Portsmouth's own referral, North Somerset's meeting."""
    item = listed(portsmouth)
    with nothing_written(), pytest.raises(NotFound, match=re.escape("No meeting with that id.")):
        referral_accept_late(
            actor=portsmouth.chair,
            referral_id=item.referral_id,
            meeting_id=records.meeting_id,
            reason="Urgent.",
        )
    assert AgendaItem.objects.get(referral_id=item.referral_id).meeting.authority_id == "portsmouth"


def test_a_north_somerset_child_cannot_be_named_on_a_portsmouth_referral(
    portsmouth: Cast, records: NorthSomerset
) -> None:
    def create(persona: str) -> object:
        return referral_create(
            actor=getattr(portsmouth, persona),
            data=ReferralInput(
                kind="family_support_package",
                children=[{"id": records.child_id}],
                answers=answers_for("portsmouth"),
            ),
        )

    for persona in ("social_worker", "team_manager"):
        with nothing_written(), pytest.raises(Invalid) as refused:
            create(persona)
        assert refused.value.errors == {"children[0].id": "No child with that id."}
    with nothing_written(), pytest.raises(NotPermitted):
        create("chair")


def test_a_north_somerset_panel_is_not_one_portsmouth_can_add_a_meeting_to(
    portsmouth: Cast,
) -> None:
    with nothing_written(), pytest.raises(Invalid) as refused:
        meeting_add(
            actor=portsmouth.panel_coordinator,
            panel_id="care-and-resource",
            day=dt.date(2026, 12, 3),
            reason="x",
        )
    assert refused.value.errors == {"panel": "This authority has no panel with that id."}
