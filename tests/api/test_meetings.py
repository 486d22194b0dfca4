"""/meetings: the calendar of sittings, and the coordinator's additions, moves and
cancellations."""

from __future__ import annotations

import datetime as dt

from carepanel.api.schemas import MeetingOut
from carepanel.meetings.models import AgendaItem, Meeting
from tests.api.flows import PANEL, listed
from tests.personas import Cast

MISSING = 999_999


def test_it_lists_the_next_sixteen_weeks_of_meetings(north_somerset: Cast, api) -> None:
    response = api(north_somerset.panel_member).get("/meetings")

    assert response.status_code == 200
    listing = response.json()
    assert (listing["authority"], listing["date_from"], listing["date_to"]) == (
        "north-somerset",
        "2026-11-23",
        "2027-03-15",
    )
    first = listing["results"][0]
    assert first == {
        "id": first["id"],
        "panel": PANEL,
        "panel_name": "Care and Resource Panel",
        "status": "scheduled",
        "starts_at": "2026-11-25T13:30:00+00:00",
        "ends_at": "2026-11-25T16:30:00+00:00",
        "submission_deadline": "2026-11-20T12:00:00+00:00",
        "papers_deadline": "2026-11-23T12:00:00+00:00",
        "capacity": None,
        "slot_minutes": None,
        "listed": 0,
        "taken": 0,
        "places_left": None,
        "over_capacity_by": 0,
        "urgent_only": False,
        "venue": "Virtual meeting",
        "change_reason": "",
        "version": 1,
    }
    days = [meeting["starts_at"][:10] for meeting in listing["results"]]
    assert days == sorted(days)
    assert days[-1] <= "2027-03-15"
    assert len(days) == 16


def test_it_lists_meetings_between_two_dates_of_one_panel(portsmouth: Cast, api) -> None:
    caller = api(portsmouth.panel_coordinator)

    response = caller.get("/meetings", **{"from": "2027-01-01", "to": "2027-03-31"})
    other_panel = caller.get("/meetings", panel="nonesuch")

    results = response.json()["results"]
    assert results
    assert all("2027-01-01" <= m["starts_at"][:10] <= "2027-03-31" for m in results)
    assert (results[0]["capacity"], results[0]["places_left"]) == (25, 25)
    assert other_panel.json()["results"] == []


def test_it_counts_places_left_and_how_far_a_meeting_is_over_capacity() -> None:
    meeting = Meeting(
        pk=1,
        panel_id="resource",
        panel_name="Resource Panel",
        starts_at=dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 12, 3, 12, 30, tzinfo=dt.UTC),
        submission_deadline=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC),
        capacity=25,
    )

    def out(taken: int, left: int) -> tuple[int | None, int]:
        # As with_places annotates it.
        meeting.listed, meeting.taken, meeting.places_left = taken, taken, left  # type: ignore[attr-defined]
        shown = MeetingOut.of(meeting)
        return shown.places_left, shown.over_capacity_by

    assert out(20, 5) == (5, 0)
    assert out(27, 0) == (0, 2)


def test_it_answers_404_for_another_authority(north_somerset: Cast, portsmouth: Cast, api) -> None:
    caller = api(north_somerset.panel_coordinator)

    theirs = caller.get("/meetings", authority="portsmouth")
    unknown = caller.get("/meetings", authority="atlantis")
    mine = caller.get("/meetings", authority="north-somerset")

    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json() == unknown.json() == {"message": "No authority with that id."}
    assert mine.status_code == 200


def test_it_refuses_a_bad_date_range(north_somerset: Cast, api) -> None:
    caller = api(north_somerset.panel_coordinator)

    backwards = caller.get("/meetings", **{"from": "2027-01-10", "to": "2027-01-01"})
    too_long = caller.get("/meetings", **{"from": "2027-01-01", "to": "2028-06-01"})
    not_a_date = caller.get("/meetings", **{"from": "soon"})

    assert backwards.status_code == too_long.status_code == not_a_date.status_code == 422
    assert backwards.json()["errors"] == {"to": "The end date must be on or after the start date."}
    assert too_long.json()["errors"] == {"to": "Ask for at most a year of meetings at a time."}
    assert not_a_date.json()["errors"] == {"from": "Enter a date like 2026-11-23."}


