"""The decision sheet: the signed record of one item's decision, as a court may later read it.

The sheet is rendered from `decisions/sheet.html` to PDF with WeasyPrint. Everything it
shows is gathered here, already worded and formatted, so that the template only lays it
out. Load the decision with `sheet_queryset()`: rendering then runs no query at all.

Nothing on a sheet's outside — PDF title, bookmarks, file name — names a child: those
travel further than the sheet itself (a download list, an e-mail attachment, a log).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string

from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_datetime
from carepanel.policy.kinds import ROLE_LABELS
from carepanel.policy.referral import cost_in_words, format_gbp
from carepanel.referrals.models import Referral, ReferralChild

from .models import Action, ChildOutcome, Decision

TEMPLATE = "decisions/sheet.html"
NOT_SIGNED = "Not signed – draft"
NOT_LOOKED_AFTER = "Not looked after"


def sheet_title(decision_id: int) -> str:
    """The PDF's title and the stem of its file name: the decision's number, never a name."""
    return f"Decision sheet {decision_id}"


def sheet_filename(decision_id: int) -> str:
    return f"decision-sheet-{decision_id}.pdf"


def sheet_pdf_path(decision_id: int) -> str:
    """Where the API serves a decision's sheet; printed on the sheets that link to it."""
    return f"/api/v1/decisions/{decision_id}/sheet.pdf"


# ------------------------------------------------------------------ what the sheet shows


@dataclass(frozen=True)
class SheetChild:
    name: str
    date_of_birth: str
    case_id: str
    legal_status: str
    plan: str


@dataclass(frozen=True)
class SheetFamilyMember:
    name: str
    relationship: str


@dataclass(frozen=True)
class SheetOutcome:
    child_name: str
    outcome: str
    note: str


@dataclass(frozen=True)
class SheetAction:
    description: str
    owner: str
    due: str


@dataclass(frozen=True)
class SheetApproval:
    resource: str
    provider: str
    cost: str
    starts: str
    ends: str
    review_due: str


@dataclass(frozen=True)
class SheetLink:
    """Another decision this one is tied to by a correction."""

    decision_id: int
    href: str
    statement: str


@dataclass(frozen=True)
class DecisionSheet:
    decision_id: int
    title: str  # the PDF's title: "Decision sheet 123"
    reference: str  # "Decision 123"
    authority_name: str
    # How it was decided: "Emergency decision ratification", "Delegated decision by the
    # head of service", or empty for an ordinary panel decision.
    setting: str
    panel_name: str
    meeting: str
    recorded: str
    children: tuple[SheetChild, ...]
    family: tuple[SheetFamilyMember, ...]
    referral_kind: str
    requested: str
    cost: str
    annual_cost: str
    total_cost: str
    outcome: str
    referred_to: str
    child_outcomes: tuple[SheetOutcome, ...]
    discussion: str
    conditions: tuple[str, ...]
    actions: tuple[SheetAction, ...]
    approval: SheetApproval | None
    signed: bool
    signed_label: str  # "Chair", or the delegated role
    signed_name: str
    signed_at: str
    not_signed: str
    # "Recommendation – to be finalised by the assistant director" or "Finalised by … on …".
    finalisation: str
    awaits_finalisation: bool
    superseded_by: SheetLink | None
    corrects: SheetLink | None
    correction_reason: str


# ------------------------------------------------------------------ loading


def sheet_queryset() -> QuerySet[Decision]:
    """Decisions with everything a sheet shows: one query, and one per list on the sheet.

    The count does not grow with the number of children, conditions or actions. Scope it
    to the user (`.filter(authority=…)`) before `.get()`.
    """
    return Decision.objects.select_related(
        "authority",
        "referral",
        "agenda_item__meeting",
        "approval",
        "signed_by",
        "finalised_by",
        "supersedes",
        "superseded_by",
    ).prefetch_related(
        Prefetch(
            "referral__child_links",
            queryset=ReferralChild.objects.select_related("child"),
        ),
        "referral__family",
        Prefetch("child_outcomes", queryset=ChildOutcome.objects.select_related("child")),
        "conditions",
        Prefetch("actions", queryset=Action.objects.select_related("owner")),
    )


