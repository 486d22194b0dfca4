"""The issue's acceptance journey, through the API, on the demo data `make demo` loads.

North Somerset: the social worker asks for £1,500 a year of family support; the team
manager agrees, the head of service authorises; it is listed on the first Wednesday
meeting whose Friday-noon deadline it met; the chair approves it with conditions and a
review date and signs; the sheet says so; nobody can change it afterwards. A Portsmouth
token sees none of it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from carepanel.core.demo import demo_load
from carepanel.policy import get_pack, questions_for
from tests.api.flows import Api
from tests.clock import travel_to

pytestmark = pytest.mark.django_db


def _token(username: str) -> Api:
    """A token as the README says to make one: `carepanel token create USERNAME`."""
    out = io.StringIO()
    call_command("token", "create", username, stdout=out)
    return Api(out.getvalue().strip())


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.content
    return response.json()


def test_a_north_somerset_referral_goes_from_draft_to_a_signed_sheet_that_nobody_can_change() -> (
    None
):
    demo_load(["north-somerset", "portsmouth"])
    social_worker = _token("ns-social-worker")
    team_manager = _token("ns-team-manager")
    head_of_service = _token("ns-head-of-service")
    chair = _token("ns-chair")
    portsmouth = _token("pm-coordinator")

    answers = {q.id: f"Invented: {q.label}" for q in questions_for(get_pack("north-somerset"))}
    answers["requested"] = "Agreement to a family support package of £1,500 a year."
    referral = _ok(
        social_worker.post(
            "/referrals",
            {
                "kind": "family_support_package",
                "cost": {"amount_gbp": "1500.00", "basis": "annual"},
                "children": [
                    {
                        "first_name": "Wren",
                        "last_name": "Tolleshunt",
                        "date_of_birth": "2016-05-14",
                        "gender": "F",
                        "ethnicity": "WBRI",
                        "case_id": "NS-ACCEPT-1",
                        "plan": "cin",
                    }
                ],
                "answers": answers,
            },
        ),
        201,
    )
    assert referral["status"] == "draft"
    assert referral["route"]["route"] == "panel"
    assert referral["route"]["panel"] == "care-and-resource"
    referral_id = referral["id"]

    assert _ok(social_worker.post(f"/referrals/{referral_id}/submit"))["status"] == "submitted"
    agreed = _ok(
        team_manager.post(f"/referrals/{referral_id}/sign-offs", {"outcome": "agreed"}), 201
    )
    assert agreed["next_sign_off"] == {"role": "head_of_service", "action": "authorise"}
    listed = _ok(
        head_of_service.post(f"/referrals/{referral_id}/sign-offs", {"outcome": "agreed"}), 201
    )

    # Monday 23 November: Friday 27 November at midday is the deadline of the panel on
    # Wednesday 2 December at 1:30pm.
    assert listed["status"] == "listed"
    meeting = listed["meeting"]
    assert meeting["starts_at"] == "2026-12-02T13:30:00+00:00"
    assert meeting["submission_deadline"] == "2026-11-27T12:00:00+00:00"
    agenda = _ok(chair.get(f"/meetings/{meeting['id']}/agenda"))
    assert meeting["item_id"] in [item["id"] for item in agenda["items"]]

    child_id = listed["children"][0]["id"]
    # The panel decides at the meeting: the clock moves to its start.
    travel_to(dt.datetime.fromisoformat(meeting["starts_at"]))
    decision = _ok(
        chair.post(
            f"/agenda-items/{meeting['item_id']}/decision",
            {
                "outcome": "approved_with_conditions",
                "discussion": "The panel heard the family's progress.",
                "conditions": ["The family attends the parenting programme every week."],
                "approval": {
                    "resource": "Family support package",
                    "provider": "Invented Family Support Ltd",
                    "cost": {"amount_gbp": "1500.00", "basis": "annual"},
                    "starts_on": "2026-12-07",
                    "review_due_on": "2027-06-02",
                },
            },
        ),
        201,
    )
    signed = _ok(chair.post(f"/decisions/{decision['id']}/sign"))
    assert signed["status"] == "signed"
    # The chair is North Somerset's assistant director, who finalises by signing.
    assert signed["awaits_finalisation"] is False
    assert signed["approval"]["status"] == "active"

    sheet = social_worker.get(f"/decisions/{decision['id']}/sheet.pdf")
    assert sheet.status_code == 200
    assert sheet["Content-Type"] == "application/pdf"
    pdf = b"".join(sheet.streaming_content) if sheet.streaming else sheet.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    for shown in (
        "Wren Tolleshunt",
        "Family support package",
        "Agreement to a family support package of £1,500 a year.",
        "Approved with conditions",
        "The family attends the parenting programme every week.",
        "Wednesday 2 June 2027",
        signed["signed_by"],
        "Wednesday 2 December 2026 at 1:30pm",  # signed at the meeting
    ):
        assert shown in text, shown

    changed = chair.post(f"/agenda-items/{meeting['item_id']}/decision", {"outcome": "declined"})
    assert changed.status_code == 409
    assert chair.post(f"/decisions/{decision['id']}/sign").status_code == 409

    for path in (
        f"/referrals/{referral_id}",
        f"/meetings/{meeting['id']}/agenda",
        f"/decisions/{decision['id']}",
        f"/decisions/{decision['id']}/sheet.pdf",
        f"/children/{child_id}",
    ):
        assert portsmouth.get(path).status_code == 404, path
    assert portsmouth.get("/meetings", authority="north-somerset").status_code == 404
    for path, body in (
        (f"/referrals/{referral_id}/submit", None),
        (f"/referrals/{referral_id}/sign-offs", {"outcome": "agreed"}),
        (f"/agenda-items/{meeting['item_id']}/decision", {"outcome": "declined"}),
        (f"/decisions/{decision['id']}/sign", None),
    ):
        assert portsmouth.post(path, body).status_code == 404, path
