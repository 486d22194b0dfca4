"""Signing and finalising (decisions:to_sign, decisions:sign, decisions:finalise): the
chair reads exactly what they sign, signs once, and nobody changes it afterwards; where the
pack says so, a named role finalises it."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.decisions.models import Approval, Decision
from carepanel.decisions.services import agenda_item_decide
from carepanel.decisions.sheets import sheet_context, sheet_queryset
from tests.clock import at_hearing
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import decided, decision_input, in_effect, nothing_written, signed

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ to sign


def test_the_chair_has_a_list_of_decisions_to_sign(client: Client, north_somerset: Cast) -> None:
    cast = north_somerset
    waiting = decided(cast)
    signed(cast)  # signed already: not listed
    page = parse(signed_in(client, cast.chair).get("/decisions/to-sign/").content)
    child = waiting.referral.child_links.get().child

    assert page.h("h1") == ["Decisions to sign"]
    rows = page.tables["awaiting-heading"]
    assert rows[0] == ["Meeting", "Referral", "Children", "Outcome", "Waiting for", "Action"]
    assert rows[1:] == [
        [
            "Wednesday 2 December 2026",
            f"Referral {waiting.referral_id}",
            child.full_name,
            "Approved",
            "Your signature",
            f"Sign decision {waiting.pk}",
        ]
    ]


def test_the_assistant_director_has_recommendations_to_finalise(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    waiting = signed(cast)
    html = signed_in(client, cast.assistant_director).get("/decisions/to-sign/").content.decode()
    assert "Your finalisation" in html
    assert f'href="/decisions/{waiting.pk}/finalise/"' in html


def test_someone_with_nothing_to_sign_is_told_so(client: Client, north_somerset: Cast) -> None:
    decided(north_somerset)
    html = signed_in(client, north_somerset.social_worker).get("/decisions/to-sign/").content
    assert b"No decision is waiting for your signature or finalisation." in html


def test_the_list_is_in_pages_of_25(client: Client, portsmouth: Cast) -> None:
    from tests.workflow.helpers import listed

    first = listed(portsmouth)
    for _ in range(26):
        agenda = listed(portsmouth)
        at_hearing(agenda.pk)
        agenda_item_decide(
            actor=portsmouth.panel_coordinator,
            item_id=agenda.pk,
            data=decision_input("declined"),
            version=None,
        )
    at_hearing(first.pk)
    agenda_item_decide(
        actor=portsmouth.panel_coordinator,
        item_id=first.pk,
        data=decision_input("declined"),
        version=None,
    )
    chair = signed_in(client, portsmouth.chair)
    one = parse(chair.get("/decisions/to-sign/").content)
    two = parse(chair.get("/decisions/to-sign/?page=2").content)
    assert len(one.tables["awaiting-heading"]) == 26  # the header and 25 rows
    assert len(two.tables["awaiting-heading"]) == 3
    assert 'aria-label="Page 2"' in chair.get("/decisions/to-sign/").content.decode()


# ------------------------------------------------------------------ sign


def test_the_sign_page_shows_exactly_what_the_sheet_says(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    decision = decided(cast, "approved_with_conditions")
    sheet = sheet_context(sheet_queryset().get(pk=decision.pk))
    page = parse(signed_in(client, cast.chair).get(f"/decisions/{decision.pk}/sign/").content)

    assert page.h("h1") == [f"Sign decision {decision.pk}"]
    assert page.summaries["sheet-decision"]["Outcome"] == sheet.outcome
    assert page.summaries["sheet-decision"]["Meeting"] == sheet.meeting
    assert page.summaries["sheet-referral"]["Kind of referral"] == sheet.referral_kind.capitalize()
    assert sheet.approval is not None
    approval = page.summaries["sheet-approval"]
    assert (
        approval["Resource"],
        approval["Cost"],
        approval["Start"],
        approval["New referral due"],
    ) == (
        sheet.approval.resource,
        sheet.approval.cost,
        sheet.approval.starts,
        sheet.approval.review_due,
    )
    assert page.summaries["sheet-signature"]["Signed"] == "Not signed – draft"
    assert page.tables["sheet-children"][1][0] == sheet.children[0].name


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 200),
        ("panel_coordinator", 403),
        ("assistant_director", 403),
        ("social_worker", 403),
    ],
)
def test_only_the_chair_signs_a_panel_decision(
    client: Client, north_somerset: Cast, persona: str, status: int
) -> None:
    decision = decided(north_somerset)
    response = signed_in(client, getattr(north_somerset, persona)).get(
        f"/decisions/{decision.pk}/sign/"
    )
    assert response.status_code == status
    if status == 403:
        assert b"Only the panel chair can sign a decision." in response.content
        with nothing_written():
            posted = client.post(f"/decisions/{decision.pk}/sign/", {"version": decision.version})
        assert posted.status_code == 403


def test_signing_signs_and_confirms_with_the_decision_number(
    client: Client, portsmouth: Cast
) -> None:
    cast = portsmouth
    decision = decided(cast)
    chair = signed_in(client, cast.chair)

    response = chair.post(f"/decisions/{decision.pk}/sign/", {"version": decision.version})

    assert response.status_code == 302
    assert response["Location"] == f"/decisions/{decision.pk}/sign/"
    decision.refresh_from_db()
    assert (decision.status, decision.signed_by_id, decision.signed_at) == (
        "signed",
        cast.chair.user.pk,
        decision.agenda_item.meeting.starts_at,  # type: ignore[union-attr]
    )
    assert Approval.objects.get(decision=decision).status == "active"
    event = AuditEvent.objects.get(action="decision.signed")
    assert event.object_id == str(decision.pk)

    confirmation = chair.get(response["Location"]).content.decode()
    page = parse(confirmation)
    assert page.h("h1") == ["Decision signed"]
    assert "govuk-panel--confirmation" in confirmation
    assert f"<strong>{decision.pk}</strong>" in confirmation
    assert f'href="/decisions/{decision.pk}/sheet.pdf"' in confirmation
    assert f'href="/decisions/{decision.pk}/"' in confirmation


def test_a_decision_is_signed_once(client: Client, portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    with nothing_written():
        again = signed_in(client, portsmouth.chair).post(
            f"/decisions/{decision.pk}/sign/", {"version": decision.version}
        )
    assert again.status_code == 409
    assert b"This decision is already signed." in again.content


def test_signing_what_someone_has_just_changed_is_refused(client: Client, portsmouth: Cast) -> None:
    cast = portsmouth
    decision = decided(cast)
    read = decision.version
    at_hearing(decision.agenda_item_id)
    agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=decision.agenda_item_id,  # type: ignore[arg-type]
        data=decision_input("declined"),
        version=read,
    )
    with nothing_written():
        response = signed_in(client, cast.chair).post(
            f"/decisions/{decision.pk}/sign/", {"version": read}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Someone else changed this decision since you opened it." in html
    assert Decision.objects.get(pk=decision.pk).status == "recorded"


def test_another_councils_decision_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    decision = decided(north_somerset)
    other = signed_in(client, portsmouth.chair)
    for path in ("", "sign/", "finalise/", "sheet.pdf"):
        assert other.get(f"/decisions/{decision.pk}/{path}").status_code == 404, path
    with nothing_written():
        assert other.post(f"/decisions/{decision.pk}/sign/").status_code == 404


# ------------------------------------------------------------------ finalise


def test_north_somersets_assistant_director_finalises_the_recommendation(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    decision = signed(cast)
    director = signed_in(client, cast.assistant_director)
    page = director.get(f"/decisions/{decision.pk}/finalise/").content.decode()
    assert "Finalise the decision" in page
    assert "Recommendation – to be finalised by the assistant director" in page

    response = director.post(f"/decisions/{decision.pk}/finalise/", {"version": decision.version})

    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.finalised_by_id, decision.finalised_at) == (
        cast.assistant_director.user.pk,
        decision.agenda_item.meeting.starts_at,  # type: ignore[union-attr]
    )
    assert Approval.objects.get(decision=decision).status == "active"
    assert AuditEvent.objects.filter(
        action="decision.finalised", object_id=str(decision.pk)
    ).exists()
    confirmation = director.get(response["Location"]).content.decode()
    assert parse(confirmation).h("h1") == ["Decision finalised"]
    assert "Finalised by AssistantDirector OfNorth" in confirmation


@pytest.mark.parametrize("persona", ["chair", "head_of_service", "panel_coordinator"])
def test_only_the_role_the_pack_names_finalises(
    client: Client, north_somerset: Cast, persona: str
) -> None:
    decision = signed(north_somerset)
    person = signed_in(client, getattr(north_somerset, persona))
    refused = person.get(f"/decisions/{decision.pk}/finalise/")
    assert refused.status_code == 403
    assert b"Only the assistant director can finalise this decision." in refused.content
    with nothing_written():
        assert person.post(f"/decisions/{decision.pk}/finalise/").status_code == 403


def test_a_decision_is_finalised_only_once_signed(client: Client, north_somerset: Cast) -> None:
    decision = decided(north_somerset)
    director = signed_in(client, north_somerset.assistant_director)
    page = director.get(f"/decisions/{decision.pk}/finalise/").content.decode()
    assert "The chair must sign the decision before it is finalised." in page
    assert "Finalise the decision</button>" not in page
    with nothing_written():
        refused = director.post(f"/decisions/{decision.pk}/finalise/", {"version": 1})
    assert refused.status_code == 409


def test_a_council_without_finalisation_has_no_finalise_page(
    client: Client, portsmouth: Cast
) -> None:
    decision = in_effect(portsmouth)
    response = signed_in(client, portsmouth.assistant_director).get(
        f"/decisions/{decision.pk}/finalise/"
    )
    assert response.status_code == 409
    assert b"This decision needs no finalisation." in response.content
