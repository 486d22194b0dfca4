"""The chair's changes to an agenda: remove an item, accept a late referral, and order an
over-full agenda; each through its service, audited, with an error summary for bad input."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.meetings.models import AgendaItem, Meeting
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import listed, london

pytestmark = pytest.mark.django_db

AFTER_FRIDAYS_DEADLINE = london(2026, 11, 27, 12, 1)


# ------------------------------------------------------------------ removing


def test_the_chair_removes_an_item_and_it_is_relisted_at_the_next_meeting(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)
    url = f"/agenda-items/{item.pk}/remove/"
    caller = signed_in(client, north_somerset.chair)
    form = caller.get(url)
    assert parse(form.content).h("h1") == [f"Remove referral {item.referral_id} from the agenda"]
    assert (
        "it will be listed at the next meeting, on Wednesday 9 December 2026 at 1:30pm"
        in form.content.decode()
    )

    response = caller.post(url, {"reason": "The presenter is ill."}, follow=True)

    assert response.redirect_chain == [(f"/meetings/{item.meeting_id}/", 302)]
    removed = AgendaItem.objects.get(pk=item.pk)
    assert (removed.status, removed.removed_reason) == ("removed", "The presenter is ill.")
    relisted = AgendaItem.objects.get(referral_id=item.referral_id, status="listed")
    assert relisted.meeting.starts_at == london(2026, 12, 9, 13, 30)
    assert (
        f"Referral {item.referral_id} is removed from the agenda. It is listed at the meeting "
        "on Wednesday 9 December 2026 at 1:30pm." in response.content.decode()
    )
    assert AuditEvent.objects.filter(action="agenda_item.carried_over", object_id=str(relisted.pk))


def test_an_item_is_removed_only_with_a_reason(client: Client, north_somerset: Cast) -> None:
    item = listed(north_somerset)

    response = signed_in(client, north_somerset.chair).post(
        f"/agenda-items/{item.pk}/remove/", {"reason": ""}
    )

    assert '<a href="#id_reason">Enter the reason</a>' in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).status == "listed"


def test_an_item_already_removed_is_not_removed_again(client: Client, north_somerset: Cast) -> None:
    item = listed(north_somerset)
    caller = signed_in(client, north_somerset.chair)
    caller.post(f"/agenda-items/{item.pk}/remove/", {"reason": "Ill."})

    again = caller.post(f"/agenda-items/{item.pk}/remove/", {"reason": "Ill."})

    assert (
        "This item is no longer on the agenda, so it cannot be removed." in again.content.decode()
    )
    assert AgendaItem.objects.filter(referral_id=item.referral_id).count() == 2


@pytest.mark.parametrize("persona", ["panel_coordinator", "panel_member", "social_worker"])
def test_only_the_chair_removes_items(client: Client, north_somerset: Cast, persona: str) -> None:
    item = listed(north_somerset)
    caller = signed_in(client, getattr(north_somerset, persona))

    shown = caller.get(f"/agenda-items/{item.pk}/remove/")
    posted = caller.post(f"/agenda-items/{item.pk}/remove/", {"reason": "x"})

    assert shown.status_code == posted.status_code == 403
    assert "Only the panel chair can remove an item from the agenda." in posted.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).status == "listed"


def test_another_councils_item_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    item = listed(north_somerset)
    caller = signed_in(client, portsmouth.chair)

    for action in ("remove", "accept-late"):
        assert caller.get(f"/agenda-items/{item.pk}/{action}/").status_code == 404
        assert caller.post(f"/agenda-items/{item.pk}/{action}/", {"reason": "x"}).status_code == 404
    assert AgendaItem.objects.get(pk=item.pk).status == "listed"


# ------------------------------------------------------------------ accepting late


@time_machine.travel(AFTER_FRIDAYS_DEADLINE, tick=False)
@pytest.mark.parametrize("persona", ["chair", "head_of_service"])
def test_a_referral_that_missed_the_deadline_is_accepted_late(
    client: Client, north_somerset: Cast, persona: str
) -> None:
    cast = north_somerset
    item = listed(cast)  # agreed a minute late: listed on 9 December
    december_2 = Meeting.objects.get(
        authority_id=cast.authority_id, starts_at=london(2026, 12, 2, 13, 30)
    )
    url = f"/agenda-items/{item.pk}/accept-late/"
    caller = signed_in(client, getattr(cast, persona))
    form = caller.get(url).content.decode()
    assert "Wednesday 2 December 2026 at 1:30pm" in form
    assert f'value="{december_2.pk}" checked' in form  # the only choice

    response = caller.post(
        url,
        {"meeting": str(december_2.pk), "reason": "The placement ends on Thursday."},
        follow=True,
    )

    assert response.redirect_chain == [(f"/meetings/{december_2.pk}/", 302)]
    accepted = AgendaItem.objects.get(referral_id=item.referral_id, status="listed")
    assert (accepted.meeting_id, accepted.late, accepted.late_accepted_by) == (
        december_2.pk,
        True,
        getattr(cast, persona).user,
    )
    html = response.content.decode()
    assert f"Referral {item.referral_id} is accepted as late for the meeting on" in html
    assert "Late" in parse(html).tables["agenda-heading"][1][6]
    assert AuditEvent.objects.get(action="referral.accepted_late").data == {
        "meeting": december_2.pk,
        "reason": "The placement ends on Thursday.",
    }


@time_machine.travel(AFTER_FRIDAYS_DEADLINE, tick=False)
def test_a_late_acceptance_needs_a_meeting_and_a_reason(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)

    response = signed_in(client, north_somerset.chair).post(
        f"/agenda-items/{item.pk}/accept-late/", {"meeting": "999999", "reason": ""}
    )

    html = response.content.decode()
    assert '<a href="#id_meeting_0">Choose the meeting</a>' in html
    assert '<a href="#id_reason">Enter the reason</a>' in html
    assert not AgendaItem.objects.filter(late=True).exists()


def test_an_item_that_met_its_deadline_has_nowhere_to_go_late(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)  # on 2 December; too late only for 25 November
    Meeting.objects.filter(starts_at=london(2026, 11, 25, 13, 30)).update(status="cancelled")

    response = signed_in(client, north_somerset.chair).get(f"/agenda-items/{item.pk}/accept-late/")

    assert "There is no earlier meeting of the panel" in response.content.decode()
    assert "<form" not in response.content.decode().split("<main", 1)[1]


def test_the_coordinator_cannot_accept_a_late_referral(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)

    response = signed_in(client, north_somerset.panel_coordinator).get(
        f"/agenda-items/{item.pk}/accept-late/"
    )

    assert response.status_code == 403
    assert (
        "Only the panel chair or head of service can accept a late referral."
        in response.content.decode()
    )


# ------------------------------------------------------------------ ordering


def _over_full(cast: Cast) -> list[AgendaItem]:
    items = [listed(cast) for _ in range(3)]
    Meeting.objects.filter(pk=items[0].meeting_id).update(capacity=2)
    return items


def test_the_chair_orders_an_over_full_agenda(client: Client, north_somerset: Cast) -> None:
    first, second, third = _over_full(north_somerset)
    url = f"/meetings/{first.meeting_id}/order/"
    caller = signed_in(client, north_somerset.chair)
    form = parse(caller.get(url).content)
    assert form.h("h1") == ["Order the agenda"]
    assert [row[-1] for row in form.tables[""][1:]] == [
        "Within capacity",
        "Within capacity",
        "Beyond capacity",
    ]

    response = caller.post(
        url,
        {f"position-{first.pk}": "3", f"position-{second.pk}": "1", f"position-{third.pk}": "2"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/meetings/{first.meeting_id}/", 302)]
    assert "The order of the agenda is saved" in response.content.decode()
    rows = parse(response.content).tables["agenda-heading"][1:]
    assert [row[1].split(" For")[0] for row in rows] == [
        f"Referral {second.referral_id}",
        f"Referral {third.referral_id}",
        f"Referral {first.referral_id}",
    ]
    assert "Beyond capacity" in rows[2][6]
    assert AuditEvent.objects.get(action="agenda.prioritised").data == {
        "items": [second.pk, third.pk, first.pk]
    }


@pytest.mark.parametrize(
    ("positions", "messages"),
    [
        (
            ("1", "1", "2"),
            ["Referral {1} has the same position as referral {0}: give each item a different"],
        ),
        (("1", "", "2"), ["Enter the position of referral {1}"]),
        (("one", "2", "3"), ["Enter the position of referral {0} as a whole number, like 1"]),
        (("1", "2", "4"), ["The position of referral {2} must be 3 or less: there are 3 items"]),
    ],
    ids=["duplicate", "missing", "not a number", "too high"],
)
def test_bad_positions_are_explained_and_nothing_changes(
    client: Client, north_somerset: Cast, positions: tuple[str, ...], messages: list[str]
) -> None:
    items = _over_full(north_somerset)
    referrals = [item.referral_id for item in items]

    response = signed_in(client, north_somerset.chair).post(
        f"/meetings/{items[0].meeting_id}/order/",
        {f"position-{item.pk}": place for item, place in zip(items, positions, strict=True)},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert parse(html).title == "Error: Order the agenda – Carepanel"
    for message in messages:
        assert message.format(*referrals) in html
    assert not AuditEvent.objects.filter(action="agenda.prioritised").exists()


def test_an_item_listed_since_the_form_was_read_must_be_placed_too(
    client: Client, north_somerset: Cast
) -> None:
    first, second = listed(north_somerset), listed(north_somerset)
    caller = signed_in(client, north_somerset.chair)
    caller.get(f"/meetings/{first.meeting_id}/order/")
    meanwhile = listed(north_somerset)

    response = caller.post(
        f"/meetings/{first.meeting_id}/order/",
        {f"position-{first.pk}": "2", f"position-{second.pk}": "1"},
    )

    assert f"Enter the position of referral {meanwhile.referral_id}" in response.content.decode()
    assert not AuditEvent.objects.filter(action="agenda.prioritised").exists()


@pytest.mark.parametrize("persona", ["panel_coordinator", "panel_member"])
def test_only_the_chair_orders_the_agenda(
    client: Client, north_somerset: Cast, persona: str
) -> None:
    items = _over_full(north_somerset)

    response = signed_in(client, getattr(north_somerset, persona)).get(
        f"/meetings/{items[0].meeting_id}/order/"
    )

    assert response.status_code == 403
    assert "Only the panel chair can set the order of the agenda." in response.content.decode()
