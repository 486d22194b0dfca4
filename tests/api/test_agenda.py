"""A meeting's agenda, and the chair's and coordinator's work on its items: the order,
removing an item, recording the panel's decision."""

from __future__ import annotations

import datetime as dt

from carepanel.audit.models import AuditEvent
from carepanel.children.models import Child
from carepanel.decisions.models import Decision
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.queries import agenda_for
from carepanel.meetings.services import agenda_times_set
from carepanel.referrals.models import Referral, SignOff
from carepanel.referrals.services import referral_sign_off
from tests.api.flows import decided, listed, signed, submitted, with_paper
from tests.clock import at_meeting
from tests.personas import Cast

MISSING = 999_999


def _decision_body(cast: Cast, **overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "outcome": "approved_with_conditions",
        "discussion": "Invented discussion.",
        "conditions": ["Review attendance at the parenting course."],
        "actions": [
            {
                "description": "Commission the package.",
                "owner": cast.social_worker.user.pk,
                "due_on": "2026-12-09",
            }
        ],
        "approval": {
            "resource": "Family support package",
            "cost": {"amount_gbp": "1500.00", "basis": "annual"},
            "starts_on": "2026-12-07",
            "review_due_on": "2027-06-02",
        },
    }
    body.update(overrides)
    return body


def test_it_shows_the_agenda_in_order_with_each_items_papers(north_somerset: Cast, api) -> None:
    cast = north_somerset
    first = listed(cast)
    second = listed(cast)
    for paper_type in ("assessment", "care_plan", "genogram"):
        with_paper(cast, second.referral, paper_type)

    response = api(cast.panel_member).get(f"/meetings/{first.meeting_id}/agenda")

    assert response.status_code == 200
    agenda = response.json()
    assert agenda["meeting"]["id"] == first.meeting_id
    assert agenda["meeting"]["listed"] == 2
    assert agenda["over_capacity_by"] == 0
    assert [item["id"] for item in agenda["items"]] == [first.pk, second.pk]
    item = agenda["items"][0]
    child = first.referral.children.get()
    assert item["referral"] == first.referral_id
    assert item["kind_label"] == "a family support package"
    assert item["children"] == [
        {"id": child.pk, "first_name": child.first_name, "last_name": "Invented"}
    ]
    assert item["presenter"]["name"] == "SocialWorker OfNorth"
    assert item["slot_starts_at"] is None  # North Somerset gives no slots
    assert [gap["type"] for gap in item["paper_gaps"]] == ["assessment", "care_plan", "genogram"]
    assert item["complete"] is False
    assert agenda["items"][1]["paper_gaps"] == []
    assert agenda["items"][1]["complete"] is True
    assert item["decision"] is None
    assert AuditEvent.objects.get(action="agenda.viewed").data == {
        "referrals": [first.referral_id, second.referral_id]
    }


def test_it_gives_each_item_its_slot_where_the_panel_has_slots(
    central_bedfordshire: Cast, api
) -> None:
    cast = central_bedfordshire
    items = []
    for _ in range(2):
        referral = submitted(cast)
        referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
        items.append(AgendaItem.objects.get(referral=referral, status="listed"))

    agenda = api(cast.chair).get(f"/meetings/{items[0].meeting_id}/agenda").json()

    starts = agenda["meeting"]["starts_at"]
    assert agenda["meeting"]["slot_minutes"] == 15
    assert [item["slot_starts_at"] for item in agenda["items"]] == [
        starts,
        starts.replace("09:30", "09:45"),
    ]


def _listed_in_central_bedfordshire(cast: Cast) -> AgendaItem:
    referral = submitted(cast)
    referral_sign_off(actor=cast.team_manager, referral_id=referral.pk, outcome="agreed")
    return AgendaItem.objects.get(referral=referral, status="listed")


def test_it_gives_the_time_to_attend_the_coordinator_advised(north_somerset: Cast, api) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)
    agenda_times_set(
        actor=cast.panel_coordinator,
        meeting_id=first.meeting_id,
        times={second.pk: dt.time(14, 15)},
        version=None,
    )

    agenda = api(cast.panel_member).get(f"/meetings/{first.meeting_id}/agenda").json()

    # North Somerset has no slots: an item has a time once the coordinator advises one.
    assert [item["slot_starts_at"] for item in agenda["items"]] == [
        None,
        "2026-12-02T14:15:00+00:00",
    ]


def test_a_set_time_overrides_the_slot(central_bedfordshire: Cast, api) -> None:
    cast = central_bedfordshire
    first, second = (_listed_in_central_bedfordshire(cast) for _ in range(2))
    agenda_times_set(
        actor=cast.panel_coordinator,
        meeting_id=first.meeting_id,
        times={first.pk: dt.time(11)},
        version=None,
    )

    agenda = api(cast.chair).get(f"/meetings/{first.meeting_id}/agenda").json()

    assert [(item["id"], item["slot_starts_at"][11:16]) for item in agenda["items"]] == [
        (first.pk, "11:00"),
        (second.pk, "09:45"),
    ]