def test_it_lists_nothing_to_a_role_that_does_not_see_agendas(north_somerset: Cast, api) -> None:
    response = api(north_somerset.auditor).get("/meetings")

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_it_adds_a_meeting(north_somerset: Cast, api) -> None:
    response = api(north_somerset.panel_coordinator).post(
        "/meetings", {"panel": PANEL, "date": "2026-12-04", "reason": "Extra sitting."}
    )

    assert response.status_code == 201
    meeting = response.json()
    assert meeting["starts_at"] == "2026-12-04T13:30:00+00:00"
    assert meeting["change_reason"] == "Extra sitting."
    assert Meeting.objects.filter(pk=meeting["id"], cadence_day__isnull=True).exists()


def test_it_refuses_a_meeting_from_the_wrong_role_or_on_a_bad_day(
    north_somerset: Cast, api
) -> None:
    body = {"panel": PANEL, "date": "2026-11-20", "reason": "Extra sitting."}

    by_worker = api(north_somerset.social_worker).post("/meetings", body)
    in_the_past = api(north_somerset.panel_coordinator).post("/meetings", body)
    unknown_panel = api(north_somerset.panel_coordinator).post(
        "/meetings", {**body, "panel": "nonesuch", "date": "2026-12-04"}
    )
    no_reason = api(north_somerset.panel_coordinator).post(
        "/meetings", {"panel": PANEL, "date": "2026-12-04"}
    )

    assert by_worker.status_code == 403
    assert by_worker.json() == {"message": "Only a panel coordinator can add a meeting."}
    assert in_the_past.status_code == 422
    assert in_the_past.json()["errors"] == {"date": "The date must be in the future."}
    assert unknown_panel.json()["errors"] == {"panel": "This authority has no panel with that id."}
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == {"reason": "This field is required."}


def test_it_moves_a_meeting_with_its_agenda(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)
    meeting = item.meeting

    response = api(cast.panel_coordinator).post(
        f"/meetings/{meeting.pk}/move",
        {"date": "2026-12-03", "reason": "Invented clash.", "version": meeting.version},
    )

    assert response.status_code == 200
    moved = response.json()
    assert (moved["starts_at"], moved["version"], moved["listed"]) == (
        "2026-12-03T13:30:00+00:00",
        meeting.version + 1,
        1,
    )


def test_it_refuses_a_move_from_a_stale_version(north_somerset: Cast, api) -> None:
    meeting = listed(north_somerset).meeting
    caller = api(north_somerset.panel_coordinator)
    body = {"date": "2026-12-03", "reason": "Invented.", "version": meeting.version}
    assert caller.post(f"/meetings/{meeting.pk}/move", body).status_code == 200

    response = caller.post(f"/meetings/{meeting.pk}/move", body)
    without_version = caller.post(
        f"/meetings/{meeting.pk}/move", {"date": "2026-12-03", "reason": "Invented."}
    )

    assert response.status_code == 409
    assert response.json() == {
        "message": "Someone else changed this meeting since you opened it. Reload it and try again."
    }
    assert without_version.status_code == 400


def test_it_cancels_a_meeting_and_carries_its_items_over(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)
    meeting = item.meeting
    caller = api(cast.panel_coordinator)
    body = {"reason": "Invented snow.", "version": meeting.version}

    response = caller.post(f"/meetings/{meeting.pk}/cancel", body)
    again = caller.post(f"/meetings/{meeting.pk}/cancel", {**body, "version": meeting.version + 1})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["listed"]) == ("cancelled", 0)
    carried = AgendaItem.objects.get(referral=item.referral, status=AgendaItem.Status.LISTED)
    assert carried.carried_over_from_id == item.pk
    assert again.status_code == 409
    assert again.json() == {"message": "This meeting is already cancelled."}


def test_it_answers_404_alike_for_a_missing_meeting_and_another_councils(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    meeting = listed(north_somerset).meeting
    outsider = api(portsmouth.panel_coordinator)
    body = {"reason": "x", "version": 1}

    theirs = outsider.post(f"/meetings/{meeting.pk}/cancel", body)
    missing = outsider.post(f"/meetings/{MISSING}/cancel", body)
    moved = outsider.post(f"/meetings/{meeting.pk}/move", {**body, "date": "2026-12-03"})

    assert theirs.status_code == missing.status_code == moved.status_code == 404
    assert (
        theirs.json() == missing.json() == moved.json() == {"message": "No meeting with that id."}
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
