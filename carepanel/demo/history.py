"""The demo's history, built in the past relative to the day it is loaded.

The services work on the clock, so the demo moves the clock: the referrals heard at
the council's last sitting are listed before its submission deadline, a late one is
accepted between the deadline and the sitting, and the outcomes are recorded once the
sitting has started. Back at the load day, everything still to come (drafts, sign-offs,
items listed, emergencies to ratify) goes to meetings that have not yet sat. Whatever
the day, no decision is dated before its meeting and no listed item is on a meeting
that has sat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import time_machine
from django.utils import timezone

from carepanel.decisions.services import (
    decision_correct,
    decision_finalise,
    decision_sign,
    emergency_decision_approve,
    emergency_decision_record,
    referral_decide_delegated,
    referral_record,
)
from carepanel.demo.council import (
    Council,
    add_papers,
    approval_for,
    child_data,
    decide,
    decision_input,
    draft,
    free_family,
    listed,
    listed_item,
    owner_of,
    sign_all_off,
    signer_for,
    step,
)
from carepanel.demo.plans import Ask
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import agenda_item_remove, referral_accept_late
from carepanel.policy import PAPER_LABELS, ROLE_LABELS, meetings
from carepanel.policy import Meeting as Sitting
from carepanel.referrals.models import Referral
from carepanel.referrals.services import (
    referral_sign_off,
    referral_submit,
    referral_withdraw,
)

# How far back the demo looks for the last sitting (every pack sits at least monthly).
LOOK_BACK = dt.timedelta(weeks=10)


@dataclass(frozen=True)
class Timeline:
    """The moments of the last sitting's history, all before the load time."""

    sitting: Sitting
    listing: dt.datetime  # before the submission deadline: listed the normal way
    late: dt.datetime  # after the deadline, before the sitting: accepted late
    hearing: dt.datetime  # once the sitting has started: the outcomes


def timeline(council: Council, now: dt.datetime) -> Timeline | None:
    """The council's last regular sitting before `now`, from the policy calendar."""
    sat = [
        sitting
        for sitting in meetings(council.pack, (now - LOOK_BACK).date(), now.date())
        if sitting.starts_at < now
    ]
    if not sat:
        return None
    sitting = sat[-1]
    deadline = sitting.submission_deadline
    return Timeline(
        sitting=sitting,
        listing=deadline - dt.timedelta(hours=1),
        late=deadline + (sitting.starts_at - deadline) / 2,
        hearing=sitting.starts_at + min(dt.timedelta(minutes=15), (now - sitting.starts_at) / 2),
    )


@contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    """The services' clock at `moment`, ticking on from there."""
    with time_machine.travel(moment, tick=True):
        yield


# ------------------------------------------------------------------- the states


def populate(council: Council) -> None:
    now = timezone.now()
    when = timeline(council, now)
    _early_states(council)
    if when is None:
        council.notes.append(f"{council.name}: no sitting in the last ten weeks to hear items.")
    else:
        _history(council, when)
    _outside_panel_states(council)
    with step(council, "a withdrawn referral"):
        referral = listed(council)
        referral_withdraw(
            actor=council[owner_of(referral)],
            referral_id=referral.pk,
            reason="The family moved away; the case has transferred to their new council.",
        )


def _history(council: Council, when: Timeline) -> None:
    """What the last sitting heard: listed before its deadline, a late one accepted after
    it, the outcomes recorded once it had started. A plan with a full agenda (Portsmouth)
    fills the next sitting to its capacity before its own deadline, and the late ones
    deferred or not heard go on top of it."""
    heard: list[tuple[str, Referral]] = []
    with at(when.listing):
        for state in HEARD:
            if state == "finalised" and not _deputy_signs(council):
                continue
            with step(council, STATES[state]):
                heard.append((state, _listed_for(council, state)))
    with at(when.late):
        if council.plan.full_agenda:
            _full_agenda(council)
        for state in LATE[council.plan.full_agenda]:
            with step(council, STATES[state]):
                heard.append((state, _accepted_late(council, state)))
    with at(when.hearing):
        for state, referral in heard:
            with step(council, f"the outcome of {STATES[state]}"):
                HEARINGS[state](council, referral)


def _listed_for(council: Council, state: str) -> Referral:
    if state == "removed":
        return listed(council, _removable(council), skip=(council.plan.removed_paper,))
    return listed(council)


