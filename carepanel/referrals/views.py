"""The referral pages: the list, starting one, the task list and its sections, checking
and submitting, papers, sign-off, withdrawal, recording and listing.

Each page reads through `carepanel.referrals.queries` (scoped to the actor, a fixed number
of queries) and changes through one service with `request.actor`; a refusal comes back
as the error summary, or as the 403, 404 or 409 page `actor_view` draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from django.contrib import messages
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from carepanel.accounts.models import Team
from carepanel.accounts.web import ActorRequest, actor_view
from carepanel.children.models import Child
from carepanel.core.errors import IllegalTransition, Invalid
from carepanel.core.pagination import paginate, sort_headers
from carepanel.core.templatetags.govuk_dates import govuk_datetime
from carepanel.core.web import add_service_errors
from carepanel.decisions import permissions as decision_permissions
from carepanel.decisions import services as decision_services
from carepanel.meetings import services as meeting_services
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.permissions import can_see_meetings
from carepanel.meetings.queries import (
    current_item,
    get_referral_details_for_actor,
    referrals_for_list,
    time_to_attend_for,
)
from carepanel.policy import KIND_LABELS, KINDS, Pack, first_meeting_for, get_pack
from carepanel.referrals import permissions, sections, services
from carepanel.referrals.forms import (
    FLAG_LABELS,
    REQUEST_ERRORS,
    AddChildForm,
    ConfirmForm,
    FamilyMemberForm,
    ListFilterForm,
    PaperForm,
    PreviousForm,
    QuestionsForm,
    ReasonForm,
    RecordForm,
    RemoveForm,
    RequestForm,
    SignOffForm,
    StartForm,
    child_errors,
    family_errors,
)
from carepanel.referrals.models import Referral
from carepanel.referrals.queries import children_to_choose, next_sign_off
from carepanel.referrals.route_words import (
    ACTION_PAST,
    RouteWords,
    after_sign_off,
    after_submit,
    route_words,
    words_for_route,
)
from carepanel.referrals.services import ReferralInput

# The list's sortable columns: created, state (in the order of its life), kind (by name).
SORTS: dict[str, Any] = {
    "created": "created_at",
    "status": Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(Referral.Status.values)),
        output_field=IntegerField(),
    ),
    "kind": Case(
        *(
            When(kind=k, then=Value(i))
            for i, k in enumerate(sorted(KINDS, key=lambda k: KIND_LABELS[k]))
        ),
        output_field=IntegerField(),
    ),
}
SORT_LABELS = {"created": "Started", "status": "State", "kind": "What it is for"}


# ------------------------------------------------------------------------ the list


def _posted(request: ActorRequest) -> Any:
    """The form's data on a POST (even an empty one, which must show its errors)."""
    return request.POST if request.method == "POST" else None


def _sorted(referrals: QuerySet[Referral], sort: str, order: str) -> QuerySet[Referral]:
    key = SORTS[sort]
    if isinstance(key, str):
        expression = key if order == "asc" else f"-{key}"
        return referrals.order_by(expression, "-pk" if order == "desc" else "pk")
    ordered = key.asc() if order == "asc" else key.desc()
    return referrals.order_by(ordered, "-created_at", "-pk")


