"""Every change to a referral: drafting, papers, submitting, sign-offs and withdrawal.

Each function is one transaction: it locks the row, checks the actor and the
lifecycle, saves (the status through `transitions.advance`), and writes its audit event.
What follows in the apps above (listing an agreed referral, ending a withdrawn one's
agenda item and approval) they do on this app's signals (`signals.py`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from carepanel.accounts.actors import Actor
from carepanel.accounts.models import Authority, RoleGrant, Team
from carepanel.audit.services import audit_record
from carepanel.children.codes import ETHNICITY_CHOICES, LEGAL_STATUS_CHOICES, SEX_CHOICES
from carepanel.children.models import Child
from carepanel.core.errors import IllegalTransition, Invalid
from carepanel.policy import KINDS, PAPER_TYPES, Pack, Route, get_pack, questions_for, route
from carepanel.policy.kinds import COST_BASES
from carepanel.referrals import permissions
from carepanel.referrals.models import FamilyMember, Paper, Referral, ReferralChild, SignOff
from carepanel.referrals.queries import (
    children_visible_to,
    get_paper_for_actor,
    get_referral_for_actor,
    next_sign_off,
)
from carepanel.referrals.signals import referral_agreed, referral_withdrawn
from carepanel.referrals.transitions import advance

FLAG_FIELDS = (
    "part_of_care_proceedings",
    "emergency",
    "unregistered",
    "regulation_24",
    "joint_funding",
    "renewal",
)
MAX_CHILDREN = 8
MAX_FAMILY = 12

ALLOWED_UPLOADS = {
    # suffix: (content type, the bytes the file must start with)
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


@dataclass
class ReferralInput:
    """A referral's fields as the form (or the API) gives them, already of the right types."""

    kind: str
    children: Sequence[Mapping[str, Any]]
    cost_amount_gbp: Decimal | None = None
    cost_basis: str = ""
    cost_weeks: int | None = None
    flags: Mapping[str, bool] = field(default_factory=dict)
    answers: Mapping[str, str] = field(default_factory=dict)
    family: Sequence[Mapping[str, Any]] = ()
    previously_presented_on: dt.date | None = None
    previous_outcome: str = ""
    team_id: int | None = None
    presenter_id: int | None = None


# ------------------------------------------------------------------------ validation


def _validate_core(data: ReferralInput, pack: Pack) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.kind not in KINDS:
        errors["kind"] = "Choose a kind of referral from the list."
    if data.cost_amount_gbp is not None:
        if data.cost_amount_gbp < 0:
            errors["cost.amount_gbp"] = "The cost must be £0 or more."
        elif data.cost_amount_gbp.as_tuple().exponent < -2:  # type: ignore[operator]
            errors["cost.amount_gbp"] = "Give the cost in pounds and pence, like 1500.00."
        if data.cost_basis not in COST_BASES:
            errors["cost.basis"] = "Say whether the cost is one-off, weekly, monthly or annual."
    elif data.cost_basis or data.cost_weeks is not None:
        errors["cost.amount_gbp"] = "Enter the amount, or leave the cost out."
    if data.cost_weeks is not None:
        if data.cost_basis == "one_off":
            errors["cost.weeks"] = "A one-off cost has no duration."
        elif not 1 <= data.cost_weeks <= 520:
            errors["cost.weeks"] = "The duration must be between 1 and 520 weeks."
    for name in data.flags:
        if name not in FLAG_FIELDS:
            errors[f"flags.{name}"] = "This is not a flag of a referral."
    questions = {q.id: q for q in questions_for(pack)}
    for key, answer in data.answers.items():
        question = questions.get(key)
        if question is None:
            errors[f"answers.{key}"] = "This is not a question on this council's form."
        elif len(answer) > question.max_chars:
            errors[f"answers.{key}"] = (
                f"The answer must be {question.max_chars:,} characters or fewer."
            )
    if data.previously_presented_on and data.previously_presented_on > timezone.localdate():
        errors["previously_presented_on"] = "The date it was presented before must be in the past."
    if not data.children:
        errors["children"] = "Name at least one child."
    elif len(data.children) > MAX_CHILDREN:
        errors["children"] = f"Name at most {MAX_CHILDREN} children on one referral."
    if len(data.family) > MAX_FAMILY:
        errors["family"] = f"Name at most {MAX_FAMILY} family members."
    return errors


