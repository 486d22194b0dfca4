"""Referrals: drafting, sign-offs, listing, withdrawal, recording and delegated decisions.

Every change goes through carepanel.referrals.services (or the decisions' and meetings'
services); every read starts from `referrals_visible_to(actor)`. A referral shows
children's details, so reading one is written to the audit trail (DESIGN.md §9).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status

from carepanel.accounts.actors import Actor
from carepanel.accounts.models import Authority
from carepanel.api.auth import actor_of
from carepanel.api.decisions import DecisionIn, DecisionOut, decision_errors, decision_out
from carepanel.api.errors import RequestInvalid, renamed_fields
from carepanel.api.referral_schemas import (
    AcceptLateIn,
    ChildOut,
    DecisionBriefOut,
    EmergencyBriefOut,
    FamilyMemberOut,
    FlagsOut,
    ListQuery,
    NextSignOffOut,
    PaperOut,
    ReasonIn,
    RecordIn,
    ReferralIn,
    ReferralOut,
    ReferralPage,
    ReferralSummaryOut,
    ReferralUpdateIn,
    RouteOut,
    SignOffIn,
    SignOffOut,
)
from carepanel.api.schemas import ERRORS, CostOut, ItemMeetingOut, ObjectId, PaperGapOut, Ref
from carepanel.audit.services import audit_record
from carepanel.decisions import services as decision_services
from carepanel.meetings import services as meeting_services
from carepanel.meetings.completeness import gaps_for_items
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.queries import current_item, get_referral_details_for_actor
from carepanel.policy import KINDS, get_pack
from carepanel.referrals import services
from carepanel.referrals.models import Referral, ReferralChild
from carepanel.referrals.queries import next_sign_off, referrals_visible_to

router = Router(tags=["referrals"])

PAGE_SIZE = 50


# ---------------------------------------------------------------------------- reading


def _with_children_and_items(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.prefetch_related(
        Prefetch("child_links", queryset=ReferralChild.objects.select_related("child")),
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("meeting").order_by("-listed_at", "-pk"),
        ),
    )


def summary_queryset(actor: Actor) -> QuerySet[Referral]:
    """The actor's referrals with what a summary shows: a fixed number of queries."""
    return _with_children_and_items(referrals_visible_to(actor).select_related("team", "presenter"))


def _summary_fields(referral: Referral) -> dict[str, Any]:
    children = [link.child for link in referral.child_links.all()]
    item = current_item(referral)
    return {
        "id": referral.pk,
        "authority": referral.authority_id,
        "status": referral.status,
        "version": referral.version,
        "kind": referral.kind,
        "kind_label": referral.kind_label,
        "cost": CostOut.of(referral.cost_amount_gbp, referral.cost_basis, referral.cost_weeks),
        "annual_cost_gbp": referral.annual_cost_gbp,
        "total_cost_gbp": referral.total_cost_gbp,
        "flags": FlagsOut(**referral.flags(children)),
        "route": RouteOut(
            route=referral.route,
            panel=referral.panel_id,
            approver=referral.route_approver,
            other_panel=referral.other_panel,
            retrospective=referral.retrospective,
            reasons=list(referral.route_reasons),
        ),
        "team": Ref(id=referral.team.pk, name=referral.team.name),
        "presenter": Ref(id=referral.presenter.pk, name=str(referral.presenter)),
        "children": [
            ChildOut(
                id=child.pk,
                first_name=child.first_name,
                last_name=child.last_name,
                date_of_birth=child.date_of_birth,
                case_id=child.case_id,
                legal_status=child.legal_status,
                plan=child.plan,
                disabled=child.disabled,
            )
            for child in children
        ],
        "meeting": ItemMeetingOut.of(item) if item is not None else None,
        "created_at": referral.created_at,
        "submitted_at": referral.submitted_at,
    }


def referral_summary_out(referral: Referral) -> ReferralSummaryOut:
    return ReferralSummaryOut(**_summary_fields(referral))


