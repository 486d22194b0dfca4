"""/children/{id}: a child's record and history, audited on every read."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from carepanel.audit.models import AuditEvent
from carepanel.decisions.services import ChildOutcomeInput, DecisionInput, agenda_item_decide
from tests.api.flows import approval, decided, draft, listed, new_child
from tests.clock import at_hearing
from tests.personas import Cast

MISSING = 999_999


def test_it_shows_a_childs_record_and_history_newest_first(north_somerset: Cast, api) -> None:
    cast = north_somerset
    decision = decided(cast)
    child = decision.referral.children.get()
    later = draft(cast, children=[{"id": child.pk}])

    response = api(cast.social_worker).get(f"/children/{child.pk}")

    assert response.status_code == 200
    record = response.json()
    assert (record["id"], record["case_id"], record["date_of_birth"]) == (
        child.pk,
        child.case_id,
        child.date_of_birth.isoformat(),
    )
    assert record["team"] == {"id": cast.team.pk, "name": "Family support team"}
    assert [r["id"] for r in record["referrals"]] == [later.pk, decision.referral_id]
    assert record["outcomes"] == [
        {
            "decision": decision.pk,
            "referral": decision.referral_id,
            "outcome": "approved_with_conditions",
            "note": "",
            "decision_status": "recorded",
            # Recorded at the hearing: the meeting's start.
            "recorded_at": timezone.localtime(decision.agenda_item.meeting.starts_at).isoformat(),  # type: ignore[union-attr]
            "signed_at": None,
        }
    ]
    assert [(a["decision"], a["review_due_on"]) for a in record["approvals"]] == [
        (decision.pk, "2027-06-02")
    ]
    event = AuditEvent.objects.get(action="child.viewed")
    assert (event.object_id, event.actor) == (str(child.pk), cast.social_worker.user)


def test_a_siblings_approval_is_not_the_childs(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast, children=[new_child(), new_child()])
    approved, declined = item.referral.children.order_by("referral_links__position")
    at_hearing(item.pk)
    agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=item.pk,
        data=DecisionInput(
            outcome="approved",
            children=[ChildOutcomeInput(child_id=declined.pk, outcome="declined")],
            approval=approval(),
        ),
        version=None,
    )
    caller = api(cast.social_worker)

    assert len(caller.get(f"/children/{approved.pk}").json()["approvals"]) == 1
    record = caller.get(f"/children/{declined.pk}").json()
    assert [o["outcome"] for o in record["outcomes"]] == ["declined"]
    assert record["approvals"] == []


def test_it_answers_404_alike_for_a_missing_child_and_one_out_of_sight(
    north_somerset: Cast, portsmouth: Cast, api
) -> None:
    child = draft(north_somerset).children.get()
    missing = api(portsmouth.social_worker).get(f"/children/{MISSING}")

    for outsider in (portsmouth.chair, north_somerset.other_social_worker):
        response = api(outsider).get(f"/children/{child.pk}")
        assert response.status_code == 404
        assert response.json() == missing.json() == {"message": "No child with that id."}
    assert not AuditEvent.objects.filter(action="child.viewed").exists()


def test_it_shows_only_the_referrals_the_caller_may_see(north_somerset: Cast, api) -> None:
    cast = north_somerset
    item = listed(cast)
    child = item.referral.children.get()
    draft(cast, children=[{"id": child.pk}])

    record = api(cast.panel_member).get(f"/children/{child.pk}").json()

    # A panel member sees what came to panel, not the team's drafts.
    assert [r["id"] for r in record["referrals"]] == [item.referral_id]
    assert dt.date.fromisoformat(record["date_of_birth"]) == child.date_of_birth