def _accepted_late(council: Council, state: str) -> Referral:
    skip = (council.plan.removed_paper,) if state == "late_removed" else ()
    referral = listed(council, skip=skip)
    meeting = _sitting_accepting_late(council)
    _accept_late(council, referral, meeting)
    return referral


def _sitting_accepting_late(council: Council) -> Meeting:
    """The next sitting, whose submission deadline has passed."""
    # Listing the referral generated the meetings, so there is one.
    return Meeting.objects.filter(
        authority_id=council.authority_id,
        panel_id=council.pack.panel().id,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
    ).order_by("starts_at")[0]


def _early_states(council: Council) -> None:
    """Draft, submitted (at each sign-off the pack asks for), returned."""
    sign_offs = council.pack.panel().sign_offs
    with step(council, "a draft"):
        referral = draft(council, council.next_ask(), complete=False)
    for given in range(len(sign_offs)):
        waiting_for = ROLE_LABELS[sign_offs[given].role]
        with step(council, f"a referral awaiting the {waiting_for}"):
            referral = draft(council, council.next_ask())
            add_papers(council, referral, owner_of(referral))
            referral_submit(actor=council[owner_of(referral)], referral_id=referral.pk)
            sign_all_off(council, referral, given)
    with step(council, "a returned referral"):
        referral = draft(council, council.next_ask())
        referral_submit(actor=council[owner_of(referral)], referral_id=referral.pk)
        referral_sign_off(
            actor=council[signer_for(council, sign_offs[0].role, referral)],
            referral_id=referral.pk,
            outcome="returned",
            reason=(
                "Please attach the latest assessment and say what the family group "
                "conference agreed."
            ),
        )
    with step(council, "a listed referral for two siblings"):
        family = free_family(council)
        ask = council.plan.asks[0]
        younger = max(ask.age - 3, 1)
        children = [
            child_data(council, ask, family=family),
            child_data(council, ask, family=family, age=younger),
        ]
        listed(
            council,
            ask,
            worker="social-worker",
            children=children,
            family=[
                {
                    "name": f"Jo {family[0]}",
                    "relationship": "mother",
                    "gender": "F",
                    "ethnicity": family[1],
                }
            ],
        )
    with step(council, "a listed referral"):
        listed(council)


def _outside_panel_states(council: Council) -> None:
    """Delegated decisions, referrals for other panels, emergency decisions."""
    plan = council.plan
    if plan.delegated is not None:
        with step(council, "a delegated decision"):
            ask = plan.delegated
            referral = draft(council, ask, worker="social-worker")
            referral_submit(actor=council["social-worker"], referral_id=referral.pk)
            approver = signer_for(council, referral.route_approver, referral)
            referral_decide_delegated(
                actor=council[approver],
                referral_id=referral.pk,
                data=decision_input(council, referral, "approved", "Agreed within delegation."),
            )
    for ask in plan.elsewhere:
        with step(council, f"a draft for {ask.kind} that goes elsewhere"):
            referral = draft(council, ask)
            if referral.route == Referral.Route.PANEL:
                council.notes.append(
                    f"{council.name}: the {ask.kind} draft was routed to the panel."
                )
    for emergency in plan.emergencies:
        with step(council, f"an emergency decision for {emergency.ask.kind}"):
            referral = draft(council, emergency.ask, emergency=True)
            add_papers(council, referral, owner_of(referral))
            record = emergency_decision_record(
                actor=council[emergency.recorded_by],
                referral_id=referral.pk,
                reason="The child needed a safe place to stay that night.",
                approval=approval_for(council, emergency.ask),
            )
            for who in emergency.also:
                emergency_decision_approve(actor=council[who], emergency_id=record.pk)


def _defer(council: Council, referral: Referral) -> None:
    decide(
        council,
        referral,
        "deferred",
        "Deferred: the panel asked for the updated parenting assessment before deciding.",
    )


def _remove(council: Council, referral: Referral) -> None:
    paper = PAPER_LABELS[council.plan.removed_paper]
    agenda_item_remove(
        actor=council["chair"],
        item_id=listed_item(referral).pk,
        reason=f"Not heard: no {paper} by the papers deadline. Relisted for the next meeting.",
    )


def _accept_late(council: Council, referral: Referral, meeting: Meeting) -> None:
    referral_accept_late(
        actor=council["chair"],
        referral_id=referral.pk,
        meeting_id=meeting.pk,
        reason="Accepted as exceptional: the current placement ends before the next panel.",
    )


def _removable(council: Council) -> Ask:
    return (
        council.ask_of(council.plan.removed_kind)
        if council.plan.removed_kind
        else (council.next_ask())
    )