_CHILD_TEXT = {
    "first_name": 100,
    "last_name": 100,
    "case_id": 50,
    "home_address": 1000,
    "placement_address": 1000,
    "placement_and_carer": 300,
}
_CODES = {
    "gender": dict(SEX_CHOICES),
    "ethnicity": dict(ETHNICITY_CHOICES),
    "legal_status": dict(LEGAL_STATUS_CHOICES),
    "plan": dict(Child.Plan.choices),
}


def _child_fields(raw: Mapping[str, Any], prefix: str, errors: dict[str, str]) -> dict[str, Any]:
    """A new child's fields, or errors keyed `children[i].field`."""
    values: dict[str, Any] = {}
    for name, limit in _CHILD_TEXT.items():
        text = str(raw.get(name) or "").strip()
        if name in ("first_name", "last_name", "case_id") and not text:
            errors[f"{prefix}.{name}"] = {
                "first_name": "Enter the child's first name.",
                "last_name": "Enter the child's last name.",
                "case_id": "Enter the child's ID from the case-management system.",
            }[name]
        elif len(text) > limit:
            errors[f"{prefix}.{name}"] = f"This must be {limit:,} characters or fewer."
        values[name] = text
    for name, codes in _CODES.items():
        code = raw.get(name) or ""
        if name == "gender" and not code:
            errors[f"{prefix}.gender"] = "Choose the child's gender: M, F or U."
        elif code and code not in codes:
            errors[f"{prefix}.{name}"] = "Choose a code from the list."
        values[name] = code
    born = raw.get("date_of_birth")
    if not isinstance(born, dt.date):
        errors[f"{prefix}.date_of_birth"] = "Enter the child's date of birth."
    elif born > timezone.localdate():
        errors[f"{prefix}.date_of_birth"] = "The date of birth must be in the past."
    elif born < timezone.localdate() - dt.timedelta(days=365 * 26):
        errors[f"{prefix}.date_of_birth"] = "The child must be under 26."
    values["date_of_birth"] = born
    for name in ("disabled", "ehc_plan"):
        values[name] = bool(raw.get(name, False))
    for name in ("ehc_plan_issued_on", "ehc_plan_reviewed_on"):
        values[name] = raw.get(name)
    return values


def _resolve_children(
    actor: Actor, team: Team, raw_children: Sequence[Mapping[str, Any]], errors: dict[str, str]
) -> list[Child]:
    """Existing children by id (of this authority, visible to the actor), new ones created."""
    ids = [raw["id"] for raw in raw_children if raw.get("id") is not None]
    known = {child.pk: child for child in children_visible_to(actor).filter(pk__in=ids)}
    case_ids = [
        str(raw.get("case_id") or "").strip() for raw in raw_children if raw.get("id") is None
    ]
    taken = set(
        Child.objects.filter(authority_id=actor.authority_id, case_id__in=case_ids).values_list(
            "case_id", flat=True
        )
    )
    children: list[Child] = []
    for index, raw in enumerate(raw_children):
        prefix = f"children[{index}]"
        if raw.get("id") is not None:
            child = known.get(raw["id"])
            if child is None:
                errors[f"{prefix}.id"] = "No child with that id."
            elif child in children:
                errors[f"{prefix}.id"] = "This child is named twice."
            else:
                children.append(child)
            continue
        values = _child_fields(raw, prefix, errors)
        if values["case_id"] in taken:
            errors[f"{prefix}.case_id"] = (
                "A child with this ID is already on record: give their id instead."
            )
        if not any(key.startswith(prefix) for key in errors):
            children.append(Child(authority_id=actor.authority_id, team=team, **values))
    return children


