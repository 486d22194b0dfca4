"""The decision pages: the hearing, signing and finalising, the decision sheet and its PDF,
the delegated decision, and emergency decisions with their approvers.

Each view reads through `queries.py`, asks `permissions.py` who may act, and calls one
service; the service's refusal is the page's error summary, or the refusal page.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.forms import Form, IntegerField
from django.forms.utils import ErrorDict
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from carepanel.accounts.actors import roles_in_words
from carepanel.core.errors import IllegalTransition, Invalid, NotFound, NotPermitted
from carepanel.core.pagination import paginate
from carepanel.core.templatetags.govuk_dates import govuk_datetime
from carepanel.core.web import ActorRequest, actor_view, add_service_errors
from carepanel.decisions import permissions, services
from carepanel.decisions.forms import (
    BLANK_ACTION_ROWS,
    MAX_ACTION_ROWS,
    DecisionForm,
    EmergencyForm,
    decision_initial,
    referral_initial,
    review_hint,
)
from carepanel.decisions.models import RELISTING, Decision, EmergencyDecision
from carepanel.decisions.queries import (
    can_approve_emergency,
    check_can_approve_emergency,
    decisions_awaiting,
    decisions_visible_to,
    emergency_route,
    emergency_rows,
    emergency_still_to_approve,
    get_emergency_for_actor,
    hearing_closed,
    hearing_item,
    people_of,
    review_proposal,
)
from carepanel.decisions.services import (
    DELEGATED_OUTCOMES,
    PANEL_OUTCOMES,
    RATIFICATION_OUTCOMES,
    DecisionInput,
)
from carepanel.decisions.sheets import sheet_context, sheet_filename, sheet_queryset
from carepanel.meetings.completeness import gaps_for_items
from carepanel.meetings.models import AgendaItem
from carepanel.policy.kinds import ROLE_LABELS
from carepanel.referrals.models import Paper, Referral, ReferralChild
from carepanel.referrals.permissions import can_record_on_file
from carepanel.referrals.queries import get_referral_for_actor
from carepanel.referrals.transitions import allows

_ACTION_ROW = re.compile(r"^action_(\d+)_")


# ------------------------------------------------------------------ shared


class VersionForm(Form):
    """A confirmation that carries the version the person read (sign, finalise)."""

    version = IntegerField(required=False)


def _sheet_decision(request: ActorRequest, decision_id: int) -> Decision:
    """The decision with everything its sheet shows, or 404 outside the actor's scope."""
    visible = decisions_visible_to(request.actor).values("pk")
    try:
        return sheet_queryset().filter(pk__in=visible).get(pk=decision_id)
    except Decision.DoesNotExist:
        raise NotFound("No decision with that id.") from None


def _who_signs(decision: Decision) -> str:
    """The refusal `decision_sign` gives someone who may not sign."""
    if decision.kind == Decision.Kind.DELEGATED:
        return f"Only the {ROLE_LABELS[decision.referral.route_approver]} can do this."
    return "Only the panel chair can sign a decision."


def _children(referral: Referral) -> list[Any]:
    """The referral's children in the form's order; `child_links` prefetched or one query."""
    return [link.child for link in referral.child_links.all()]


def _action_rows(data: QueryDict, shown: int) -> int:
    """How many action rows the posted form had (MOJ add-another may have added some)."""
    indexes = [int(m.group(1)) for key in data if (m := _ACTION_ROW.match(key))]
    return min(max([shown - 1, *indexes]) + 1, MAX_ACTION_ROWS)


def _without_errors(form: Form) -> Form:
    """The posted form as typed, without complaints: "Add another action" is no submission."""
    form.full_clean()
    form._errors = ErrorDict()  # type: ignore[attr-defined]
    return form