def _full_agenda(council: Council) -> None:
    """Portsmouth: its next sitting filled to capacity through normal listing, before that
    sitting's deadline; the late referrals deferred or not heard at the sitting before go
    on top of it, so the chair has to prioritise."""
    with step(council, "a full agenda"):
        first = listed(council, stale_assessment=True)
        target = listed_item(first).meeting
        capacity = target.capacity or 25
        while _listed_on(target) < capacity:
            referral = listed(council)
            if listed_item(referral).meeting_id != target.pk:
                council.notes.append(f"{council.name}: a referral was listed elsewhere.")
                break


def _listed_on(meeting: Meeting) -> int:
    return AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.LISTED).count()


# ------------------------------------------------------------- the outcomes heard


def _decided(council: Council, referral: Referral) -> None:
    decide(
        council,
        referral,
        "approved_with_conditions",
        "The panel agreed the request for six months, with a review of school attendance.",
    )


def _signed(council: Council, referral: Referral) -> None:
    # North Somerset: the assistant director chairs and finalises; a deputy chair (a head
    # of service) who signs leaves the decision awaiting the assistant director.
    decision = decide(council, referral, "approved", "Agreed as requested.")
    decision_sign(
        actor=council["deputy-chair" if _deputy_signs(council) else "chair"],
        decision_id=decision.pk,
    )


def _finalised(council: Council, referral: Referral) -> None:
    decision = decide(council, referral, "approved", "Agreed as requested.")
    decision_sign(actor=council["deputy-chair"], decision_id=decision.pk)
    decision_finalise(actor=council["chair"], decision_id=decision.pk)


def _declined(council: Council, referral: Referral) -> None:
    decision = decide(
        council,
        referral,
        "declined",
        "Declined: the panel asked for the in-house options to be explored first.",
    )
    decision_sign(actor=council["chair"], decision_id=decision.pk)


def _recorded(council: Council, referral: Referral) -> None:
    decision = decide(council, referral, "approved", "Agreed as requested.")
    decision_sign(actor=council["chair"], decision_id=decision.pk)
    referral_record(
        actor=council["coordinator"],
        referral_id=referral.pk,
        reference=f"Case note {council.code.upper()}-CN-{40000 + referral.pk}",
    )


def _corrected(council: Council, referral: Referral) -> None:
    decision = decide(council, referral, "approved", "Agreed as requested.")
    decision_sign(actor=council["chair"], decision_id=decision.pk)
    correction = decision_correct(
        actor=council["chair"],
        decision_id=decision.pk,
        reason="The sheet gave the cost before the provider's agreed uplift.",
        data=decision_input(
            council,
            referral,
            "approved",
            "Agreed, at the cost agreed with the provider.",
            uplift="25.00",
        ),
    )
    decision_sign(actor=council["chair"], decision_id=correction.pk)


def _late_agreed(council: Council, referral: Referral) -> None:
    decide(council, referral, "approved", "Agreed: the current placement ends this month.")


def _deputy_signs(council: Council) -> bool:
    return bool(council.pack.panel().finalised_by) and "deputy-chair" in council.people


# The last sitting's items: what each became, in the order they were listed.
STATES: dict[str, str] = {
    "decided": "a decided referral",
    "signed": "a signed decision",
    "finalised": "a finalised decision",
    "declined": "a declined and signed decision",
    "recorded": "a decision recorded on the child's file",
    "corrected": "a corrected decision",
    "deferred": "a deferred item carried to the next meeting",
    "removed": "an item removed by the chair and relisted",
    "late": "a late referral accepted by the chair",
    "late_deferred": "a late referral deferred to the full agenda",
    "late_removed": "a late referral not heard and relisted on the full agenda",
}
HEARD = (
    "decided",
    "signed",
    "finalised",
    "declined",
    "recorded",
    "corrected",
    "deferred",
    "removed",
)
# Late referrals accepted for the last sitting; with a full agenda, they go on to it.
LATE: dict[bool, tuple[str, ...]] = {
    False: ("late",),
    True: ("late_deferred", "late_deferred", "late_removed"),
}
HEARINGS: dict[str, Callable[[Council, Referral], None]] = {
    "decided": _decided,
    "signed": _signed,
    "finalised": _finalised,
    "declined": _declined,
    "recorded": _recorded,
    "corrected": _corrected,
    "deferred": _defer,
    "removed": _remove,
    "late": _late_agreed,
    "late_deferred": _defer,
    "late_removed": _remove,
}