def _family(
    raw_family: Sequence[Mapping[str, Any]], errors: dict[str, str]
) -> list[dict[str, Any]]:
    members = []
    for index, raw in enumerate(raw_family):
        prefix = f"family[{index}]"
        name = str(raw.get("name") or "").strip()
        relationship = str(raw.get("relationship") or "").strip()
        if not name or len(name) > 200:
            errors[f"{prefix}.name"] = "Enter the family member's name (200 characters or fewer)."
        if not relationship or len(relationship) > 100:
            errors[f"{prefix}.relationship"] = (
                "Enter how they are related to the child, like mother."
            )
        for code_field in ("gender", "ethnicity"):
            code = raw.get(code_field) or ""
            if code and code not in _CODES[code_field]:
                errors[f"{prefix}.{code_field}"] = "Choose a code from the list."
        members.append(
            {
                "name": name,
                "relationship": relationship,
                "date_of_birth": raw.get("date_of_birth"),
                "gender": raw.get("gender") or "",
                "ethnicity": raw.get("ethnicity") or "",
            }
        )
    return members


def _team_for(actor: Actor, team_id: int | None, errors: dict[str, str]) -> Team | None:
    teams = Team.objects.filter(authority_id=actor.authority_id, pk__in=actor.team_ids)
    if team_id is not None:
        team = teams.filter(pk=team_id).first()
        if team is None:
            errors["team"] = "Choose one of your own teams."
        return team
    mine = list(teams[:2])
    if len(mine) != 1:
        errors["team"] = "Choose which of your teams this referral is from."
        return None
    return mine[0]


def _presenter_id(actor: Actor, presenter_id: int | None, errors: dict[str, str]) -> int:
    if presenter_id is None or presenter_id == actor.user.pk:
        return int(actor.user.pk)
    is_worker = RoleGrant.objects.filter(
        authority_id=actor.authority_id, user_id=presenter_id, role="social_worker"
    ).exists()
    if not is_worker:
        errors["presenter"] = "The presenter must be a social worker of this council."
    return presenter_id


def _apply_core(referral: Referral, data: ReferralInput) -> None:
    referral.kind = data.kind
    referral.cost_amount_gbp = data.cost_amount_gbp
    referral.cost_basis = data.cost_basis if data.cost_amount_gbp is not None else ""
    referral.cost_weeks = data.cost_weeks
    for name in FLAG_FIELDS:
        setattr(referral, name, bool(data.flags.get(name, False)))
    referral.answers = {key: value.strip() for key, value in data.answers.items() if value.strip()}
    referral.previously_presented_on = data.previously_presented_on
    referral.previous_outcome = data.previous_outcome.strip()


def _save_people(referral: Referral, children: list[Child], family: list[dict[str, Any]]) -> None:
    for child in children:
        if child.pk is None:
            child.save()
    ReferralChild.objects.filter(referral=referral).delete()
    ReferralChild.objects.bulk_create(
        ReferralChild(authority_id=referral.authority_id, referral=referral, child=c, position=i)
        for i, c in enumerate(children)
    )
    FamilyMember.objects.filter(referral=referral).delete()
    FamilyMember.objects.bulk_create(
        FamilyMember(authority_id=referral.authority_id, referral=referral, **member)
        for member in family
    )


# ------------------------------------------------------------------------- services


@transaction.atomic
def referral_create(*, actor: Actor, data: ReferralInput) -> Referral:
    """A draft referral from the actor's team, with its children and family members."""
    permissions.check_can_create_referral(actor)
    pack = get_pack(actor.authority_id)
    errors = _validate_core(data, pack)
    team = _team_for(actor, data.team_id, errors)
    presenter_id = _presenter_id(actor, data.presenter_id, errors)
    children = _resolve_children(actor, team, data.children, errors) if team else []
    family = _family(data.family, errors)
    if errors:
        raise Invalid(errors)
    assert team is not None  # noqa: S101 -- no errors means a team was found
    referral = Referral(
        authority_id=actor.authority_id,
        team=team,
        created_by=actor.user,
        presenter_id=presenter_id,
    )
    _apply_core(referral, data)
    referral.save()
    _save_people(referral, children, family)
    refresh_route(referral, pack, children)
    referral.save(update_fields=_ROUTE_FIELDS)
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="referral.created",
        obj=referral,
        referral_id=referral.pk,
        data={"kind": referral.kind, "children": [c.pk for c in children]},
    )
    return referral