def referral_out(referral: Referral) -> ReferralOut:
    pack = get_pack(referral.authority_id)
    item = current_item(referral)
    gaps = []
    if item is not None and item.status == AgendaItem.Status.LISTED:
        item.referral = referral  # the prefetched children and papers
        gaps = gaps_for_items([item])[item.pk]
    rule = next_sign_off(referral, pack)
    emergency = getattr(referral, "emergency_decision", None)
    return ReferralOut(
        **_summary_fields(referral),
        answers=dict(referral.answers),
        family=[
            FamilyMemberOut(
                name=member.name,
                relationship=member.relationship,
                date_of_birth=member.date_of_birth,
                gender=member.gender,
                ethnicity=member.ethnicity,
            )
            for member in referral.family.all()
        ],
        previously_presented_on=referral.previously_presented_on,
        previous_outcome=referral.previous_outcome,
        returned_reason=referral.returned_reason,
        recorded_reference=referral.recorded_reference,
        sign_offs=[
            SignOffOut(
                role=sign_off.role,
                action=sign_off.action,
                outcome=sign_off.outcome,
                reason=sign_off.reason,
                by=str(sign_off.signed_by),
                at=sign_off.signed_at,
            )
            for sign_off in referral.sign_offs.all()
        ],
        next_sign_off=NextSignOffOut(role=rule.role, action=rule.action) if rule else None,
        papers=[PaperOut.of(paper) for paper in referral.papers.all()],
        paper_gaps=[PaperGapOut(type=g.type, problem=g.problem, message=g.message) for g in gaps],
        decisions=[
            DecisionBriefOut(
                id=decision.pk,
                kind=decision.kind,
                outcome=decision.outcome,
                status=decision.status,
                recorded_at=decision.recorded_at,
            )
            for decision in referral.decisions.all()
        ],
        emergency_decision=(
            EmergencyBriefOut(id=emergency.pk, status=emergency.status) if emergency else None
        ),
    )


def read_referral(actor: Actor, referral_id: int) -> ReferralOut:
    """The referral page's read (`get_referral_details_for_actor`), serialised; the read
    is audited as the page's is."""
    referral = get_referral_details_for_actor(actor, referral_id)
    services.referral_read(actor=actor, referral=referral)
    return referral_out(referral)


# ----------------------------------------------------------------------------- routes


@router.get(
    "/referrals",
    response={200: ReferralPage, **ERRORS},
    summary="List the referrals you can see, newest first",
    description=f"Pages of {PAGE_SIZE}. Filter by `status` and `kind`.",
)
def referral_list(request: HttpRequest, filters: Query[ListQuery]) -> ReferralPage:
    actor = actor_of(request)
    errors = {}
    if filters.status is not None and filters.status not in Referral.Status.values:
        errors["status"] = "Choose one of: " + ", ".join(Referral.Status.values) + "."
    if filters.kind is not None and filters.kind not in KINDS:
        errors["kind"] = "Choose a kind of referral from the list."
    if errors:
        raise RequestInvalid(errors)
    referrals = summary_queryset(actor).order_by("-created_at", "-pk")
    if filters.status:
        referrals = referrals.filter(status=filters.status)
    if filters.kind:
        referrals = referrals.filter(kind=filters.kind)
    count = referrals.count()
    start = (filters.page - 1) * PAGE_SIZE
    page = list(referrals[start : start + PAGE_SIZE]) if start < count else []
    if page:
        # One event for the page: which referrals' children were shown, to whom.
        audit_record(
            actor=actor,
            authority_id=actor.authority_id,
            action="referral.list_viewed",
            obj=Authority(pk=actor.authority_id),
            data={"referrals": [referral.pk for referral in page]},
        )
    return ReferralPage(
        count=count,
        page=filters.page,
        page_size=PAGE_SIZE,
        results=[referral_summary_out(referral) for referral in page],
    )


@router.post(
    "/referrals",
    response={201: ReferralOut, **ERRORS},
    summary="Start a draft referral",
)
def referral_create(request: HttpRequest, payload: ReferralIn) -> Status[ReferralOut]:
    actor = actor_of(request)
    referral = services.referral_create(actor=actor, data=payload.to_input())
    return Status(201, read_referral(actor, referral.pk))


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **ERRORS},
    summary="Read a referral",
)
def referral_detail(request: HttpRequest, referral_id: ObjectId) -> ReferralOut:
    return read_referral(actor_of(request), referral_id)


