"""Portsmouth's Resource Panel: seeds/003_f3b7f0f113c6c2a3.txt (May 2024)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from carepanel.policy import Pack, Referral, get_pack, meetings, paper_gaps, review_plan
from tests.policy.helpers import cost, london, meeting_on_day, route_of

AUTHORITY = "portsmouth"


def test_it_meets_at_2pm_on_the_second_thursday_with_25_places(pack: Pack) -> None:
    """Terms of reference: "Resource panel will be held monthly at 2pm on the second Thursday of
    each month."" and "There will be a maximum of 25 children (requests) at each panel from 14:00 to
    17:00"."""
    found = meetings(pack, dt.date(2026, 12, 1), dt.date(2027, 3, 31))
    assert [m.day for m in found] == [
        dt.date(2026, 12, 10),
        dt.date(2027, 1, 14),
        dt.date(2027, 2, 11),
        dt.date(2027, 3, 11),
    ]
    assert all(m.capacity == 25 for m in found)
    assert found[0].starts_at == london(2026, 12, 10, 14)
    assert found[0].ends_at == london(2026, 12, 10, 17)


def test_referrals_close_at_noon_on_the_thursday_a_week_before(pack: Pack) -> None:
    """Terms of reference: "by 12 noon on Thursday prior to Resource Panel meeting on the following
    Thursday. Giving 5 working days' notice"."""
    meeting = meeting_on_day(pack, dt.date(2026, 12, 10))
    assert meeting.submission_deadline == london(2026, 12, 3, 12)
    assert meeting.papers_deadline is None


def test_bringing_a_child_into_care_goes_to_the_placement_decision_panel(pack: Pack) -> None:
    """Terms of reference: "The resource panel does not make the decision to bring children into
    care or the accommodation for that child (This is the remit of Placement Decision panel)"."""
    result = route_of(pack, kind="s20_accommodation")
    assert (result.route, result.other_panel) == ("other_panel", "Placement Decision Panel")


def test_a_one_off_over_1000_goes_to_panel(pack: Pack) -> None:
    """Terms of reference: "Consider all initial requests for a new or continuing resource … that is
    an ongoing resource, or a one off resource exceeding £1000"."""
    assert route_of(pack, kind="one_off_payment", cost=cost("1200.00", "one_off")).route == "panel"


def test_a_one_off_up_to_1000_is_for_the_service_leader(pack: Pack) -> None:
    """Terms of reference: "… or a one off resource exceeding £1000": £1,000 or less does not need
    the panel."""
    result = route_of(pack, kind="one_off_payment", cost=cost("1000.00", "one_off"))
    assert (result.route, result.approver) == ("delegated", "service_leader")


def test_an_ongoing_resource_always_goes_to_panel(pack: Pack) -> None:
    """Terms of reference: "… that is an ongoing resource, or a one off resource exceeding
    £1000"."""
    result = route_of(pack, kind="family_support_package", cost=cost("5.00", "weekly", 4))
    assert result.route == "panel"
    assert "ongoing resource" in result.reasons[0]


def test_urgent_decisions_are_split_at_1000(pack: Pack) -> None:
    """Terms of reference: "If an urgent decision needs to be made outside of panel, then this
    should be made by the Service Leader (for costs below £1,000) or Head of Service (for above
    £1,000) for the child for the period up to the next resource panel"."""
    small = route_of(pack, kind="short_breaks", emergency=True, cost=cost("50.00", "weekly", 10))
    large = route_of(pack, kind="short_breaks", emergency=True, cost=cost("500.00", "weekly", 10))
    assert (small.retrospective, small.approver) == (True, "service_leader")
    assert (large.retrospective, large.approver) == (True, "head_of_service")


def test_an_urgent_decision_is_ratified_with_all_its_papers(pack: Pack) -> None:
    """Terms of reference: "Any urgent decision made needs to be ratified at the next resource
    panel including all submitting all relevant paperwork"."""
    result = route_of(pack, kind="short_breaks", emergency=True, cost=cost("50.00", "weekly", 10))
    assert result.ratified_with_papers is True
    assert (
        "listed at the next meeting of the Resource Panel, with all its papers,"
        in (result.reasons[-1])
    )
    north_somerset = route_of(get_pack("north-somerset"), kind="placement_ifa", emergency=True)
    assert (north_somerset.retrospective, north_somerset.ratified_with_papers) == (True, False)


def test_the_service_leader_agrees_every_request(pack: Pack) -> None:
    """Terms of reference: "Any requests for resources to support children in their families need to
    be agreed by the Service Leader before the correct forms are sent"."""
    assert [s.role for s in pack.main_panel.sign_offs] == ["service_leader"]


def test_an_assessment_older_than_6_months_is_a_gap(pack: Pack) -> None:
    """Terms of reference: "An up-to-date assessment for the child including an up-to-date genogram
    … The assessment should be within 6 months"."""
    referral = Referral(kind="family_support_package")
    meeting_day = dt.date(2026, 12, 10)
    fresh = [("assessment", dt.date(2026, 6, 10)), ("genogram", None)]
    stale = [("assessment", dt.date(2026, 6, 9)), ("genogram", None)]
    assert paper_gaps(pack, referral, fresh, meeting_day) == []
    assert [(g.type, g.problem) for g in paper_gaps(pack, referral, stale, meeting_day)] == [
        ("assessment", "out_of_date")
    ]
    assert [(g.type, g.problem) for g in paper_gaps(pack, referral, [], meeting_day)] == [
        ("assessment", "missing"),
        ("genogram", "missing"),
    ]


def test_a_child_in_care_needs_the_iro_views(pack: Pack) -> None:
    """Terms of reference: "The views of the IRO are to be sought by the allocated Social Worker
    prior to attending panel whenever making a request for support for a child who is cared for by
    us"."""
    referral = Referral(kind="family_support_package", flags={"in_care": True})
    papers = [("assessment", dt.date(2026, 11, 1)), ("genogram", None)]
    gaps = paper_gaps(pack, referral, papers, dt.date(2026, 12, 10))
    assert [g.type for g in gaps] == ["iro_views"]


def test_a_direct_payments_renewal_needs_the_audit(pack: Pack) -> None:
    """Terms of reference: "If this is a renewal/ continuation of direct payments it also needs to
    include the audit"."""
    papers = [("assessment", dt.date(2026, 11, 1)), ("genogram", None)]
    renewal = Referral(kind="direct_payments", flags={"renewal": True})
    first = Referral(kind="direct_payments")
    assert [g.type for g in paper_gaps(pack, renewal, papers, dt.date(2026, 12, 10))] == [
        "direct_payments_audit"
    ]
    assert paper_gaps(pack, first, papers, dt.date(2026, 12, 10)) == []


def test_packages_return_within_12_months_unless_minuted(pack: Pack) -> None:
    """Terms of reference: "All packages, resources running in excess of 12 months need to return to
    Resource Panel, within 12 months unless a specific agreement was made and minuted in initial
    request"."""
    plan_for = partial(
        review_plan,
        pack,
        "family_support_package",
        decided_on=dt.date(2026, 12, 10),
        starts_on=dt.date(2027, 1, 4),
        ends_on=dt.date(2028, 6, 30),
    )
    plan = plan_for()
    assert plan.due_on == dt.date(2028, 1, 4)
    assert plan.latest_end == dt.date(2028, 1, 4)
    minuted = plan_for(minuted_exception=True)
    assert minuted.due_on == dt.date(2028, 6, 30)
    assert minuted.latest_end is None