@transaction.atomic
def referral_update(
    *, actor: Actor, referral_id: int, version: int, data: ReferralInput
) -> Referral:
    """Replace a draft's answers; refused if someone saved it since `version` was read."""
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    permissions.check_can_edit_referral(actor, referral)
    check_version(referral, version)
    pack = get_pack(actor.authority_id)
    errors = _validate_core(data, pack)
    team = referral.team if data.team_id is None else _team_for(actor, data.team_id, errors)
    presenter_id = _presenter_id(actor, data.presenter_id or referral.presenter_id, errors)
    children = _resolve_children(actor, team, data.children, errors) if team else []
    family = _family(data.family, errors)
    if errors:
        raise Invalid(errors)
    assert team is not None  # noqa: S101
    _apply_core(referral, data)
    referral.team = team
    referral.presenter_id = presenter_id
    _save_people(referral, children, family)
    refresh_route(referral, pack, children)
    referral.version += 1
    referral.save()
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="referral.updated",
        obj=referral,
        referral_id=referral.pk,
        data={"version": referral.version},
    )
    return referral


def check_version(referral: Referral, version: int | None) -> None:
    if version is not None and version != referral.version:
        raise IllegalTransition(
            "Someone else changed this referral since you opened it. Reload it and try again."
        )


_ROUTE_FIELDS = [
    "route",
    "panel_id",
    "route_approver",
    "other_panel",
    "retrospective",
    "route_reasons",
    "annual_cost_gbp",
    "total_cost_gbp",
]


def route_of(referral: Referral, pack: Pack, children: list[Child]) -> Route:
    return route(pack, referral.for_policy(children, timezone.localdate()))


def submittable(where: Route) -> bool:
    """Whether a referral routed `where` can be submitted here: one that goes to another
    panel, or is outside the remit, is refused with the reasons why."""
    return where.route not in (Referral.Route.OTHER_PANEL, Referral.Route.OUTSIDE_REMIT)


def emergency_route(referral: Referral, pack: Pack, children: list[Child]) -> Route:
    """Where the referral would go were it flagged as an emergency: whether, and by whom,
    it may be approved between panels (`emergency_decision_record` sets the flag so)."""
    facts = referral.for_policy(children, timezone.localdate())
    return route(pack, dataclasses.replace(facts, flags={**facts.flags, "emergency": True}))


def referral_input_of(referral: Referral) -> ReferralInput:
    """The referral as stored, as the input a change starts from: a page that changes one
    part of a draft replaces only that part's fields and sends the rest as they were.

    Reads `child_links` and `family` (prefetch them to keep the query count fixed).
    """
    return ReferralInput(
        kind=referral.kind,
        children=[{"id": link.child_id} for link in referral.child_links.all()],
        cost_amount_gbp=referral.cost_amount_gbp,
        cost_basis=referral.cost_basis,
        cost_weeks=referral.cost_weeks,
        flags={name: bool(getattr(referral, name)) for name in FLAG_FIELDS},
        answers=dict(referral.answers),
        family=[
            {
                "name": member.name,
                "relationship": member.relationship,
                "date_of_birth": member.date_of_birth,
                "gender": member.gender,
                "ethnicity": member.ethnicity,
            }
            for member in referral.family.all()
        ],
        previously_presented_on=referral.previously_presented_on,
        previous_outcome=referral.previous_outcome,
    )


def referral_read(*, actor: Actor, referral: Referral) -> None:
    """A referral shows children's details: every read is written to the audit trail."""
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="referral.viewed",
        obj=referral,
        referral_id=referral.pk,
    )


