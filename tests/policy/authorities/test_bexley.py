"""Bexley's Resource and Care Panel: seeds/000_1c263e41f7667bec.txt (October 2017)."""

from __future__ import annotations

import datetime as dt

from carepanel.policy import Pack, review_plan
from tests.policy.helpers import cost, london, meeting_on_day, route_of

AUTHORITY = "bexley"


def test_a_one_off_450_is_within_delegation(pack: Pack) -> None:
    """Terms of reference: "To authorise expenditure on cases that exceeds £500": £450 does not."""
    result = route_of(pack, kind="one_off_payment", cost=cost("450.00", "one_off"))
    assert (result.route, result.approver) == ("delegated", "team_manager")
    assert str(result.total_cost_gbp) == "450.00"


def test_a_one_off_of_exactly_500_is_within_delegation(pack: Pack) -> None:
    """Terms of reference: "… that exceeds £500": the line itself is not over it."""
    assert (
        route_of(pack, kind="one_off_payment", cost=cost("500.00", "one_off")).route == "delegated"
    )
    assert route_of(pack, kind="one_off_payment", cost=cost("500.01", "one_off")).route == "panel"


def test_a_one_off_600_goes_to_panel(pack: Pack) -> None:
    """Terms of reference: "To authorise expenditure on cases that exceeds £500"."""
    result = route_of(pack, kind="one_off_payment", cost=cost("600.00", "one_off"))
    assert (result.route, result.panel) == ("panel", "resource-and-care")


def test_an_ongoing_commitment_is_measured_by_its_total(pack: Pack) -> None:
    """Terms of reference: "To authorise all on-going financial commitments to and on behalf of
    children, young people and their families where the expenditure total amount exceeds £500"."""
    result = route_of(pack, kind="one_off_payment", cost=cost("40.00", "weekly", 20))
    assert result.route == "panel"
    assert str(result.total_cost_gbp) == "800.00"
    assert str(result.annual_cost_gbp) == "2080.00"
    short = route_of(pack, kind="specialist_therapy", cost=cost("40.00", "weekly", 12))
    assert (short.route, str(short.total_cost_gbp)) == ("delegated", "480.00")


def test_section_20_and_independent_assessments_always_go_to_panel(pack: Pack) -> None:
    """Terms of reference: "When you think a child may need to be accommodated under Section 20 of
    the Children Act, (including unplanned respite)"; "All requests for independent assessments,
    care packages, residential family assessments, independent sector residential and external
    foster care placements need to be agreed via the Resource and Care Panel"."""
    for kind in (
        "s20_accommodation",
        "independent_assessment",
        "family_support_package",
        "placement_parent_and_child",
        "placement_residential",
        "placement_ifa",
    ):
        assert route_of(pack, kind=kind, cost=cost("100.00", "one_off")).route == "panel", kind


def test_a_fostering_allowance_uplift_always_goes_to_panel(pack: Pack) -> None:
    """Terms of reference: "If a placement requires additional financial support, this should be
    agreed via the Resource and Care Panel; it will be time limited and subject of review"."""
    assert (
        route_of(pack, kind="fostering_allowance_uplift", cost=cost("5.00", "weekly", 4)).route
        == "panel"
    )


def test_there_is_no_approval_between_panels(pack: Pack) -> None:
    """The procedure describes none: "Authorise plans to accommodate any child or young person under
    section 20 Children Act (planned and unplanned)" — the unplanned ones too."""
    result = route_of(pack, kind="s20_accommodation", emergency=True)
    assert (result.route, result.retrospective, result.approver) == ("panel", False, None)


def test_the_team_manager_signs_the_form(pack: Pack) -> None:
    """Terms of reference: "The form must be signed by the Team Manager or sent to the Panel
    Administrator from their email account"."""
    assert [s.role for s in pack.main_panel.sign_offs] == ["team_manager"]


def test_referrals_are_due_two_working_days_before_panel(pack: Pack) -> None:
    """Terms of reference: "Notify the Panel Administrator two days before Panel and submit a
    Resource and Care Panel request form by that time." (assumed two working days, 17:00)"""
    assert meeting_on_day(pack, dt.date(2026, 12, 3)).submission_deadline == london(2026, 12, 1, 17)
    # Over Christmas the bank holiday on Monday 28 December is not counted.
    assert meeting_on_day(pack, dt.date(2026, 12, 31)).submission_deadline == london(
        2026, 12, 29, 17
    )


def test_the_administrator_gives_a_weeks_notice_of_a_review(pack: Pack) -> None:
    """Terms of reference: "The Panel Administrator will notify a week in advance if the Panel is
    considering the case"."""
    plan = review_plan(pack, "fostering_allowance_uplift", decided_on=dt.date(2026, 12, 3))
    assert plan.due_on == dt.date(2027, 6, 3)
    assert plan.notify_on == dt.date(2027, 5, 27)
