"""Each role's part of the home page: what waits for them, and nothing of anyone else's."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_datetime
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import agenda_prioritise, referral_accept_late
from carepanel.referrals.services import referral_sign_off, referral_submit
from tests.personas import Cast
from tests.workflow.helpers import (
    agreed,
    decided,
    drafted,
    emergency,
    in_effect,
    listed,
    meetings_of,
    signed,
    submitted,
    with_papers,
)

pytestmark = pytest.mark.django_db

REFERRAL = re.compile(r"Referral (\d+)")


def referral_numbers(html: str) -> set[int]:
    return {int(number) for number in REFERRAL.findall(html)}


def body(rows: list[list[str]]) -> list[list[str]]:
    """A table's rows without its header row."""
    return rows[1:]


def returned(cast: Cast, reason: str = "Attach the latest assessment.") -> int:
    referral = submitted(cast)
    referral_sign_off(
        actor=cast.team_manager, referral_id=referral.pk, outcome="returned", reason=reason
    )
    return referral.pk


# ------------------------------------------------------------------ social worker


def test_a_social_worker_sees_their_teams_referrals_with_what_each_waits_for(
    north_somerset: Cast, home
):
    cast = north_somerset
    draft = drafted(cast)
    sent_back = returned(cast, "Say what the family group conference agreed.")
    waiting = submitted(cast)
    on_agenda = listed(cast).referral

    _, page = home(cast.social_worker)

    assert body(page.tables["your-referrals"]) == [
        [
            f"Referral {sent_back}",
            "A family support package",
            "Returned",
            "Change it and submit it again. "
            "Returned because: Say what the family group conference agreed.",
        ],
        [
            f"Referral {on_agenda.pk}",
            "A family support package",
            "Listed",
            "At the Care and Resource Panel on Wednesday 2 December 2026 at 1:30pm.",
        ],
        [f"Referral {draft.pk}", "A family support package", "Draft", "Finish it and submit it."],
        [
            f"Referral {waiting.pk}",
            "A family support package",
            "Submitted",
            "Waiting for the team manager to agree it.",
        ],
    ]
    assert "Your team's referrals 4" in page.h("h2")


def test_a_social_worker_sees_the_next_deadline_and_can_start_a_referral(
    north_somerset: Cast, home
):
    html, page = home(north_somerset.social_worker)

    assert page.summaries["next-panel"] == {
        "Panel": "Care and Resource Panel, Wednesday 2 December 2026 at 1:30pm",
        "Submission deadline": "Friday 27 November 2026 at midday",
    }
    assert 'href="/referrals/new/"' in html
    assert ">Start a referral</a>" in html
    assert page.tables.get("your-referrals") is None
    assert "Your team has no referrals on their way to panel." in html


def test_a_social_worker_sees_the_papers_missing_from_their_listed_referrals(
    north_somerset: Cast, home
):
    cast = north_somerset
    bare = listed(cast).referral
    complete = listed(cast).referral
    with_papers(cast, complete, "assessment", "care_plan", "genogram")
    partial = listed(cast).referral
    with_papers(cast, partial, "assessment", "care_plan")

    html, page = home(cast.social_worker)

    rows = body(page.tables["papers-missing"])
    assert [row[0] for row in rows] == [f"Referral {bare.pk}", f"Referral {partial.pk}"]
    assert rows[1][1] == ("Wednesday 2 December 2026 Papers by Monday 30 November 2026 at midday")
    assert rows[1][2] == "No genogram: a genogram is provided with every request."
    assert f'href="/referrals/{partial.pk}/papers/"' in html


def test_a_social_worker_never_sees_another_teams_drafts_or_another_councils_referrals(
    north_somerset: Cast, portsmouth: Cast, home
):
    mine = drafted(north_somerset)
    other_team = drafted(north_somerset, actor=north_somerset.other_social_worker)
    elsewhere = {
        drafted(portsmouth).pk,
        submitted(portsmouth).pk,
        listed(portsmouth).referral_id,
    }

    html, _ = home(north_somerset.social_worker)

    assert referral_numbers(html) == {mine.pk}
    assert other_team.pk not in referral_numbers(html)
    assert not elsewhere & referral_numbers(html)


