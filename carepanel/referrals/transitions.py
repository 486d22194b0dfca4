"""The referral's lifecycle (DESIGN.md §4) as data: from each state, the actions allowed
and the state each leads to.

`advance` is the only writer of a referral's status (tests/test_status_changes.py
forbids any other); services may ask `allows` first to refuse early. A test asserts the
whole table.
"""

from __future__ import annotations

from collections.abc import Iterable

from carepanel.core.errors import IllegalTransition
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


def advance(referral: Referral, action: str, *, fields: Iterable[str] = ()) -> None:
    """Take `action` on `referral`: the status the table gives, a new version, saved with
    `fields` (the other columns the caller changed). Refused if the state does not allow it.

    The caller has locked the row and writes the action's audit event.
    """
    if not allows(referral.status, action):
        raise IllegalTransition(refusal(referral.status, action))
    referral.status = TRANSITIONS[referral.status][action]
    referral.version += 1
    referral.save(update_fields=["status", "version", *fields])