# ------------------------------------------------------------------ the hearing


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def hearing(request: ActorRequest, item_id: int) -> HttpResponse:
    """The panel's decision on an item, recorded by the coordinator or the chair while the
    item is heard, and recorded again in its place until the chair signs it."""
    actor = request.actor
    item = hearing_item(actor, item_id)
    if not permissions.can_record_decision(actor):
        raise NotPermitted("Only the panel coordinator or the chair can record a decision.")
    decision: Decision | None = next(iter(item.current_decisions), None)  # type: ignore[attr-defined]
    closed = hearing_closed(item, decision)
    if request.method == "POST" and closed:
        # The service refuses a closed hearing before it reads a decision: its refusal,
        # in its words, is the page.
        try:
            services.agenda_item_decide(
                actor=actor, item_id=item.pk, data=DecisionInput(outcome=""), version=None
            )
        except Invalid:
            raise IllegalTransition(closed) from None
    referral = item.referral
    children = _children(referral)
    ratification = item.purpose == AgendaItem.Purpose.RATIFICATION
    proposal = None if ratification else review_proposal(referral, item.meeting.day)
    if decision is not None:
        initial = decision_initial(decision, children)
        rows = len(decision.actions.all()) + BLANK_ACTION_ROWS
    elif proposal is not None:
        initial = referral_initial(referral.cost, proposal.due_on)
        rows = BLANK_ACTION_ROWS
    else:
        # A ratification's approval stands unless the panel gives a new one.
        initial, rows = {}, BLANK_ACTION_ROWS
    form_kwargs: dict[str, Any] = {
        "initial": initial,
        "outcomes": RATIFICATION_OUTCOMES | RELISTING if ratification else PANEL_OUTCOMES,
        "children": children,
        "people": list(people_of(actor)),
        "approval_optional": ratification,
        # A ratification is of the emergency decision as a whole.
        "per_child": not ratification,
        "review_hint": review_hint(proposal, item.meeting.day) if proposal else "",
    }
    if request.method == "POST":
        rows = _action_rows(request.POST, rows)
        adding = "add_action" in request.POST
        form = DecisionForm(request.POST, action_rows=rows + 1 if adding else rows, **form_kwargs)
        if adding:
            _without_errors(form)
        elif form.is_valid():
            try:
                recorded = services.agenda_item_decide(
                    actor=actor,
                    item_id=item.pk,
                    data=form.decision_input(),
                    version=form.cleaned_data["version"],
                )
            except (Invalid, IllegalTransition) as error:
                add_service_errors(form, error, form.service_fields())
            else:
                messages.success(
                    request,
                    f"Decision recorded for referral {referral.pk}: "
                    f"{recorded.get_outcome_display().lower()}",
                )
                return redirect("meetings:agenda", meeting_id=item.meeting_id)
    else:
        form = DecisionForm(action_rows=rows, **form_kwargs)
    gaps = gaps_for_items([item])[item.pk] if item.status == AgendaItem.Status.LISTED else []
    return render(
        request,
        "decisions/hearing.html",
        {
            "item": item,
            "meeting": item.meeting,
            "referral": referral,
            "children": children,
            "papers": list(referral.papers.all()),
            "gaps": gaps,
            "decision": decision,
            "closed": closed,
            "ratification": ratification,
            "proposal": proposal,
            "form": form,
        },
    )


# ------------------------------------------------------------------ to sign, sign, finalise


