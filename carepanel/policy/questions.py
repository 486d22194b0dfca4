"""The narrative questions of a referral: the Appendix 1 form's, then each pack's own.

The request form in seed 001 (North Somerset, Appendix 1) is the model referral
(DESIGN.md §2): every council asks its questions, in its order. A pack may add
questions of its own after them with `[[questions]]` (Bexley asks for the exit
strategy and how costs are shared). Answers are kept keyed by question id, so an
id, once used, must not change meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schema import Pack

LONG = 3000  # characters: a narrative answer
SHORT = 1500  # characters: an answer of a few sentences


@dataclass(frozen=True)
class Question:
    """One narrative question a referral answers, with the document's own words."""

    id: str  # lowercase snake_case; the key its answer is stored under
    label: str  # the question as the form asks it, in plain English
    hint: str  # a short hint under the label; "" for none
    required: bool
    max_chars: int
    quote: str  # the question in the words of the document it comes from


APPENDIX_1: tuple[Question, ...] = (
    Question(
        id="requested",
        label="What is being requested of the panel?",
        hint="For example, agreement to section 20 accommodation, or to start proceedings",
        required=True,
        max_chars=SHORT,
        quote=(
            "What is being requested of the Panel? e.g. agreement to S20, "
            "agreement to initiate proceedings"
        ),
    ),
    Question(
        id="work_undertaken",
        label="What work has already been undertaken to support the family?",
        hint=(
            "For example, family wellbeing or social work intervention, a family group "
            "conference, a child and family centre, health and education involvement, "
            "or a case discussion"
        ),
        required=True,
        max_chars=LONG,
        quote=(
            "What work has already been undertaken to support the family: (e.g. family "
            "wellbeing/social work intervention, FGC, Child & Family Centre, health and "
            "education involvement, case discussion etc.)"
        ),
    ),
    Question(
        id="current_situation",
        label="What is the current situation?",
        hint="Briefly, the reason for the referral to the panel",
        required=True,
        max_chars=LONG,
        quote="Brief summary: reason for referral to Panel … Current situation:",
    ),
    Question(
        id="going_well",
        label="What is going well?",
        hint="",
        required=False,
        max_chars=LONG,
        quote="What is going well?",
    ),
    Question(
        id="worries",
        label="What are we worried about?",
        hint="",
        required=True,
        max_chars=LONG,
        quote="What are we worried about?",
    ),
    Question(
        id="needs_to_change",
        label="What needs to change?",
        hint="",
        required=True,
        max_chars=LONG,
        quote="What needs to change?",
    ),
    Question(
        id="other_information",
        label="Is there any other relevant information?",
        hint="",
        required=False,
        max_chars=LONG,
        quote="Any other relevant information:",
    ),
    Question(
        id="expected_outcome",
        label="What do you expect to achieve for the child or family from this request?",
        hint="",
        required=True,
        max_chars=SHORT,
        quote="What do you expect to achieve for the child/ family from this request?",
    ),
    Question(
        id="duration_and_then",
        label="How long will this resource be needed for and what will happen then?",
        hint="",
        required=True,
        max_chars=SHORT,
        quote="How long will this resource be needed for and what will happen then?",
    ),
)

APPENDIX_1_IDS = frozenset(q.id for q in APPENDIX_1)


def questions_for(pack: Pack) -> tuple[Question, ...]:
    """The questions a referral to this pack's council answers, in the order asked."""
    return APPENDIX_1 + pack.questions


__all__ = ["APPENDIX_1", "APPENDIX_1_IDS", "Question", "questions_for"]
