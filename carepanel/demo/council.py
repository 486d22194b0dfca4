"""One council's demo: its people, and the steps a referral takes, each through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from carepanel.accounts.actors import Actor, actor_for
from carepanel.accounts.models import Team
from carepanel.accounts.services import person_create
from carepanel.core.errors import ServiceError
from carepanel.decisions.models import Decision
from carepanel.decisions.services import (
    ActionInput,
    ApprovalInput,
    DecisionInput,
    agenda_item_decide,
)
from carepanel.demo.pdf import pdf
from carepanel.demo.people import CODES, STAFF_FIRST, STAFF_LAST, people_for
from carepanel.demo.plans import ANSWERS, FAMILIES, PLANS, Ask, CouncilPlan
from carepanel.meetings.models import AgendaItem
from carepanel.policy import (
    PAPER_LABELS,
    Pack,
    get_pack,
    questions_for,
    required_papers,
)
from carepanel.referrals.models import Referral
from carepanel.referrals.services import (
    ReferralInput,
    paper_add,
    referral_create,
    referral_sign_off,
    referral_submit,
)


@dataclass
class Council:
    authority_id: str
    code: str
    pack: Pack
    plan: CouncilPlan
    teams: list[Team]
    people: dict[str, Actor]
    child_offset: int
    children_made: int = 0
    # The children's names so far: one child, one record, so no name is dealt twice.
    names_used: set[tuple[str, str]] = field(default_factory=set)
    ask_turn: int = 0
    asks: dict[int, Ask] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, who: str) -> Actor:
        return self.people[who]

    @property
    def today(self) -> dt.date:
        """The day on the clock: the demo's history is made on days before the load day."""
        return timezone.localdate()

    @property
    def name(self) -> str:
        return self.pack.authority.name

    def next_ask(self) -> Ask:
        ask = self.plan.asks[self.ask_turn % len(self.plan.asks)]
        self.ask_turn += 1
        return ask

    def ask_of(self, kind: str) -> Ask:
        return next((a for a in self.plan.asks if a.kind == kind), self.plan.asks[0])


def make_council(authority_id: str, number: int, first_seat: int, password_hash: str) -> Council:
    pack = get_pack(authority_id)
    plan = PLANS[authority_id]
    code = CODES[authority_id]
    teams = [Team.objects.create(authority_id=authority_id, name=name) for name in plan.teams]
    people: dict[str, Actor] = {}
    for seat, (suffix, roles, team) in enumerate(people_for(authority_id), start=first_seat):
        # Names are dealt from the pools in strides coprime with their lengths: every
        # demo person has a name of their own.
        user = person_create(
            authority_id=authority_id,
            username=f"{code}-{suffix}",
            first_name=STAFF_FIRST[(seat * 2) % len(STAFF_FIRST)],
            last_name=STAFF_LAST[(seat * 4) % len(STAFF_LAST)],
            roles=list(roles),
            team=teams[team] if team is not None else None,
        )
        # The one demo password, hashed once: hashing it ninety times would take a minute.
        user.password = password_hash
        user.save(update_fields=["password"])
        people[suffix] = actor_for(user, authority_id)
    return Council(
        authority_id=authority_id,
        code=code,
        pack=pack,
        plan=plan,
        teams=teams,
        people=people,
        child_offset=number * 6,
    )


# ------------------------------------------------------------ children and papers


def child_data(
    council: Council,
    ask: Ask,
    *,
    family: tuple[str, str, str, str] | None = None,
    age: int | None = None,
) -> dict[str, Any]:
    """A new invented child for the ask, with the next case id of the council."""
    n = council.children_made
    council.children_made += 1
    surname, ethnicity, first_name, girl = _free_name(council, n, family)
    years = ask.age if age is None else age
    born = council.today - dt.timedelta(days=365 * years + 40 + (n * 37) % 300)
    data: dict[str, Any] = {
        "first_name": first_name,
        "last_name": surname,
        "date_of_birth": born,
        "gender": "F" if girl else "M",
        "ethnicity": ethnicity,
        "case_id": f"{council.code.upper()}-{100201 + n}",
        "plan": ask.plan,
        "legal_status": ask.legal,
        "disabled": ask.disabled,
        "ehc_plan": ask.ehc,
        "home_address": f"{10 + n} Invented Road, Demo Town",
    }
    if ask.ehc:
        data["ehc_plan_issued_on"] = council.today - dt.timedelta(days=600)
        data["ehc_plan_reviewed_on"] = council.today - dt.timedelta(days=120)
    if ask.legal:
        data["placement_and_carer"] = "Foster placement (invented carers)"
    return data


