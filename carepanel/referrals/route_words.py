"""Where a referral goes, and what happens next, in the words a social worker reads.

Words only: the route is the policy engine's (`carepanel.policy.route`), the meeting and
its deadline the policy calendar's, and what happened the services'. This module only
puts them into sentences, so that pages and messages say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carepanel.accounts.actors import roles_in_words
from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_datetime
from carepanel.policy import ROLE_LABELS, Pack, Panel, Route, first_meeting_for, next_meetings
from carepanel.policy.schema import SignOff as SignOffRule

ACTION_NOUNS = {"agree": "agreement", "authorise": "authorisation"}
ACTION_PAST = {"agree": "agreed", "authorise": "authorised"}
ACTION_VERBS = {"agree": "agrees", "authorise": "authorises"}


@dataclass(frozen=True)
class RouteWords:
    headline: str
    # Where it goes, without a date: for a referral past its sign-offs.
    where: str
    # When the sign-offs must be in for that meeting; none where no panel hears it.
    deadline: str | None
    # The next sitting's deadline has passed: it goes to a later one.
    missed: str | None
    # Who signs it off, in the pack's order, as sentences to list.
    sign_offs: tuple[str, ...]
    reasons: tuple[str, ...]
    # False where the referral goes elsewhere: it cannot be submitted here.
    submittable: bool


def panel_title(pack: Pack, panel: Panel) -> str:
    """ "North Somerset Council's Care and Resource Panel"."""
    return f"{pack.authority.name}'s {panel.name}"


def _possessive(role: str) -> str:
    return f"the {ROLE_LABELS[role]}'s"


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def sign_off_sentence(rule: SignOffRule) -> str:
    """ "The team manager of the referral's team agrees it"."""
    whose = " of the referral's team" if rule.role == "team_manager" else ""
    return f"The {ROLE_LABELS[rule.role]}{whose} {ACTION_VERBS[rule.action]} it"


def route_words(
    pack: Pack,
    *,
    route: str,
    panel_id: str | None,
    approver: str | None,
    other_panel: str | None,
    reasons: tuple[str, ...] | list[str],
    now: dt.datetime,
) -> RouteWords:
    """The route in words, with the meeting a referral agreed from `now` would reach."""
    panel = pack.panel(panel_id or None)
    title = panel_title(pack, panel)
    reasons = tuple(reasons)
    if route == "delegated":
        role = ROLE_LABELS[approver or ""] if approver else "delegated approver"
        return RouteWords(
            headline=(
                f"This is within the {role}'s delegation: they decide it without the {panel.name}."
            ),
            where=f"The {role} decides it under delegation, without the {panel.name}.",
            deadline=None,
            missed=None,
            sign_offs=(),
            reasons=reasons,
            submittable=True,
        )
    if route == "other_panel":
        headline = f"This goes to the {other_panel} instead, not to {title}."
        return RouteWords(
            headline=headline,
            where=headline,
            deadline=None,
            missed=None,
            sign_offs=(),
            reasons=reasons,
            submittable=False,
        )
    if route == "outside_remit":
        headline = f"This is outside the remit of {title}."
        return RouteWords(
            headline=headline,
            where=headline,
            deadline=None,
            missed=None,
            sign_offs=(),
            reasons=reasons,
            submittable=False,
        )
    meeting = first_meeting_for(pack, now, panel.id)
    if panel.sign_offs:
        wanted = [f"{_possessive(r.role)} {ACTION_NOUNS[r.action]}" for r in panel.sign_offs]
        wanted[0] = wanted[0][:1].upper() + wanted[0][1:]
        deadline = (
            f"{_and_list(wanted)} must be in by {govuk_datetime(meeting.submission_deadline)}."
        )
    else:
        deadline = (
            f"It needs no sign-off: submit it by {govuk_datetime(meeting.submission_deadline)} "
            "for this meeting."
        )
    upcoming = next_meetings(pack, now, 1, panel.id)[0]
    missed = None
    if upcoming.starts_at < meeting.starts_at:
        missed = (
            f"The deadline for the meeting on {govuk_date(upcoming.starts_at)} was "
            f"{govuk_datetime(upcoming.submission_deadline)}, so this goes to a later meeting, "
            f"unless the {roles_in_words(list(panel.late_accepted_by))} accepts it as late."
        )
    return RouteWords(
        headline=f"This goes to {title} on {govuk_datetime(meeting.starts_at)}.",
        where=f"{title} decides it.",
        deadline=deadline,
        missed=missed,
        sign_offs=tuple(sign_off_sentence(rule) for rule in panel.sign_offs),
        reasons=reasons,
        submittable=True,
    )


def words_for_route(pack: Pack, where: Route, now: dt.datetime) -> RouteWords:
    """The words for a route the engine has just given (a draft's, before it is submitted)."""
    return route_words(
        pack,
        route=where.route,
        panel_id=where.panel,
        approver=where.approver,
        other_panel=where.other_panel,
        reasons=where.reasons,
        now=now,
    )


def after_submit(
    number: int,
    *,
    status: str,
    route: str,
    approver: str,
    next_rule: SignOffRule | None,
    listed_at: dt.datetime | None,
) -> str:
    """What the social worker is told once the referral is submitted."""
    if status == "listed" and listed_at is not None:
        when = govuk_datetime(listed_at)
        return f"Referral {number} is submitted and listed for the meeting on {when}."
    if status == "agreed":
        return (
            f"Referral {number} is submitted and agreed. No meeting has a place left, so the "
            "panel coordinator will list it once a meeting is added."
        )
    if route == "delegated":
        who = ROLE_LABELS.get(approver, "delegated approver")
        return f"Referral {number} is submitted. The {who} decides it without the panel."
    if next_rule is not None:
        return (
            f"Referral {number} is submitted. Next, the {ROLE_LABELS[next_rule.role]} must "
            f"{next_rule.action} it."
        )
    return f"Referral {number} is submitted."


def after_sign_off(
    number: int,
    *,
    outcome: str,
    action: str,
    status: str,
    next_rule: SignOffRule | None,
    listed_at: dt.datetime | None,
) -> str:
    """What the person who signed off is told."""
    if outcome == "returned":
        return f"Referral {number} is returned to its social worker."
    done = ACTION_PAST[action]
    if status == "listed" and listed_at is not None:
        return f"Referral {number} is {done} and listed for {govuk_datetime(listed_at)}."
    if status == "agreed":
        return (
            f"Referral {number} is {done}. No meeting has a place left, so the panel coordinator "
            "will list it once a meeting is added."
        )
    if next_rule is not None:
        return (
            f"Referral {number} is {done}. Next, the {ROLE_LABELS[next_rule.role]} must "
            f"{next_rule.action} it."
        )
    return f"Referral {number} is {done}."