def test_a_slot_time_is_given_where_the_panel_has_slots(central_bedfordshire: Cast, home):
    # Central Bedfordshire gives each item 15 minutes, in the order the chair sets.
    cast = central_bedfordshire
    first = listed(cast)
    second = listed(cast)
    assert first.meeting_id == second.meeting_id
    meeting = first.meeting
    at_start = f"At the {meeting.panel_name} on {govuk_datetime(meeting.starts_at)}."
    later = meeting.starts_at + dt.timedelta(minutes=15)
    quarter_past = f"At the {meeting.panel_name} on {govuk_datetime(later)}."

    _, listed_order = home(cast.social_worker)
    agenda_prioritise(actor=cast.chair, meeting_id=meeting.pk, item_ids=[second.pk, first.pk])
    _, chairs_order = home(cast.social_worker)

    steps = {row[0]: row[3] for row in body(listed_order.tables["your-referrals"])}
    assert steps == {
        f"Referral {first.referral_id}": at_start,
        f"Referral {second.referral_id}": quarter_past,
    }
    steps = {row[0]: row[3] for row in body(chairs_order.tables["your-referrals"])}
    assert steps == {
        f"Referral {first.referral_id}": quarter_past,
        f"Referral {second.referral_id}": at_start,
    }


# ------------------------------------------------------------------ managers


def test_a_team_manager_sees_their_own_teams_referrals_to_agree(north_somerset: Cast, home):
    cast = north_somerset
    mine = submitted(cast)
    other = drafted(cast, actor=cast.other_social_worker)
    referral_submit(actor=cast.other_social_worker, referral_id=other.pk)
    own = drafted(cast, actor=cast.team_manager)
    referral_submit(actor=cast.team_manager, referral_id=own.pk)

    html, page = home(cast.team_manager)

    rows = body(page.tables["sign-offs"])
    assert rows == [
        [
            f"Referral {mine.pk}",
            "A family support package",
            "Family support team",
            "Monday 23 November 2026",
            "Agree",
        ]
    ]
    assert f'href="/referrals/{mine.pk}/sign-off/"' in html
    _, theirs = home(cast.other_team_manager)
    assert [row[0] for row in body(theirs.tables["sign-offs"])] == [f"Referral {other.pk}"]


def test_the_head_of_service_sees_a_referral_once_the_team_manager_has_agreed(
    north_somerset: Cast, home
):
    cast = north_somerset
    referral = submitted(cast)
    _, before = home(cast.head_of_service)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")

    html, after = home(cast.head_of_service)

    assert before.tables.get("sign-offs") is None
    assert [row[-1] for row in body(after.tables["sign-offs"])] == ["Authorise"]
    assert f'href="/referrals/{referral.pk}/sign-off/"' in html


def test_the_delegated_approver_sees_referrals_within_delegation_to_decide(
    north_somerset: Cast, home
):
    cast = north_somerset
    small = submitted(cast, kind="one_off_payment", amount="500.00", basis="one_off")
    assert small.route == "delegated"

    html, page = home(cast.head_of_service)

    assert body(page.tables["sign-offs"])[0][0] == f"Referral {small.pk}"
    assert body(page.tables["sign-offs"])[0][-1] == "Decide"
    assert f'href="/referrals/{small.pk}/decision/"' in html


def test_each_councils_own_sign_off_roles_see_their_referrals(portsmouth: Cast, bcp: Cast, home):
    # Portsmouth: the service leader alone; BCP: the team manager, then the service manager.
    pm = submitted(portsmouth)
    b = submitted(bcp)
    referral_sign_off(actor=bcp.team_manager, referral_id=b.pk, outcome="agreed")

    _, leader = home(portsmouth.service_leader)
    _, manager = home(bcp.service_manager)
    _, team_manager = home(portsmouth.team_manager)

    assert [row[0] for row in body(leader.tables["sign-offs"])] == [f"Referral {pm.pk}"]
    assert [row[0] for row in body(manager.tables["sign-offs"])] == [f"Referral {b.pk}"]
    assert team_manager.tables.get("sign-offs") is None


# ------------------------------------------------------------------ emergencies


def test_an_emergency_waits_on_the_home_page_of_the_approver_it_still_needs(
    north_somerset: Cast, home
):
    # North Somerset: the head of service and the assistant director must both agree.
    cast = north_somerset
    waiting, record = emergency(cast, approvers=("head_of_service",))
    in_force, _ = emergency(cast, approvers=("head_of_service", "assistant_director"))

    html, director = home(cast.assistant_director)
    _, head = home(cast.head_of_service)

    assert [row[0] for row in body(director.tables["emergencies-to-approve"])] == [
        f"Referral {waiting.pk}"
    ]
    assert f'href="/emergencies/{record.pk}/approve/"' in html
    ratified_at = (
        "To be ratified at the Care and Resource Panel on Wednesday 25 November 2026 at 1:30pm."
    )
    assert body(director.tables["emergencies-open"]) == [
        [
            f"Referral {in_force.pk}",
            "A family support package",
            "Approved, awaiting ratification",
            ratified_at,
        ]
    ]
    assert head.tables.get("emergencies-to-approve") is None
    assert {row[0]: row[3] for row in body(head.tables["emergencies-open"])} == {
        f"Referral {waiting.pk}": "Waiting for the assistant director.",
        f"Referral {in_force.pk}": ratified_at,
    }


