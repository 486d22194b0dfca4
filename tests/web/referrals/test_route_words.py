"""The route in words: the sentences the check, summary and sign-off pages show, from the
policy engine's route and calendar. No database: words only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from carepanel.policy import LONDON, Cost, Referral, get_pack, route
from carepanel.policy.schema import SignOff as SignOffRule
from carepanel.referrals.route_words import after_sign_off, after_submit, words_for_route

MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
NS = get_pack("north-somerset")


def _words(referral: Referral, now: dt.datetime = MONDAY, pack=NS):
    return words_for_route(pack, route(pack, referral), now)


def _support(amount: str = "1500", **flags: bool) -> Referral:
    return Referral(
        kind="family_support_package",
        cost=Cost(amount_gbp=Decimal(amount), basis="annual"),
        age=9,
        flags=flags,
    )


def test_a_panel_referral_names_the_council_s_panel_its_meeting_and_the_sign_off_deadline():
    words = _words(_support())

    assert words.headline == (
        "This goes to North Somerset Council's Care and Resource Panel on "
        "Wednesday 2 December 2026 at 1:30pm."
    )
    assert words.deadline == (
        "The team manager's agreement and the head of service's authorisation must be in by "
        "Friday 27 November 2026 at midday."
    )
    assert words.sign_offs == (
        "The team manager of the referral's team agrees it",
        "The head of service authorises it",
    )
    assert words.where == "North Somerset Council's Care and Resource Panel decides it."
    assert words.submittable
    assert "£1,500, is over £1,000" in words.reasons[0]


def test_the_meeting_whose_deadline_has_passed_is_named_in_a_warning():
    words = _words(_support())

    assert words.missed == (
        "The deadline for the meeting on Wednesday 25 November 2026 was Friday 20 November 2026 "
        "at midday, so this goes to a later meeting, unless the panel chair or head of service "
        "accepts it as late."
    )


def test_past_friday_noon_the_referral_reaches_the_meeting_after_next():
    words = _words(_support(), now=dt.datetime(2026, 11, 27, 12, 1, tzinfo=LONDON))

    assert "Wednesday 9 December 2026 at 1:30pm" in words.headline
    assert words.deadline is not None and "Friday 4 December 2026 at midday" in words.deadline
    assert words.missed is not None and "Wednesday 2 December 2026" in words.missed


def test_no_warning_while_the_next_meeting_s_deadline_is_still_open():
    words = _words(_support(), now=dt.datetime(2026, 11, 25, 14, 0, tzinfo=LONDON))

    assert "Wednesday 2 December 2026" in words.headline
    assert words.missed is None


def test_a_cost_within_the_delegation_is_decided_by_the_delegated_approver():
    words = _words(_support("800"))

    assert words.headline == (
        "This is within the head of service's delegation: they decide it without the "
        "Care and Resource Panel."
    )
    assert words.deadline is None and words.sign_offs == ()
    assert words.submittable


def test_support_for_a_disabled_child_goes_to_the_other_panel_and_cannot_be_submitted():
    words = _words(_support(disabled=True))

    assert words.headline == (
        "This goes to the Children with Disabilities Panel instead, not to North Somerset "
        "Council's Care and Resource Panel."
    )
    assert not words.submittable
    assert "separate panel for Children with Disabilities" in words.reasons[0]


def test_a_kind_outside_the_remit_says_so_and_cannot_be_submitted():
    words = _words(Referral(kind="sgo_support", cost=None, age=9))

    assert (
        words.headline
        == "This is outside the remit of North Somerset Council's Care and Resource Panel."
    )
    assert not words.submittable


def test_a_panel_that_asks_for_no_sign_off_says_when_to_submit():
    panel = dataclasses.replace(NS.main_panel, sign_offs=())
    pack = dataclasses.replace(NS, panels=(panel,))

    words = _words(_support(), pack=pack)

    assert words.deadline == (
        "It needs no sign-off: submit it by Friday 27 November 2026 at midday for this meeting."
    )
    assert words.sign_offs == ()


def test_bexley_s_panel_is_named_with_its_council():
    bexley = get_pack("bexley")

    words = _words(_support("90000"), pack=bexley)

    assert words.headline.startswith(
        "This goes to London Borough of Bexley's Resource and Care Panel on "
    )
    assert words.deadline is not None and words.deadline.startswith(
        "The team manager's agreement must be in by "
    )


WEDNESDAY = dt.datetime(2026, 12, 2, 13, 30, tzinfo=LONDON)
AUTHORISE = SignOffRule(role="head_of_service", action="authorise")


def test_after_submitting_the_social_worker_is_told_who_acts_next():
    assert (
        after_submit(
            12,
            status="submitted",
            route="panel",
            approver="",
            next_rule=SignOffRule("team_manager", "agree"),
            listed_at=None,
        )
        == "Referral 12 is submitted. Next, the team manager must agree it."
    )
    assert (
        after_submit(
            12,
            status="submitted",
            route="delegated",
            approver="head_of_service",
            next_rule=None,
            listed_at=None,
        )
        == "Referral 12 is submitted. The head of service decides it without the panel."
    )
    assert (
        after_submit(
            12, status="listed", route="panel", approver="", next_rule=None, listed_at=WEDNESDAY
        )
        == "Referral 12 is submitted and listed for the meeting on Wednesday 2 December 2026 "
        "at 1:30pm."
    )


def test_after_a_sign_off_the_signer_is_told_what_happened():
    assert (
        after_sign_off(
            12,
            outcome="agreed",
            action="authorise",
            status="listed",
            next_rule=None,
            listed_at=WEDNESDAY,
        )
        == "Referral 12 is authorised and listed for Wednesday 2 December 2026 at 1:30pm."
    )
    assert (
        after_sign_off(
            12,
            outcome="agreed",
            action="agree",
            status="submitted",
            next_rule=AUTHORISE,
            listed_at=None,
        )
        == "Referral 12 is agreed. Next, the head of service must authorise it."
    )
    assert (
        after_sign_off(
            12, outcome="returned", action="agree", status="draft", next_rule=None, listed_at=None
        )
        == "Referral 12 is returned to its social worker."
    )
    assert after_sign_off(
        12, outcome="agreed", action="authorise", status="agreed", next_rule=None, listed_at=None
    ).startswith("Referral 12 is authorised. No meeting has a place left")
