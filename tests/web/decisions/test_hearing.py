"""The hearing screen (decisions:hearing): the coordinator or chair records the panel's
decision on an agenda item while it is heard, and records it again until the chair signs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from carepanel.audit.models import AuditEvent
from carepanel.decisions.models import Action, Approval, ChildOutcome, Decision, DecisionCondition
from carepanel.decisions.services import agenda_item_decide
from tests.clock import at_hearing
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.decisions.forms_data import action_rows, approval_data, decision_data
from tests.workflow.helpers import (
    decided,
    decision_input,
    listed,
    new_child,
    nothing_written,
    signed,
)

pytestmark = pytest.mark.django_db


def _url(item_id: int) -> str:
    return f"/agenda-items/{item_id}/decision/"


# ------------------------------------------------------------------ who may open it


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("panel_coordinator", 200),
        ("chair", 200),
        ("panel_member", 403),
        ("head_of_service", 403),
        ("social_worker", 403),  # their own team's item: they see it, but do not decide it
        ("other_social_worker", 404),  # another team's item
    ],
)
def test_the_coordinator_and_the_chair_record_the_decision(
    client: Client, north_somerset: Cast, persona: str, status: int
) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    response = signed_in(client, getattr(north_somerset, persona)).get(_url(item.pk))
    assert response.status_code == status
    if status == 403:
        assert "Only the panel coordinator or the chair can record a decision." in (
            response.content.decode()
        )


def test_another_councils_item_is_not_found(
    client: Client, north_somerset: Cast, portsmouth: Cast
) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    coordinator = signed_in(client, portsmouth.panel_coordinator)
    assert coordinator.get(_url(item.pk)).status_code == 404
    with nothing_written():
        assert coordinator.post(_url(item.pk), decision_data("declined")).status_code == 404


# ------------------------------------------------------------------ what it shows


def test_the_hearing_shows_the_referral_beside_the_form(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    html = signed_in(client, north_somerset.panel_coordinator).get(_url(item.pk)).content.decode()
    page = parse(html)

    assert page.title == f"Decision on referral {item.referral_id} – Carepanel"
    assert page.h("h1") == [f"Decision on referral {item.referral_id}"]
    summary = page.summaries["referral-summary"]
    assert summary["Kind"] == "A family support package"
    assert summary["Cost"].startswith("£1,500 a year")
    assert summary["Presenter"] == "SocialWorker OfNorth"
    assert "Ash Invented" in summary["Child"] or "Invented" in summary["Child"]
    assert 'class="moj-ticket-panel"' in html
    # Every outcome the panel may reach, with the conditions revealed by their own option.
    for value in ("approved", "approved_with_conditions", "declined", "deferred", "referred"):
        assert f'value="{value}"' in html
    assert (
        'class="govuk-radios__conditional carepanel-reveal" id="conditional-id_outcome_1"' in html
    )
    assert 'id="conditional-id_outcome_1"' in html
    # The cost comes from the referral; the review date from the council's rules.
    assert 'name="cost_amount" type="text" value="1500.00"' in html
    assert "Filled in from the council&#x27;s rules" in html
    # Three blank action rows, with MOJ add-another's names for the rows it adds.
    assert 'name="action_2_description"' in html
    assert 'name="action_3_description"' not in html
    assert 'data-name="action_%index%_due_on_day"' in html
    assert not page.inline_styles and not page.event_handlers


def test_a_ratification_is_ratified_or_not(client: Client, portsmouth: Cast) -> None:
    from tests.workflow.helpers import emergency

    _, recorded = emergency(
        portsmouth,
        approvers=("head_of_service",),
        amount="1500.00",
        children=[new_child(), new_child()],
    )
    item = recorded.referral.agenda_items.get(status="listed")
    at_hearing(item.pk)
    html = signed_in(client, portsmouth.chair).get(_url(item.pk)).content.decode()

    assert 'value="ratified"' in html and 'value="not_ratified"' in html
    assert 'name="child_1_outcome"' not in html  # ratified or not as a whole
    assert 'value="approved"' not in html
    assert "Does the panel ratify the emergency decision?" in html


# ------------------------------------------------------------------ recording


def test_recording_an_approval_with_conditions_writes_the_decision_and_its_details(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_hearing(item.pk)
    data = decision_data(
        "approved_with_conditions",
        **action_rows(
            ("Commission the package.", cast.social_worker.user.pk, dt.date(2026, 12, 9)),
            blank=2,
        ),
    )

    response = signed_in(client, cast.panel_coordinator).post(_url(item.pk), data)

    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{item.meeting_id}/"
    decision = Decision.objects.get(agenda_item=item)
    assert (decision.outcome, decision.status, decision.discussion) == (
        "approved_with_conditions",
        "recorded",
        "Invented discussion.",
    )
    assert list(
        DecisionCondition.objects.filter(decision=decision).values_list("text", flat=True)
    ) == ["Attend the parenting course.", "Review at three months."]
    approval = Approval.objects.get(decision=decision)
    assert (
        approval.resource,
        approval.provider,
        approval.cost_amount_gbp,
        approval.cost_basis,
        approval.starts_on,
        approval.ends_on,
        approval.review_due_on,
        approval.status,
    ) == (
        "Outreach, two sessions a week",
        "Invented Family Services",
        1500,
        "annual",
        dt.date(2026, 12, 7),
        dt.date(2027, 6, 6),
        dt.date(2027, 5, 5),
        "pending",
    )
    assert list(
        Action.objects.filter(decision=decision).values_list("description", "owner", "due_on")
    ) == [("Commission the package.", cast.social_worker.user.pk, dt.date(2026, 12, 9))]
    event = AuditEvent.objects.get(action="decision.recorded")
    assert (event.object_id, event.referral_id) == (str(decision.pk), item.referral_id)

    banner = client.get(response["Location"]).content.decode()
    assert f"Decision recorded for referral {item.referral_id}" in banner


def test_a_decision_not_approving_keeps_no_approval_typed_for_it(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    data = decision_data("declined", **approval_data())
    signed_in(client, north_somerset.chair).post(_url(item.pk), data)
    decision = Decision.objects.get(agenda_item=item)
    assert decision.outcome == "declined"
    assert not Approval.objects.filter(decision=decision).exists()


def test_siblings_are_decided_each_on_their_own(client: Client, north_somerset: Cast) -> None:
    item = listed(north_somerset, children=[new_child(), new_child()])
    at_hearing(item.pk)
    elder, younger = item.referral.child_links.order_by("position").values_list(
        "child_id", flat=True
    )
    chair = signed_in(client, north_somerset.chair)
    html = chair.get(_url(item.pk)).content.decode()
    assert 'name="child_1_outcome"' in html and "The same as the decision" in html

    chair.post(
        _url(item.pk),
        decision_data(
            "approved",
            child_0_outcome="",
            child_1_outcome="declined",
            child_1_note="Stays at home.",
        ),
    )

    assert list(
        ChildOutcome.objects.filter(decision__agenda_item=item)
        .order_by("child_id")
        .values_list("child_id", "outcome", "note")
    ) == [(elder, "approved", ""), (younger, "declined", "Stays at home.")]


def test_recording_again_replaces_the_decision_until_it_is_signed(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    first = decided(cast)
    item_id = first.agenda_item_id
    chair = signed_in(client, cast.chair)
    html = chair.get(_url(item_id)).content.decode()  # type: ignore[arg-type]
    assert f'name="version" value="{first.version}"' in html
    assert "What you record now replaces it" in html

    response = chair.post(_url(item_id), decision_data("declined", version=first.version))  # type: ignore[arg-type]

    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.outcome, first.version) == ("declined", 2)
    assert AuditEvent.objects.filter(action="decision.re_recorded").count() == 1


def test_a_stale_version_is_refused_with_the_reason(client: Client, north_somerset: Cast) -> None:
    cast = north_somerset
    first = decided(cast)
    assert first.agenda_item_id is not None
    # Someone else records it again after the chair opened the page.
    at_hearing(first.agenda_item_id)
    agenda_item_decide(
        actor=cast.panel_coordinator,
        item_id=first.agenda_item_id,
        data=decision_input("declined"),
        version=first.version,
    )
    with nothing_written():
        response = signed_in(client, cast.chair).post(
            _url(first.agenda_item_id), decision_data("approved", version=first.version)
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Someone else changed this decision since you opened it." in html
    assert parse(html).title.startswith("Error: ")


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("fields", "anchor", "message"),
    [
        (
            approval_data(starts=dt.date(2027, 1, 4), ends=dt.date(2026, 12, 31)),
            "id_ends_on_day",
            "The end date must be on or after the start date.",
        ),
        (
            approval_data(resource=""),
            "id_resource",
            "Say what is approved (300 characters or fewer).",
        ),
        (
            {"starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2027"},
            "id_starts_on_day",
            "Start date must be a real date",
        ),
        ({"cost_amount": "lots"}, "id_cost_amount", "The cost must be an amount of money"),
        (
            approval_data(review=dt.date(2026, 11, 23)),
            "id_review_due_on_day",
            "The date a new referral is due must be in the future.",
        ),
        ({"outcome": ""}, "id_outcome_0", "Choose the decision"),
        (
            {"outcome": "approved_with_conditions", "conditions": " "},
            "id_conditions",
            "Add the conditions of the approval.",
        ),
    ],
    ids=[
        "end before start",
        "no resource",
        "bad date",
        "bad cost",
        "review today",
        "no outcome",
        "no conditions",
    ],
)
def test_a_decision_that_breaks_a_rule_gets_the_error_summary(
    client: Client, north_somerset: Cast, fields: dict[str, str], anchor: str, message: str
) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    data = decision_data("approved")
    data.update(fields)
    with nothing_written():
        response = signed_in(client, north_somerset.panel_coordinator).post(_url(item.pk), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#{anchor}">{message}' in html
    assert "govuk-form-group--error" in html


def test_the_services_refusals_come_all_at_once(client: Client, north_somerset: Cast) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    data = decision_data(
        "approved",
        **approval_data(resource="", starts=dt.date(2027, 1, 4), ends=dt.date(2026, 12, 31)),
    )
    with nothing_written():
        html = signed_in(client, north_somerset.chair).post(_url(item.pk), data).content.decode()
    assert '<a href="#id_resource">Say what is approved (300 characters or fewer).</a>' in html
    assert '<a href="#id_ends_on_day">The end date must be on or after the start date.</a>' in html


def test_an_action_row_half_filled_says_what_is_missing(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    data = decision_data("declined", **action_rows(("Tell the family.", "", None), blank=2))
    with nothing_written():
        html = signed_in(client, north_somerset.chair).post(_url(item.pk), data).content.decode()
    assert '<a href="#id_action_0_owner">Choose who owns the action</a>' in html
    assert '<a href="#id_action_0_due_on_day">Enter the date the action is due</a>' in html


def test_an_action_due_in_the_past_is_refused_by_the_service(
    client: Client, north_somerset: Cast
) -> None:
    cast = north_somerset
    item = listed(cast)
    at_hearing(item.pk)
    data = decision_data(
        "declined",
        **action_rows(
            ("", "", None),
            ("Tell the family.", cast.social_worker.user.pk, dt.date(2026, 11, 20)),
            blank=1,
        ),
    )
    with nothing_written():
        html = signed_in(client, cast.chair).post(_url(item.pk), data).content.decode()
    assert '<a href="#id_action_1_due_on_day">The due date must be today or later.</a>' in html


def test_adding_an_action_row_without_javascript_keeps_what_was_typed(
    client: Client, north_somerset: Cast
) -> None:
    item = listed(north_somerset)
    at_hearing(item.pk)
    data = decision_data("declined", discussion="Typed so far.", add_action="1")
    with nothing_written():
        html = signed_in(client, north_somerset.chair).post(_url(item.pk), data).content.decode()
    assert 'name="action_3_description"' in html
    assert "Typed so far." in html
    assert "govuk-error-summary" not in html


# ------------------------------------------------------------------ once signed


def test_a_signed_decision_cannot_be_changed_here(client: Client, portsmouth: Cast) -> None:
    decision = signed(portsmouth)
    url = _url(decision.agenda_item_id)  # type: ignore[arg-type]
    chair = signed_in(client, portsmouth.chair)
    message = "This decision has been signed, so it cannot be changed."

    page = chair.get(url).content.decode()
    assert message in page
    assert "<form" not in page.split('id="main-content"')[1]

    with nothing_written():
        refused = chair.post(url, decision_data("declined"))
    assert refused.status_code == 409
    assert message in refused.content.decode()


def test_a_ratification_without_a_new_approval_lets_the_emergency_one_stand(
    client: Client, portsmouth: Cast
) -> None:
    from tests.workflow.helpers import emergency

    _, recorded = emergency(portsmouth, approvers=("head_of_service",), amount="1500.00")
    item = recorded.referral.agenda_items.get(status="listed")
    at_hearing(item.pk)
    data = decision_data("ratified")

    response = signed_in(client, portsmouth.chair).post(_url(item.pk), data)

    assert response.status_code == 302
    decision = Decision.objects.get(agenda_item=item)
    assert decision.outcome == "ratified"
    assert not Approval.objects.filter(decision=decision).exists()
    assert Approval.objects.get(emergency_decision=recorded).status == "active"
