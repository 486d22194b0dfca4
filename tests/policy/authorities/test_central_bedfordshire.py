"""Central Bedfordshire's Access to Resources Panel.

Source: seeds/002_abed7e45c1cbc34b.txt (January 2015).
"""

from __future__ import annotations

import datetime as dt

from carepanel.policy import (
    Pack,
    meetings,
    present_before_statutory_review,
    review_plan,
    staying_put_review_on,
)
from tests.policy.helpers import cost, london, meeting_on_day, route_of

AUTHORITY = "central-bedfordshire"


def test_it_meets_weekly_at_half_past_nine(pack: Pack) -> None:
    """Terms of reference: "The panel will meet weekly at 9.30am" (assumed Tuesday)."""
    found = meetings(pack, dt.date(2026, 11, 23), dt.date(2026, 12, 6))
    assert [m.starts_at for m in found] == [london(2026, 11, 24, 9, 30), london(2026, 12, 1, 9, 30)]


def test_referrals_are_due_three_working_days_before(pack: Pack) -> None:
    """Terms of reference: "The panel administrator must receive requests to panel at least 3
    working days before the panel meets"."""
    meeting = meeting_on_day(pack, dt.date(2026, 12, 1))
    assert meeting.submission_deadline == london(2026, 11, 26, 17)


def test_papers_go_out_two_days_before(pack: Pack) -> None:
    """Terms of reference: "The panel administrator will distribute papers to panel members at least
    2 days before the panel meeting"."""
    assert meeting_on_day(pack, dt.date(2026, 12, 1)).papers_deadline == london(2026, 11, 27, 17)


def test_fifteen_minute_slots_set_the_capacity(pack: Pack) -> None:
    """Terms of reference: "It should be noted that the Panel slots are 15 minutes for each
    case"."""
    meeting = meeting_on_day(pack, dt.date(2026, 12, 1))
    assert meeting.slot_minutes == 15
    assert meeting.capacity == 12  # the assumed 09:30 to 12:30 sitting


def test_same_day_applications_need_the_chair_or_head_of_service(pack: Pack) -> None:
    """Terms of reference: "Written applications submitted on the day will not be considered, unless
    in exceptional circumstances and agreed by the Chair or by relevant Head of Service"."""
    assert pack.main_panel.late_accepted_by == ("chair", "head_of_service")


def test_every_referral_in_remit_goes_to_panel_whatever_it_costs(pack: Pack) -> None:
    """No threshold is stated: "The following cases will require presentation at the Panel"."""
    result = route_of(pack, kind="short_breaks", cost=cost("20.00", "one_off"))
    assert (result.route, result.panel) == ("panel", "access-to-resources")


def test_other_needs_than_social_care_go_to_the_joint_agency_panel(pack: Pack) -> None:
    """Terms of reference: "Ensure that where a child or young person has needs other than social
    care needs e.g. health including mental health, or education needs that these cases will be
    referred to JAP"."""
    result = route_of(pack, kind="specialist_therapy", joint_funding=True)
    assert (result.route, result.other_panel) == ("other_panel", "Joint Agency Panel (JAP)")


def test_head_of_service_or_chair_may_approve_a_placement_until_the_next_panel(pack: Pack) -> None:
    """Terms of reference: "The relevant Head of Service or the Chair of the Resources Panel may
    give approval only until the date of the next panel"."""
    result = route_of(pack, kind="placement_ifa", emergency=True)
    assert (result.route, result.retrospective) == ("panel", True)
    assert (result.approvers, result.approval) == (("head_of_service", "chair"), "any")


def test_an_emergency_that_is_not_a_placement_waits_for_panel(pack: Pack) -> None:
    """Emergencies are "where the decision to accommodate a child or young person, and make a
    placement cannot wait until the next panel meeting"."""
    result = route_of(pack, kind="specialist_therapy", emergency=True)
    assert (result.route, result.retrospective) == ("panel", False)
    assert "Only a decision to accommodate a child" in result.reasons[-1]


def test_a_contract_ending_comes_back_8_weeks_before(pack: Pack) -> None:
    """Terms of reference: "All placements where the contract is due to end 8 weeks from the panel
    date"."""
    plan = review_plan(
        pack,
        "placement_residential",
        decided_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2027, 6, 30),
    )
    assert plan.due_on == dt.date(2027, 5, 5)


def test_present_three_weeks_before_the_looked_after_review(pack: Pack) -> None:
    """Terms of reference: "The case must be presented to Panel a minimum of 3 weeks before the CLA
    or CP review is due"."""
    assert present_before_statutory_review(pack, "placement_ifa", dt.date(2027, 3, 1)) == dt.date(
        2027, 2, 8
    )


def test_staying_put_is_considered_at_the_end_of_year_11(pack: Pack) -> None:
    """Terms of reference: "the case should be presented to the Panel at the point the young person
    completes their formal education (end of year 11)"."""
    assert staying_put_review_on(pack, "placement_ifa", dt.date(2011, 3, 15)) == dt.date(
        2027, 6, 25
    )
    assert staying_put_review_on(pack, "placement_ifa", dt.date(2011, 10, 2)) == dt.date(
        2028, 6, 30
    )
