"""A meeting's agenda (/meetings/<id>/): the meeting's details, each item's slot, children,
completeness and state, the actions each role is offered, who sees which items, and a
fixed number of queries."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.children.models import Child
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import agenda_item_remove, referral_accept_late
from carepanel.referrals.models import Referral
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.meetings.counting import every_page
from tests.workflow.helpers import (
    drafted,
    emergency,
    listed,
    london,
    new_child,
    with_papers,
)

pytestmark = pytest.mark.django_db

NS_PAPERS = ("assessment", "care_plan", "genogram")


def _url(meeting_id: int) -> str:
    return f"/meetings/{meeting_id}/"


def _of_the_other_team(cast: Cast, item: AgendaItem) -> AgendaItem:
    """The item, as if its referral were the other team's (a set-up only the ORM makes)."""
    other = cast.other_social_worker.user
    Referral.objects.filter(pk=item.referral_id).update(
        team=cast.other_team, created_by=other, presenter=other
    )
    Child.objects.filter(referral_links__referral=item.referral_id).update(team=cast.other_team)
    return item


def _page(client: Client, meeting_id: int):
    response = client.get(_url(meeting_id))
    assert response.status_code == 200
    return response, parse(response.content)


def test_the_chair_sees_the_meeting_and_each_items_papers(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    bare = listed(cast, children=[new_child(first_name="Ash")])
    papered = listed(cast)
    with_papers(cast, papered.referral, *NS_PAPERS)
    child = bare.referral.child_links.get().child

    response, page = _page(signed_in(client, cast.chair), bare.meeting_id)

    assert page.title == "Care and Resource Panel, Wednesday 2 December 2026 – Carepanel"
    assert page.h("h1") == ["Wednesday 2 December 2026 at 1:30pm"]
    details = page.summaries["details-heading"]
    assert details["Date and time"] == "Wednesday 2 December 2026, 1:30pm to 4:30pm"
    assert details["Venue"] == "Virtual meeting"
    assert details["Submission deadline"] == "Friday 27 November 2026 at midday"
    assert details["Papers deadline"] == "Monday 30 November 2026 at midday"
    assert details["Capacity"] == "No limit"
    assert details["Places left"] == "No limit (2 listed)"
    header, first, second = page.tables["agenda-heading"]
    assert header == [
        "Time",
        "Referral",
        "Children",
        "Kind",
        "Presenter",
        "Papers and sign-offs",
        "Status",
        "Actions",
    ]
    assert first[:7] == [
        "To be advised",
        f"Referral {bare.referral_id} For decision",
        child.full_name,
        "A family support package",
        "SocialWorker OfNorth",
        "No assessment No care plan No genogram",
        "Listed",
    ]
    assert second[5] == "Complete"
    html = response.content.decode()
    assert f'href="/children/{child.pk}/"' in html
    assert f'href="/referrals/{bare.referral_id}/"' in html
    assert f'href="/agenda-items/{bare.pk}/decision/"' in html
    assert f'href="/agenda-items/{bare.pk}/remove/"' in html
    assert 'data-module="moj-button-menu"' in html
    # North Somerset sets no slot length: the coordinator advises each time to attend.
    assert f'href="/meetings/{bare.meeting_id}/times/"' not in html  # the coordinator's
    assert "Order the agenda" not in html  # not over capacity


def test_each_item_has_its_slot_where_the_panel_has_slots(
    client: Client, central_bedfordshire: Cast
) -> None:
    cast = central_bedfordshire
    items = [listed(cast) for _ in range(3)]

    _, page = _page(signed_in(client, cast.chair), items[0].meeting_id)

    rows = page.tables["agenda-heading"]
    assert rows[0][0] == "Time"
    assert [row[0] for row in rows[1:]] == ["9:30am", "9:45am", "10am"]
    assert page.summaries["details-heading"]["Capacity"] == "12 items, 15 minutes each"
    assert page.summaries["details-heading"]["Places left"] == "9 (3 listed)"


def test_a_wednesday_panel_with_half_hour_slots_starts_at_half_past_one(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    first, _ = listed(cast), listed(cast)
    Meeting.objects.filter(pk=first.meeting_id).update(slot_minutes=30)

    _, page = _page(signed_in(client, cast.panel_coordinator), first.meeting_id)

    assert [row[0] for row in page.tables["agenda-heading"][1:]] == ["1:30pm", "2pm"]


def test_an_over_full_agenda_asks_the_chair_to_order_it(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    items = [listed(cast) for _ in range(3)]
    Meeting.objects.filter(pk=items[0].meeting_id).update(capacity=2)

    response, page = _page(signed_in(client, cast.chair), items[0].meeting_id)

    html = response.content.decode()
    assert f'href="/meetings/{items[0].meeting_id}/order/"' in html
    assert page.summaries["details-heading"]["Places left"] == "None 1 over capacity (3 listed)"
    assert page.tables["agenda-heading"][3][6] == "Listed Beyond capacity"
    assert "1 item more than the meeting can hear" in html
    coordinator_view = signed_in(client, cast.panel_coordinator).get(_url(items[0].meeting_id))
    assert "/order/" not in coordinator_view.content.decode()


def test_the_coordinator_may_move_or_cancel_the_meeting(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)

    coordinator = signed_in(client, north_somerset.panel_coordinator).get(_url(item.meeting_id))
    chair = signed_in(client, north_somerset.chair).get(_url(item.meeting_id))

    assert f'href="/meetings/{item.meeting_id}/move/"' in coordinator.content.decode()
    assert f'href="/meetings/{item.meeting_id}/cancel/"' in coordinator.content.decode()
    assert "/move/" not in chair.content.decode()
    assert "/cancel/" not in chair.content.decode()
    # The coordinator records decisions but does not remove items.
    assert f"/agenda-items/{item.pk}/decision/" in coordinator.content.decode()
    assert f"/agenda-items/{item.pk}/remove/" not in coordinator.content.decode()


def test_a_panel_member_sees_every_item_but_changes_nothing(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    other = _of_the_other_team(cast, listed(cast))

    response, page = _page(signed_in(client, cast.panel_member), item.meeting_id)

    assert len(page.tables["agenda-heading"]) == 3
    html = response.content.decode()
    assert f"/agenda-items/{item.pk}/" not in html
    assert f"/agenda-items/{other.pk}/" not in html
    assert f'href="/referrals/{item.referral_id}/"' in html


def test_a_social_worker_sees_only_their_teams_items_at_their_true_time(
    client: Client, central_bedfordshire: Cast
) -> None:
    cast = central_bedfordshire
    theirs = _of_the_other_team(cast, listed(cast))
    ours = listed(cast)

    response, page = _page(signed_in(client, cast.social_worker), ours.meeting_id)

    rows = page.tables["agenda-heading"][1:]
    assert [(row[0], row[1]) for row in rows] == [
        ("9:45am", f"Referral {ours.referral_id} For decision")
    ]
    html = response.content.decode()
    assert f"Referral {theirs.referral_id}" not in html
    assert "You see only the items of your team" in html
    assert page.summaries["details-heading"]["Places left"] == "10 (2 listed)"


def test_another_councils_meeting_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    item = listed(north_somerset)

    response = signed_in(client, portsmouth.chair).get(_url(item.meeting_id))

    assert response.status_code == 404


def test_a_late_item_says_who_accepted_it_and_why(client: Client, north_somerset: Cast) -> None:
    cast = north_somerset
    with time_machine.travel(london(2026, 11, 27, 12, 1), tick=False):
        item = listed(cast)
        december_2 = Meeting.objects.get(
            authority_id=cast.authority_id, starts_at=london(2026, 12, 2, 13, 30)
        )
        referral_accept_late(
            actor=cast.chair,
            referral_id=item.referral_id,
            meeting_id=december_2.pk,
            reason="The placement ends on Thursday.",
        )

        _, page = _page(signed_in(client, cast.chair), december_2.pk)
        _, later = _page(client, item.meeting_id)

    status = page.tables["agenda-heading"][1][6]
    assert status == "Listed Late Accepted by Chair OfNorth: The placement ends on Thursday."
    # The place it gave up stays on the later agenda, with the reason: nothing is lost.
    assert later.tables["agenda-heading"][1][6] == "Moved Reason: The placement ends on Thursday."


def test_an_item_listed_after_the_deadline_can_be_accepted_late_from_its_agenda(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    with time_machine.travel(london(2026, 11, 27, 12, 1), tick=False):
        item = listed(cast)  # 9 December
        chair = signed_in(client, cast.chair).get(_url(item.meeting_id)).content.decode()
        coordinator = (
            signed_in(client, cast.panel_coordinator).get(_url(item.meeting_id)).content.decode()
        )

    assert f'href="/agenda-items/{item.pk}/accept-late/"' in chair
    assert "/accept-late/" not in coordinator


def test_a_removed_item_stays_on_the_agenda_with_its_reason(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    agenda_item_remove(actor=cast.chair, item_id=item.pk, reason="The presenter is ill.")

    response, page = _page(signed_in(client, cast.chair), item.meeting_id)

    row = page.tables["agenda-heading"][1]
    assert row[0] == "No time"  # visually hidden: a removed item holds no time
    assert row[5] == "When removed: no assessment, no care plan, no genogram"
    assert row[6] == "Removed Reason: The presenter is ill."
    assert f"/agenda-items/{item.pk}/remove/" not in response.content.decode()


def test_an_emergency_for_ratification_lacks_papers_but_no_sign_off(
    client: Client, north_somerset: Cast
) -> None:
    # The roles the pack names approved the emergency: the ordinary sign-offs are not asked.
    cast = north_somerset
    referral, _ = emergency(cast, approvers=("head_of_service", "assistant_director"))
    item = AgendaItem.objects.get(referral=referral, status="listed")

    _, page = _page(signed_in(client, cast.chair), item.meeting_id)

    row = page.tables["agenda-heading"][1]
    assert row[1] == f"Referral {referral.pk} For ratification"
    assert row[5] == "No assessment No care plan No genogram"
    assert "sign-off" not in row[5]


def test_reading_the_agenda_is_audited(client: Client, north_somerset: Cast) -> None:
    item = listed(north_somerset)

    signed_in(client, north_somerset.panel_member).get(_url(item.meeting_id))

    event = AuditEvent.objects.get(action="agenda.viewed")
    assert (event.actor, event.object_id, event.data) == (
        north_somerset.panel_member.user,
        str(item.meeting_id),
        {"referrals": [item.referral_id]},
    )


def test_the_agenda_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries
) -> None:
    cast = north_somerset
    first = listed(cast)
    caller = signed_in(client, cast.chair)
    # The meeting; its items with referrals, presenters and late acceptors; children;
    # papers; decisions; sign-offs; the earlier meetings; the audit event.
    limit = every_page(cast.chair, _url(first.meeting_id)) + 8
    with django_assert_max_num_queries(limit) as small:
        caller.get(_url(first.meeting_id))

    for n in range(24):
        made = listed(cast, children=[new_child(), new_child()]) if n % 2 else listed(cast)
        with_papers(cast, made.referral, "assessment")
    drafted(cast)
    with django_assert_max_num_queries(limit) as large:
        response = caller.get(_url(first.meeting_id))

    assert len(small) == len(large) == limit
    assert len(parse(response.content).tables["agenda-heading"]) == 26
