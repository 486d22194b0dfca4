"""The MOJ primary navigation: which sections each role gets, the counts on their badges
(read out with what they count), and what the counts cost on every page."""

from __future__ import annotations

import re

import pytest

from carepanel.home.navigation import navigation_for
from carepanel.meetings.models import Meeting
from carepanel.referrals.services import referral_sign_off
from tests.personas import Cast
from tests.workflow.helpers import decided, emergency, listed, signed, submitted

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="moj-primary-navigation__link" href="[^"]*"[^>]*>(.*?)</a>', re.S)
HIDDEN = re.compile(r'<span class="govuk-visually-hidden">\((.*?)\)</span>')


def navigation(html: str) -> dict[str, str]:
    """Each navigation item's label and what its badge says to a screen reader ("" if none)."""
    items = {}
    for link in LINK.findall(html):
        label = link.split("<", 1)[0].strip()
        hidden = HIDDEN.search(link)
        items[label] = hidden.group(1) if hidden else ""
    return items


@pytest.mark.parametrize(
    ("persona", "sections"),
    [
        ("social_worker", ["Home", "Referrals", "Meetings"]),
        ("team_manager", ["Home", "Referrals", "Meetings"]),
        # North Somerset's head of service decides within delegation and approves emergencies.
        ("head_of_service", ["Home", "Referrals", "Meetings", "To sign", "Emergencies"]),
        # The assistant director finalises the panel's decisions and approves emergencies.
        ("assistant_director", ["Home", "Referrals", "Meetings", "To sign", "Emergencies"]),
        ("panel_coordinator", ["Home", "Referrals", "Meetings"]),
        ("chair", ["Home", "Referrals", "Meetings", "To sign"]),
        ("panel_member", ["Home", "Referrals", "Meetings"]),
        ("finance_officer", ["Home", "Referrals", "Meetings"]),
        ("service_leader", ["Home", "Referrals", "Meetings"]),
        ("auditor", ["Home"]),
        ("system_administrator", ["Home"]),
    ],
)
def test_each_role_gets_the_sections_its_work_is_in(
    north_somerset: Cast, home, persona: str, sections: list[str]
):
    html, _ = home(getattr(north_somerset, persona))

    assert list(navigation(html)) == sections
    assert 'href="/" aria-current="page">Home</a>' in html


def test_the_sections_follow_each_councils_pack(portsmouth: Cast, bcp: Cast, home):
    # Portsmouth: the service leader decides within delegation and approves some
    # emergencies; nobody finalises.
    # BCP: no delegation; the service manager approves emergencies.
    portsmouth_leader, _ = home(portsmouth.service_leader)
    portsmouth_director, _ = home(portsmouth.assistant_director)
    bcp_manager, _ = home(bcp.service_manager)

    assert list(navigation(portsmouth_leader)) == [
        "Home",
        "Referrals",
        "Meetings",
        "To sign",
        "Emergencies",
    ]
    assert list(navigation(portsmouth_director)) == ["Home", "Referrals", "Meetings"]
    assert list(navigation(bcp_manager)) == ["Home", "Referrals", "Meetings", "Emergencies"]


def test_a_social_worker_is_told_of_their_returned_drafts(north_somerset: Cast, home):
    cast = north_somerset
    for _ in range(2):
        referral = submitted(cast)
        referral_sign_off(
            actor=cast.team_manager, referral_id=referral.pk, outcome="returned", reason="No."
        )
    submitted(cast)

    html, _ = home(cast.social_worker)

    assert navigation(html)["Referrals"] == "2 waiting for you"
    assert '<span aria-hidden="true">2</span>' in html


def test_a_manager_is_told_of_referrals_waiting_for_their_sign_off(north_somerset: Cast, home):
    cast = north_somerset
    submitted(cast)
    agreed = submitted(cast)
    referral_sign_off(actor=cast.team_manager, referral_id=agreed.pk, outcome="agreed")

    manager, _ = home(cast.team_manager)
    head, _ = home(cast.head_of_service)
    other_manager, _ = home(cast.other_team_manager)

    assert navigation(manager)["Referrals"] == "1 waiting for you"
    assert navigation(head)["Referrals"] == "1 waiting for you"
    assert navigation(other_manager)["Referrals"] == ""


def test_the_chair_is_told_of_agendas_to_order_and_sheets_to_sign(north_somerset: Cast, home):
    cast = north_somerset
    # Heard at their meeting (the clock moves to its start); two more go to the next one.
    decided(cast)
    decided(cast)
    item = listed(cast)
    listed(cast)
    Meeting.objects.filter(pk=item.meeting_id).update(capacity=1)

    html, page = home(cast.chair)

    assert navigation(html) == {
        "Home": "",
        "Referrals": "",
        "Meetings": "1 agendas to put in order",
        "To sign": "2 to sign",
    }
    # The badge counts what the home page lists.
    assert "Decision sheets to sign 2" in page.h("h2")


def test_the_assistant_director_is_told_of_decisions_to_finalise_and_emergencies(
    north_somerset: Cast, home
):
    cast = north_somerset
    signed(cast)
    emergency(cast, approvers=("head_of_service",))

    director, _ = home(cast.assistant_director)
    head, _ = home(cast.head_of_service)

    assert navigation(director)["To sign"] == "1 to sign or finalise"
    assert navigation(director)["Emergencies"] == "1 waiting for your approval"
    assert navigation(head)["Emergencies"] == ""


def test_the_section_being_read_is_marked_as_the_current_page(north_somerset: Cast):
    nav = navigation_for(north_somerset.chair, "/decisions/to-sign/")

    assert [item.label for item in nav.items if item.active] == ["To sign"]
    nav = navigation_for(north_somerset.chair, "/meetings/12/")
    assert [item.label for item in nav.items if item.active] == ["Meetings"]


# The counts run on every page. One query says which councils the person works for; then
# one per kind of thing counted, only for the roles that count it: referrals (returned
# drafts, sign-offs, decisions within delegation), decisions (to sign, to finalise),
# agendas over capacity (the chair), emergencies awaiting approval.
@pytest.mark.parametrize(
    ("persona", "queries"),
    [
        ("social_worker", 2),  # councils; referrals
        ("team_manager", 2),  # councils; referrals
        ("head_of_service", 4),  # councils; referrals; decisions; emergencies
        ("assistant_director", 3),  # councils; decisions; emergencies
        ("chair", 3),  # councils; decisions; agendas
        ("panel_coordinator", 1),  # councils
        ("panel_member", 1),  # councils
        ("auditor", 1),  # councils
    ],
)
def test_the_counts_cost_a_few_queries_whatever_there_is_to_count(
    north_somerset: Cast, django_assert_num_queries, persona: str, queries: int
):
    cast = north_somerset
    actor = getattr(cast, persona)
    with django_assert_num_queries(queries):
        navigation_for(actor, "/")

    for _ in range(3):
        submitted(cast)
        signed(cast)
        decided(cast)
        emergency(cast, approvers=("head_of_service",))
    with django_assert_num_queries(queries):
        navigation_for(actor, "/")


def test_nothing_of_another_council_shows_on_the_badges(
    north_somerset: Cast, portsmouth: Cast, home
):
    submitted(portsmouth)
    decided(portsmouth)
    signed(portsmouth)

    for persona in ("service_leader", "chair", "social_worker"):
        html, _ = home(getattr(north_somerset, persona))
        assert set(navigation(html).values()) == {""}, persona