def test_a_social_worker_is_given_the_slot_the_coordinator_sees(
    central_bedfordshire: Cast, api
) -> None:
    cast = central_bedfordshire
    theirs = _listed_in_central_bedfordshire(cast)
    # The first item is the other team's (a set-up only the ORM makes).
    other = cast.other_social_worker.user
    Referral.objects.filter(pk=theirs.referral_id).update(
        team=cast.other_team, created_by=other, presenter=other
    )
    Child.objects.filter(referral_links__referral=theirs.referral_id).update(team=cast.other_team)
    ours = _listed_in_central_bedfordshire(cast)
    path = f"/meetings/{ours.meeting_id}/agenda"

    seen = api(cast.social_worker).get(path).json()["items"]
    whole = api(cast.panel_coordinator).get(path).json()["items"]

    assert [item["id"] for item in seen] == [ours.pk]
    assert seen[0]["slot_starts_at"] == whole[1]["slot_starts_at"]
    assert seen[0]["slot_starts_at"][11:16] == "09:45"


def test_it_answers_404_alike_for_a_missing_agenda_and_another_councils(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    item = listed(north_somerset)
    outsider = api(portsmouth.chair)

    theirs = outsider.get(f"/meetings/{item.meeting_id}/agenda")
    missing = outsider.get(f"/meetings/{MISSING}/agenda")
    auditor = api(north_somerset.auditor).get(f"/meetings/{item.meeting_id}/agenda")

    assert theirs.status_code == missing.status_code == auditor.status_code == 404
    assert theirs.json() == missing.json() == {"message": "No meeting with that id."}


def test_the_chair_sets_the_order_of_the_agenda(north_somerset: Cast, api) -> None:
    cast = north_somerset
    first, second = listed(cast), listed(cast)

    response = api(cast.chair).post(
        f"/meetings/{first.meeting_id}/agenda/order", {"items": [second.pk, first.pk]}
    )

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [second.pk, first.pk]
    assert [item["position"] for item in response.json()["items"]] == [1, 2]


def test_it_refuses_an_order_that_is_incomplete_or_from_another_role(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    cast = north_somerset
    first, _ = listed(cast), listed(cast)
    path = f"/meetings/{first.meeting_id}/agenda/order"

    incomplete = api(cast.chair).post(path, {"items": [first.pk]})
    not_a_list = api(cast.chair).post(path, {"items": "first"})
    by_coordinator = api(cast.panel_coordinator).post(path, {"items": [first.pk]})
    by_outsider = api(portsmouth.chair).post(path, {"items": [first.pk]})

    assert incomplete.status_code == 422
    assert incomplete.json()["errors"] == {
        "items": "List every item on the agenda once, in the order to hear them."
    }
    assert not_a_list.status_code == 400
    assert not_a_list.json()["errors"] == {"items": "Give a list."}
    assert by_coordinator.status_code == 403
    assert by_coordinator.json() == {
        "message": "Only the panel chair can set the order of the agenda."
    }
    assert by_outsider.status_code == 404


def test_the_chair_removes_an_item_and_it_is_relisted(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)
    chair = api(cast.chair)

    no_reason = chair.post(f"/agenda-items/{item.pk}/remove", {"reason": ""})
    response = chair.post(f"/agenda-items/{item.pk}/remove", {"reason": "No care plan."})
    again = chair.post(f"/agenda-items/{item.pk}/remove", {"reason": "No care plan."})

    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == {"reason": "Enter the reason."}
    assert response.status_code == 200
    removed = response.json()
    assert removed["removed_item"] == item.pk
    assert removed["relisted"]["starts_at"] == "2026-12-09T13:30:00+00:00"
    assert removed["relisted"]["item_status"] == "listed"
    assert again.status_code == 409
    assert again.json() == {
        "message": "This item is no longer on the agenda, so it cannot be removed."
    }


def test_it_refuses_a_removal_by_another_role_or_council(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    item = listed(north_somerset)

    by_coordinator = api(north_somerset.panel_coordinator).post(
        f"/agenda-items/{item.pk}/remove", {"reason": "x"}
    )
    theirs = api(portsmouth.chair).post(f"/agenda-items/{item.pk}/remove", {"reason": "x"})
    missing = api(portsmouth.chair).post(f"/agenda-items/{MISSING}/remove", {"reason": "x"})

    assert by_coordinator.status_code == 403
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json() == {"message": "No agenda item with that id."}


def test_it_records_the_panels_decision_on_an_item(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)

    response = api(cast.panel_coordinator).post(
        f"/agenda-items/{item.pk}/decision", _decision_body(cast)
    )

    assert response.status_code == 201
    decision = response.json()
    assert (decision["outcome"], decision["status"], decision["version"]) == (
        "approved_with_conditions",
        "recorded",
        1,
    )
    assert (decision["agenda_item"], decision["meeting"]) == (item.pk, item.meeting_id)
    assert decision["conditions"] == ["Review attendance at the parenting course."]
    assert decision["actions"][0]["owner"]["id"] == cast.social_worker.user.pk
    assert decision["approval"]["review_due_on"] == "2027-06-02"
    assert decision["approval"]["status"] == "pending"


def test_it_records_a_decision_again_from_the_version_read(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = decided(cast)
    coordinator = api(cast.panel_coordinator)
    path = f"/agenda-items/{decision.agenda_item_id}/decision"

    again = coordinator.post(
        path, _decision_body(cast, outcome="declined", approval=None, version=decision.version)
    )
    stale = coordinator.post(
        path, _decision_body(cast, outcome="declined", approval=None, version=decision.version)
    )

    assert again.status_code == 200
    assert (again.json()["outcome"], again.json()["version"]) == ("declined", 2)
    assert stale.status_code == 409
    assert stale.json() == {
        "message": "Someone else changed this decision since you opened it. "
        "Reload it and try again.",
        "current_version": 2,
    }


def test_it_refuses_to_change_a_signed_decision(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = signed(cast)

    response = api(cast.chair).post(
        f"/agenda-items/{decision.agenda_item_id}/decision",
        _decision_body(cast, outcome="declined", approval=None),
    )

    assert response.status_code == 409
    assert response.json()["message"].startswith("This decision has been signed")


def test_it_refuses_a_decision_that_breaks_the_rules_field_by_field(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_meeting(item.meeting)

    response = api(cast.chair).post(
        f"/agenda-items/{item.pk}/decision",
        _decision_body(
            cast,
            conditions=[],
            actions=[{"description": "", "owner": 999_999, "due_on": "2026-11-01"}],
            approval={
                "resource": "",
                "cost": {"amount_gbp": "10.00", "basis": "hourly"},
                "starts_on": "2026-12-07",
                "ends_on": "2026-12-01",
            },
        ),
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "conditions": "Add the conditions of the approval.",
        "actions[0].description": "Describe the action (2,000 characters or fewer).",
        "actions[0].owner": "The owner must be someone in this council.",
        "actions[0].due_on": "The due date must be today or later.",
        "approval.resource": "Say what is approved (300 characters or fewer).",
        "approval.cost.basis": "Say whether the cost is one-off, weekly, monthly or annual.",
        "approval.ends_on": "The end date must be on or after the start date.",
    }
    assert not Decision.objects.exists()


def test_it_refuses_a_decision_body_of_the_wrong_shape(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)

    response = api(cast.chair).post(
        f"/agenda-items/{item.pk}/decision",
        {"discussion": 5, "children": [{"outcome": "approved"}], "referred_to": "x" * 201},
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "outcome": "This field is required.",
        "discussion": "Enter text.",
        "children[0].child": "This field is required.",
        "referred_to": "This must be 200 characters or fewer.",
    }


def test_it_refuses_a_decision_from_another_role_or_council(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    cast = north_somerset
    item = listed(cast)
    body = _decision_body(cast)

    by_worker = api(cast.social_worker).post(f"/agenda-items/{item.pk}/decision", body)
    theirs = api(portsmouth.chair).post(f"/agenda-items/{item.pk}/decision", body)
    missing = api(portsmouth.chair).post(f"/agenda-items/{MISSING}/decision", body)

    assert by_worker.status_code == 403
    assert by_worker.json() == {
        "message": "Only the panel coordinator or the chair can record a decision."
    }
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json() == {"message": "No agenda item with that id."}


def test_a_social_worker_sees_only_their_own_teams_items_on_an_agenda(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    item = listed(cast)  # the first team's referral
    path = f"/meetings/{item.meeting_id}/agenda"

    own = api(cast.social_worker).get(path).json()["items"]
    other = api(cast.other_social_worker).get(path).json()["items"]
    coordinator = api(cast.panel_coordinator).get(path).json()["items"]

    assert [i["id"] for i in own] == [i["id"] for i in coordinator] == [item.pk]
    assert other == []


def test_an_item_is_complete_by_the_agenda_pages_rule_papers_and_sign_offs(
    north_somerset: Cast, api
) -> None:
    # Every paper is in, but a sign-off the pack asks for is not (as when a pack adds a
    # sign-off after the item was listed): the page and the API both say incomplete.
    cast = north_somerset
    first = listed(cast)
    second = listed(cast)
    for item in (first, second):
        for paper_type in ("assessment", "care_plan", "genogram"):
            with_paper(cast, item.referral, paper_type)
    SignOff.objects.filter(referral=second.referral, role="head_of_service").delete()

    items = api(cast.chair).get(f"/meetings/{first.meeting_id}/agenda").json()["items"]
    page = {row.item.pk: row for row in agenda_for(cast.chair, first.meeting_id).rows}

    assert [(i["id"], i["paper_gaps"], i["complete"]) for i in items] == [
        (first.pk, [], True),
        (second.pk, [], False),
    ]
    assert [i["complete"] for i in items] == [
        page[i["id"]].completeness.complete  # type: ignore[union-attr]
        for i in items
    ]
