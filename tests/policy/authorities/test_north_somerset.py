"""North Somerset's Care and Resource Panel: seeds/001_3b07dbac77c0e7d0.txt (December 2021)."""

from __future__ import annotations

import datetime as dt

from carepanel.policy import Pack, meetings, review_plan
from tests.policy.helpers import cost, london, meeting_on_day, route_of

AUTHORITY = "north-somerset"


def test_it_sits_weekly_on_wednesday_afternoon(pack: Pack) -> None:
    """Terms of reference: "The Care and Resource Panel will normally sit weekly on Wednesday from
    1:30 – 4:30pm"."""
    found = meetings(pack, dt.date(2026, 11, 23), dt.date(2026, 12, 6))
    assert [(m.starts_at, m.ends_at) for m in found] == [
        (london(2026, 11, 25, 13, 30), london(2026, 11, 25, 16, 30)),
        (london(2026, 12, 2, 13, 30), london(2026, 12, 2, 16, 30)),
    ]


def test_referrals_are_due_by_noon_on_the_friday_before(pack: Pack) -> None:
    """Terms of reference: "Notify the Panel Administrator by 12.00 midday on Friday before panel on
    Wednesday afternoon at the latest"."""
    assert meeting_on_day(pack, dt.date(2026, 12, 2)).submission_deadline == london(
        2026, 11, 27, 12
    )


def test_papers_go_to_members_by_noon_on_monday(pack: Pack) -> None:
    """Terms of reference: "Panel Coordinator to distribute to panel members electronically along
    with any other papers to by midday Monday"."""
    assert meeting_on_day(pack, dt.date(2026, 12, 2)).papers_deadline == london(2026, 11, 30, 12)


def test_a_good_friday_deadline_moves_back_to_thursday(pack: Pack) -> None:
    """A deadline on a non-working day moves back to the previous working day (DESIGN.md §5)."""
    meeting = meeting_on_day(pack, dt.date(2027, 3, 31))
    assert meeting.submission_deadline == london(2027, 3, 25, 12)
    # Easter Monday 29 March 2027 is a bank holiday too: papers are due on Thursday as well.
    assert meeting.papers_deadline == london(2027, 3, 25, 12)


def test_family_support_up_to_1000_a_year_is_delegated(pack: Pack) -> None:
    """Terms of reference: "To authorise new and ongoing expenditure on children and their families
    that exceeds £1000 (£2000 for children with disability) per annum"."""
    result = route_of(pack, kind="family_support_package", cost=cost("900.00", "annual"))
    assert (result.route, result.approver) == ("delegated", "head_of_service")
    assert (
        route_of(pack, kind="family_support_package", cost=cost("1000.00", "annual")).route
        == "delegated"
    )


def test_family_support_over_1000_a_year_goes_to_panel(pack: Pack) -> None:
    """Terms of reference: "… expenditure … that exceeds £1000 … per annum"."""
    result = route_of(pack, kind="family_support_package", cost=cost("1100.00", "annual"))
    assert (result.route, result.panel) == ("panel", "care-and-resource")
    assert str(result.annual_cost_gbp) == "1100.00"


def test_a_disabled_child_has_a_2000_threshold(pack: Pack) -> None:
    """Terms of reference: "… exceeds £1000 (£2000 for children with disability) per annum"."""
    therapy = {"kind": "specialist_therapy", "child": {"disabled": True}}
    assert route_of(pack, **therapy, cost=cost("1500.00", "annual")).route == "delegated"
    assert route_of(pack, **therapy, cost=cost("2000.01", "annual")).route == "panel"


def test_short_breaks_for_a_disabled_child_go_to_the_disability_panel(pack: Pack) -> None:
    """Terms of reference: "The Children's Care and Resource Panel does not consider: Respite or
    family support requests for families with disabled children, unless the request is about or part
    of care proceedings. These decisions will be via a separate panel for Children with
    Disabilities"."""
    result = route_of(pack, kind="short_breaks", child={"age": 9, "disabled": True})
    assert result.route == "other_panel"
    assert result.other_panel == "Children with Disabilities Panel"
    assert result.panel is None


def test_respite_that_is_part_of_care_proceedings_stays_with_this_panel(pack: Pack) -> None:
    """Terms of reference: "… unless the request is about or part of care proceedings"."""
    result = route_of(
        pack,
        kind="short_breaks",
        child={"disabled": True},
        part_of_care_proceedings=True,
        cost=cost("2500.00", "annual"),
    )
    assert result.route == "panel"


def test_special_guardianship_and_adoption_support_are_outside_the_remit(pack: Pack) -> None:
    """Terms of reference: "The Children's Care and Resource Panel does not consider: … Special
    Guardianship and Adoption support packages"."""
    for kind in ("sgo_support", "adoption_support"):
        result = route_of(pack, kind=kind, cost=cost("5000.00", "annual"))
        assert result.route == "outside_remit"
        assert "special guardianship and adoption support" in result.reasons[0]


def test_section_20_always_goes_to_panel_whatever_it_costs(pack: Pack) -> None:
    """Terms of reference: "Authorise plans to bring a child or young person into care under Section
    20 of the Children Act (planned and unplanned)"."""
    result = route_of(pack, kind="s20_accommodation", cost=cost("10.00", "one_off"))
    assert result.route == "panel"


def test_an_emergency_protection_order_is_authorised_retrospectively(pack: Pack) -> None:
    """Terms of reference: "Authorise plans (retrospectively) to apply for an Emergency Protection
    Order, although agreement for such plans may be sought from a Head of Service or Assistant
    Director outside Panel if required"."""
    result = route_of(pack, kind="emergency_protection_order")
    assert result.retrospective is True
    assert result.approvers == ("head_of_service", "assistant_director")
    assert result.approval == "any"


def test_an_emergency_needs_both_head_of_service_and_assistant_director(pack: Pack) -> None:
    """Terms of reference: "Any emergency decisions outside panel should be agreed with the relevant
    Head of Service and Assistant Director and a panel slot should then be booked
    retrospectively"."""
    result = route_of(pack, kind="placement_ifa", emergency=True)
    assert (result.route, result.retrospective) == ("panel", True)
    assert result.approvers == ("head_of_service", "assistant_director")
    assert result.approval == "all"


def test_the_head_of_service_authorises_after_the_team_manager(pack: Pack) -> None:
    """Terms of reference: "The decision to refer to Care and Resource Panel should made in
    consultation with your Team Manager and authorised by your Head of Service"."""
    assert [(s.role, s.action) for s in pack.main_panel.sign_offs] == [
        ("team_manager", "agree"),
        ("head_of_service", "authorise"),
    ]


def test_the_assistant_director_finalises_the_decisions(pack: Pack) -> None:
    """Terms of reference: "Assistant Director will finalise the decisions"."""
    assert pack.main_panel.finalised_by == "assistant_director"
    assert pack.main_panel.chair == ("assistant_director",)


def test_pre_proceedings_come_back_at_8_to_10_weeks(pack: Pack) -> None:
    """Terms of reference: "Ratify recommendations for pre-proceedings and to review all children in
    pre-proceedings at 8-10 weeks"."""
    plan = review_plan(pack, "pre_proceedings", decided_on=dt.date(2026, 12, 2))
    assert plan.earliest_on == dt.date(2027, 1, 27)
    assert plan.due_on == dt.date(2027, 2, 10)
