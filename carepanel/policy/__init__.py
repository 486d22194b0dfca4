"""The policy engine: each council's panel rules, read from its pack and applied.

Pure Python with no Django import (DESIGN.md §8): the web app, the API, the CLI
and the background jobs all ask these functions, so a rule lives in one place.
"""

from .calendar import (
    LONDON,
    Meeting,
    add_working_days,
    bank_holiday_name,
    deadline_for,
    describe_deadline,
    first_meeting_for,
    is_bank_holiday,
    is_working_day,
    meeting_on,
    meetings,
    next_meetings,
)
from .errors import InvalidReferral, PackError, PolicyError, UnknownAuthority, UnknownPanel
from .kinds import KIND_LABELS, KINDS, PAPER_LABELS, PAPER_TYPES, ROLE_LABELS, ROLES
from .loader import get_pack, load_pack_file, load_packs, policies_dir
from .papers import PaperGap, paper_gaps, required_papers
from .questions import APPENDIX_1, Question, questions_for
from .referral import Cost, Referral, cost_in_words, format_gbp, referral_from_json
from .reviews import (
    ReviewPlan,
    end_of_year_11,
    present_before_statutory_review,
    review_dates,
    review_plan,
    staying_put_review_on,
)
from .routing import Route, route
from .schema import Pack, Panel

__all__ = [
    "APPENDIX_1",
    "KINDS",
    "KIND_LABELS",
    "LONDON",
    "PAPER_LABELS",
    "PAPER_TYPES",
    "ROLES",
    "ROLE_LABELS",
    "Cost",
    "InvalidReferral",
    "Meeting",
    "Pack",
    "PackError",
    "Panel",
    "PaperGap",
    "PolicyError",
    "Question",
    "Referral",
    "ReviewPlan",
    "Route",
    "UnknownAuthority",
    "UnknownPanel",
    "add_working_days",
    "bank_holiday_name",
    "cost_in_words",
    "deadline_for",
    "describe_deadline",
    "end_of_year_11",
    "first_meeting_for",
    "format_gbp",
    "get_pack",
    "is_bank_holiday",
    "is_working_day",
    "load_pack_file",
    "load_packs",
    "meeting_on",
    "meetings",
    "next_meetings",
    "paper_gaps",
    "policies_dir",
    "present_before_statutory_review",
    "questions_for",
    "referral_from_json",
    "required_papers",
    "review_dates",
    "review_plan",
    "route",
    "staying_put_review_on",
]