def test_the_social_worker_sees_their_emergency_waiting_for_its_approvers(
    north_somerset: Cast, home
):
    waiting, _ = emergency(north_somerset, approvers=("head_of_service",))

    _, page = home(north_somerset.social_worker)

    assert body(page.tables["your-referrals"]) == [
        [
            f"Referral {waiting.pk}",
            "A family support package",
            "Emergency",
            "Waiting for the emergency approvers.",
        ]
    ]


# ------------------------------------------------------------------ coordinator


def test_the_coordinator_sees_the_next_meetings_late_and_incomplete_items(
    north_somerset: Cast, home
):
    cast = north_somerset
    incomplete = listed(cast)
    complete = listed(cast)
    with_papers(cast, complete.referral, "assessment", "care_plan", "genogram")
    late = listed(cast)
    with_papers(cast, late.referral, "assessment", "care_plan", "genogram")
    this_week = meetings_of(cast)[0]
    referral_accept_late(
        actor=cast.chair,
        referral_id=late.referral_id,
        meeting_id=this_week.pk,
        reason="The placement ends on Friday.",
    )

    html, page = home(cast.panel_coordinator)

    assert body(page.tables["next-meetings"]) == [
        [
            "Care and Resource Panel, Wednesday 25 November 2026 at 1:30pm",
            "Friday 20 November 2026 at midday",
            "1",
            "No limit",
        ],
        [
            "Care and Resource Panel, Wednesday 2 December 2026 at 1:30pm",
            "Friday 27 November 2026 at midday",
            "2",
            "No limit",
        ],
        [
            "Care and Resource Panel, Wednesday 9 December 2026 at 1:30pm",
            "Friday 4 December 2026 at midday",
            "0",
            "No limit",
        ],
        [
            "Care and Resource Panel, Wednesday 16 December 2026 at 1:30pm",
            "Friday 11 December 2026 at midday",
            "0",
            "No limit",
        ],
    ]
    assert f'href="/meetings/{this_week.pk}/"' in html
    assert body(page.tables["late-items"]) == [
        [
            f"Referral {late.referral_id}",
            "Wednesday 25 November 2026",
            "The placement ends on Friday.",
        ]
    ]
    assert [row[0] for row in body(page.tables["incomplete-items"])] == [
        f"Referral {incomplete.referral_id}"
    ]


def test_the_coordinator_sees_decisions_to_record_and_which_wait_to_be_finalised(
    north_somerset: Cast, home
):
    cast = north_somerset
    ready = in_effect(cast).referral
    waiting = signed(cast).referral

    html, page = home(cast.panel_coordinator)

    assert body(page.tables["to-record"]) == [
        [f"Referral {ready.pk}", "A family support package", "Ready to record"],
        [f"Referral {waiting.pk}", "A family support package", "Waiting to be finalised"],
    ]
    assert f'href="/referrals/{ready.pk}/record/"' in html
    assert "Every agreed referral is on an agenda." in html


def test_the_coordinator_sees_agreed_referrals_that_no_meeting_had_room_for(
    north_somerset: Cast, home
):
    cast = north_somerset
    waiting = agreed(cast)

    html, page = home(cast.panel_coordinator)

    assert [row[0] for row in body(page.tables["agreed-not-listed"])] == [f"Referral {waiting.pk}"]
    assert f'href="/referrals/{waiting.pk}/list/"' in html
    # Every meeting is full: the places left say so.
    assert {row[3] for row in body(page.tables["next-meetings"])} == {"Full"}


# ------------------------------------------------------------------ chair and finaliser


