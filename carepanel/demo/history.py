from __future__ import annotations

import datetime as dt

from django.utils import timezone

from carepanel.decisions.services import (
    decision_correct,
    decision_finalise,
    decision_sign,
    emergency_decision_approve,
    emergency_decision_record,
    referral_decide_delegated,
)
from carepanel.demo.council import (
    Council,
    add_papers,
    approval_for,
    child_data,
    decide,
    decision_input,
    draft,
    listed,
    listed_item,
    owner_of,
    sign_all_off,
    signer_for,
    step,
)
from carepanel.demo.plans import FAMILIES, Ask
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import (
    agenda_item_remove,
    meeting_add,
    meetings_generate,
    referral_accept_late,
)
from carepanel.policy import (
    PAPER_LABELS,
    ROLE_LABELS,
    is_working_day,
)
from carepanel.referrals.models import Referral
from carepanel.referrals.services import (
    referral_record,
    referral_sign_off,
    referral_submit,
    referral_withdraw,
)

# ------------------------------------------------------------------- the states


def populate(council: Council) -> None:
    late_meeting = None
    with step(council, "the meeting for late referrals"):
        late_meeting = _late_meeting(council)
    _early_states(council)
    _heard_states(council)
    _outside_panel_states(council)
    if council.authority_id == "portsmouth":
        _overfull_agenda(council, late_meeting)
    else:
        _carried_and_late_states(council, late_meeting)


def _late_meeting(council: Council) -> Meeting | None:
    """A meeting whose submission deadline has passed: the next regular sitting if its
    deadline is gone, or else an extra sitting the coordinator adds for urgent cases."""
    now = timezone.now()
    meetings_generate(authority_id=council.authority_id)
    panel = council.pack.panel()
    upcoming = Meeting.objects.filter(
        authority_id=council.authority_id,
        panel_id=panel.id,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
    ).order_by("starts_at")
    passed = upcoming.filter(submission_deadline__lt=now).first()
    if passed is not None:
        return passed
    first_open = upcoming.first()
    day = council.today + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    if first_open is None or day >= first_open.day:
        council.notes.append(
            f"{council.name}: no late referral today: no sitting before the next panel "
            "has a passed deadline, and an extra one would fall on the panel's own day."
        )
        return None
    meeting = meeting_add(
        actor=council["coordinator"],
        panel_id=panel.id,
        day=day,
        reason="Extra sitting for urgent requests that cannot wait for the next panel.",
    )
    if meeting.submission_deadline >= now:
        council.notes.append(f"{council.name}: the extra sitting's deadline has not passed.")
    return meeting


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
        family = FAMILIES[(council.child_offset + 3) % len(FAMILIES)]
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


def _heard_states(council: Council) -> None:
    """Decided, signed (and for North Somerset finalised), recorded, corrected, withdrawn."""
    # North Somerset: the assistant director chairs and finalises; a deputy chair (a head
    # of service) who signs leaves the decision awaiting the assistant director.
    deputy_signs = bool(council.pack.panel().finalised_by) and "deputy-chair" in council.people
    with step(council, "a decided referral"):
        referral = listed(council)
        decide(
            council,
            referral,
            "approved_with_conditions",
            "The panel agreed the request for six months, with a review of school attendance.",
        )
    with step(council, "a signed decision"):
        referral = listed(council)
        decision = decide(council, referral, "approved", "Agreed as requested.")
        signer = "deputy-chair" if deputy_signs else "chair"
        decision_sign(actor=council[signer], decision_id=decision.pk)
    if deputy_signs:
        with step(council, "a finalised decision"):
            referral = listed(council)
            decision = decide(council, referral, "approved", "Agreed as requested.")
            decision_sign(actor=council["deputy-chair"], decision_id=decision.pk)
            decision_finalise(actor=council["chair"], decision_id=decision.pk)
    with step(council, "a declined and signed decision"):
        referral = listed(council)
        decision = decide(
            council,
            referral,
            "declined",
            "Declined: the panel asked for the in-house options to be explored first.",
        )
        decision_sign(actor=council["chair"], decision_id=decision.pk)
    with step(council, "a decision recorded on the child's file"):
        referral = listed(council)
        decision = decide(council, referral, "approved", "Agreed as requested.")
        decision_sign(actor=council["chair"], decision_id=decision.pk)
        referral_record(
            actor=council["coordinator"],
            referral_id=referral.pk,
            reference=f"Case note {council.code.upper()}-CN-{40000 + referral.pk}",
        )
    with step(council, "a corrected decision"):
        referral = listed(council)
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
    with step(council, "a withdrawn referral"):
        referral = listed(council)
        referral_withdraw(
            actor=council[owner_of(referral)],
            referral_id=referral.pk,
            reason="The family moved away; the case has transferred to their new council.",
        )


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


def _carried_and_late_states(council: Council, late_meeting: Meeting | None) -> None:
    with step(council, "a deferred item carried to the next meeting"):
        _defer(council, listed(council))
    with step(council, "an item removed by the chair and relisted"):
        _remove(council, listed(council, _removable(council), skip=(council.plan.removed_paper,)))
    if late_meeting is not None:
        with step(council, "a late referral accepted by the chair"):
            _accept_late(council, listed(council), late_meeting)


def _overfull_agenda(council: Council, late_meeting: Meeting | None) -> None:
    """Portsmouth: the next meeting filled to its capacity through normal listing, then
    past it by late referrals the chair accepted that were deferred or not heard at the
    sitting before, so the chair has to prioritise."""
    target: Meeting | None = None
    with step(council, "a full agenda"):
        first = listed(council, stale_assessment=True)
        target = listed_item(first).meeting
        capacity = target.capacity or 25
        while _listed_on(target) < capacity:
            referral = listed(council)
            if listed_item(referral).meeting_id != target.pk:
                council.notes.append(f"{council.name}: a referral was listed elsewhere.")
                break
    if late_meeting is None or target is None:
        return
    with step(council, "late referrals deferred to the full agenda"):
        for _ in range(2):
            referral = listed(council)
            _accept_late(council, referral, late_meeting)
            _defer(council, referral)
    with step(council, "a late referral not heard and relisted on the full agenda"):
        referral = listed(council, skip=(council.plan.removed_paper,))
        _accept_late(council, referral, late_meeting)
        _remove(council, referral)


def _listed_on(meeting: Meeting) -> int:
    return AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.LISTED).count()
