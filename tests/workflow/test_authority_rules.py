"""Each council's distinctive rule, through the services, quoting its document (seeds/)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from carepanel.core.errors import NotPermitted
from carepanel.decisions.models import Approval
from carepanel.decisions.services import referral_decide_delegated
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import referral_accept_late
from carepanel.referrals.models import SignOff
from carepanel.referrals.services import referral_sign_off
from tests.personas import Cast
from tests.workflow.helpers import (
    decision_input,
    emergency,
    listed,
    listed_on,
    london,
    nothing_written,
    paper_gaps_of,
    submitted,
    with_papers,
)


@time_machine.travel(london(2026, 11, 23, 10), tick=False)
def test_north_somersets_head_of_service_authorises_every_referral_after_the_team_manager(
    north_somerset: Cast,
) -> None:
    """North Somerset (seed 001), "How to refer": "The decision to refer to Care and Resource
    Panel should made in consultation with your Team Manager and authorised by your Head of
    Service." """
    cast = north_somerset
    referral = submitted(cast)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    referral.refresh_from_db()
    assert referral.status == "submitted"
    assert not AgendaItem.objects.filter(referral=referral).exists()

    referral_sign_off(actor=cast.head_of_service, referral_id=referral.pk, outcome="agreed")
    referral.refresh_from_db()
    assert referral.status == "listed"
    authorisation = SignOff.objects.get(referral=referral, role="head_of_service")
    assert (authorisation.action, authorisation.signed_by_id) == (
        "authorise",
        cast.head_of_service.user.pk,
    )


@time_machine.travel(london(2026, 11, 23, 10), tick=False)
def test_portsmouths_panel_hears_at_most_25_children_and_the_26th_waits_a_month(
    portsmouth: Cast,
) -> None:
    """Portsmouth (seed 003), 3.5: "There will be a maximum of 25 children (requests) at each
    panel from 14:00 to 17:00." """
    cast = portsmouth
    items = [listed(cast) for _ in range(25)]
    december = Meeting.objects.get(authority_id="portsmouth", starts_at=london(2026, 12, 10, 14))
    assert {item.meeting for item in items} == {december}
    assert december.capacity == 25

    twenty_sixth = listed(cast)
    assert twenty_sixth.meeting.starts_at == london(2027, 1, 14, 14)
    assert len(listed_on(december)) == 25


@pytest.mark.parametrize(
    ("dated", "gaps"),
    [
        (dt.date(2026, 6, 10), []),
        (
            dt.date(2026, 6, 9),
            [
                (
                    "assessment",
                    "out_of_date",
                    "The assessment must be dated within 6 months of the meeting (on or after "
                    "10 June 2026): an up-to-date assessment of the child, dated within 6 months.",
                )
            ],
        ),
    ],
    ids=["six months before the panel", "a day older"],
)
@time_machine.travel(london(2026, 11, 23, 10), tick=False)
def test_portsmouths_assessment_must_be_within_six_months_of_the_panel(
    portsmouth: Cast, dated: dt.date, gaps: list[tuple[str, str, str]]
) -> None:
    """Portsmouth (seed 003), 3.6.2: "An up-to-date assessment for the child including an
    up-to-date genogram. … The assessment should be within 6 months." """
    item = listed(portsmouth)
    assert item.meeting.starts_at == london(2026, 12, 10, 14)
    with_papers(portsmouth, item.referral, "genogram")
    with_papers(portsmouth, item.referral, "assessment", dated=dated)
    assert paper_gaps_of(item) == gaps


def test_bcps_emergency_placement_goes_to_the_very_next_panel_for_retrospective_discussion(
    bcp: Cast,
) -> None:
    """BCP (seed 004), "Approval Process": "All such emergency placements must be submitted to
    the subsequent Placement and Resource Panel for retrospective discussions when alternative
    placement options can be considered if required." and "All panel reports should be
    submitted by 1pm on the preceding Friday, unless the resource request arises from an
    emergency placement." """
    # Saturday: Monday's deadline (Friday 13:00) has passed.
    with time_machine.travel(london(2026, 11, 28, 11), tick=False):
        referral, recorded = emergency(
            bcp, approvers=("service_manager",), kind="placement_residential"
        )
        ordinary = listed(bcp)
    item = AgendaItem.objects.get(referral=referral, status="listed")
    assert (item.purpose, item.meeting.starts_at) == ("ratification", london(2026, 11, 30, 13, 30))
    assert ordinary.meeting.starts_at == london(2026, 12, 7, 13, 30)
    # In force from the service manager's approval until that panel.
    approval = Approval.objects.get(emergency_decision=recorded)
    assert (approval.status, approval.review_due_on) == ("active", dt.date(2026, 11, 30))
    assert referral.retrospective


@time_machine.travel(london(2026, 12, 1, 8, 0), tick=False)
def test_central_bedfordshire_hears_a_referral_made_on_the_day_only_if_the_chair_or_head_agrees(
    central_bedfordshire: Cast,
) -> None:
    """Central Bedfordshire (seed 002), "Administration Process": "Written applications
    submitted on the day will not be considered, unless in exceptional circumstances and
    agreed by the Chair or by relevant Head of Service." """
    cast = central_bedfordshire
    item = listed(cast)
    today = Meeting.objects.get(
        authority_id=cast.authority_id, starts_at=london(2026, 12, 1, 9, 30)
    )
    # Submitted on the morning of the panel: it goes to next week's.
    assert item.meeting.starts_at == london(2026, 12, 8, 9, 30)

    message = "Only the panel chair or head of service can accept a late referral."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        referral_accept_late(
            actor=cast.team_manager,
            referral_id=item.referral_id,
            meeting_id=today.pk,
            reason="The placement ends tonight.",
        )
    accepted = referral_accept_late(
        actor=cast.head_of_service,
        referral_id=item.referral_id,
        meeting_id=today.pk,
        reason="The placement ends tonight.",
    )
    assert (accepted.meeting, accepted.late, accepted.late_reason) == (
        today,
        True,
        "The placement ends tonight.",
    )


@pytest.mark.parametrize(
    ("amount", "basis", "weeks", "route"),
    [
        ("500.00", "one_off", None, "delegated"),
        ("500.01", "one_off", None, "panel"),
        ("50.00", "weekly", 10, "delegated"),
        ("50.00", "weekly", 11, "panel"),
    ],
    ids=["£500 once", "£500.01 once", "£500 over ten weeks", "£550 over eleven weeks"],
)
@time_machine.travel(london(2026, 11, 23, 10), tick=False)
def test_bexleys_panel_authorises_spending_over_500_and_the_team_manager_the_rest(
    bexley: Cast, amount: str, basis: str, weeks: int | None, route: str
) -> None:
    """Bexley (seed 000), "Resource and Care Panel Tasks": "To authorise expenditure on cases
    that exceeds £500;" and "To authorise all on-going financial commitments to and on behalf
    of children, young people and their families where the expenditure total amount exceeds
    £500." """
    referral = submitted(bexley, kind="short_breaks", amount=amount, basis=basis, weeks=weeks)
    assert referral.route == route
    if route == "delegated":
        assert referral.route_approver == "team_manager"
        decision = referral_decide_delegated(
            actor=bexley.team_manager,
            referral_id=referral.pk,
            data=decision_input("approved"),
        )
        assert decision.kind == "delegated"
        assert Approval.objects.get(decision=decision).status == "active"
    else:
        referral_sign_off(actor=bexley.team_manager, referral_id=referral.pk, outcome="agreed")
        referral.refresh_from_db()
        assert referral.status == "listed"
