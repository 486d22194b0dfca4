"""Completeness of an agenda: the papers each item's pack requires, the gaps shown, and the
chair removing an incomplete item, which is relisted and never lost (gaps_for_items,
agenda_item_remove, paper_add)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from pytest_django import DjangoAssertNumQueries

from carepanel.core.errors import IllegalTransition, Invalid, NotFound, NotPermitted
from carepanel.meetings.completeness import gaps_for_items
from carepanel.meetings.queries import agenda_items
from carepanel.meetings.services import agenda_item_remove
from carepanel.policy import PaperGap
from carepanel.referrals.models import Paper
from carepanel.referrals.services import paper_add
from tests.personas import Cast
from tests.workflow.helpers import (
    PDF_BYTES,
    actions_since,
    audit_mark,
    listed,
    london,
    new_child,
    nothing_written,
    paper_gaps_of,
    pdf,
    with_papers,
)

MONDAY = london(2026, 11, 23, 10)


@pytest.fixture(autouse=True)
def _monday() -> Iterator[None]:
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_an_item_without_its_papers_shows_each_one_missing(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    assert paper_gaps_of(item) == [
        (
            "assessment",
            "missing",
            "No assessment: the latest assessment of the child is attached to every request.",
        ),
        (
            "care_plan",
            "missing",
            "No care plan: the child's latest care plan is attached to every request.",
        ),
        ("genogram", "missing", "No genogram: a genogram is provided with every request."),
    ]


def test_an_item_with_every_required_paper_has_no_gaps(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    with_papers(north_somerset, item.referral, "assessment", "care_plan", "genogram")
    assert paper_gaps_of(item) == []


def test_a_child_in_care_also_needs_the_last_review_outcome(north_somerset: Cast) -> None:
    item = listed(north_somerset, children=[new_child(plan="cic")])
    with_papers(north_somerset, item.referral, "assessment", "care_plan", "genogram")
    assert [(t, p) for t, p, _ in paper_gaps_of(item)] == [("review_outcome", "missing")]


def test_the_agenda_checks_its_papers_in_a_fixed_number_of_queries(
    north_somerset: Cast, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    first = listed(north_somerset)
    with_papers(north_somerset, first.referral, "assessment")

    def check() -> dict[int, list[PaperGap]]:
        return gaps_for_items(agenda_items(first.meeting, north_somerset.panel_coordinator))

    # The items, their children, their papers and their decisions: one query each.
    with django_assert_num_queries(4):
        assert len(check()) == 1
    for _ in range(3):
        with_papers(north_somerset, listed(north_somerset).referral, "genogram")
    with django_assert_num_queries(4):
        assert len(check()) == 4


def test_the_chair_removes_an_incomplete_item_and_it_is_relisted_at_the_next_meeting(
    north_somerset: Cast,
) -> None:
    cast = north_somerset
    item = listed(cast)
    with_papers(cast, item.referral, "assessment", "genogram")
    mark = audit_mark()
    relisted = agenda_item_remove(
        actor=cast.chair, item_id=item.pk, reason="No care plan, and nobody from the team."
    )
    item.refresh_from_db()
    assert (item.status, item.removed_reason) == (
        "removed",
        "No care plan, and nobody from the team.",
    )
    assert item.gaps_when_removed == [{"type": "care_plan", "problem": "missing"}]
    # Never lost: listed again at the next meeting, linked to the item it replaces.
    assert (relisted.status, relisted.carried_over_from, relisted.referral_id) == (
        "listed",
        item,
        item.referral_id,
    )
    assert relisted.meeting.starts_at == london(2026, 12, 9, 13, 30)
    item.referral.refresh_from_db()
    assert item.referral.status == "listed"
    assert actions_since(mark) == ["agenda_item.carried_over"]


def test_an_item_is_removed_only_with_a_reason(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    with nothing_written(), pytest.raises(Invalid, match=re.escape("reason: Enter the reason.")):
        agenda_item_remove(actor=north_somerset.chair, item_id=item.pk, reason="")


def test_only_the_chair_removes_an_item(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    message = "Only the panel chair can remove an item from the agenda."
    with nothing_written(), pytest.raises(NotPermitted, match=re.escape(message)):
        agenda_item_remove(actor=north_somerset.panel_coordinator, item_id=item.pk, reason="x")


def test_an_item_no_longer_on_the_agenda_cannot_be_removed(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    agenda_item_remove(actor=north_somerset.chair, item_id=item.pk, reason="No papers.")
    message = "This item is no longer on the agenda, so it cannot be removed."
    with nothing_written(), pytest.raises(IllegalTransition, match=re.escape(message)):
        agenda_item_remove(actor=north_somerset.chair, item_id=item.pk, reason="No papers.")


# ------------------------------------------------------------------------ papers


def test_a_paper_is_stored_under_a_name_of_its_own_and_audited(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    mark = audit_mark()
    paper = paper_add(
        actor=north_somerset.social_worker,
        referral_id=item.referral_id,
        paper_type="assessment",
        upload=pdf("Ash Invented assessment.pdf"),
        dated=dt.date(2026, 11, 1),
    )
    assert (paper.type, paper.content_type, paper.size, paper.dated) == (
        "assessment",
        "application/pdf",
        len(PDF_BYTES),
        dt.date(2026, 11, 1),
    )
    assert paper.original_name == "Ash Invented assessment.pdf"
    # The stored name never carries the uploader's file name.
    assert paper.file.name == f"papers/north-somerset/{item.referral_id}/{paper.uuid}.pdf"
    assert actions_since(mark) == ["paper.added"]


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        (
            SimpleUploadedFile("notes.exe", b"MZ\x90\x00"),
            "The file must be a PDF, a Word document (DOCX), PNG or JPEG.",
        ),
        (
            SimpleUploadedFile("fake.pdf", b"<html>not a pdf</html>"),
            "The file is not a real PDF file.",
        ),
        (SimpleUploadedFile("empty.pdf", b""), "The file is empty."),
    ],
    ids=["another type", "a disguised file", "an empty file"],
)
def test_a_paper_that_is_not_an_allowed_file_is_refused(
    north_somerset: Cast, upload: SimpleUploadedFile, problem: str
) -> None:
    item = listed(north_somerset)
    with nothing_written(), pytest.raises(Invalid) as refused:
        paper_add(
            actor=north_somerset.social_worker,
            referral_id=item.referral_id,
            paper_type="assessment",
            upload=upload,
            dated=None,
        )
    assert refused.value.errors == {"file": problem}


def test_a_paper_dated_in_the_future_is_refused(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    with nothing_written(), pytest.raises(Invalid) as refused:
        paper_add(
            actor=north_somerset.social_worker,
            referral_id=item.referral_id,
            paper_type="assessment",
            upload=pdf(),
            dated=dt.date(2026, 11, 24),
        )
    assert refused.value.errors == {"dated": "The paper's date must be today or in the past."}


def test_another_team_cannot_find_the_referral_to_add_a_paper(north_somerset: Cast) -> None:
    item = listed(north_somerset)
    with nothing_written(), pytest.raises(NotFound, match=re.escape("No referral with that id.")):
        paper_add(
            actor=north_somerset.other_social_worker,
            referral_id=item.referral_id,
            paper_type="genogram",
            upload=pdf(),
            dated=None,
        )
    assert not Paper.objects.exists()
