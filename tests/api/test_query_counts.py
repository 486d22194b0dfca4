"""Every read runs a fixed number of queries, whatever the number of rows it shows
(DESIGN.md §8). Each test reads once with one row and once with ten, and lists the
queries it expects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from carepanel.meetings.services import meetings_generate
from carepanel.referrals.services import referral_create
from tests.api.flows import Api, decided, draft, listed, new_child, with_paper
from tests.personas import Cast, referral_input

# Every call starts by reading its token (with the person) and the person's roles.
AUTH = 2


def _count(
    assert_max: Callable[..., Any], limit: int, caller: Api, path: str, **params: Any
) -> int:
    with assert_max(limit) as captured:
        response = caller.get(path, **params)
    assert response.status_code == 200, response.content
    return len(captured)


def test_the_referral_list_runs_a_fixed_number_of_queries(
    north_somerset: Cast, api, django_assert_max_num_queries
) -> None:
    # token, roles; the count; the page of referrals with their teams and presenters;
    # their children; their agenda items with meetings; the audit event.
    expected = AUTH + 5
    cast = north_somerset
    listed(cast)
    caller = api(cast.social_worker)
    one = _count(django_assert_max_num_queries, expected, caller, "/referrals")

    for _ in range(5):
        listed(cast)
        draft(cast)
    ten = _count(django_assert_max_num_queries, expected, caller, "/referrals")

    assert caller.get("/referrals").json()["count"] == 11
    assert one == ten == expected


def test_a_referral_runs_a_fixed_number_of_queries(
    north_somerset: Cast, api, django_assert_max_num_queries
) -> None:
    # token, roles; the referral with its team, presenter and emergency decision; its
    # children; its agenda items with meetings; family; sign-offs with signers; papers;
    # decisions; the audit event.
    expected = AUTH + 8
    cast = north_somerset
    small = listed(cast).referral
    with_paper(cast, small)
    data = dataclasses.replace(
        referral_input(cast.authority_id, children=[new_child() for _ in range(8)]),
        family=[{"name": f"Invented {n}", "relationship": "aunt"} for n in range(10)],
    )
    large = referral_create(actor=cast.social_worker, data=data)
    for _ in range(10):
        with_paper(cast, large)
    caller = api(cast.social_worker)

    one = _count(django_assert_max_num_queries, expected, caller, f"/referrals/{small.pk}")
    ten = _count(django_assert_max_num_queries, expected, caller, f"/referrals/{large.pk}")

    assert len(caller.get(f"/referrals/{large.pk}").json()["papers"]) == 10
    assert one == ten == expected


def test_the_meeting_list_runs_a_fixed_number_of_queries(
    north_somerset: Cast, api, django_assert_max_num_queries
) -> None:
    # token, roles; the days already generated for the one panel; the meetings with
    # their listed items counted.
    expected = AUTH + 2
    cast = north_somerset
    meetings_generate(authority_id=cast.authority_id)
    listed(cast)
    caller = api(cast.panel_coordinator)

    one = _count(
        django_assert_max_num_queries,
        expected,
        caller,
        "/meetings",
        **{"from": "2026-11-25", "to": "2026-11-25"},
    )
    ten = _count(
        django_assert_max_num_queries,
        expected,
        caller,
        "/meetings",
        **{"from": "2026-11-25", "to": "2027-01-27"},
    )

    results = caller.get("/meetings", **{"from": "2026-11-25", "to": "2027-01-27"}).json()
    assert len(results["results"]) == 10
    assert one == ten == expected


def test_an_agenda_runs_a_fixed_number_of_queries(
    north_somerset: Cast, api, django_assert_max_num_queries
) -> None:
    # token, roles; the meeting with its listed items counted; the items with their
    # referrals, presenters and meetings; the children; the papers; the sign-offs (an
    # item is complete with every one, as on the agenda page); the decisions; the audit
    # event.
    expected = AUTH + 7
    cast = north_somerset
    first = listed(cast)
    caller = api(cast.chair)
    path = f"/meetings/{first.meeting_id}/agenda"
    one = _count(django_assert_max_num_queries, expected, caller, path)

    for _ in range(9):
        item = listed(cast)
        with_paper(cast, item.referral)
    decided(cast)
    ten = _count(django_assert_max_num_queries, expected, caller, path)

    assert len(caller.get(path).json()["items"]) == 11
    assert one == ten == expected


def test_a_decision_runs_a_fixed_number_of_queries(
    north_somerset: Cast, api, django_assert_max_num_queries
) -> None:
    # token, roles; the decision with its item, approval and correction; its children's
    # outcomes; its conditions; its actions with their owners.
    expected = AUTH + 4
    cast = north_somerset
    small = decided(cast, conditions=1)
    large = decided(cast, conditions=10, children=[new_child() for _ in range(8)])
    caller = api(cast.chair)

    one = _count(django_assert_max_num_queries, expected, caller, f"/decisions/{small.pk}")
    ten = _count(django_assert_max_num_queries, expected, caller, f"/decisions/{large.pk}")

    assert len(caller.get(f"/decisions/{large.pk}").json()["actions"]) == 10
    assert one == ten == expected


def test_a_childs_record_runs_a_fixed_number_of_queries(
    north_somerset: Cast, api, django_assert_max_num_queries
) -> None:
    # token, roles; the child with their team; their outcomes with decisions; the audit
    # event; their referrals; their approvals.
    expected = AUTH + 5
    cast = north_somerset
    decision = decided(cast)
    child = decision.referral.children.get()
    caller = api(cast.social_worker)
    path = f"/children/{child.pk}"
    one = _count(django_assert_max_num_queries, expected, caller, path)

    for _ in range(9):
        draft(cast, children=[{"id": child.pk}])
    ten = _count(django_assert_max_num_queries, expected, caller, path)

    assert len(caller.get(path).json()["referrals"]) == 10
    assert one == ten == expected