# ------------------------------------------------------------------ wording


def _role(role: str) -> str:
    return ROLE_LABELS.get(role, role.replace("_", " "))


def _day_month_year(value: dt.date) -> str:
    """'1 March 2015': a date of birth has no use for its weekday."""
    return govuk_date(value).split(" ", 1)[1]


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else format_gbp(amount)


def _setting(decision: Decision) -> str:
    item = decision.agenda_item
    if item is None:
        approver = decision.referral.route_approver
        return f"Delegated decision by the {_role(approver)}" if approver else "Delegated decision"
    if item.purpose == item.Purpose.RATIFICATION:
        return "Emergency decision ratification"
    return ""


def _finalisation(decision: Decision) -> str:
    if not decision.finalised_by_role:
        return ""
    if decision.finalised_at is None:
        return f"Recommendation – to be finalised by the {_role(decision.finalised_by_role)}"
    return f"Finalised by {decision.finalised_name} on {govuk_datetime(decision.finalised_at)}"


def _superseded_by(decision: Decision) -> SheetLink | None:
    try:
        correction = decision.superseded_by
    except ObjectDoesNotExist:
        return None
    if correction.signed_at is not None:
        statement = (
            f"This decision was superseded by decision {correction.pk} "
            f"on {govuk_date(correction.signed_at)}."
        )
    else:
        # A correction takes effect when signed; until then this sheet still stands.
        statement = (
            f"A correction to this decision, decision {correction.pk}, was recorded "
            f"on {govuk_date(correction.recorded_at)} and is not yet signed."
        )
    return SheetLink(correction.pk, sheet_pdf_path(correction.pk), statement)


def _corrects(decision: Decision) -> SheetLink | None:
    original = decision.supersedes
    if original is None:
        return None
    return SheetLink(
        original.pk, sheet_pdf_path(original.pk), f"This corrects decision {original.pk}."
    )


def _approval(decision: Decision) -> SheetApproval | None:
    try:
        approval = decision.approval
    except ObjectDoesNotExist:
        return None
    return SheetApproval(
        resource=approval.resource,
        provider=approval.provider,
        cost=cost_in_words(approval.cost_amount_gbp, approval.cost_basis, approval.cost_weeks),
        starts=govuk_date(approval.starts_on),
        ends=govuk_date(approval.ends_on) if approval.ends_on else "",
        review_due=govuk_date(approval.review_due_on),
    )


def _children(referral: Referral) -> tuple[SheetChild, ...]:
    return tuple(
        SheetChild(
            name=link.child.full_name,
            date_of_birth=_day_month_year(link.child.date_of_birth),
            case_id=link.child.case_id,
            legal_status=link.child.get_legal_status_display() or NOT_LOOKED_AFTER,
            plan=link.child.get_plan_display(),
        )
        for link in referral.child_links.all()
    )


def _child_outcomes(decision: Decision) -> tuple[SheetOutcome, ...]:
    # In the referral's order of children, as the children's table above them.
    order = {link.child_id: link.position for link in decision.referral.child_links.all()}
    outcomes = sorted(
        decision.child_outcomes.all(), key=lambda o: (order.get(o.child_id, 1 << 16), o.pk)
    )
    return tuple(SheetOutcome(o.child.full_name, o.get_outcome_display(), o.note) for o in outcomes)


# Facts that may come after the signature: they are read live, never from the snapshot.
_LIVE_FIELDS = ("finalisation", "awaits_finalisation", "superseded_by")


def sheet_snapshot(decision: Decision) -> dict[str, Any]:
    """The sheet's content as it is now, for keeping with the signature."""
    data = asdict(_live_context(decision))
    for name in _LIVE_FIELDS:
        data.pop(name)
    return data