def _free_name(
    council: Council, n: int, family: tuple[str, str, str, str] | None
) -> tuple[str, str, str, bool]:
    """The n-th child's family and a first name no child of the council has yet: the
    families are dealt in a stride coprime with their number, girls and boys in turn."""
    families = (
        [family]
        if family
        else [
            FAMILIES[(council.child_offset + (n + k) * 7) % len(FAMILIES)]
            for k in range(len(FAMILIES))
        ]
    )
    if family is None:
        families.remove(free_family(council))
    girl_first = (n + n // len(FAMILIES)) % 2 == 0
    for surname, ethnicity, girl, boy in families:
        for first_name, is_girl in ((girl, True), (boy, False))[:: 1 if girl_first else -1]:
            if (first_name, surname) not in council.names_used:
                council.names_used.add((first_name, surname))
                return surname, ethnicity, first_name, is_girl
    raise ValueError(f"{council.name}: the demo has run out of children's names.")


def free_family(council: Council) -> tuple[str, str, str, str]:
    """The family kept for the siblings: no other child is dealt its names."""
    return FAMILIES[(council.child_offset + 3) % len(FAMILIES)]


def answers_for(pack: Pack, ask: Ask, *, complete: bool = True) -> dict[str, str]:
    answers = {}
    for question in questions_for(pack):
        if question.id == "requested":
            answers[question.id] = ask.summary
        elif complete or question.id in ("current_situation", "worries"):
            answers[question.id] = ANSWERS.get(question.id, "Invented demo answer.")
    return answers


PAPER_AGES = {"assessment": 30, "care_plan": 21, "genogram": 75, "review_outcome": 45}


def add_papers(
    council: Council,
    referral: Referral,
    worker: str,
    *,
    skip: tuple[str, ...] = (),
    stale_assessment: bool = False,
) -> None:
    """The papers the pack requires, an assessment at least and a care plan for a child in
    care, as small PDFs."""
    children = [link.child for link in referral.child_links.select_related("child")]
    rules = required_papers(
        council.pack, referral.for_policy(children, council.today), referral.panel_id or None
    )
    types = [rule.type for rule in rules]
    if "assessment" not in types:
        types.insert(0, "assessment")
    if "care_plan" not in types and any(child.in_care for child in children):
        types.append("care_plan")
    case_ids = ", ".join(child.case_id for child in children)
    for paper_type in types:
        if paper_type in skip:
            continue
        days = PAPER_AGES.get(paper_type, 14)
        if stale_assessment and paper_type == "assessment":
            days = 250
        dated = council.today - dt.timedelta(days=days)
        label = PAPER_LABELS[paper_type]
        content = pdf(
            f"{label[:1].upper()}{label[1:]}"[:90],
            [
                f"{council.name}: invented demo paper, no real child or family.",
                f"Case: {case_ids}",
                f"Dated {dated:%d %B %Y}",
            ],
        )
        paper_add(
            actor=council[worker],
            referral_id=referral.pk,
            paper_type=paper_type,
            upload=SimpleUploadedFile(
                f"{paper_type.replace('_', '-')}.pdf", content, content_type="application/pdf"
            ),
            dated=dated,
        )


# -------------------------------------------------------------- referral steps


def next_worker(council: Council) -> str:
    """Alternate the two social workers (and so the two teams)."""
    return "social-worker" if council.children_made % 2 == 0 else "social-worker-2"


def draft(
    council: Council,
    ask: Ask,
    *,
    worker: str | None = None,
    children: Sequence[Mapping[str, Any]] | None = None,
    family: Sequence[Mapping[str, Any]] = (),
    complete: bool = True,
    emergency: bool = False,
) -> Referral:
    worker = worker or next_worker(council)
    flags = dict.fromkeys(ask.flags, True)
    if emergency:
        flags["emergency"] = True
    referral = referral_create(
        actor=council[worker],
        data=ReferralInput(
            kind=ask.kind,
            children=list(children) if children is not None else [child_data(council, ask)],
            cost_amount_gbp=Decimal(ask.amount) if ask.amount else None,
            cost_basis=ask.basis if ask.amount else "",
            cost_weeks=ask.weeks if ask.amount and ask.basis != "one_off" else None,
            flags=flags,
            answers=answers_for(council.pack, ask, complete=complete),
            family=family,
        ),
    )
    council.asks[referral.pk] = ask
    return referral


def owner_of(referral: Referral) -> str:
    """The demo person who drafted the referral (`ns-social-worker-2` → `social-worker-2`)."""
    return referral.created_by.username.split("-", 1)[1]


def signer_for(council: Council, role: str, referral: Referral) -> str:
    if role == "team_manager":
        return "team-manager" if referral.team_id == council.teams[0].pk else "team-manager-2"
    return role.replace("_", "-")


def sign_all_off(council: Council, referral: Referral, count: int | None = None) -> None:
    rules = council.pack.panel(referral.panel_id or None).sign_offs
    for rule in rules[:count]:
        referral_sign_off(
            actor=council[signer_for(council, rule.role, referral)],
            referral_id=referral.pk,
            outcome="agreed",
        )


def listed(council: Council, ask: Ask | None = None, **kwargs: Any) -> Referral:
    """A referral with its papers, submitted and signed off: listed at the next meeting."""
    skip = kwargs.pop("skip", ())
    stale = kwargs.pop("stale_assessment", False)
    referral = draft(council, ask or council.next_ask(), **kwargs)
    add_papers(council, referral, owner_of(referral), skip=skip, stale_assessment=stale)
    referral_submit(actor=council[owner_of(referral)], referral_id=referral.pk)
    sign_all_off(council, referral)
    referral.refresh_from_db()
    return referral


def listed_item(referral: Referral) -> AgendaItem:
    return AgendaItem.objects.select_related("meeting").get(
        referral=referral, status=AgendaItem.Status.LISTED
    )


def approval_for(council: Council, ask: Ask, *, uplift: str = "0") -> ApprovalInput:
    starts = council.today + dt.timedelta(days=7)
    weeks = ask.weeks if ask.basis not in ("", "one_off") else None
    return ApprovalInput(
        resource=ask.summary[:300],
        provider=ask.provider,
        cost_amount_gbp=Decimal(ask.amount or "0") + Decimal(uplift),
        cost_basis=ask.basis or "one_off",
        cost_weeks=weeks,
        starts_on=starts,
        ends_on=starts + dt.timedelta(weeks=weeks) if weeks else None,
    )


def decision_input(
    council: Council, referral: Referral, outcome: str, discussion: str, **extra: Any
) -> DecisionInput:
    ask = council.asks[referral.pk]
    approving = outcome in ("approved", "approved_with_conditions")
    return DecisionInput(
        outcome=outcome,
        discussion=discussion,
        conditions=extra.get("conditions", ()),
        actions=[
            ActionInput(
                description="Confirm the start date with the provider and the family.",
                owner_id=referral.presenter_id,
                due_on=council.today + dt.timedelta(days=14),
            )
        ]
        if approving
        else [],
        approval=approval_for(council, ask, uplift=extra.get("uplift", "0")) if approving else None,
        children=extra.get("children", ()),
    )


def decide(council: Council, referral: Referral, outcome: str, discussion: str) -> Decision:
    conditions = (
        ["Review school attendance with the panel after three months."]
        if outcome == "approved_with_conditions"
        else []
    )
    return agenda_item_decide(
        actor=council["coordinator"],
        item_id=listed_item(referral).pk,
        data=decision_input(council, referral, outcome, discussion, conditions=conditions),
        version=None,  # the item's first recording
    )


@contextmanager
def step(council: Council, what: str) -> Iterator[None]:
    """One demo state in a savepoint: a service that refuses it leaves nothing behind,
    and the refusal is reported rather than hidden."""
    try:
        with transaction.atomic():
            yield
    except ServiceError as error:
        council.notes.append(f"{council.name}: left out {what}: {error.message}")