def test_the_chair_sees_the_next_agenda_agendas_to_order_and_sheets_to_sign(
    north_somerset: Cast, home
):
    cast = north_somerset
    # Heard at its meeting (the clock moves to its start); two more go to the next one.
    to_sign = decided(cast)
    first = listed(cast)
    listed(cast)
    Meeting.objects.filter(pk=first.meeting_id).update(capacity=1)
    following = first.meeting
    assert following.starts_at > to_sign.agenda_item.meeting.starts_at  # type: ignore[union-attr]

    html, page = home(cast.chair)

    assert page.summaries["next-agenda"] == {
        "Meeting": f"Care and Resource Panel, {govuk_datetime(following.starts_at)}",
        "Items listed": "2 of 1 places",
    }
    assert body(page.tables["agendas-to-order"]) == [
        [
            f"Care and Resource Panel, {govuk_datetime(following.starts_at)}",
            govuk_datetime(following.submission_deadline),
            "2",
            "2 items for 1 place",
        ]
    ]
    assert f'href="/meetings/{first.meeting_id}/order/"' in html
    heard = to_sign.agenda_item
    assert heard is not None
    assert body(page.tables["sheets-to-sign"]) == [
        [
            f"Referral {to_sign.referral_id}",
            "A family support package",
            "Approved",
            govuk_date(heard.meeting.starts_at),
            f"Sign the decision on referral {to_sign.referral_id}",
        ]
    ]
    assert f'href="/decisions/{to_sign.pk}/sign/"' in html


def test_the_assistant_director_in_north_somerset_finalises_what_the_chair_signed(
    north_somerset: Cast, home
):
    cast = north_somerset
    waiting = signed(cast)
    in_effect(cast)

    html, page = home(cast.assistant_director)

    assert [row[0] for row in body(page.tables["to-finalise"])] == [
        f"Referral {waiting.referral_id}"
    ]
    assert f'href="/decisions/{waiting.pk}/finalise/"' in html
    # Elsewhere no one finalises: the section is not there.
    assert page.tables.get("sheets-to-sign") is None


def test_no_one_finalises_in_a_council_whose_pack_does_not_ask_for_it(portsmouth: Cast, home):
    signed(portsmouth)

    html, _ = home(portsmouth.assistant_director)

    assert "Decisions to finalise" not in html
    assert "Nothing needs you now." in html


# ------------------------------------------------------------------ the panel and others


def test_a_panel_member_sees_the_upcoming_meetings_and_their_papers_deadline(
    north_somerset: Cast, home
):
    cast = north_somerset
    item = listed(cast)

    html, page = home(cast.iro)

    rows = body(page.tables["your-meetings"])
    assert rows[1] == [
        "Care and Resource Panel, Wednesday 2 December 2026 at 1:30pm",
        "Monday 30 November 2026 at midday",
        "1",
        "No limit",
    ]
    assert f'href="/meetings/{item.meeting_id}/"' in html
    assert referral_numbers(html) == set()


def test_finance_sees_the_latest_approvals_in_effect(north_somerset: Cast, home):
    cast = north_somerset
    approved = in_effect(cast)
    decided(cast)

    _, page = home(cast.finance_officer)

    assert body(page.tables["approvals"]) == [
        [
            f"Referral {approved.referral_id}",
            "Family support package",
            "£1,500 a year",
            # approval_input starts it a fortnight after the day it was decided: the hearing.
            govuk_date(approved.agenda_item.meeting.day + dt.timedelta(days=14)),  # type: ignore[union-attr]
            "Not set",
        ]
    ]


@pytest.mark.parametrize(
    ("persona", "heading", "words"),
    [
        ("auditor", "Auditing", "read the audit trail"),
        ("system_administrator", "Administration", "manage people, teams"),
    ],
)
def test_auditors_and_administrators_are_told_what_they_can_do_here(
    north_somerset: Cast, home, persona: str, heading: str, words: str
):
    listed(north_somerset)

    html, page = home(getattr(north_somerset, persona))

    assert page.h("h2") == [heading]
    assert words in html
    assert referral_numbers(html) == set()


def test_a_person_with_two_roles_sees_both_parts(north_somerset: Cast, home):
    from carepanel.accounts.actors import actor_for
    from carepanel.accounts.models import RoleGrant

    cast = north_somerset
    user = cast.chair.user
    RoleGrant.objects.create(authority_id=cast.authority_id, user=user, role="panel_coordinator")
    both = actor_for(user, cast.authority_id)
    decided(cast)

    _, page = home(both)

    assert {"Next agenda", "Next meetings"} <= set(page.h("h2"))
    assert "sheets-to-sign" in page.tables
    assert "next-meetings" in page.tables


def test_listed_counts_only_items_still_listed(north_somerset: Cast, home):
    cast = north_somerset
    item = listed(cast)
    AgendaItem.objects.filter(pk=item.pk).update(status=AgendaItem.Status.REMOVED)

    _, page = home(cast.panel_member)

    assert {row[2] for row in body(page.tables["your-meetings"])} == {"0"}
