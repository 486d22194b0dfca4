"""Each decision page runs the same number of queries whatever the size of what it shows:
one referral child or ten, one action or ten, one row or a page of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from carepanel.decisions.services import ActionInput, agenda_item_decide
from tests.clock import at_hearing
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import (
    decided,
    decision_input,
    emergency,
    listed,
    new_child,
    signed,
    with_papers,
)

pytestmark = pytest.mark.django_db

# Each bound holds for one row and for many, and each page runs as many queries for either:
# the session, the user, the person's roles and councils and the navigation's counts, then
# the page's own reads, listed in each test. A bound leaves room for the navigation to grow
# a little; a query per row would pass it at once.
HEARING = 17
TO_SIGN = 11
DETAIL = 14
EMERGENCIES = 12


def _count(client: Client, url: str, django_assert_max_num_queries: Callable, bound: int) -> int:
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# Each count signs the chair in afresh: a hearing moves the clock to its meeting, which
# may be past the age of a session begun on the Monday.


def _actions(cast: Cast, n: int) -> list[ActionInput]:
    return [
        ActionInput(
            description=f"Action {i}.",
            owner_id=cast.social_worker.user.pk,
            due_on=dt.date(2026, 12, 9),
        )
        for i in range(n)
    ]


def test_the_hearing(client: Client, north_somerset: Cast, django_assert_max_num_queries) -> None:
    """Item in scope; the item with its meeting, referral and presenter; its children, papers
    and current decision (with its approval), that decision's child outcomes, conditions and
    actions; the people who may own an action."""
    cast = north_somerset
    small = listed(cast)
    at_hearing(small.pk)
    agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=small.pk,
        data=decision_input("approved", actions=_actions(cast, 1)),
        version=None,
    )
    one = _count(
        signed_in(client, cast.chair),
        f"/agenda-items/{small.pk}/decision/",
        django_assert_max_num_queries,
        HEARING,
    )

    large = listed(cast, children=[new_child() for _ in range(8)])
    with_papers(cast, large.referral, "genogram", "assessment", "care_plan")
    at_hearing(large.pk)
    agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=large.pk,
        data=decision_input(
            "approved_with_conditions",
            conditions=[f"Condition {i}." for i in range(10)],
            actions=_actions(cast, 10),
        ),
        version=None,
    )
    many = _count(
        signed_in(client, cast.chair),
        f"/agenda-items/{large.pk}/decision/",
        django_assert_max_num_queries,
        HEARING,
    )
    assert one == many

    # Before anything is recorded there is no decision to read the details of.
    blank = listed(cast)
    assert (
        _count(
            signed_in(client, cast.chair),
            f"/agenda-items/{blank.pk}/decision/",
            django_assert_max_num_queries,
            HEARING,
        )
        < one
    )


def test_the_decisions_to_sign(
    client: Client, portsmouth: Cast, django_assert_max_num_queries
) -> None:
    """The count of the page; the page of decisions with their referral and meeting; their
    children."""
    cast = portsmouth
    decided(cast)
    one = _count(
        signed_in(client, cast.chair), "/decisions/to-sign/", django_assert_max_num_queries, TO_SIGN
    )
    for _ in range(11):
        decided(cast, children=[new_child(), new_child()])
    assert (
        _count(
            signed_in(client, cast.chair),
            "/decisions/to-sign/",
            django_assert_max_num_queries,
            TO_SIGN,
        )
        == one
    )


def test_the_decision_sheet_page(
    client: Client, north_somerset: Cast, django_assert_max_num_queries
) -> None:
    """The decision with everything its sheet shows: one query, and one per list on it."""
    cast = north_somerset
    small = decided(cast)
    one = _count(
        signed_in(client, cast.chair),
        f"/decisions/{small.pk}/",
        django_assert_max_num_queries,
        DETAIL,
    )

    item = listed(cast, children=[new_child() for _ in range(8)])
    at_hearing(item.pk)
    large = agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=item.pk,
        data=decision_input(
            "approved_with_conditions",
            conditions=[f"Condition {i}." for i in range(10)],
            actions=_actions(cast, 10),
        ),
        version=None,
    )
    assert (
        _count(
            signed_in(client, cast.chair),
            f"/decisions/{large.pk}/",
            django_assert_max_num_queries,
            DETAIL,
        )
        == one
    )
    _count(
        signed_in(client, cast.chair),
        f"/decisions/{large.pk}/sign/",
        django_assert_max_num_queries,
        DETAIL,
    )
    signed_large = signed(cast)  # signed: read from its snapshot
    _count(
        signed_in(client, cast.chair),
        f"/decisions/{signed_large.pk}/",
        django_assert_max_num_queries,
        DETAIL,
    )


def test_the_emergency_decisions(
    client: Client, north_somerset: Cast, django_assert_max_num_queries
) -> None:
    """The count of the page; the page of emergency decisions with their referral, meeting,
    approval and ratification; their approvers; their children."""
    cast = north_somerset
    director = signed_in(client, cast.assistant_director)
    _, first = emergency(cast, approvers=("head_of_service",))
    one = _count(director, "/emergencies/", django_assert_max_num_queries, EMERGENCIES)
    _count(director, f"/emergencies/{first.pk}/", django_assert_max_num_queries, EMERGENCIES)
    for _ in range(5):
        emergency(cast, approvers=("head_of_service",), children=[new_child(), new_child()])
        emergency(cast, approvers=("head_of_service", "assistant_director"))
    assert _count(director, "/emergencies/", django_assert_max_num_queries, EMERGENCIES) == one
