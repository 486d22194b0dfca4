"""BCP's Placement and Resource Panel: seeds/004_bff0d8a105ced045.txt (undated)."""

from __future__ import annotations

import datetime as dt

from carepanel.policy import Pack, meetings, review_dates, review_plan
from tests.policy.helpers import london, meeting_on_day, route_of

AUTHORITY = "bcp"


def test_reports_are_due_by_1pm_on_the_preceding_friday(pack: Pack) -> None:
    """Terms of reference: "All panel reports should be submitted by 1pm on the preceding
    Friday"."""
    meeting = meeting_on_day(pack, dt.date(2026, 12, 21))
    assert meeting.submission_deadline == london(2026, 12, 18, 13)


def test_there_is_no_meeting_on_a_bank_holiday_monday(pack: Pack) -> None:
    """Terms of reference: "The Placement and Resource Panel will take place weekly on a Monday
    afternoon." — not on the Boxing Day substitute, Easter Monday or the May bank holidays."""
    days = [m.day for m in meetings(pack, dt.date(2026, 12, 21), dt.date(2027, 1, 11))]
    assert days == [dt.date(2026, 12, 21), dt.date(2027, 1, 4), dt.date(2027, 1, 11)]
    spring = [m.day for m in meetings(pack, dt.date(2027, 3, 22), dt.date(2027, 4, 12))]
    assert dt.date(2027, 3, 29) not in spring  # Easter Monday
    assert len(spring) == 3


def test_an_emergency_ifa_placement_is_approved_first_and_ratified(pack: Pack) -> None:
    """Terms of reference: "There will, however, be scope to commission emergency provision so long
    as the relevant service manager / director approval has been secured, following the Scheme of
    Delegation. All such emergency placements must be submitted to the subsequent Placement and
    Resource Panel for retrospective discussions"."""
    result = route_of(
        pack, kind="placement_ifa", emergency=True, child={"age": 14, "in_care": True}
    )
    assert (result.route, result.panel) == ("panel", "placement-and-resource")
    assert result.retrospective is True
    assert result.approver == "service_manager"
    assert result.approvers == ("service_manager", "director")


def test_regulation_24_placements_are_not_for_this_panel(pack: Pack) -> None:
    """Terms of reference: "The Panel is not involved in approving Regulation 24 Placements and the
    existing BCP approval process will remain in place for these children"."""
    result = route_of(pack, kind="placement_inhouse_fostering", regulation_24=True)
    assert result.route == "other_panel"


def test_joint_funding_goes_to_marp(pack: Pack) -> None:
    """Terms of reference: "The appropriateness of referring any placement to the Multi Agency
    Resource Panel (MARP) for consideration of joint or tri-partite funding"."""
    result = route_of(pack, kind="placement_residential", joint_funding=True)
    assert result.other_panel == "Multi Agency Resource Panel (MARP)"


def test_unregistered_placements_are_named_in_the_reasons(pack: Pack) -> None:
    """Terms of reference: "All CiC placed in unregistered placements"."""
    result = route_of(pack, kind="placement_residential", unregistered=True)
    assert result.route == "panel"
    assert any("unregistered" in reason for reason in result.reasons)


def test_a_17_year_old_is_considered_for_the_accommodation_planning_panel(pack: Pack) -> None:
    """Terms of reference: "including consideration of transitions planning at 17 years by way of
    referring to the Accommodation Planning Panel"."""
    older = route_of(pack, kind="placement_semi_independent", child={"age": 17})
    younger = route_of(pack, kind="placement_semi_independent", child={"age": 16})
    assert any("Accommodation Planning Panel" in r for r in older.reasons)
    assert not any("Accommodation Planning Panel" in r for r in younger.reasons)


def test_placements_are_reviewed_within_a_month_then_six_monthly(pack: Pack) -> None:
    """Terms of reference: "Within one month of being placed, all newly commissioned provision …"
    and "Reviewing externally commissioned placements for CiC at a minimum of every 6 months
    thereafter"."""
    plan = review_plan(
        pack, "placement_ifa", decided_on=dt.date(2026, 12, 7), starts_on=dt.date(2026, 12, 4)
    )
    assert plan.due_on == dt.date(2027, 1, 4)
    assert plan.then_every_months == 6
    assert review_dates(
        pack, "placement_ifa", starts_on=dt.date(2026, 12, 4), until=dt.date(2028, 1, 31)
    ) == [dt.date(2027, 1, 4), dt.date(2027, 7, 2), dt.date(2028, 1, 4)]


def test_team_manager_and_service_manager_approve(pack: Pack) -> None:
    """Terms of reference: "The allocated social worker completes a short referral form, approved by
    the relevant team manager and service manager"."""
    assert [s.role for s in pack.main_panel.sign_offs] == ["team_manager", "service_manager"]
