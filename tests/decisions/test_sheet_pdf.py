"""The decision sheet, read back from the real PDF as a court would receive it."""

import datetime as dt
import io
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from carepanel.accounts.models import Authority, Team, User
from carepanel.children.models import Child
from carepanel.decisions.models import (
    Action,
    Approval,
    ChildOutcome,
    Decision,
    DecisionCondition,
    Outcome,
)
from carepanel.decisions.sheets import render_sheet_html, render_sheet_pdf, sheet_queryset
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.policy import get_pack
from carepanel.referrals.models import FamilyMember, Referral, ReferralChild

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MEETING_STARTS = dt.datetime(2026, 12, 2, 13, 30, tzinfo=LONDON)
SIGNED_AT = dt.datetime(2026, 12, 2, 16, 5, tzinfo=LONDON)
CHILDREN = [
    # first name, date of birth, case id, legal status, plan
    ("Maisie", dt.date(2015, 3, 1), "NS-40117", "C2", "cic"),
    ("Alfie", dt.date(2017, 8, 19), "NS-40118", "", "cin"),
    ("Rosa", dt.date(2020, 1, 6), "NS-40119", "", ""),
]
CONDITIONS = [
    "The placement is reviewed at the child's next looked-after review.",
    "Contact with the mother is supervised twice a week.",
    "Education is arranged within ten school days of the move.",
    "The provider sends a monthly progress report.",
    "Commissioning confirms the price before the contract is signed.",
]
ACTIONS = [
    ("Send the placement plan to the provider", "Jonah", "Pennick", dt.date(2026, 12, 9)),
    ("Book the six-month review", "Farah", "Okonjo", dt.date(2027, 5, 26)),
    ("Confirm the school transport", "Jonah", "Pennick", dt.date(2026, 12, 16)),
    ("Write to the mother with the decision", "Farah", "Okonjo", dt.date(2026, 12, 4)),
]

MakeDecision = Callable[..., Decision]


@pytest.fixture
def authority() -> Authority:
    # The accounts app may already have made it from the packs after migrating.
    authority, _ = Authority.objects.update_or_create(
        id="north-somerset", defaults={"name": "North Somerset Council"}
    )
    return authority


@pytest.fixture
def make_decision(authority: Authority) -> MakeDecision:
    """A recorded decision on a residential placement for the Thornbury children, built
    row by row with the ORM; keyword arguments choose its shape and state."""
    team = Team.objects.create(authority=authority, name="Children in Care Team 2")
    worker = User.objects.create(username="jpennick", first_name="Jonah", last_name="Pennick")
    User.objects.create(username="fokonjo", first_name="Farah", last_name="Okonjo")
    chair = User.objects.create(username="hmarlow", first_name="Helen", last_name="Marlow")
    panel = get_pack(authority.id).main_panel
    meeting = Meeting.objects.create(
        authority=authority,
        panel_id=panel.id,
        panel_name=panel.name,
        starts_at=MEETING_STARTS,
        ends_at=MEETING_STARTS + dt.timedelta(hours=3),
        submission_deadline=MEETING_STARTS - dt.timedelta(days=5),
    )

    def make(
        *,
        children: int = 1,
        conditions: int = 1,
        actions: int = 1,
        signed: bool = True,
        purpose: str | None = AgendaItem.Purpose.DECISION,
        approved: bool = True,
        **fields: Any,
    ) -> Decision:
        referral = Referral.objects.create(
            authority=authority,
            team=team,
            status=Referral.Status.SIGNED if signed else Referral.Status.DECIDED,
            kind="placement_residential",
            cost_amount_gbp=Decimal("4500"),
            cost_basis="weekly",
            cost_weeks=26,
            annual_cost_gbp=Decimal("234000"),
            total_cost_gbp=Decimal("117000"),
            answers={"requested": "A solo residential placement near Weston-super-Mare."},
            created_by=worker,
            presenter=worker,
            route=Referral.Route.PANEL if purpose else Referral.Route.DELEGATED,
            panel_id=panel.id,
            route_approver="" if purpose else "head_of_service",
        )
        FamilyMember.objects.create(
            authority=authority, referral=referral, name="Dawn Thornbury", relationship="Mother"
        )
        item = None
        if purpose is not None:
            item = AgendaItem.objects.create(
                authority=authority,
                meeting=meeting,
                referral=referral,
                purpose=purpose,
                status=AgendaItem.Status.HEARD,
                listed_at=MEETING_STARTS - dt.timedelta(days=7),
            )
        decision = Decision.objects.create(
            authority=authority,
            referral=referral,
            agenda_item=item,
            kind=Decision.Kind.PANEL if purpose else Decision.Kind.DELEGATED,
            outcome=Outcome.APPROVED_WITH_CONDITIONS,
            status=Decision.Status.SIGNED if signed else Decision.Status.RECORDED,
            discussion="The panel heard that the current foster placement has ended.",
            recorded_by=chair,
            recorded_at=SIGNED_AT - dt.timedelta(minutes=20),
            signed_by=chair if signed else None,
            signed_name="Helen Marlow" if signed else "",
            signed_at=SIGNED_AT if signed else None,
            **fields,
        )
        for position, (first_name, born, case_id, legal_status, plan) in enumerate(
            CHILDREN[:children]
        ):
            child, _ = Child.objects.get_or_create(
                authority=authority,
                case_id=case_id,
                defaults={
                    "team": team,
                    "first_name": first_name,
                    "last_name": "Thornbury",
                    "date_of_birth": born,
                    "gender": "2" if first_name != "Alfie" else "1",
                    "legal_status": legal_status,
                    "plan": plan,
                },
            )
            ReferralChild.objects.create(
                authority=authority, referral=referral, child=child, position=position
            )
            ChildOutcome.objects.create(
                authority=authority,
                decision=decision,
                child=child,
                outcome=Outcome.DECLINED if position == 1 else Outcome.APPROVED_WITH_CONDITIONS,
                note=f"Note for {first_name}.",
            )
        for position, text in enumerate(CONDITIONS[:conditions]):
            DecisionCondition.objects.create(
                authority=authority, decision=decision, text=text, position=position
            )
        for position, (description, first_name, _, due_on) in enumerate(ACTIONS[:actions]):
            Action.objects.create(
                authority=authority,
                decision=decision,
                description=description,
                owner=User.objects.get(first_name=first_name),
                due_on=due_on,
                position=position,
            )
        if approved:
            Approval.objects.create(
                authority=authority,
                referral=referral,
                decision=decision,
                resource="Solo residential placement",
                provider="Harbourside Homes Ltd",
                cost_amount_gbp=Decimal("4500"),
                cost_basis="weekly",
                cost_weeks=26,
                starts_on=dt.date(2026, 12, 7),
                ends_on=dt.date(2027, 6, 6),
                review_due_on=dt.date(2027, 5, 5),
            )
        return decision

    return make