def referrals_read(*, actor: Actor, referral_ids: Sequence[int]) -> None:
    """One event for a page of referrals: which referrals' children were shown, to whom."""
    if referral_ids:
        audit_record(
            actor=actor,
            authority_id=actor.authority_id,
            action="referral.list_viewed",
            obj=Authority(pk=actor.authority_id),
            data={"referrals": list(referral_ids)},
        )


def refresh_route(referral: Referral, pack: Pack, children: list[Child]) -> Route:
    where = route_of(referral, pack, children)
    referral.route = where.route
    referral.panel_id = where.panel or ""
    referral.route_approver = where.approver or ""
    referral.other_panel = where.other_panel or ""
    referral.retrospective = where.retrospective
    referral.route_reasons = list(where.reasons)
    referral.annual_cost_gbp = where.annual_cost_gbp
    referral.total_cost_gbp = where.total_cost_gbp
    return where


def children_of(referral: Referral) -> list[Child]:
    return [link.child for link in referral.child_links.select_related("child")]


def missing_answers(referral: Referral, pack: Pack) -> dict[str, str]:
    return {
        f"answers.{q.id}": f"Answer the question: {q.label}"
        for q in questions_for(pack)
        if q.required and not referral.answers.get(q.id)
    }


@transaction.atomic
def referral_submit(*, actor: Actor, referral_id: int) -> Referral:
    """Submit a draft. Where the pack sends it decides what happens next:

    - to the panel: it waits for the sign-offs the pack requires (listed at once if none);
    - delegated: it waits for the delegated approver's decision;
    - another panel or outside the remit: refused, saying where it goes instead.
    """
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    permissions.check_can_submit_referral(actor, referral)
    pack = get_pack(actor.authority_id)
    children = children_of(referral)
    errors = missing_answers(referral, pack)
    if not children:
        errors["children"] = "Name at least one child."
    if errors:
        raise Invalid(errors)
    where = refresh_route(referral, pack, children)
    if not submittable(where):
        raise IllegalTransition(" ".join(where.reasons))
    now = timezone.now()
    referral.submitted_at = now
    referral.returned_reason = ""
    referral.round += 1
    advance(
        referral,
        "submit",
        fields=[*_ROUTE_FIELDS, "submitted_at", "returned_reason", "round"],
    )
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="referral.submitted",
        obj=referral,
        referral_id=referral.pk,
        data={"route": referral.route, "panel": referral.panel_id, "round": referral.round},
    )
    if referral.route == Referral.Route.PANEL and not pack.panel(referral.panel_id).sign_offs:
        _agree(referral, actor, now)
    return referral


@transaction.atomic
def referral_sign_off(
    *, actor: Actor, referral_id: int, outcome: str, reason: str = "", version: int | None = None
) -> SignOff:
    """Record the next sign-off the pack asks for: agree (or authorise), or return the
    referral to its social worker with a reason. The last agreement lists it.

    With `version`, refused if the referral changed since it was read (returned and
    submitted again, say): nobody agrees to words they have not seen."""
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    pack = get_pack(actor.authority_id)
    rule = permissions.check_can_sign_off_referral(actor, referral, pack)
    check_version(referral, version)
    if outcome not in SignOff.Outcome.values:
        raise Invalid({"outcome": "Choose agreed or returned."})
    reason = reason.strip()
    if outcome == SignOff.Outcome.RETURNED and not reason:
        raise Invalid({"reason": "Say why you are returning the referral."})
    now = timezone.now()
    sign_off = SignOff.objects.create(
        authority_id=actor.authority_id,
        referral=referral,
        role=rule.role,
        action=rule.action,
        outcome=outcome,
        reason=reason,
        signed_by=actor.user,
        signed_at=now,
        round=referral.round,
    )
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action=f"referral.sign_off.{outcome}",
        obj=sign_off,
        referral_id=referral.pk,
        data={"role": rule.role, "action": rule.action},
    )
    if outcome == SignOff.Outcome.RETURNED:
        referral.returned_reason = reason
        advance(referral, "return", fields=["returned_reason"])
    elif next_sign_off(referral, pack) is None:
        _agree(referral, actor, now)
    return sign_off