@require_safe
@actor_view
def referral_list(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    filters = ListFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    sort = request.GET.get("sort", "created")
    sort = sort if sort in SORTS else "created"
    order = request.GET.get("order", "desc" if sort == "created" else "asc")
    order = order if order in ("asc", "desc") else "desc"

    referrals = referrals_for_list(actor)
    if status:
        referrals = referrals.filter(status=status)
    kept = {"status": status} if status else {}
    page, pagination = paginate(
        _sorted(referrals, sort, order),
        {**kept, "sort": sort, "order": order, "page": request.GET.get("page", "")},
        label="Pages of referrals",
    )
    rows = [
        {
            "referral": referral,
            "children": [link.child for link in referral.child_links.all()],
            "item": next(iter(getattr(referral, "listed_items", [])), None),
        }
        for referral in page.object_list
    ]
    services.referrals_read(actor=actor, referral_ids=[row["referral"].pk for row in rows])

    return render(
        request,
        "referrals/list.html",
        {
            "filters": filters,
            "rows": rows,
            "headers": sort_headers(kept, SORT_LABELS, sort, order),
            "page": page,
            "count": page.paginator.count,
            "pagination": pagination,
            "can_create": permissions.can_create_referral(actor),
            "can_see_meetings": can_see_meetings(actor),
        },
    )


# ----------------------------------------------------------------- starting one


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_start(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    permissions.check_can_create_referral(actor)
    teams = list(Team.objects.filter(authority_id=actor.authority_id, pk__in=actor.team_ids))
    children = list(children_to_choose(actor))
    form = StartForm(_posted(request), teams=teams, children=children)
    if request.method == "POST" and form.is_valid():
        data = ReferralInput(
            kind=form.cleaned_data["kind"],
            children=[form.child_input()],
            team_id=form.team_id,
        )
        try:
            referral = services.referral_create(actor=actor, data=data)
        except Invalid as error:
            add_service_errors(form, error, {**child_errors(0), "children": "child"})
        else:
            messages.success(
                request,
                f"Referral {referral.pk} is started. Answer each section, then check and "
                "submit it.",
            )
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, "referrals/start.html", {"form": form})


# ------------------------------------------------------------ one referral: reading


def _children(referral: Referral) -> list[Child]:
    return [link.child for link in referral.child_links.all()]


def _meeting_day(referral: Referral, pack: Pack, item: AgendaItem | None) -> dt.date:
    """The day its papers are judged for: its meeting's, or the meeting it would reach."""
    if item is not None and item.status == AgendaItem.Status.LISTED:
        return item.meeting.day
    if referral.route in ("", Referral.Route.PANEL):
        return first_meeting_for(pack, timezone.now(), referral.panel_id or None).day
    return timezone.localdate()


def _question_sections(pack: Pack, referral: Referral) -> list[dict[str, Any]]:
    return [
        {
            "section": section,
            "answers": [(q, referral.answers.get(q.id, "")) for q in section.questions],
            "status": sections.answers_status(section.questions, referral.answers),
        }
        for section in sections.question_sections(pack)
    ]


def _flags(referral: Referral) -> list[str]:
    return [label for name, label in FLAG_LABELS.items() if getattr(referral, name)]


def _actions(request: ActorRequest, referral: Referral, pack: Pack) -> dict[str, Any]:
    """Which buttons the actor sees: each predicate is the one its service asks."""
    actor = request.actor
    children = _children(referral)
    return {
        "sign_off": permissions.can_sign_off_referral(actor, referral, pack),
        "sign_off_rule": next_sign_off(referral, pack),
        "withdraw": permissions.can_withdraw_referral(actor, referral),
        "record": permissions.can_record_on_file(actor, referral),
        "list_on_agenda": permissions.can_list_referral(actor, referral),
        "delegated": decision_permissions.can_decide_delegated(actor, referral),
        "emergency": decision_permissions.can_record_emergency(
            actor, referral, services.emergency_route(referral, pack, children)
        ),
        "add_paper": permissions.can_add_paper(actor, referral),
        "edit": permissions.can_edit_referral(actor, referral),
    }


def _summary(request: ActorRequest, referral: Referral, pack: Pack) -> dict[str, Any]:
    """What every page about one referral shows of it; no query runs while it renders."""
    children = _children(referral)
    item = current_item(referral)
    papers = list(referral.papers.all())
    return {
        "referral": referral,
        "pack": pack,
        "children": children,
        "family": list(referral.family.all()),
        "flags": _flags(referral),
        "question_sections": _question_sections(pack, referral),
        "papers": papers,
        "sign_offs": list(referral.sign_offs.all()),
        "decisions": list(referral.decisions.all()),
        "emergency_decision": getattr(referral, "emergency_decision", None),
        "item": item,
        "attend_at": time_to_attend_for(item) if item is not None else None,
        "can_see_meetings": can_see_meetings(request.actor),
        "actions": _actions(request, referral, pack),
    }


def _stored_route_words(referral: Referral, pack: Pack) -> RouteWords:
    """Where it went when last routed (kept on the referral, so a pack changed since does
    not rewrite it), with the meeting a referral agreed now would reach."""
    return route_words(
        pack,
        route=referral.route or Referral.Route.PANEL,
        panel_id=referral.panel_id or None,
        approver=referral.route_approver or None,
        other_panel=referral.other_panel or None,
        reasons=referral.route_reasons,
        now=timezone.now(),
    )


def _task_list(referral: Referral, pack: Pack, summary: dict[str, Any]) -> dict[str, Any]:
    papers = summary["papers"]
    needs = sections.papers_needed(
        pack, referral, summary["children"], papers, _meeting_day(referral, pack, summary["item"])
    )

    def section_url(slug: str) -> str:
        return reverse("referrals:section", kwargs={"referral_id": referral.pk, "section": slug})

    about = [
        {
            "title": "What you are asking for",
            "href": section_url(sections.REQUEST),
            "status": sections.request_status(referral),
        },
        {
            "title": "Children and family",
            "href": section_url(sections.CHILDREN),
            "status": sections.children_status(summary["children"]),
        },
        {
            "title": "Previous presentations to the panel",
            "href": section_url(sections.PREVIOUS),
            "hint": "Only if it has been to the panel before",
            "status": sections.previous_status(referral),
        },
    ]
    questions = [
        {
            "title": entry["section"].title,
            "href": section_url(entry["section"].slug),
            "status": entry["status"],
        }
        for entry in summary["question_sections"]
    ]
    finish = [
        {
            "title": "Papers",
            "href": reverse("referrals:papers", kwargs={"referral_id": referral.pk}),
            "status": sections.papers_status(needs, papers),
        },
        {
            "title": "Check and submit",
            "href": reverse("referrals:check", kwargs={"referral_id": referral.pk}),
            "status": sections.NOT_STARTED,
        },
    ]
    tasks = [*about, *questions, *finish[:1]]
    returned = [s for s in summary["sign_offs"] if s.outcome == "returned"]
    return {
        "task_groups": [
            ("About the referral", about),
            ("The questions on the form", questions),
            ("Papers and submitting", finish),
        ],
        "completed": sum(task["status"] == sections.COMPLETED for task in tasks),
        "total": len(tasks),
        "returned_by": returned[-1] if returned else None,
    }


@require_safe
@actor_view
def referral_detail(request: ActorRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    referral = get_referral_details_for_actor(actor, referral_id)
    pack = get_pack(actor.authority_id)
    services.referral_read(actor=actor, referral=referral)
    context = _summary(request, referral, pack)
    if context["actions"]["edit"]:
        context.update(_task_list(referral, pack, context))
        return render(request, "referrals/task_list.html", context)
    waiting = referral.status in (Referral.Status.DRAFT, Referral.Status.SUBMITTED)
    context["route"] = _stored_route_words(referral, pack)
    context["route_meeting"] = waiting and referral.route == Referral.Route.PANEL
    return render(request, "referrals/detail.html", context)


# ------------------------------------------------------------ one referral: sections


def _editable(request: ActorRequest, referral_id: int) -> Referral:
    """A draft the actor may change, with what its sections show."""
    referral = get_referral_details_for_actor(request.actor, referral_id)
    permissions.check_can_edit_referral(request.actor, referral)
    return referral


def _save(
    request: ActorRequest,
    referral: Referral,
    form: Any,
    change: Callable[[ReferralInput], ReferralInput],
    fields: dict[str, str],
    then: str | None = None,
) -> HttpResponse | None:
    """Save one section: the stored referral with only this section's fields replaced.

    Returns the redirect, or None with the service's refusal put on the form.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = change(services.referral_input_of(referral))
    try:
        services.referral_update(
            actor=request.actor,
            referral_id=referral.pk,
            version=form.cleaned_data["version"],
            data=data,
        )
    except (Invalid, IllegalTransition) as error:
        add_service_errors(form, error, fields)
        return None
    if "later" in request.POST:
        messages.success(
            request, f"Referral {referral.pk} is saved. You can come back to it at any time."
        )
        return redirect("referrals:list")
    if then is not None:
        return redirect("referrals:section", referral_id=referral.pk, section=then)
    return redirect("referrals:detail", referral_id=referral.pk)


def _request_section(request: ActorRequest, referral: Referral) -> tuple[Any, HttpResponse | None]:
    initial = {
        "kind": referral.kind,
        "cost_amount": referral.cost_amount_gbp,
        "cost_basis": referral.cost_basis,
        "cost_weeks": referral.cost_weeks,
        "flags": [name for name in FLAG_LABELS if getattr(referral, name)],
        "version": referral.version,
    }
    form = RequestForm(_posted(request), initial=initial)

    def change(data: ReferralInput) -> ReferralInput:
        cleaned = form.cleaned_data
        amount = cleaned["cost_amount"]
        return replace(
            data,
            kind=cleaned["kind"],
            cost_amount_gbp=amount,
            cost_basis=cleaned["cost_basis"] or "",
            cost_weeks=cleaned["cost_weeks"],
            flags={name: name in cleaned["flags"] for name in FLAG_LABELS},
        )

    return form, _save(request, referral, form, change, REQUEST_ERRORS)


def _previous_section(request: ActorRequest, referral: Referral) -> tuple[Any, HttpResponse | None]:
    initial = {
        "previously_presented_on": referral.previously_presented_on,
        "previous_outcome": referral.previous_outcome,
        "version": referral.version,
    }
    form = PreviousForm(_posted(request), initial=initial)

    def change(data: ReferralInput) -> ReferralInput:
        return replace(
            data,
            previously_presented_on=form.cleaned_data["previously_presented_on"],
            previous_outcome=form.cleaned_data["previous_outcome"] or "",
        )

    fields = {"previously_presented_on": "previously_presented_on"}
    return form, _save(request, referral, form, change, fields)


def _questions_section(
    request: ActorRequest, referral: Referral, questions: tuple[Any, ...]
) -> tuple[Any, HttpResponse | None]:
    initial: dict[str, Any] = {q.id: referral.answers.get(q.id, "") for q in questions}
    initial["version"] = referral.version
    form = QuestionsForm(_posted(request), initial=initial, questions=questions)

    def change(data: ReferralInput) -> ReferralInput:
        return replace(data, answers={**data.answers, **form.answers()})

    return form, _save(request, referral, form, change, form.errors_map())


def _add_child_section(
    request: ActorRequest, referral: Referral
) -> tuple[Any, HttpResponse | None]:
    named = {link.child_id for link in referral.child_links.all()}
    choices = [child for child in children_to_choose(request.actor) if child.pk not in named]
    form = AddChildForm(_posted(request), initial={"version": referral.version}, children=choices)
    index = len(named)

    def change(data: ReferralInput) -> ReferralInput:
        return replace(data, children=[*data.children, form.child_input()])

    fields = child_errors(index)
    return form, _save(request, referral, form, change, fields, then=sections.CHILDREN)


def _family_member_section(
    request: ActorRequest, referral: Referral
) -> tuple[Any, HttpResponse | None]:
    form = FamilyMemberForm(_posted(request), initial={"version": referral.version})
    index = len(referral.family.all())

    def change(data: ReferralInput) -> ReferralInput:
        return replace(data, family=[*data.family, form.member()])

    fields = {**family_errors(index), "family": "name"}
    return form, _save(request, referral, form, change, fields, then=sections.CHILDREN)


def _children_section(request: ActorRequest, referral: Referral) -> tuple[Any, HttpResponse | None]:
    """The children and family members on it; each has a button that takes them off."""
    form = RemoveForm(_posted(request), initial={"version": referral.version})
    members = list(referral.family.all())

    def change(data: ReferralInput) -> ReferralInput:
        child = form.cleaned_data.get("remove_child")
        member = form.cleaned_data.get("remove_member")
        return replace(
            data,
            children=[c for c in data.children if c["id"] != child],
            family=[m for i, m in enumerate(data.family) if members[i].pk != member],
        )

    return form, _save(request, referral, form, change, {}, then=sections.CHILDREN)


SECTION_TEMPLATES = {
    sections.REQUEST: "referrals/section_request.html",
    sections.CHILDREN: "referrals/section_children.html",
    sections.ADD_CHILD: "referrals/section_add_child.html",
    sections.FAMILY_MEMBER: "referrals/section_family_member.html",
    sections.PREVIOUS: "referrals/section_previous.html",
}


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_section(request: ActorRequest, referral_id: int, section: str) -> HttpResponse:
    referral = _editable(request, referral_id)
    pack = get_pack(request.actor.authority_id)
    title = ""
    if section == sections.REQUEST:
        form, done = _request_section(request, referral)
    elif section == sections.PREVIOUS:
        form, done = _previous_section(request, referral)
    elif section == sections.ADD_CHILD:
        form, done = _add_child_section(request, referral)
    elif section == sections.FAMILY_MEMBER:
        form, done = _family_member_section(request, referral)
    elif section == sections.CHILDREN:
        form, done = _children_section(request, referral)
    else:
        questions = sections.question_section(pack, section)
        if questions is None:
            raise Http404
        title = questions.title
        form, done = _questions_section(request, referral, questions.questions)
    if done is not None:
        return done
    context = {
        "referral": referral,
        "form": form,
        "title": title,
        "section": section,
        "children": _children(referral),
        "family": list(referral.family.all()),
    }
    return render(
        request, SECTION_TEMPLATES.get(section, "referrals/section_questions.html"), context
    )


# ------------------------------------------------------------ checking and submitting


def _missing(referral: Referral, pack: Pack, errors: dict[str, str]) -> list[dict[str, str]]:
    """The service's reasons it cannot be submitted, each linking to where to fix it."""
    where = {q.id: s.slug for s in sections.question_sections(pack) for q in s.questions}
    out = []
    for key, message in errors.items():
        if key.startswith("answers."):
            question = key.removeprefix("answers.")
            href = reverse(
                "referrals:section",
                kwargs={"referral_id": referral.pk, "section": where.get(question, "")},
            )
            out.append({"message": message, "href": f"{href}#id_{question}"})
        elif key == "children":
            href = reverse(
                "referrals:section",
                kwargs={"referral_id": referral.pk, "section": sections.CHILDREN},
            )
            out.append({"message": message, "href": href})
        else:
            out.append({"message": message, "href": ""})
    return out


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_check(request: ActorRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    referral = get_referral_details_for_actor(actor, referral_id)
    pack = get_pack(actor.authority_id)
    problems: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            services.referral_submit(actor=actor, referral_id=referral.pk)
        except Invalid as error:
            problems = _missing(referral, pack, error.errors)
        except IllegalTransition as error:
            problems = [{"message": error.message, "href": ""}]
        else:
            done = get_referral_details_for_actor(actor, referral_id)
            item = current_item(done)
            messages.success(
                request,
                after_submit(
                    done.pk,
                    status=done.status,
                    route=done.route,
                    approver=done.route_approver,
                    next_rule=next_sign_off(done, pack),
                    listed_at=item.meeting.starts_at if item is not None else None,
                ),
            )
            return redirect("referrals:detail", referral_id=done.pk)
    elif not permissions.can_submit_referral(actor, referral):
        return redirect("referrals:detail", referral_id=referral.pk)
    else:
        problems = _missing(referral, pack, services.missing_answers(referral, pack))
        services.referral_read(actor=actor, referral=referral)
    children = _children(referral)
    where = services.route_of(referral, pack, children)
    context = _summary(request, referral, pack)
    context.update(
        {
            "route": words_for_route(pack, where, timezone.now()),
            "problems": problems,
            "change": True,
        }
    )
    return render(request, "referrals/check.html", context)


# ----------------------------------------------------------------------- papers


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_papers(request: ActorRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    referral = get_referral_details_for_actor(actor, referral_id)
    pack = get_pack(actor.authority_id)
    form = PaperForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.paper_add(
                actor=actor,
                referral_id=referral.pk,
                paper_type=form.cleaned_data["paper_type"],
                upload=form.cleaned_data["file"],
                dated=form.cleaned_data["dated"],
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(
                form, error, {"file": "file", "type": "paper_type", "dated": "dated"}
            )
        else:
            messages.success(
                request, f"The {paper.get_type_display().lower()} is added to the referral."
            )
            return redirect("referrals:papers", referral_id=referral.pk)
    context = _summary(request, referral, pack)
    item = context["item"]
    day = _meeting_day(referral, pack, item)
    context.update(
        {
            "form": form,
            "needs": sections.papers_needed(
                pack, referral, context["children"], context["papers"], day
            ),
            "needs_day": day,
        }
    )
    return render(request, "referrals/papers.html", context)


@require_safe
@actor_view
def paper_download(request: ActorRequest, referral_id: int, paper_id: int) -> HttpResponse:
    paper = services.paper_download(actor=request.actor, referral_id=referral_id, paper_id=paper_id)
    response = FileResponse(
        paper.file.open("rb"),
        as_attachment=True,
        filename=services.paper_file_name(paper),
        content_type=paper.content_type,
    )
    # `actor_view` is typed for pages; a download streams, which Django handles alike.
    return cast(HttpResponse, response)


# ------------------------------------------------------------------- sign-off


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_sign_off(request: ActorRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    referral = get_referral_details_for_actor(actor, referral_id)
    pack = get_pack(actor.authority_id)
    rule = permissions.check_can_sign_off_referral(actor, referral, pack)
    form = SignOffForm(_posted(request), initial={"version": referral.version}, action=rule.action)
    if request.method == "POST" and form.is_valid():
        outcome = form.cleaned_data["outcome"]
        try:
            services.referral_sign_off(
                actor=actor,
                referral_id=referral.pk,
                outcome=outcome,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error)
        else:
            done = get_referral_details_for_actor(actor, referral_id)
            item = current_item(done)
            listed = item is not None and item.status == AgendaItem.Status.LISTED
            messages.success(
                request,
                after_sign_off(
                    done.pk,
                    outcome=outcome,
                    action=rule.action,
                    status=done.status,
                    next_rule=next_sign_off(done, pack),
                    listed_at=item.meeting.starts_at if item is not None and listed else None,
                ),
            )
            return redirect("referrals:detail", referral_id=done.pk)
    if request.method != "POST":
        services.referral_read(actor=actor, referral=referral)
    context = _summary(request, referral, pack)
    context.update(
        {
            "form": form,
            "rule": rule,
            "action_word": rule.action.capitalize(),
            "action_past": ACTION_PAST[rule.action],
            "route": _stored_route_words(referral, pack),
        }
    )
    return render(request, "referrals/sign_off.html", context)


# ------------------------------------------------ withdrawing, recording, listing


def _small_form(
    request: ActorRequest,
    referral_id: int,
    *,
    form_class: type[Any],
    check: Callable[[Referral], None],
    act: Callable[[Referral, dict[str, Any]], Any],
    done: Callable[[Referral], str],
    template: str,
    fields: dict[str, str],
) -> HttpResponse:
    """A page that asks one thing (or only to confirm) and calls one service; `check` is
    the service's own `check_can_…`, so the page refuses as the service would."""
    referral = get_referral_details_for_actor(request.actor, referral_id)
    check(referral)
    form = form_class(_posted(request), initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            act(referral, form.cleaned_data)
        except (Invalid, IllegalTransition) as error:
            add_service_errors(form, error, fields)
        else:
            messages.success(request, done(referral))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, template, {"referral": referral, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_withdraw(request: ActorRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    return _small_form(
        request,
        referral_id,
        form_class=ReasonForm,
        check=lambda r: permissions.check_can_withdraw_referral(actor, r),
        act=lambda r, data: services.referral_withdraw(
            actor=actor, referral_id=r.pk, reason=data["reason"], version=data["version"]
        ),
        done=lambda r: f"Referral {r.pk} is withdrawn.",
        template="referrals/withdraw.html",
        fields={"reason": "reason"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_record(request: ActorRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    return _small_form(
        request,
        referral_id,
        form_class=RecordForm,
        check=lambda r: permissions.check_can_record_on_file(actor, r),
        act=lambda r, data: decision_services.referral_record(
            actor=actor, referral_id=r.pk, reference=data["reference"], version=data["version"]
        ),
        done=lambda r: f"Referral {r.pk} is recorded on the child's file.",
        template="referrals/record.html",
        fields={"reference": "reference"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@actor_view
def referral_list_on_agenda(request: ActorRequest, referral_id: int) -> HttpResponse:
    actor = request.actor
    listed: list[AgendaItem] = []

    def act(referral: Referral, data: dict[str, Any]) -> None:
        item = meeting_services.referral_list(
            actor=actor, referral_id=referral.pk, version=data["version"]
        )
        listed.append(item)

    def done(referral: Referral) -> str:
        meeting = listed[0].meeting
        return f"Referral {referral.pk} is listed for {govuk_datetime(meeting.starts_at)}."

    return _small_form(
        request,
        referral_id,
        form_class=ConfirmForm,
        check=lambda r: permissions.check_can_list_referral(actor, r),
        act=act,
        done=done,
        template="referrals/list_on_agenda.html",
        fields={},
    )
