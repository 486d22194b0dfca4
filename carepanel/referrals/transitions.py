"""The referral's lifecycle (DESIGN.md §4) as data: from each state, the actions allowed.

Services consult it before any change of status; a test asserts the whole table.
"""

from __future__ import annotations

from carepanel.referrals.models import Referral

S = Referral.Status

TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {
        "edit": S.DRAFT,
        "submit": S.SUBMITTED,
        "withdraw": S.WITHDRAWN,
        "emergency": S.LISTED,
    },
    S.SUBMITTED: {
        "sign_off": S.AGREED,
        "return": S.DRAFT,
        "decide_delegated": S.SIGNED,
        "withdraw": S.WITHDRAWN,
    },
    S.AGREED: {"list": S.LISTED, "accept_late": S.LISTED, "withdraw": S.WITHDRAWN},
    S.LISTED: {
        "decide": S.DECIDED,
        "carry_over": S.LISTED,
        "accept_late": S.LISTED,
        "withdraw": S.WITHDRAWN,
    },
    # Until signed, a decision recorded in error may be recorded again, as a deferral too.
    S.DECIDED: {"decide": S.DECIDED, "sign": S.SIGNED, "carry_over": S.LISTED},
    S.SIGNED: {"record": S.RECORDED, "correct": S.SIGNED},
    S.RECORDED: {"correct": S.RECORDED},
    S.WITHDRAWN: {},
}

ACTION_WORDS = {
    "edit": "changed",
    "submit": "submitted",
    "withdraw": "withdrawn",
    "emergency": "given an emergency decision",
    "sign_off": "signed off",
    "return": "returned",
    "decide_delegated": "decided under delegation",
    "list": "listed",
    "accept_late": "accepted late",
    "decide": "decided",
    "carry_over": "carried over",
    "sign": "signed",
    "record": "recorded on the child's file",
    "correct": "corrected",
}


def allows(status: str, action: str) -> bool:
    return action in TRANSITIONS[status]


def refusal(status: str, action: str) -> str:
    """The message for an action the referral's state does not allow."""
    label = Referral.Status(status).label.lower()
    return f"This referral is {label}, so it cannot be {ACTION_WORDS[action]}."