def _from_snapshot(decision: Decision, data: dict[str, Any]) -> DecisionSheet:
    approval = data["approval"]
    corrects = data["corrects"]
    return DecisionSheet(
        **{
            **data,
            "children": tuple(SheetChild(**child) for child in data["children"]),
            "family": tuple(SheetFamilyMember(**member) for member in data["family"]),
            "child_outcomes": tuple(SheetOutcome(**o) for o in data["child_outcomes"]),
            "conditions": tuple(data["conditions"]),
            "actions": tuple(SheetAction(**action) for action in data["actions"]),
            "approval": SheetApproval(**approval) if approval else None,
            "corrects": SheetLink(**corrects) if corrects else None,
            "finalisation": _finalisation(decision),
            "awaits_finalisation": decision.awaits_finalisation,
            "superseded_by": _superseded_by(decision),
        }
    )


def sheet_context(decision: Decision) -> DecisionSheet:
    """What the sheet shows, worded; `decision` comes from `sheet_queryset()`.

    A signed decision shows what was signed (its snapshot), plus what happened since.
    """
    if decision.is_signed and decision.sheet_snapshot:
        return _from_snapshot(decision, decision.sheet_snapshot)
    return _live_context(decision)


def _live_context(decision: Decision) -> DecisionSheet:
    referral = decision.referral
    item = decision.agenda_item
    meeting = item.meeting if item is not None else None
    answers = referral.answers if isinstance(referral.answers, dict) else {}
    return DecisionSheet(
        decision_id=decision.pk,
        title=sheet_title(decision.pk),
        reference=f"Decision {decision.pk}",
        authority_name=decision.authority.name,
        setting=_setting(decision),
        # The panel's name as it stood at the meeting, not as the pack says it today.
        panel_name=meeting.panel_name if meeting else "",
        meeting=govuk_datetime(meeting.starts_at) if meeting else "",
        recorded=govuk_datetime(decision.recorded_at),
        children=_children(referral),
        family=tuple(
            SheetFamilyMember(member.name, member.relationship) for member in referral.family.all()
        ),
        referral_kind=referral.kind_label,
        requested=str(answers.get("requested", "")),
        cost=cost_in_words(referral.cost_amount_gbp, referral.cost_basis, referral.cost_weeks),
        # A year's cost beside a shorter package would overstate it (`Cost.year_means_something`).
        annual_cost=_money(referral.annual_cost_gbp)
        if referral.cost is not None and referral.cost.year_means_something
        else "",
        total_cost=_money(referral.total_cost_gbp),
        outcome=decision.get_outcome_display(),
        referred_to=decision.referred_to,
        child_outcomes=_child_outcomes(decision),
        discussion=decision.discussion,
        conditions=tuple(condition.text for condition in decision.conditions.all()),
        actions=tuple(
            SheetAction(action.description, action.owner.get_full_name(), govuk_date(action.due_on))
            for action in decision.actions.all()
        ),
        approval=_approval(decision),
        signed=decision.is_signed,
        signed_label=("Chair" if decision.kind == Decision.Kind.PANEL else "Decided and signed by"),
        signed_name=decision.signed_name if decision.is_signed else "",
        signed_at=(
            govuk_datetime(decision.signed_at) if decision.is_signed and decision.signed_at else ""
        ),
        not_signed="" if decision.is_signed else NOT_SIGNED,
        finalisation=_finalisation(decision),
        awaits_finalisation=decision.awaits_finalisation,
        superseded_by=_superseded_by(decision),
        corrects=_corrects(decision),
        correction_reason=decision.correction_reason if decision.supersedes_id else "",
    )


# ------------------------------------------------------------------ rendering


def render_sheet_html(decision: Decision) -> str:
    return render_to_string(TEMPLATE, {"sheet": sheet_context(decision)})


def render_sheet_pdf(decision: Decision, *, base_url: str | None = None) -> bytes:
    """The sheet as PDF. `base_url` (the site's origin) makes the links to other sheets
    absolute; without it they stay relative paths."""
    # Imported here: WeasyPrint takes half a second to load, which every command and
    # worker would otherwise pay at start-up.
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.document import DocumentMetadata  # type: ignore[import-untyped]

    document = HTML(string=render_sheet_html(decision), base_url=base_url).render()
    # Replaced outright, not read from the page: no text of the sheet reaches the metadata.
    document.metadata = DocumentMetadata(title=sheet_title(decision.pk), lang="en-GB")
    pdf: bytes = document.write_pdf()
    return pdf
