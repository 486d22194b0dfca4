"""/referrals: drafting, listing, reading and changing a draft."""

from __future__ import annotations

from carepanel.audit.models import AuditEvent
from carepanel.children.models import Child
from carepanel.referrals.models import Referral
from tests.api.flows import (
    PANEL,
    child_body,
    draft,
    listed,
    referral_body,
    submitted,
)
from tests.personas import Cast

MISSING = 999_999


def test_it_creates_a_draft_referral(north_somerset: Cast, api) -> None:
    cast = north_somerset
    body = referral_body(
        cast,
        flags={"joint_funding": True},
        family=[{"name": "Invented Parent", "relationship": "mother", "gender": "F"}],
        previous_outcome="Invented earlier outcome.",
    )

    response = api(cast.social_worker).post("/referrals", body)

    assert response.status_code == 201
    referral = response.json()
    assert referral["status"] == "draft"
    assert referral["version"] == 1
    assert referral["kind"] == "family_support_package"
    assert referral["kind_label"] == "a family support package"
    assert referral["cost"] == {"amount_gbp": "1500.00", "basis": "annual", "weeks": None}
    assert referral["annual_cost_gbp"] == "1500.00"
    assert referral["flags"]["joint_funding"] is True
    assert referral["route"]["route"] == "panel"
    assert referral["route"]["panel"] == PANEL
    assert referral["team"] == {"id": cast.team.pk, "name": "Family support team"}
    assert referral["presenter"]["id"] == cast.social_worker.user.pk
    child = Child.objects.get()
    assert referral["children"] == [
        {
            "id": child.pk,
            "first_name": child.first_name,
            "last_name": "Invented",
            "date_of_birth": child.date_of_birth.isoformat(),
            "case_id": child.case_id,
            "legal_status": "",
            "plan": "cin",
            "disabled": False,
        }
    ]
    assert referral["family"] == [
        {
            "name": "Invented Parent",
            "relationship": "mother",
            "date_of_birth": None,
            "gender": "F",
            "ethnicity": "",
        }
    ]
    assert referral["answers"] == body["answers"]
    assert referral["created_at"] == "2026-11-23T10:00:00+00:00"
    assert referral["meeting"] is None
    assert referral["sign_offs"] == []
    assert referral["next_sign_off"] is None
    assert (
        AuditEvent.objects.filter(referral_id=referral["id"])
        .values_list("action", flat=True)
        .get(action="referral.created")
    )


def test_it_names_a_child_already_on_record_by_id(north_somerset: Cast, api) -> None:
    cast = north_somerset
    first = draft(cast)
    child = first.children.get()

    response = api(cast.social_worker).post(
        "/referrals", referral_body(cast, children=[{"id": child.pk}])
    )

    assert response.status_code == 201
    assert [c["id"] for c in response.json()["children"]] == [child.pk]


def test_it_refuses_a_body_without_a_kind(north_somerset: Cast, api) -> None:
    body = referral_body(north_somerset)
    del body["kind"]

    response = api(north_somerset.social_worker).post("/referrals", body)

    assert response.status_code == 400
    assert response.json()["errors"] == {"kind": "This field is required."}
    assert not Referral.objects.exists()


def test_it_refuses_values_of_the_wrong_type_field_by_field(north_somerset: Cast, api) -> None:
    body = referral_body(
        north_somerset,
        cost={"amount_gbp": "a lot", "basis": "annual", "weeks": "ten"},
        children=[child_body(date_of_birth="1 March 2015", disabled="perhaps")],
        flags={"emergency": "urgent", "bogus": True},
        team="mine",
    )

    response = api(north_somerset.social_worker).post("/referrals", body)

    assert response.status_code == 400
    assert response.json() == {
        "message": "The request is not valid: see errors for each field.",
        "errors": {
            "cost.amount_gbp": "Enter an amount in pounds, like 1500.00.",
            "cost.weeks": "Enter a whole number.",
            "children[0].date_of_birth": "Enter a date like 2026-11-23.",
            "children[0].disabled": "Enter true or false.",
            "flags.emergency": "Enter true or false.",
            "flags.bogus": "This field is not recognised.",
            "team": "Enter a whole number.",
        },
    }


