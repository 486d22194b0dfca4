"""Where a referral goes: to the panel, to a delegated approver, to another panel, or nowhere.

The order of the questions is the same for every council; only the answers are in
the pack:
1. Does the pack send this referral elsewhere (another panel, or outside the remit)?
2. Is it a kind the panel always hears?
3. Is it above the expenditure threshold (or has the council no threshold)?
4. If it goes to panel, may someone approve it first and the panel ratify it later?
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .kinds import KIND_LABELS, ROLE_LABELS
from .referral import Referral, format_gbp, matches
from .schema import EmergencyRule, Pack, Threshold


@dataclass(frozen=True)
class Route:
    route: str  # panel | delegated | other_panel | outside_remit
    panel: str | None
    approver: str | None
    approvers: tuple[str, ...]
    approval: str | None  # "any" or "all" of the approvers
    other_panel: str | None
    retrospective: bool
    # For a retrospective approval: its papers must all be in for the ratification.
    ratified_with_papers: bool
    annual_cost_gbp: Decimal | None
    total_cost_gbp: Decimal | None
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "panel": self.panel,
            "approver": self.approver,
            "approvers": list(self.approvers),
            "approval": self.approval,
            "other_panel": self.other_panel,
            "retrospective": self.retrospective,
            "annual_cost_gbp": _money(self.annual_cost_gbp),
            "total_cost_gbp": _money(self.total_cost_gbp),
            "reasons": list(self.reasons),
        }


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _roles_in_words(roles: tuple[str, ...], joiner: str) -> str:
    labels = [ROLE_LABELS[r] for r in roles]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + f" {joiner} " + labels[-1]


def _limit(threshold: Threshold, referral: Referral) -> Decimal:
    if referral.flag("disabled") and threshold.disabled_amount_gbp is not None:
        return threshold.disabled_amount_gbp
    return threshold.amount_gbp


def _above_threshold(threshold: Threshold, referral: Referral, panel_name: str) -> tuple[bool, str]:
    """Whether the cost takes the referral to panel, and the reason in words."""
    line = _limit(threshold, referral)
    limit = format_gbp(line)
    cost = referral.cost
    if cost is None:
        return True, (
            f"No cost is given, so it cannot be shown to be within the {limit} that may be "
            f"approved without the {panel_name}."
        )
    if cost.recurring and threshold.recurring_always_to_panel:
        return True, f"An ongoing resource always goes to the {panel_name}: {threshold.quote}"
    if threshold.measure == "total":
        measured, measure_words = cost.total_gbp, "total cost"
    else:
        measured, measure_words = cost.first_year_gbp, "cost over the first year"
    if measured > line:
        return True, (
            f"The {measure_words}, {format_gbp(measured)}, is over {limit}: {threshold.quote}"
        )
    approver = ROLE_LABELS[threshold.delegated_approver]
    return False, (
        f"The {measure_words}, {format_gbp(measured)}, is within {limit}, so the {approver} "
        f"may decide it without the {panel_name}."
    )


def _emergency_rule(pack: Pack, referral: Referral) -> EmergencyRule | None:
    total = referral.cost.total_gbp if referral.cost is not None else None
    for rule in pack.emergency:
        if not (referral.flag("emergency") or rule.always_retrospective):
            continue
        if not matches(rule.when, referral):
            continue
        if rule.below_gbp is not None and (total is None or total >= rule.below_gbp):
            continue
        return rule
    return None


def route(pack: Pack, referral: Referral) -> Route:
    """Route one referral by the pack's rules, with the reasons in plain words."""
    routing = pack.routing
    panel = pack.panel(routing.panel)
    kind_words = KIND_LABELS[referral.kind]
    annual = referral.cost.annual_gbp if referral.cost else None
    total = referral.cost.total_gbp if referral.cost else None

    def elsewhere(route: str, other_panel: str | None, reason: str) -> Route:
        return Route(
            route=route,
            panel=None,
            approver=None,
            approvers=(),
            approval=None,
            other_panel=other_panel,
            retrospective=False,
            ratified_with_papers=False,
            annual_cost_gbp=annual,
            total_cost_gbp=total,
            reasons=(reason,),
        )

    for sent in routing.elsewhere:
        if matches(sent.when, referral):
            return elsewhere(sent.route, sent.other_panel, sent.reason)
    if referral.kind not in routing.kinds:
        # Unreachable for a validated pack, which places every kind; kept so that a
        # gap can only ever send a referral to a person, never approve it silently.
        return elsewhere("outside_remit", None, f"The {panel.name} does not consider {kind_words}.")

    reasons: list[str] = []
    to_panel = True
    if referral.kind in routing.always:
        reasons.append(f"The {panel.name} decides every request for {kind_words}.")
    elif routing.threshold is None:
        reasons.append(
            f"The {panel.name} decides every request within its remit, including {kind_words}; "
            "there is no spending limit below which it is decided elsewhere."
        )
    else:
        to_panel, reason = _above_threshold(routing.threshold, referral, panel.name)
        reasons.append(reason)

    reasons.extend(note.note for note in routing.notes if matches(note.when, referral))

    if not to_panel:
        assert routing.threshold is not None  # noqa: S101 -- only a threshold delegates
        approver = routing.threshold.delegated_approver
        return Route(
            route="delegated",
            panel=panel.id,
            approver=approver,
            approvers=(approver,),
            approval="any",
            other_panel=None,
            retrospective=False,
            ratified_with_papers=False,
            annual_cost_gbp=annual,
            total_cost_gbp=total,
            reasons=tuple(reasons),
        )

    retrospective = False
    approvers: tuple[str, ...] = ()
    approval = None
    rule = _emergency_rule(pack, referral)
    if rule is not None:
        retrospective = True
        approvers, approval = rule.approvers, rule.approval
        joiner = "and" if rule.approval == "all" else "or"
        who = _roles_in_words(rule.approvers, joiner)
        papers = ", with all its papers," if rule.ratified_with_papers else ""
        reasons.append(
            f"It may be approved before the panel by the {who}, and is then listed at the next "
            f"meeting of the {panel.name}{papers} to be ratified: {rule.quote}"
        )
    elif referral.flag("emergency"):
        reasons.append(
            pack.routing.emergency_note
            or f"Nobody may approve {kind_words} between meetings: it waits for the {panel.name}."
        )
    return Route(
        route="panel",
        panel=panel.id,
        approver=approvers[0] if approvers else None,
        approvers=approvers,
        approval=approval,
        other_panel=None,
        retrospective=retrospective,
        ratified_with_papers=rule is not None and rule.ratified_with_papers,
        annual_cost_gbp=annual,
        total_cost_gbp=total,
        reasons=tuple(reasons),
    )