def pdf_of(decision: Decision, **kwargs: Any) -> bytes:
    return render_sheet_pdf(sheet_queryset().get(pk=decision.pk), **kwargs)


def text_of(pdf: bytes) -> str:
    """The PDF's text with runs of white space made single: a phrase may wrap."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def titles(outline: list[Any]) -> Iterator[str]:
    """The titles of a PDF's bookmarks, nested ones included."""
    for entry in outline:
        if isinstance(entry, list):
            yield from titles(entry)
        else:
            yield str(entry.title)


def test_the_sheet_names_the_council_the_panel_the_meeting_and_the_decision(make_decision):
    decision = make_decision()

    text = text_of(pdf_of(decision))

    assert "North Somerset Council" in text
    assert "Care and Resource Panel" in text
    assert "Wednesday 2 December 2026 at 1:30pm" in text
    assert f"Decision {decision.pk}" in text


def test_the_sheet_shows_each_child_with_date_of_birth_child_id_legal_status_and_plan(
    make_decision,
):
    text = text_of(pdf_of(make_decision(children=3)))

    assert "Maisie Thornbury 1 March 2015 NS-40117 Full care order Child in care" in text
    assert "Alfie Thornbury 19 August 2017 NS-40118 Not looked after Child in need" in text
    assert "Rosa Thornbury 6 January 2020 NS-40119 Not looked after No plan" in text
    assert "Dawn Thornbury Mother" in text


def test_a_date_of_birth_is_written_without_its_weekday(make_decision):
    text = text_of(pdf_of(make_decision()))

    assert "Sunday 1 March 2015" not in text


def test_the_sheet_shows_the_kind_of_referral_what_was_asked_and_the_cost(make_decision):
    text = text_of(pdf_of(make_decision()))

    assert "An external residential placement" in text
    assert "A solo residential placement near Weston-super-Mare." in text
    assert "£4,500 a week for 26 weeks (£117,000 in all)" in text
    # A year's cost would overstate a 26-week package: the sheet does not give one.
    assert "Annual cost" not in text
    assert "Total cost £117,000" in text


def test_the_sheet_shows_the_outcome_for_each_child_with_its_note(make_decision):
    text = text_of(pdf_of(make_decision(children=2)))

    assert "Maisie Thornbury Approved with conditions Note for Maisie." in text
    assert "Alfie Thornbury Declined Note for Alfie." in text


def test_the_sheet_shows_the_discussion_and_numbers_the_conditions(make_decision):
    text = text_of(pdf_of(make_decision(conditions=3)))

    assert "The panel heard that the current foster placement has ended." in text
    for number, condition in enumerate(CONDITIONS[:3], start=1):
        assert f"{number}. {condition}" in text


def test_the_sheet_shows_each_action_with_its_owner_and_due_date(make_decision):
    text = text_of(pdf_of(make_decision(actions=2)))

    assert "Send the placement plan to the provider Jonah Pennick Wednesday 9 December 2026" in text
    assert "Book the six-month review Farah Okonjo Wednesday 26 May 2027" in text