def test_it_refuses_a_referral_the_councils_rules_do_not_accept_field_by_field(
    north_somerset: Cast, api
) -> None:
    body = referral_body(
        north_somerset,
        kind="a_pony",
        cost={"amount_gbp": "15.001", "basis": "fortnightly"},
        children=[child_body(), child_body(ethnicity="XXXX", gender="Q", first_name="")],
        answers={"favourite_colour": "Blue"},
    )

    response = api(north_somerset.social_worker).post("/referrals", body)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "kind": "Choose a kind of referral from the list.",
        "cost.amount_gbp": "Give the cost in pounds and pence, like 1500.00.",
        "cost.basis": "Say whether the cost is one-off, weekly, monthly or annual.",
        "answers.favourite_colour": "This is not a question on this council's form.",
        "children[1].first_name": "Enter the child's first name.",
        "children[1].gender": "Choose a code from the list.",
        "children[1].ethnicity": "Choose a code from the list.",
    }
    assert not Referral.objects.exists()
    assert not Child.objects.exists()


def test_it_refuses_a_referral_from_a_role_that_may_not_start_one(
    north_somerset: Cast, api
) -> None:
    response = api(north_somerset.chair).post("/referrals", referral_body(north_somerset))

    assert response.status_code == 403
    assert response.json() == {
        "message": "Only a social worker or team manager can start a referral."
    }


def test_it_lists_the_referrals_the_caller_can_see_newest_first(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    cast = north_somerset
    older = draft(cast)
    newer = draft(cast)
    mine = api(cast.social_worker)

    response = mine.get("/referrals")

    assert response.status_code == 200
    page = response.json()
    assert (page["count"], page["page"], page["page_size"]) == (2, 1, 50)
    assert [r["id"] for r in page["results"]] == [newer.pk, older.pk]
    assert "answers" not in page["results"][0]
    assert AuditEvent.objects.get(action="referral.list_viewed").data == {
        "referrals": [newer.pk, older.pk]
    }
    # Drafts stay within their team; another council sees nothing.
    assert api(cast.other_social_worker).get("/referrals").json()["count"] == 0
    assert api(portsmouth.chair).get("/referrals").json()["count"] == 0


def test_it_pages_the_list(north_somerset: Cast, api, monkeypatch) -> None:
    monkeypatch.setattr("carepanel.api.referrals.PAGE_SIZE", 2)
    made = [draft(north_somerset).pk for _ in range(3)]
    caller = api(north_somerset.social_worker)

    second = caller.get("/referrals", page=2).json()
    beyond = caller.get("/referrals", page=3).json()

    assert second["count"] == 3
    assert [r["id"] for r in second["results"]] == [made[0]]
    assert beyond["results"] == []


def test_it_filters_the_list_by_status_and_kind(north_somerset: Cast, api) -> None:
    cast = north_somerset
    a_draft = draft(cast)
    a_submitted = submitted(cast)
    caller = api(cast.social_worker)

    by_status = caller.get("/referrals", status="submitted").json()
    by_kind = caller.get("/referrals", kind="placement_ifa").json()

    assert [r["id"] for r in by_status["results"]] == [a_submitted.pk]
    assert by_kind["count"] == 0
    assert a_draft.pk not in [r["id"] for r in by_status["results"]]


def test_it_refuses_an_unknown_filter_or_page(north_somerset: Cast, api) -> None:
    caller = api(north_somerset.social_worker)

    response = caller.get("/referrals", status="lost", kind="pony", page=0)
    assert response.status_code == 422
    assert response.json()["errors"] == {"page": "This must be 1 or more."}

    response = caller.get("/referrals", status="lost", kind="pony")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"status", "kind"}