def _agree(referral: Referral, actor: Actor, now: dt.datetime) -> None:
    """Every sign-off is in: the deadline is met (or missed) now, and it is listed.

    If no meeting in the horizon has a place, the agreement still stands: the referral
    stays agreed until the coordinator lists it (meetings' `referral_list`) once a meeting
    is added.
    """
    referral.ready_at = now
    advance(referral, "sign_off", fields=["ready_at"])
    audit_record(
        actor=actor,
        authority_id=referral.authority_id,
        action="referral.agreed",
        obj=referral,
        referral_id=referral.pk,
    )
    referral_agreed.send(sender=Referral, referral=referral, actor=actor)


@transaction.atomic
def referral_withdraw(
    *, actor: Actor, referral_id: int, reason: str, version: int | None = None
) -> Referral:
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    permissions.check_can_withdraw_referral(actor, referral)
    check_version(referral, version)
    reason = reason.strip()
    if not reason:
        raise Invalid({"reason": "Say why the referral is withdrawn."})
    advance(referral, "withdraw")
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="referral.withdrawn",
        obj=referral,
        referral_id=referral.pk,
        data={"reason": reason},
    )
    referral_withdrawn.send(sender=Referral, referral=referral, actor=actor, reason=reason)
    return referral


def _check_upload(upload: UploadedFile) -> tuple[str, str]:
    """The safe suffix and content type of an upload, judged by its name and first bytes."""
    suffix = PurePath(upload.name or "").suffix.lower()
    allowed = ALLOWED_UPLOADS.get(suffix)
    if allowed is None:
        raise Invalid({"file": "The file must be a PDF, a Word document (DOCX), PNG or JPEG."})
    if upload.size is None or upload.size == 0:
        raise Invalid({"file": "The file is empty."})
    if upload.size > settings.PAPER_MAX_BYTES:
        limit = settings.PAPER_MAX_BYTES // (1024 * 1024)
        raise Invalid({"file": f"The file must be smaller than {limit}MB."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, signatures = allowed
    if not head.startswith(signatures):
        raise Invalid({"file": f"The file is not a real {suffix[1:].upper()} file."})
    return suffix, content_type


@transaction.atomic
def paper_add(
    *, actor: Actor, referral_id: int, paper_type: str, upload: UploadedFile, dated: dt.date | None
) -> Paper:
    """Attach a paper (assessment, care plan, genogram…) with its type and own date."""
    referral = get_referral_for_actor(actor, referral_id, for_update=True)
    permissions.check_can_add_paper(actor, referral)
    errors = {}
    if paper_type not in PAPER_TYPES:
        errors["type"] = "Choose the type of paper from the list."
    if dated is not None and dated > timezone.localdate():
        errors["dated"] = "The paper's date must be today or in the past."
    if errors:
        raise Invalid(errors)
    _, content_type = _check_upload(upload)
    name = PurePath(upload.name or "paper").name[-200:]
    paper = Paper(
        authority_id=actor.authority_id,
        referral=referral,
        type=paper_type,
        original_name=name,
        content_type=content_type,
        size=upload.size or 0,
        dated=dated,
        uploaded_by=actor.user,
    )
    paper.file.save(name, upload, save=False)
    paper.save()
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="paper.added",
        obj=paper,
        referral_id=referral.pk,
        data={"type": paper_type},
    )
    return paper


def paper_download(*, actor: Actor, paper_id: int, referral_id: int | None = None) -> Paper:
    """A paper of a referral the actor can see, for download; every download is audited.
    Serve it under `paper_file_name`, never the uploader's name, which may name the child."""
    paper = get_paper_for_actor(actor, paper_id, referral_id=referral_id)
    audit_record(
        actor=actor,
        authority_id=actor.authority_id,
        action="paper.downloaded",
        obj=paper,
        referral_id=paper.referral_id,
    )
    return paper


def paper_file_name(paper: Paper) -> str:
    """`paper-12.pdf`: a name without personal data."""
    return f"paper-{paper.pk}{PurePath(paper.file.name or '').suffix.lower()}"