@router.patch(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **ERRORS},
    summary="Change a draft referral",
    description="The whole referral, as when it was created, with the `version` you read.",
)
def referral_update(
    request: HttpRequest, referral_id: ObjectId, payload: ReferralUpdateIn
) -> ReferralOut:
    actor = actor_of(request)
    services.referral_update(
        actor=actor, referral_id=referral_id, version=payload.version, data=payload.to_input()
    )
    return read_referral(actor, referral_id)


@router.post(
    "/referrals/{referral_id}/submit",
    response={200: ReferralOut, **ERRORS},
    summary="Submit a draft referral for its sign-offs",
)
def referral_submit(request: HttpRequest, referral_id: ObjectId) -> ReferralOut:
    actor = actor_of(request)
    services.referral_submit(actor=actor, referral_id=referral_id)
    return read_referral(actor, referral_id)


@router.post(
    "/referrals/{referral_id}/sign-offs",
    response={201: ReferralOut, **ERRORS},
    summary="Agree (or authorise) a referral, or return it to its social worker",
)
def referral_sign_off(
    request: HttpRequest, referral_id: ObjectId, payload: SignOffIn
) -> Status[ReferralOut]:
    actor = actor_of(request)
    services.referral_sign_off(
        actor=actor, referral_id=referral_id, outcome=payload.outcome, reason=payload.reason
    )
    return Status(201, read_referral(actor, referral_id))


@router.post(
    "/referrals/{referral_id}/withdraw",
    response={200: ReferralOut, **ERRORS},
    summary="Withdraw a referral",
)
def referral_withdraw(
    request: HttpRequest, referral_id: ObjectId, payload: ReasonIn
) -> ReferralOut:
    actor = actor_of(request)
    services.referral_withdraw(actor=actor, referral_id=referral_id, reason=payload.reason)
    return read_referral(actor, referral_id)


@router.post(
    "/referrals/{referral_id}/accept-late",
    response={200: ReferralOut, **ERRORS},
    summary="Accept a late referral for a meeting whose deadline it missed",
)
def referral_accept_late(
    request: HttpRequest, referral_id: ObjectId, payload: AcceptLateIn
) -> ReferralOut:
    actor = actor_of(request)
    meeting_services.referral_accept_late(
        actor=actor, referral_id=referral_id, meeting_id=payload.meeting, reason=payload.reason
    )
    return read_referral(actor, referral_id)


@router.post(
    "/referrals/{referral_id}/record",
    response={200: ReferralOut, **ERRORS},
    summary="Record that the signed decision is on the child's file",
)
def referral_record(request: HttpRequest, referral_id: ObjectId, payload: RecordIn) -> ReferralOut:
    actor = actor_of(request)
    decision_services.referral_record(
        actor=actor, referral_id=referral_id, reference=payload.reference
    )
    return read_referral(actor, referral_id)


@router.post(
    "/referrals/{referral_id}/list",
    response={200: ReferralOut, **ERRORS},
    summary="List an agreed referral that is on no agenda",
    description="The coordinator's retry once a meeting with room has been added.",
)
def referral_list_on_agenda(request: HttpRequest, referral_id: ObjectId) -> ReferralOut:
    actor = actor_of(request)
    meeting_services.referral_list(actor=actor, referral_id=referral_id)
    return read_referral(actor, referral_id)


@router.post(
    "/referrals/{referral_id}/delegated-decision",
    response={201: DecisionOut, **ERRORS},
    summary="Decide a referral below the panel's threshold, as the delegated approver",
)
def referral_delegated_decision(
    request: HttpRequest, referral_id: ObjectId, payload: DecisionIn
) -> Status[DecisionOut]:
    actor = actor_of(request)
    with renamed_fields(decision_errors):
        decision = decision_services.referral_decide_delegated(
            actor=actor, referral_id=referral_id, data=payload.to_input()
        )
    return Status(201, decision_out(actor, decision.pk))