@require_GET
@actor_view
def to_sign(request: ActorRequest) -> HttpResponse:
    """Decisions waiting for this person: their signature, or their finalisation."""
    page, pagination = paginate(
        decisions_awaiting(request.actor), request.GET, label="Pages of decisions to sign"
    )
    rows = []
    for decision in page.object_list:
        item = decision.agenda_item
        rows.append(
            {
                "decision": decision,
                "meeting": item.meeting if item is not None else None,
                "children": [link.child for link in decision.referral.child_links.all()],
                "to_sign": not decision.is_signed,
            }
        )
    return render(
        request,
        "decisions/to_sign.html",
        {"rows": rows, "page": page, "pagination": pagination},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def decision_sign(request: ActorRequest, decision_id: int) -> HttpResponse:
    """Exactly what will be signed, and the signature; once signed, the confirmation."""
    decision = _sheet_decision(request, decision_id)
    if not permissions.can_sign_decision(request.actor, decision):
        raise NotPermitted(_who_signs(decision))
    form = VersionForm(request.POST or None, initial={"version": decision.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_sign(
                actor=request.actor,
                decision_id=decision.pk,
                version=form.cleaned_data["version"],
            )
        except IllegalTransition as error:
            if decision.is_signed:
                raise  # signed already: the refusal page says so
            add_service_errors(form, error)
        else:
            return redirect("decisions:sign", decision_id=decision.pk)
    if decision.is_signed:
        return render(
            request,
            "decisions/signed.html",
            {"decision": decision, "sheet": sheet_context(decision)},
        )
    return render(
        request,
        "decisions/sign.html",
        {"decision": decision, "sheet": sheet_context(decision), "form": form},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def decision_finalise(request: ActorRequest, decision_id: int) -> HttpResponse:
    """The role the pack names confirms the panel's signed recommendation."""
    decision = _sheet_decision(request, decision_id)
    if not decision.finalised_by_role:
        raise IllegalTransition("This decision needs no finalisation.")
    if not permissions.can_finalise_decision(request.actor, decision):
        raise NotPermitted(
            f"Only the {ROLE_LABELS[decision.finalised_by_role]} can finalise this decision."
        )
    form = VersionForm(request.POST or None, initial={"version": decision.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_finalise(
                actor=request.actor,
                decision_id=decision.pk,
                version=form.cleaned_data["version"],
            )
        except IllegalTransition as error:
            if not decision.is_signed or decision.finalised_at is not None:
                raise  # not signed yet, or finalised already: the refusal page says so
            add_service_errors(form, error)
        else:
            return redirect("decisions:finalise", decision_id=decision.pk)
    sheet = sheet_context(decision)
    if decision.finalised_at is not None:
        return render(request, "decisions/finalised.html", {"decision": decision, "sheet": sheet})
    return render(
        request,
        "decisions/finalise.html",
        {"decision": decision, "sheet": sheet, "form": form},
    )


# ------------------------------------------------------------------ the sheet


@require_GET
@actor_view
def decision_detail(request: ActorRequest, decision_id: int) -> HttpResponse:
    """The decision sheet as a page, with what the person may do next."""
    actor = request.actor
    decision = _sheet_decision(request, decision_id)
    sheet = sheet_context(decision)
    item = decision.agenda_item
    referral = decision.referral
    may_change = (
        item is not None
        and permissions.can_record_decision(actor)
        and not hearing_closed(item, decision)
    )
    return render(
        request,
        "decisions/detail.html",
        {
            "decision": decision,
            "sheet": sheet,
            "item": item,
            "may_sign": not decision.is_signed and permissions.can_sign_decision(actor, decision),
            "may_finalise": decision.is_signed
            and decision.awaits_finalisation
            and permissions.can_finalise_decision(actor, decision),
            "may_change": may_change,
            "may_record": decision.in_effect
            and can_record_on_file(actor)
            and allows(referral.status, "record"),
            "relisted": decision.outcome in RELISTING,
        },
    )


@require_GET
@actor_view
def decision_pdf(request: ActorRequest, decision_id: int) -> HttpResponse:
    """The decision sheet as PDF; the download is audited (it names the children)."""
    decision, pdf = services.decision_sheet_download(
        actor=request.actor,
        decision_id=decision_id,
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{sheet_filename(decision.pk)}"'
    return response


# ------------------------------------------------------------------ delegated decisions


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def delegated_decision(request: ActorRequest, referral_id: int) -> HttpResponse:
    """Below the panel's threshold, the pack's delegated approver decides, without panel;
    their decision is signed as they record it."""
    actor = request.actor
    referral = get_referral_for_actor(actor, referral_id)
    permissions.check_can_decide_delegated(actor, referral)
    referral = _referral_for_summary(referral.pk)
    children = _children(referral)
    proposal = review_proposal(referral, timezone.localdate())
    form_kwargs: dict[str, Any] = {
        "initial": referral_initial(referral.cost, proposal.due_on),
        "outcomes": DELEGATED_OUTCOMES,
        "children": children,
        "people": list(people_of(actor)),
        "review_hint": review_hint(proposal, timezone.localdate()),
    }
    rows = BLANK_ACTION_ROWS
    if request.method == "POST":
        rows = _action_rows(request.POST, rows)
        adding = "add_action" in request.POST
        form = DecisionForm(request.POST, action_rows=rows + 1 if adding else rows, **form_kwargs)
        if adding:
            _without_errors(form)
        elif form.is_valid():
            try:
                decision = services.referral_decide_delegated(
                    actor=actor, referral_id=referral.pk, data=form.decision_input()
                )
            except (Invalid, IllegalTransition) as error:
                add_service_errors(form, error, form.service_fields())
            else:
                messages.success(request, f"Decision {decision.pk} recorded and signed")
                return redirect("decisions:detail", decision_id=decision.pk)
    else:
        form = DecisionForm(action_rows=rows, **form_kwargs)
    return render(
        request,
        "decisions/delegated.html",
        {
            "referral": referral,
            "children": children,
            "papers": list(referral.papers.all()),
            "approver": ROLE_LABELS[referral.route_approver],
            "proposal": proposal,
            "form": form,
        },
    )


def _referral_for_summary(referral_id: int) -> Referral:
    """The referral (already checked to be in scope) with what its summary panel shows."""
    return (
        Referral.objects.select_related("presenter")
        .prefetch_related(
            Prefetch(
                "child_links",
                queryset=ReferralChild.objects.select_related("child").order_by("position", "pk"),
            ),
            Prefetch("papers", queryset=Paper.objects.order_by("uploaded_at")),
        )
        .get(pk=referral_id)
    )


# ------------------------------------------------------------------ emergency decisions


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def emergency_new(request: ActorRequest, referral_id: int) -> HttpResponse:
    """An approval between panels, by a role the pack allows; it stands until the next
    meeting, where the referral is listed for ratification."""
    actor = request.actor
    referral = get_referral_for_actor(actor, referral_id)
    where = emergency_route(actor, referral)
    referral = _referral_for_summary(referral.pk)
    form = EmergencyForm(
        request.POST or None,
        initial=referral_initial(referral.cost, None),
    )
    if request.method == "POST" and form.is_valid():
        try:
            emergency = services.emergency_decision_record(
                actor=actor,
                referral_id=referral.pk,
                reason=form.cleaned_data["reason"],
                approval=form.approval_input(),
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error, form.service_fields())
        else:
            messages.success(
                request, f"Emergency decision {emergency.pk} recorded: {_standing(emergency)}"
            )
            return redirect("decisions:emergency_detail", emergency_id=emergency.pk)
    others = [role for role in where.approvers if role not in actor.roles]
    return render(
        request,
        "decisions/emergency_new.html",
        {
            "referral": referral,
            "children": _children(referral),
            "papers": list(referral.papers.all()),
            "where": where,
            "others": others if where.approval == "all" else [],
            "form": form,
        },
    )


@require_GET
@actor_view
def emergency_list(request: ActorRequest) -> HttpResponse:
    """Emergency decisions the person may see: who has approved, who still must, and the
    meeting that ratifies each."""
    actor = request.actor
    page, pagination = paginate(
        emergency_rows(actor), request.GET, label="Pages of emergency decisions"
    )
    rows = [
        {
            "emergency": emergency,
            "children": [link.child for link in emergency.referral.child_links.all()],
            "still_to_approve": emergency_still_to_approve(emergency),
            "may_approve": can_approve_emergency(actor, emergency),
        }
        for emergency in page.object_list
    ]
    return render(
        request,
        "decisions/emergencies.html",
        {"rows": rows, "page": page, "pagination": pagination},
    )


@require_GET
@actor_view
def emergency_detail(request: ActorRequest, emergency_id: int) -> HttpResponse:
    emergency = get_emergency_for_actor(request.actor, emergency_id)
    return render(
        request, "decisions/emergency_detail.html", _emergency_context(request, emergency)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def emergency_approve(request: ActorRequest, emergency_id: int) -> HttpResponse:
    """Another approver the pack requires adds their approval."""
    actor = request.actor
    emergency = get_emergency_for_actor(actor, emergency_id)
    check_can_approve_emergency(actor, emergency)
    if request.method == "POST":
        approved = services.emergency_decision_approve(actor=actor, emergency_id=emergency.pk)
        messages.success(
            request, f"You approved emergency decision {approved.pk}: {_standing(approved)}"
        )
        return redirect("decisions:emergency_detail", emergency_id=emergency.pk)
    return render(
        request, "decisions/emergency_approve.html", _emergency_context(request, emergency)
    )


def _standing(emergency: EmergencyDecision) -> str:
    """Where a just-changed emergency decision stands: until which meeting, or whose
    approval it waits for."""
    meeting = emergency.ratification_meeting
    if meeting is not None:
        return (
            f"it stands until the {meeting.panel_name} on {govuk_datetime(meeting.starts_at)}, "
            "where the panel ratifies it"
        )
    missing = emergency_still_to_approve(
        EmergencyDecision.objects.prefetch_related("approvers").get(pk=emergency.pk)
    )
    return f"it waits for the {roles_in_words(missing, 'and the')} to approve it"


def _emergency_context(request: ActorRequest, emergency: EmergencyDecision) -> dict[str, Any]:
    return {
        "emergency": emergency,
        "referral": emergency.referral,
        "children": [link.child for link in emergency.referral.child_links.all()],
        "approval": getattr(emergency, "approval", None),
        "still_to_approve": emergency_still_to_approve(emergency),
        "may_approve": can_approve_emergency(request.actor, emergency),
    }