def test_it_shows_a_referral_and_audits_the_read(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)
    referral = item.referral

    response = api(cast.panel_coordinator).get(f"/referrals/{referral.pk}")

    assert response.status_code == 200
    shown = response.json()
    assert shown["status"] == "listed"
    assert [(s["role"], s["action"], s["outcome"], s["by"]) for s in shown["sign_offs"]] == [
        ("team_manager", "agree", "agreed", "TeamManager OfNorth"),
        ("head_of_service", "authorise", "agreed", "HeadOfService OfNorth"),
    ]
    assert shown["next_sign_off"] is None
    assert shown["meeting"] == {
        "id": item.meeting_id,
        "panel": PANEL,
        "panel_name": "Care and Resource Panel",
        "starts_at": "2026-12-02T13:30:00+00:00",
        "submission_deadline": "2026-11-27T12:00:00+00:00",
        "item_id": item.pk,
        "item_status": "listed",
        "purpose": "decision",
        "late": False,
        "late_reason": "",
    }
    assert {gap["type"] for gap in shown["paper_gaps"]} == {"assessment", "care_plan", "genogram"}
    assert shown["paper_gaps"][0]["problem"] == "missing"
    assert shown["decisions"] == []
    assert shown["emergency_decision"] is None
    viewed = AuditEvent.objects.get(action="referral.viewed")
    assert (viewed.actor, viewed.referral_id) == (cast.panel_coordinator.user, referral.pk)


def test_it_answers_404_alike_for_a_missing_referral_and_another_councils(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    referral = submitted(north_somerset)
    outsider = api(portsmouth.chair)

    theirs = outsider.get(f"/referrals/{referral.pk}")
    missing = outsider.get(f"/referrals/{MISSING}")

    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json() == {"message": "No referral with that id."}
    # Changes answer the same.
    assert outsider.post(f"/referrals/{referral.pk}/withdraw", {"reason": "x"}).json() == (
        missing.json()
    )
    assert not AuditEvent.objects.filter(action="referral.viewed").exists()


def test_it_hides_another_teams_draft(north_somerset: Cast, api) -> None:
    referral = draft(north_somerset)

    response = api(north_somerset.other_social_worker).get(f"/referrals/{referral.pk}")

    assert response.status_code == 404


def test_it_changes_a_draft(north_somerset: Cast, api) -> None:
    cast = north_somerset
    caller = api(cast.social_worker)
    created = caller.post("/referrals", referral_body(cast)).json()
    body = referral_body(cast, kind="specialist_therapy", version=created["version"])
    body["children"] = [{"id": created["children"][0]["id"]}]

    response = caller.patch(f"/referrals/{created['id']}", body)

    assert response.status_code == 200
    assert response.json()["kind"] == "specialist_therapy"
    assert response.json()["version"] == created["version"] + 1


def test_it_refuses_a_change_made_from_a_stale_version(north_somerset: Cast, api) -> None:
    cast = north_somerset
    referral = draft(cast)
    body = referral_body(cast, version=referral.version)
    caller = api(cast.social_worker)
    assert caller.patch(f"/referrals/{referral.pk}", body).status_code == 200

    response = caller.patch(f"/referrals/{referral.pk}", body)

    assert response.status_code == 409
    assert response.json() == {
        "message": "Someone else changed this referral since you opened it. "
        "Reload it and try again."
    }


def test_it_needs_the_version_to_change_a_draft(north_somerset: Cast, api) -> None:
    referral = draft(north_somerset)

    response = api(north_somerset.social_worker).patch(
        f"/referrals/{referral.pk}", referral_body(north_somerset)
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"version": "This field is required."}


def test_it_refuses_changes_once_submitted_and_from_outside_the_team(
    north_somerset: Cast, api
) -> None:
    cast = north_somerset
    referral = submitted(cast)
    body = referral_body(cast, version=referral.version)

    by_team = api(cast.social_worker).patch(f"/referrals/{referral.pk}", body)
    by_coordinator = api(cast.panel_coordinator).patch(f"/referrals/{referral.pk}", body)

    assert by_team.status_code == 409
    assert by_team.json() == {"message": "This referral is submitted, so it cannot be changed."}
    assert by_coordinator.status_code == 403
    assert by_coordinator.json() == {"message": "Only the referral's team can change it."}