def test_the_sheet_shows_the_approval_and_when_a_new_referral_is_due(make_decision):
    text = text_of(pdf_of(make_decision()))

    assert "Resource Solo residential placement" in text
    assert "Provider Harbourside Homes Ltd" in text
    assert "Start Monday 7 December 2026" in text
    assert "End Sunday 6 June 2027" in text
    assert "New referral due Wednesday 5 May 2027" in text


def test_a_decision_without_an_approval_has_no_approval_section(make_decision):
    text = text_of(pdf_of(make_decision(approved=False)))

    assert "New referral due" not in text


def test_a_signed_sheet_shows_the_chairs_name_and_when_they_signed(make_decision):
    text = text_of(pdf_of(make_decision()))

    assert "Chair Helen Marlow" in text
    assert "Signed Wednesday 2 December 2026 at 4:05pm" in text
    assert "Not signed" not in text


def test_an_unsigned_decision_says_it_is_not_signed(make_decision):
    text = text_of(pdf_of(make_decision(signed=False)))

    assert "Not signed – draft" in text
    assert "Helen Marlow" not in text


def test_a_superseded_decision_names_the_decision_that_replaced_it_and_links_to_it(
    make_decision,
):
    original = make_decision()
    correction = make_decision(supersedes=original, correction_reason="The wrong provider.")

    pdf = pdf_of(original, base_url="https://carepanel.example.gov.uk/")

    assert (
        f"This decision was superseded by decision {correction.pk} "
        "on Wednesday 2 December 2026." in text_of(pdf)
    )
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for annotation in page.get("/Annots", [])
    ]
    assert f"https://carepanel.example.gov.uk/api/v1/decisions/{correction.pk}/sheet.pdf" in links


def test_a_correction_not_yet_signed_does_not_yet_supersede_the_decision(make_decision):
    original = make_decision()
    correction = make_decision(signed=False, supersedes=original)

    text = text_of(pdf_of(original))

    assert "was superseded" not in text
    assert f"A correction to this decision, decision {correction.pk}" in text


def test_a_correction_names_the_decision_it_corrects_and_why(make_decision):
    original = make_decision()
    correction = make_decision(supersedes=original, correction_reason="The wrong provider.")

    text = text_of(pdf_of(correction))

    assert f"This corrects decision {original.pk}." in text
    assert "Reason for the correction: The wrong provider." in text


def test_a_recommendation_says_which_role_must_finalise_it(make_decision):
    text = text_of(pdf_of(make_decision(finalised_by_role="assistant_director")))

    assert "Recommendation – to be finalised by the assistant director" in text


def test_a_finalised_recommendation_says_who_finalised_it_and_when(make_decision):
    decision = make_decision(
        finalised_by_role="assistant_director",
        finalised_name="Owen Tregarthen",
        finalised_at=dt.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON),
    )

    text = text_of(pdf_of(decision))

    assert "Finalised by Owen Tregarthen on Thursday 3 December 2026 at 9am" in text
    assert "to be finalised" not in text


def test_a_delegated_decision_names_the_role_that_took_it(make_decision):
    text = text_of(pdf_of(make_decision(purpose=None)))

    assert "Delegated decision by the head of service" in text
    assert "Care and Resource Panel" not in text


def test_a_ratification_says_it_ratifies_an_emergency_decision(make_decision):
    text = text_of(pdf_of(make_decision(purpose=AgendaItem.Purpose.RATIFICATION)))

    assert "Emergency decision ratification" in text


def test_the_pdf_title_and_bookmarks_carry_the_decision_number_and_no_childs_name(
    make_decision,
):
    decision = make_decision(children=3)

    reader = PdfReader(io.BytesIO(pdf_of(decision)))

    assert reader.metadata is not None
    assert reader.metadata.title == f"Decision sheet {decision.pk}"
    metadata = " ".join(str(value) for value in reader.metadata.values())
    bookmarks = list(titles(reader.outline))
    assert "Thornbury" not in metadata
    assert "Children" in bookmarks
    assert not [title for title in bookmarks if "Thornbury" in title]


@pytest.mark.parametrize(
    ("children", "conditions", "actions"), [(1, 1, 1), (3, 5, 4)], ids=["small", "large"]
)
def test_loading_and_rendering_a_sheet_runs_the_same_queries_whatever_its_size(
    make_decision, django_assert_num_queries, children, conditions, actions
):
    decision = make_decision(children=children, conditions=conditions, actions=actions)

    # 1. the decision, its authority, referral, agenda item and meeting, approval, signer,
    #    finaliser and the decisions it corrects and is corrected by
    # 2. the referral's children, with each child
    # 3. the referral's family members
    # 4. the outcome for each child, with the child
    # 5. the conditions
    # 6. the actions, with each owner
    with django_assert_num_queries(6):
        render_sheet_pdf(sheet_queryset().get(pk=decision.pk))


def test_rendering_a_loaded_decision_runs_no_query(make_decision, django_assert_num_queries):
    decision = sheet_queryset().get(pk=make_decision(children=3, conditions=5, actions=4).pk)

    with django_assert_num_queries(0):
        render_sheet_html(decision)
