"""The sections of a draft referral, as its task list shows them, and how far each has got.

The Appendix 1 form of seed 001 asks its questions in three runs (the request and the
work done; the situation; what the request will achieve); a pack's own questions
(Bexley's exit strategy and cost sharing) follow as one more section, so a council's
questions appear without any page knowing which council asks them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from carepanel.children.models import Child
from carepanel.policy import (
    PAPER_LABELS,
    Pack,
    Question,
    paper_gaps,
    questions_for,
    required_papers,
)
from carepanel.referrals.models import Paper, Referral

COMPLETED = "Completed"
INCOMPLETE = "Incomplete"
NOT_STARTED = "Not yet started"

# Sections with a page of their own (the slugs of `referrals:section`), besides the
# question runs below. "add-child" and "family-member" are steps of "children".
REQUEST = "request"
CHILDREN = "children"
ADD_CHILD = "add-child"
FAMILY_MEMBER = "family-member"
PREVIOUS = "previous"


@dataclass(frozen=True)
class QuestionRun:
    slug: str
    title: str
    question_ids: tuple[str, ...]


APPENDIX_1_RUNS = (
    QuestionRun(
        "the-request", "The request and the work done so far", ("requested", "work_undertaken")
    ),
    QuestionRun(
        "situation",
        "The current situation",
        ("current_situation", "going_well", "worries", "needs_to_change", "other_information"),
    ),
    QuestionRun(
        "outcome", "What the request will achieve", ("expected_outcome", "duration_and_then")
    ),
)
FURTHER = "further-questions"

SLUGS = (
    REQUEST,
    CHILDREN,
    ADD_CHILD,
    FAMILY_MEMBER,
    PREVIOUS,
    *(r.slug for r in APPENDIX_1_RUNS),
    FURTHER,
)


@dataclass(frozen=True)
class QuestionSection:
    slug: str
    title: str
    questions: tuple[Question, ...]


def question_sections(pack: Pack) -> list[QuestionSection]:
    """The pack's questions in sections of the task list, in the order the form asks them."""
    questions = questions_for(pack)
    by_id = {q.id: q for q in questions}
    sections = [
        QuestionSection(
            run.slug, run.title, tuple(by_id[i] for i in run.question_ids if i in by_id)
        )
        for run in APPENDIX_1_RUNS
    ]
    placed = {i for run in APPENDIX_1_RUNS for i in run.question_ids}
    further = tuple(q for q in questions if q.id not in placed)
    if further:
        sections.append(
            QuestionSection(FURTHER, f"Further questions from {pack.authority.name}", further)
        )
    return sections


def question_section(pack: Pack, slug: str) -> QuestionSection | None:
    return next((s for s in question_sections(pack) if s.slug == slug), None)


def answers_status(questions: Iterable[Question], answers: dict[str, str]) -> str:
    """Completed once every required question is answered (and, in a run of optional
    questions, once any is); not yet started while none is."""
    questions = list(questions)
    answered = [q for q in questions if answers.get(q.id)]
    if not answered:
        return NOT_STARTED
    if all(answers.get(q.id) for q in questions if q.required):
        return COMPLETED
    return INCOMPLETE


def request_status(referral: Referral) -> str:
    """The kind is chosen when the referral is started; the section is done once the cost
    is given (the routing reads it: without one, a threshold cannot be shown to be met)."""
    return COMPLETED if referral.cost_amount_gbp is not None else INCOMPLETE


def children_status(children: list[Child]) -> str:
    return COMPLETED if children else NOT_STARTED


def previous_status(referral: Referral) -> str:
    done = referral.previously_presented_on or referral.previous_outcome
    return COMPLETED if done else NOT_STARTED


@dataclass(frozen=True)
class PaperNeed:
    type: str
    label: str
    description: str
    problem: str  # "" when held and in date, else "missing" or "out_of_date"
    message: str


def papers_needed(
    pack: Pack, referral: Referral, children: list[Child], papers: list[Paper], day: dt.date
) -> list[PaperNeed]:
    """The papers the pack requires of this referral, each with its gap on `day` (the
    meeting's day) if it has one: the policy engine's `required_papers` and `paper_gaps`."""
    facts = referral.for_policy(children, day)
    panel_id = referral.panel_id or None
    gaps = {
        gap.type: gap
        for gap in paper_gaps(pack, facts, [(p.type, p.dated) for p in papers], day, panel_id)
    }
    needs = []
    for rule in required_papers(pack, facts, panel_id):
        gap = gaps.get(rule.type)
        needs.append(
            PaperNeed(
                type=rule.type,
                label=PAPER_LABELS[rule.type],
                description=rule.description,
                problem=gap.problem if gap else "",
                message=gap.message if gap else "",
            )
        )
    return needs


def papers_status(needs: list[PaperNeed], papers: list[Paper]) -> str:
    if not papers:
        return NOT_STARTED
    return INCOMPLETE if any(need.problem for need in needs) else COMPLETED
