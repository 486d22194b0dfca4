"""The child's page (/children/<id>/): the MOJ identity bar and a timeline, newest first,
of the referrals, decisions, approvals, emergency decisions and reviews for that child;
only for those who may see the child; the read audited; a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.children.models import Child
from carepanel.decisions.services import agenda_item_decide, decision_finalise, decision_sign
from tests.clock import at_hearing
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.meetings.counting import every_page
from tests.workflow.helpers import (
    decision_input,
    drafted,
    emergency,
    listed,
    london,
    new_child,
)

pytestmark = pytest.mark.django_db


def _url(child: Child) -> str:
    return f"/children/{child.pk}/"


def _child_of(item_or_referral) -> Child:
    referral = getattr(item_or_referral, "referral", item_or_referral)
    return referral.child_links.get().child


def _heard_and_approved(cast: Cast) -> tuple[Child, int]:
    """A child listed on Monday, approved at the panel of Wednesday 2 December, signed and
    finalised that afternoon; returns the child and the decision's id."""
    item = listed(cast, children=[new_child(first_name="Ash", date_of_birth=dt.date(2016, 3, 1))])
    with time_machine.travel(london(2026, 12, 2, 14, 0), tick=False):
        at_hearing(item.pk)
        decision = agenda_item_decide(
            actor=cast.panel_coordinator,
            item_id=item.pk,
            data=decision_input("approved"),
            version=None,
        )
        decision_sign(actor=cast.chair, decision_id=decision.pk)
        decision_finalise(actor=cast.assistant_director, decision_id=decision.pk)
    return _child_of(item), decision.pk


def test_the_page_names_the_child_and_tells_their_history_newest_first(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    child, decision_id = _heard_and_approved(cast)
    with time_machine.travel(london(2026, 12, 3, 9, 0), tick=False):
        again = drafted(cast, children=[{"id": child.pk}])

    response = signed_in(client, cast.social_worker).get(_url(child))

    assert response.status_code == 200
    page = parse(response.content)
    assert page.title == "Child's record – Carepanel"  # no name where it travels
    assert page.h("h1") == [child.full_name]
    html = response.content.decode()
    assert "moj-identity-bar" in html
    assert "<strong>Date of birth:</strong> Tuesday 1 March 2016" in html
    assert f"<strong>Case-management ID:</strong> {child.case_id}" in html
    assert "<strong>Legal status:</strong> Not looked after" in html
    first = child.referral_links.order_by("pk").first()
    assert first is not None
    assert page.h("h3") == [
        "Review due: Family support package",
        f"Referral {again.pk}: a family support package",
        "Approved: Family support package",
        "Decision: Approved",
        f"Referral {first.referral_id}: a family support package",
    ]
    assert "moj-timeline" in html
    assert f'href="/decisions/{decision_id}/"' in html
    assert f'href="/referrals/{again.pk}/"' in html


def test_an_approval_shows_its_cost_dates_and_when_the_next_referral_is_due(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    child, _ = _heard_and_approved(cast)

    page = parse(signed_in(client, cast.panel_member).get(_url(child)).content)

    approval = page.summaries["history-heading"]
    assert approval["Status"] == "Active"
    assert approval["Cost"] == "£1,500 a year"
    # Decided on 2 December: starting 14 days later, reviewed after 180.
    assert approval["Starts"] == "Wednesday 16 December 2026"
    assert approval["Review date"] == "Next referral due by Monday 31 May 2027"


def test_the_legal_status_is_given_in_words(client: Client, north_somerset: Cast) -> None:
    item = listed(north_somerset, children=[new_child(legal_status="C2")])

    html = signed_in(client, north_somerset.chair).get(_url(_child_of(item))).content.decode()

    assert "<strong>Legal status:</strong> Full care order" in html


def test_an_emergency_decision_and_its_approval_are_on_the_timeline(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    referral, _ = emergency(cast, approvers=("head_of_service", "assistant_director"))

    response = signed_in(client, cast.head_of_service).get(_url(_child_of(referral)))

    headings = parse(response.content).h("h3")
    assert "Emergency decision" in headings
    assert "Approved: Family support package" in headings
    html = response.content.decode()
    assert "approved between panels by the head of service and assistant director" in html
    assert "Approved, awaiting ratification" in html


def test_reading_a_childs_record_is_audited(client: Client, north_somerset: Cast) -> None:
    item = listed(north_somerset)
    child = _child_of(item)

    signed_in(client, north_somerset.team_manager).get(_url(child))

    event = AuditEvent.objects.get(action="child.viewed")
    assert (event.actor, event.object_type, event.object_id) == (
        north_somerset.team_manager.user,
        "child",
        str(child.pk),
    )


def test_a_panel_member_sees_a_child_only_once_their_referral_comes_to_panel(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    draft_only = _child_of(drafted(cast))
    heard = _child_of(listed(cast))
    caller = signed_in(client, cast.panel_member)

    assert caller.get(_url(draft_only)).status_code == 404
    assert caller.get(_url(heard)).status_code == 200


@pytest.mark.parametrize(
    ("council", "persona"),
    [("north_somerset", "other_social_worker"), ("portsmouth", "chair")],
    ids=["another team's social worker", "another council's chair"],
)
def test_a_child_the_person_may_not_see_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast, council: str, persona: str
) -> None:
    child = _child_of(listed(north_somerset))
    outsider = getattr(
        {"north_somerset": north_somerset, "portsmouth": portsmouth}[council], persona
    )

    response = signed_in(client, outsider).get(_url(child))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="child.viewed").exists()


def test_the_page_runs_a_fixed_number_of_queries(
    client: Client, north_somerset: Cast, django_assert_max_num_queries
) -> None:
    cast = north_somerset
    child, _ = _heard_and_approved(cast)
    caller = signed_in(client, cast.social_worker)
    # The child with their team; the referrals naming them; the outcomes with their
    # decisions; the approvals; the audit event.
    limit = every_page(cast.social_worker, _url(child)) + 5
    with django_assert_max_num_queries(limit) as small:
        caller.get(_url(child))

    for _ in range(10):
        drafted(cast, children=[{"id": child.pk}])
    with django_assert_max_num_queries(limit) as large:
        response = caller.get(_url(child))

    assert len(small) == len(large) == limit
    assert len(parse(response.content).h("h3")) == 14
