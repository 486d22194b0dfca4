"""The demo data that `make demo` loads: invented people, children and referrals.

Every council gets two teams, a person in every role of DESIGN.md §1 and referrals in
every state of the lifecycle that its pack allows. Everything after the people and
teams is made by calling the services, as the pages and the API would, so the audit
trail, the agendas and the routing are what a real council's would be.

All the names are invented. The seed documents name real officers; none of those
names is used here (a test checks it).

The services work on the current time, and meetings are in the future: the demo's
decisions are recorded on upcoming meetings, which the services allow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from carepanel.accounts.actors import Actor, actor_for
from carepanel.accounts.models import Authority, Team, User
from carepanel.accounts.services import authorities_sync, person_create
from carepanel.core.errors import ServiceError
from carepanel.decisions.models import Decision
from carepanel.decisions.services import (
    ActionInput,
    ApprovalInput,
    DecisionInput,
    agenda_item_decide,
    decision_correct,
    decision_finalise,
    decision_sign,
    emergency_decision_approve,
    emergency_decision_record,
    referral_decide_delegated,
)
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.meetings.services import (
    agenda_item_remove,
    meeting_add,
    meetings_generate,
    referral_accept_late,
)
from carepanel.policy import (
    PAPER_LABELS,
    ROLE_LABELS,
    Pack,
    get_pack,
    is_working_day,
    meeting_on,
    questions_for,
    required_papers,
)
from carepanel.policy.calendar import meeting_days
from carepanel.referrals.models import Referral
from carepanel.referrals.services import (
    ReferralInput,
    paper_add,
    referral_create,
    referral_record,
    referral_sign_off,
    referral_submit,
    referral_withdraw,
)

# A demo password, printed by the command and in the README: never a real one.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 -- published in the README

# Authority id: the short code every demo username starts with.
CODES: dict[str, str] = {
    "bexley": "bx",
    "north-somerset": "ns",
    "central-bedfordshire": "cb",
    "portsmouth": "pm",
    "bcp": "bcp",
}

# Each person: username suffix, roles, and the team (index) for team roles.
PEOPLE: tuple[tuple[str, tuple[str, ...], int | None], ...] = (
    ("social-worker", ("social_worker",), 0),
    ("social-worker-2", ("social_worker",), 1),
    ("team-manager", ("team_manager",), 0),
    ("team-manager-2", ("team_manager",), 1),
    ("service-leader", ("service_leader",), None),
    ("service-manager", ("service_manager",), None),
    ("head-of-service", ("head_of_service",), None),
    ("assistant-director", ("assistant_director",), None),
    ("director", ("director",), None),
    ("coordinator", ("panel_coordinator",), None),
    ("chair", ("chair",), None),
    ("deputy-chair", ("chair", "head_of_service"), None),
    ("panel-member", ("panel_member",), None),
    ("panel-member-2", ("panel_member",), None),
    ("finance", ("finance_officer",), None),
    ("commissioning", ("commissioning",), None),
    ("iro", ("iro",), None),
    ("auditor", ("auditor",), None),
    ("admin", ("system_administrator",), None),
)

# Senior posts held by the chair where the pack says they chair (North Somerset's
# assistant director, BCP's director): the chair is that person, not a second one.
CHAIR_HELD_POSTS = ("assistant_director", "director")


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Invented staff names, dealt out in strides (see `_council`).
STAFF_FIRST = _names("""
Adaeze Bethan Callum Deepa Emeka Fiona Gareth Hana Imran Jade Kwame Lowri Marek Nadia Oisin
Priya Quentin Rhiannon Sanjay Tamsin Uchenna Vikram Wren Yusuf Zara Aled Bronwen Chidi Dervla
Eitan Farah Gwenllian Hamza Isla Jonah Keziah Lorcan Mairead Nikhil Olamide Pippa Rashid
Saoirse Tobias Ulrika Vanessa Wojciech Ximena Yasmin Zeynep Ayesha Bram Ciaran Delyth Efua
Florin Gita Hollis Ines Jasper Kirsty Lamar Meera Niamh Orla Perpetua Rohan Sunita Tariq Usha
Vaughan Winston Yara Zubair Anwen Bilal Cerys Dominika Ebony Fergus Grainne Hari Ifeoma Joaquin
Kalani Leontyne Malachi Nkechi Osian Parveen Rafferty Shanice Thandiwe Ugo Verity
""")
STAFF_LAST = _names("""
Abernethy Bhattacharya Castellano Danquah Efemini Fairweather Gallacher Haldane Iqbal
Jankowski Kaur-Sandhu Lindqvist McKittrick Nwosu Oyelaran Pennington Quaye Ravenscroft
Szymanska Tremayne Umeh Vasquez Whitlock Yeboah Zielinski Achterberg Blackwood Carrow Dunleavy
Eze Fenwick Garside Hollingworth Ismail Jovanovic Kinsella Lachlan Mahmood Nakamura Ogundipe
Penhaligon Quigley Rosewarne Sorensen Thistlewood Ucheoma Varga Wickramasinghe Yardley Zubiri
Ashdown Brannigan Chaudhry Delacroix Ekwueme Fitzwilliam Greenhalgh Hadfield Idowu Jessop
Kowalewska Lambourne Mwangi Nazari Okonjo-Reid Pemberton Quirke Rashford Scarisbrick Tennant
Uddin Vickery Wainwright Yilmazer Zamora Arkwright Bellamy Coombe Dasgupta Elphick Farouk
Goldthorpe Hargreave Ibekwe Joliffe Kettering Lusardi Montague Nyarko Ormerod Pryce-Jones
""")

# Children's families: surname, DfE ethnicity code, a girl's and a boy's first name.
FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("Hughes", "WBRI", "Poppy", "Alfie"),
    ("Okafor", "BAFR", "Chiamaka", "Tobenna"),
    ("Begum", "ABAN", "Sumaiya", "Rayhan"),
    ("Kowalczyk", "WOTH", "Zofia", "Kacper"),
    ("Campbell", "MWBC", "Aaliyah", "Tyrese"),
    ("Hussain", "APKN", "Maryam", "Ayaan"),
    ("Pritchard", "WBRI", "Ffion", "Rhys"),
    ("Chen", "CHNE", "Mei", "Jun"),
    ("Doherty", "WIRI", "Aoife", "Cian"),
    ("Mensah", "BAFR", "Esi", "Kofi"),
    ("Patel", "AIND", "Anaya", "Arjun"),
    ("Ferreira", "WOTH", "Beatriz", "Tiago"),
    ("Baptiste", "BCRB", "Naomi", "Jaden"),
    ("Lovell", "WROM", "Tiana", "Levi"),
    ("Ahmadi", "AOTH", "Parisa", "Omid"),
    ("Robinson", "MWBA", "Imani", "Malik"),
    ("Evans", "WBRI", "Isla", "Harley"),
    ("Yilmaz", "OOTH", "Elif", "Emir"),
    ("Turner", "WBRI", "Ruby", "Mason"),
    ("Nguyen", "AOTH", "Linh", "Minh"),
    ("McCarthy", "WIRT", "Bridget", "Paddy"),
    ("Osei", "BAFR", "Adwoa", "Kwabena"),
    ("Shah", "MWAS", "Leila", "Zain"),
    ("Walsh", "WIRI", "Niamh", "Connor"),
    ("Ibrahim", "BOTH", "Hodan", "Abdi"),
    ("Clarke", "WBRI", "Evie", "Jayden"),
    ("Popescu", "WOTH", "Ioana", "Andrei"),
    ("Rahman", "ABAN", "Nusrat", "Tahmid"),
    ("Grant", "BCRB", "Keisha", "Andre"),
    ("Morgan", "MOTH", "Skye", "Kai"),
)

ANSWERS: dict[str, str] = {
    "work_undertaken": (
        "Twelve weeks of social work intervention, a family group conference, and "
        "regular liaison with the school and the health visitor."
    ),
    "current_situation": (
        "Family relationships have become strained and the child's school attendance "
        "has fallen below 80% this term."
    ),
    "going_well": "The child is close to their grandmother and enjoys the after-school club.",
    "worries": "Escalating conflict at home and missed health appointments.",
    "needs_to_change": "Consistent routines, safe supervision and regular school attendance.",
    "other_information": "Invented demo referral: no real child or family.",
    "expected_outcome": "The child stays safely with their family, with fewer crises.",
    "duration_and_then": (
        "Six months, reviewed at three months; then step down to universal services."
    ),
    "exit_strategy": "Support tapers after three months and ends once the review is met.",
    "cost_sharing": "Health funds the therapy element; education funds transport.",
}


@dataclass(frozen=True)
class Ask:
    """One demo referral's request and the child it is about."""

    kind: str
    summary: str
    amount: str | None = None
    basis: str = ""
    weeks: int | None = None
    age: int = 8
    plan: str = "cin"
    legal: str = ""
    disabled: bool = False
    ehc: bool = False
    flags: tuple[str, ...] = ()
    provider: str = ""


@dataclass(frozen=True)
class Emergency:
    ask: Ask
    recorded_by: str
    # Further approvers (username suffixes) who agree after the first.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class CouncilPlan:
    teams: tuple[str, str]
    asks: tuple[Ask, ...]
    delegated: Ask | None = None
    elsewhere: tuple[Ask, ...] = ()
    emergencies: tuple[Emergency, ...] = ()
    # The paper left off the item the chair removes (it is relisted with its gaps).
    removed_kind: str = ""
    removed_paper: str = "genogram"


KESTREL = "Kestrel Fostering"
WILLOWMERE = "Willowmere Children's Homes"
ORCHARD = "Orchard Assessments"
HARBOUR = "Harbour Light Therapies"

# The councils' demo referrals, a few lines each, so that they read as a table.
# fmt: off
PLANS: dict[str, CouncilPlan] = {
    "bexley": CouncilPlan(
        teams=("Family Support and Safeguarding Team", "Looked After Children Team"),
        asks=(
            Ask("family_support_package",
                "Edge-of-care outreach, three evening sessions a week for 12 weeks",
                "195.00", "weekly", 12, age=13, plan="cp", provider="Larkspur Family Outreach"),
            Ask("placement_ifa",
                "Independent fostering agency placement with a therapeutic foster carer",
                "1050.00", "weekly", 26, age=9, plan="cic", legal="C2", provider=KESTREL),
            Ask("independent_assessment", "Independent parenting assessment of the mother",
                "3200.00", "one_off", age=2, plan="cp", provider=ORCHARD),
            Ask("specialist_therapy", "Twenty sessions of therapeutic life-story work",
                "2400.00", "one_off", age=10, plan="cic", legal="V2", provider=HARBOUR),
            Ask("s20_accommodation", "Section 20 accommodation with in-house foster carers",
                "310.00", "weekly", 12, age=14, plan="cp"),
            Ask("fostering_allowance_uplift",
                "Uplift to the fostering allowance so that siblings can stay together",
                "85.00", "weekly", 52, age=7, plan="cic", legal="C2"),
            Ask("short_breaks", "Overnight short breaks, two nights a month",
                "1800.00", "annual", age=11, disabled=True, ehc=True),
            Ask("nrpf_support",
                "Accommodation and subsistence while the family's immigration status is resolved",
                "160.00", "weekly", 26, age=5),
        ),
        delegated=Ask("one_off_payment", "Bunk beds and bedding so the children can return home",
                      "400.00", "one_off", age=6),
        elsewhere=(
            Ask("care_proceedings", "Application for a care order", age=3, plan="cp"),
        ),
    ),
    "north-somerset": CouncilPlan(
        teams=("Family Support and Safeguarding Team", "Corporate Parenting Team"),
        asks=(
            Ask("family_support_package",
                "Intensive family support: a parenting programme and outreach for six months",
                "4800.00", "annual", age=8, provider="Larkspur Family Outreach"),
            Ask("placement_ifa", "Independent fostering agency placement",
                "1100.00", "weekly", 26, age=12, plan="cic", legal="C2", provider=KESTREL),
            Ask("s20_accommodation", "Section 20 accommodation with a kinship carer",
                "240.00", "weekly", 12, age=15, plan="cp"),
            Ask("independent_assessment", "Independent psychological assessment of the father",
                "2900.00", "one_off", age=4, plan="cp", provider=ORCHARD),
            Ask("specialist_therapy", "Play therapy, 24 sessions",
                "2250.00", "one_off", age=6, plan="cic", legal="V2", provider=HARBOUR),
            Ask("placement_parent_and_child", "Residential parent and child assessment placement",
                "3400.00", "weekly", 12, age=0, plan="cp",
                provider="Brambling House Family Assessments"),
            Ask("pre_proceedings",
                "Agreement to start pre-proceedings under the Public Law Outline",
                age=1, plan="cp"),
            Ask("nrpf_support",
                "Subsistence and accommodation for a family with no recourse to public funds",
                "180.00", "weekly", 26, age=3),
        ),
        delegated=Ask("one_off_payment", "School uniform and bedding for a return home",
                      "650.00", "one_off", age=9),
        elsewhere=(
            Ask("short_breaks", "Overnight respite at a short-breaks unit",
                "3100.00", "annual", age=12, disabled=True, ehc=True),
            Ask("sgo_support", "Special guardianship support package for the grandparents",
                "95.00", "weekly", 52, age=5, plan=""),
        ),
        emergencies=(
            Emergency(Ask("s20_accommodation",
                          "Emergency section 20 accommodation: the carer is in hospital",
                          "310.00", "weekly", 4, age=11, plan="cp"),
                      recorded_by="head-of-service", also=("chair",)),
            Emergency(Ask("placement_residential",
                          "Emergency residential placement after a foster placement broke down",
                          "4800.00", "weekly", 4, age=14, plan="cic", legal="C2",
                          provider=WILLOWMERE),
                      recorded_by="head-of-service"),
        ),
    ),
    "central-bedfordshire": CouncilPlan(
        teams=("Intake and Family Support Team", "Corporate Parenting Team"),
        asks=(
            Ask("placement_ifa",
                "Independent fostering agency placement (no in-house carer available)",
                "1000.00", "weekly", 26, age=10, plan="cic", legal="C2", provider=KESTREL),
            Ask("family_support_package", "Edge-of-care support package to avert care",
                "3600.00", "annual", age=14, plan="cp"),
            Ask("s20_accommodation", "Section 20 accommodation with in-house foster carers",
                "300.00", "weekly", 12, age=13),
            Ask("independent_assessment", "Independent cognitive assessment of the mother",
                "2750.00", "one_off", age=3, plan="cp", provider=ORCHARD),
            Ask("short_breaks", "A weekend a month at a residential short-breaks home",
                "2100.00", "annual", age=9, disabled=True, ehc=True),
            Ask("placement_inhouse_fostering", "In-house foster placement",
                "420.00", "weekly", 26, age=6, plan="cic", legal="C1"),
            Ask("specialist_therapy", "Dyadic developmental psychotherapy, 16 sessions",
                "1900.00", "one_off", age=8, plan="cic", legal="V2", provider=HARBOUR),
            Ask("placement_residential", "Independent residential placement",
                "4800.00", "weekly", 26, age=15, plan="cic", legal="C2", provider=WILLOWMERE),
        ),
        elsewhere=(
            Ask("specialist_therapy", "Jointly funded therapeutic education placement",
                "5200.00", "annual", age=13, flags=("joint_funding",)),
            Ask("pre_proceedings", "Agreement to start pre-proceedings", age=2, plan="cp"),
        ),
        emergencies=(
            Emergency(Ask("placement_inhouse_fostering",
                          "Emergency in-house foster placement after police protection",
                          "420.00", "weekly", 4, age=12, plan="cp"),
                      recorded_by="head-of-service"),
        ),
        removed_kind="placement_ifa",
        removed_paper="alternatives_evidence",
    ),
    "portsmouth": CouncilPlan(
        teams=("Family Safeguarding Team", "Children with a Disability Team"),
        asks=(
            Ask("family_support_package", "Family support worker, two visits a week for six months",
                "3900.00", "annual", age=7),
            Ask("short_breaks", "A Saturday club and two overnight short breaks a month",
                "2600.00", "annual", age=10, disabled=True, ehc=True),
            Ask("specialist_therapy", "Trauma-focused therapy, 18 sessions",
                "1800.00", "one_off", age=12, plan="cic", legal="V2", provider=HARBOUR),
            Ask("direct_payments", "Direct payments for a personal assistant",
                "95.00", "weekly", 52, age=13, disabled=True),
            Ask("independent_assessment", "Independent assessment of the grandparents as carers",
                "2400.00", "one_off", age=4, plan="cp", provider=ORCHARD),
            Ask("fostering_allowance_uplift",
                "Fostering allowance uplift for a child with complex needs",
                "70.00", "weekly", 52, age=9, plan="cic", legal="C2"),
            Ask("sgo_support",
                "Special guardianship support: a therapeutic parenting course and an allowance",
                "120.00", "weekly", 52, age=6, plan=""),
            Ask("intentionally_homeless_support",
                "Temporary accommodation for a family found intentionally homeless",
                "210.00", "weekly", 12, age=3),
            Ask("one_off_payment",
                "Deposit and first month's rent for a move away from a risky area",
                "1450.00", "one_off", age=15),
            Ask("nrpf_support",
                "Subsistence and accommodation for a family with no recourse to public funds",
                "190.00", "weekly", 26, age=8),
        ),
        delegated=Ask("one_off_payment", "Travel costs for family time",
                      "600.00", "one_off", age=11, plan="cic", legal="C2"),
        elsewhere=(
            Ask("s20_accommodation",
                "Section 20 accommodation", "300.00", "weekly", 12, age=14, plan="cp"),
            Ask("care_proceedings", "Application for a care order", age=2, plan="cp"),
        ),
    ),
    "bcp": CouncilPlan(
        teams=("Children in Care Team", "Care Leavers and Transitions Team"),
        asks=(
            Ask("placement_residential",
                "Residential children's home, solo placement with two-to-one staffing",
                "5200.00", "weekly", 26, age=14, plan="cic", legal="C2", provider=WILLOWMERE),
            Ask("placement_ifa", "Independent fostering agency placement",
                "1150.00", "weekly", 26, age=8, plan="cic", legal="C2", provider=KESTREL),
            Ask("placement_semi_independent",
                "Supported accommodation with ten hours' key work a week",
                "1350.00", "weekly", 26, age=16, plan="cic", legal="V2",
                provider="Cormorant Supported Living"),
            Ask("placement_additional_funding",
                "Additional one-to-one hours asked for by the provider",
                "450.00", "weekly", 26, age=12, plan="cic", legal="C1", provider=WILLOWMERE),
            Ask("placement_change", "A move from a children's home to an agency foster family",
                "1100.00", "weekly", 26, age=11, plan="cic", legal="C2", provider=KESTREL),
            Ask("placement_continuation", "Extension of a residential placement for six months",
                "4900.00", "weekly", 26, age=15, plan="cic", legal="C2", provider=WILLOWMERE),
            Ask("placement_parent_and_child",
                "Parent and child placement with an agency foster carer",
                "3600.00", "weekly", 12, age=16, plan="cic", legal="V2", provider=KESTREL),
        ),
        elsewhere=(
            Ask("placement_ifa", "Regulation 24 placement with an aunt",
                age=9, plan="cic", legal="C1", flags=("regulation_24",)),
            Ask("placement_residential", "Jointly funded residential school placement",
                "6200.00", "weekly", 38, age=13, plan="cic", legal="C2", disabled=True,
                flags=("joint_funding",)),
            Ask("family_support_package", "Family support package", "2400.00", "annual", age=7),
        ),
        emergencies=(
            Emergency(Ask("placement_residential",
                          "Emergency residential placement after an overnight placement breakdown",
                          "5600.00", "weekly", 4, age=15, plan="cic", legal="C2",
                          provider=WILLOWMERE),
                      recorded_by="service-manager"),
        ),
        removed_paper="cost_breakdown",
    ),
}
# fmt: on


# ---------------------------------------------------------------------- the result


@dataclass
class DemoResult:
    created: bool
    notes: list[str] = field(default_factory=list)


def demo_usernames() -> list[str]:
    """Every demo username, authority by authority, in the order of `PEOPLE`."""
    names = []
    for authority_id, code in CODES.items():
        for suffix, _roles, _team in _people_for(authority_id):
            names.append(f"{code}-{suffix}")
    return names


def demo_data_exists() -> bool:
    return User.objects.filter(username__in=demo_usernames()).exists()


def demo_load(authority_ids: Sequence[str] = tuple(CODES)) -> DemoResult:
    """Load the demo data once (every council, unless told which); when it is already
    there, change nothing."""
    if demo_data_exists():
        return DemoResult(created=False)
    authorities_sync()
    result = DemoResult(created=True)
    password_hash = make_password(DEMO_PASSWORD)
    seat = 0
    with transaction.atomic():
        for number, authority_id in enumerate(CODES):
            people = len(_people_for(authority_id))
            if authority_id in authority_ids:
                council = _council(authority_id, number, seat, password_hash)
                _populate(council)
                result.notes.extend(council.notes)
            seat += people
    return result


# ------------------------------------------------------------------- the people


def _people_for(authority_id: str) -> list[tuple[str, tuple[str, ...], int | None]]:
    """The pack's chair post is held by the chair; North Somerset has deputy chairs."""
    pack = get_pack(authority_id)
    chair_posts = pack.panel().chair
    people = []
    for suffix, roles, team in PEOPLE:
        if suffix == "deputy-chair" and not pack.panel().deputy_chairs:
            continue
        if suffix == "chair":
            roles = ("chair", *chair_posts)
        elif roles[0] in CHAIR_HELD_POSTS and roles[0] in chair_posts:
            continue
        people.append((suffix, roles, team))
    return people


@dataclass
class Council:
    authority_id: str
    code: str
    pack: Pack
    plan: CouncilPlan
    teams: list[Team]
    people: dict[str, Actor]
    today: dt.date
    child_offset: int
    children_made: int = 0
    ask_turn: int = 0
    asks: dict[int, Ask] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def __getitem__(self, who: str) -> Actor:
        return self.people[who]

    @property
    def name(self) -> str:
        return self.pack.authority.name

    def next_ask(self) -> Ask:
        ask = self.plan.asks[self.ask_turn % len(self.plan.asks)]
        self.ask_turn += 1
        return ask

    def ask_of(self, kind: str) -> Ask:
        return next((a for a in self.plan.asks if a.kind == kind), self.plan.asks[0])


def _council(authority_id: str, number: int, first_seat: int, password_hash: str) -> Council:
    pack = get_pack(authority_id)
    plan = PLANS[authority_id]
    code = CODES[authority_id]
    teams = [Team.objects.create(authority_id=authority_id, name=name) for name in plan.teams]
    people: dict[str, Actor] = {}
    for seat, (suffix, roles, team) in enumerate(_people_for(authority_id), start=first_seat):
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
        today=timezone.localdate(),
        child_offset=number * 6,
    )


# ------------------------------------------------------------ children and papers


def _child(
    council: Council,
    ask: Ask,
    *,
    family: tuple[str, str, str, str] | None = None,
    age: int | None = None,
) -> dict[str, Any]:
    """A new invented child for the ask, with the next case id of the council."""
    n = council.children_made
    council.children_made += 1
    surname, ethnicity, girl, boy = (
        family or FAMILIES[(council.child_offset + n * 7) % len(FAMILIES)]
    )
    girl_first = (n + n // len(FAMILIES)) % 2 == 0
    years = ask.age if age is None else age
    born = council.today - dt.timedelta(days=365 * years + 40 + (n * 37) % 300)
    data: dict[str, Any] = {
        "first_name": girl if girl_first else boy,
        "last_name": surname,
        "date_of_birth": born,
        "gender": "F" if girl_first else "M",
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


def _answers(pack: Pack, ask: Ask, *, complete: bool = True) -> dict[str, str]:
    answers = {}
    for question in questions_for(pack):
        if question.id == "requested":
            answers[question.id] = ask.summary
        elif complete or question.id in ("current_situation", "worries"):
            answers[question.id] = ANSWERS.get(question.id, "Invented demo answer.")
    return answers


def _pdf(title: str, lines: Sequence[str]) -> bytes:
    """A one-page PDF, built by hand: small, valid, and readable by pypdf."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 16 Tf", "72 770 Td", f"({text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        ops += ["0 -22 Td", f"({text(line)}) Tj"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


PAPER_AGES = {"assessment": 30, "care_plan": 21, "genogram": 75, "review_outcome": 45}


def _papers(
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
        content = _pdf(
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


def _worker(council: Council) -> str:
    """Alternate the two social workers (and so the two teams)."""
    return "social-worker" if council.children_made % 2 == 0 else "social-worker-2"


def _draft(
    council: Council,
    ask: Ask,
    *,
    worker: str | None = None,
    children: Sequence[Mapping[str, Any]] | None = None,
    family: Sequence[Mapping[str, Any]] = (),
    complete: bool = True,
    emergency: bool = False,
) -> Referral:
    worker = worker or _worker(council)
    flags = dict.fromkeys(ask.flags, True)
    if emergency:
        flags["emergency"] = True
    referral = referral_create(
        actor=council[worker],
        data=ReferralInput(
            kind=ask.kind,
            children=list(children) if children is not None else [_child(council, ask)],
            cost_amount_gbp=Decimal(ask.amount) if ask.amount else None,
            cost_basis=ask.basis if ask.amount else "",
            cost_weeks=ask.weeks if ask.amount and ask.basis != "one_off" else None,
            flags=flags,
            answers=_answers(council.pack, ask, complete=complete),
            family=family,
        ),
    )
    council.asks[referral.pk] = ask
    return referral


def _owner(referral: Referral) -> str:
    """The demo person who drafted the referral (`ns-social-worker-2` → `social-worker-2`)."""
    return referral.created_by.username.split("-", 1)[1]


def _signer(council: Council, role: str, referral: Referral) -> str:
    if role == "team_manager":
        return "team-manager" if referral.team_id == council.teams[0].pk else "team-manager-2"
    return role.replace("_", "-")


def _sign_offs(council: Council, referral: Referral, count: int | None = None) -> None:
    rules = council.pack.panel(referral.panel_id or None).sign_offs
    for rule in rules[:count]:
        referral_sign_off(
            actor=council[_signer(council, rule.role, referral)],
            referral_id=referral.pk,
            outcome="agreed",
        )


def _listed(council: Council, ask: Ask | None = None, **kwargs: Any) -> Referral:
    """A referral with its papers, submitted and signed off: listed at the next meeting."""
    skip = kwargs.pop("skip", ())
    stale = kwargs.pop("stale_assessment", False)
    referral = _draft(council, ask or council.next_ask(), **kwargs)
    _papers(council, referral, _owner(referral), skip=skip, stale_assessment=stale)
    referral_submit(actor=council[_owner(referral)], referral_id=referral.pk)
    _sign_offs(council, referral)
    referral.refresh_from_db()
    return referral


def _item(referral: Referral) -> AgendaItem:
    return AgendaItem.objects.select_related("meeting").get(
        referral=referral, status=AgendaItem.Status.LISTED
    )


def _approval(council: Council, ask: Ask, *, uplift: str = "0") -> ApprovalInput:
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


def _decision(
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
        approval=_approval(council, ask, uplift=extra.get("uplift", "0")) if approving else None,
        children=extra.get("children", ()),
    )


def _sat_meeting(council: Council) -> Meeting:
    """The panel's last regular sitting before today, which has sat: decisions are recorded
    only once a meeting has started, so the demo's heard items are heard there."""
    panel = council.pack.panel()
    now = timezone.now()
    days = [
        day
        for day in meeting_days(panel, council.today - dt.timedelta(days=70), council.today)
        if meeting_on(council.pack, panel, day).starts_at <= now
    ]
    sitting = meeting_on(council.pack, panel, days[-1])
    meeting, _ = Meeting.objects.get_or_create(
        authority_id=council.authority_id,
        panel_id=panel.id,
        cadence_day=days[-1],
        defaults={
            "panel_name": panel.name,
            "starts_at": sitting.starts_at,
            "ends_at": sitting.ends_at,
            "submission_deadline": sitting.submission_deadline,
            "papers_deadline": sitting.papers_deadline,
            "capacity": sitting.capacity,
            "slot_minutes": sitting.slot_minutes,
            "venue": panel.venue,
        },
    )
    return meeting


def _decide(council: Council, referral: Referral, outcome: str, discussion: str) -> Decision:
    conditions = (
        ["Review school attendance with the panel after three months."]
        if outcome == "approved_with_conditions"
        else []
    )
    item = _item(referral)
    if item.meeting.starts_at > timezone.now():
        # Until the demo builds its history in the past, an item to be heard is put on
        # the agenda of the last sitting, which has sat.
        AgendaItem.objects.filter(pk=item.pk).update(meeting=_sat_meeting(council))
    return agenda_item_decide(
        actor=council["coordinator"],
        item_id=item.pk,
        data=_decision(council, referral, outcome, discussion, conditions=conditions),
        version=None,
    )


@contextmanager
def _step(council: Council, what: str) -> Iterator[None]:
    """One demo state in a savepoint: a service that refuses it leaves nothing behind,
    and the refusal is reported rather than hidden."""
    try:
        with transaction.atomic():
            yield
    except ServiceError as error:
        council.notes.append(f"{council.name}: left out {what}: {error.message}")


# ------------------------------------------------------------------- the states


def _populate(council: Council) -> None:
    late_meeting = None
    with _step(council, "the meeting for late referrals"):
        late_meeting = _late_meeting(council)
    _early_states(council)
    _heard_states(council)
    _outside_panel_states(council)
    if council.authority_id == "portsmouth":
        _overfull_agenda(council, late_meeting)
    else:
        _carried_and_late_states(council, late_meeting)


def _late_meeting(council: Council) -> Meeting | None:
    """A meeting whose submission deadline has passed: the next regular sitting if its
    deadline is gone, or else an extra sitting the coordinator adds for urgent cases."""
    now = timezone.now()
    meetings_generate(authority_id=council.authority_id)
    panel = council.pack.panel()
    upcoming = Meeting.objects.filter(
        authority_id=council.authority_id,
        panel_id=panel.id,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=now,
    ).order_by("starts_at")
    passed = upcoming.filter(submission_deadline__lt=now).first()
    if passed is not None:
        return passed
    first_open = upcoming.first()
    day = council.today + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    if first_open is None or day >= first_open.day:
        council.notes.append(
            f"{council.name}: no late referral today: no sitting before the next panel "
            "has a passed deadline, and an extra one would fall on the panel's own day."
        )
        return None
    meeting = meeting_add(
        actor=council["coordinator"],
        panel_id=panel.id,
        day=day,
        reason="Extra sitting for urgent requests that cannot wait for the next panel.",
        urgent_only=True,
    )
    if meeting.submission_deadline >= now:
        council.notes.append(f"{council.name}: the extra sitting's deadline has not passed.")
    return meeting


def _early_states(council: Council) -> None:
    """Draft, submitted (at each sign-off the pack asks for), returned."""
    sign_offs = council.pack.panel().sign_offs
    with _step(council, "a draft"):
        referral = _draft(council, council.next_ask(), complete=False)
    for given in range(len(sign_offs)):
        waiting_for = ROLE_LABELS[sign_offs[given].role]
        with _step(council, f"a referral awaiting the {waiting_for}"):
            referral = _draft(council, council.next_ask())
            _papers(council, referral, _owner(referral))
            referral_submit(actor=council[_owner(referral)], referral_id=referral.pk)
            _sign_offs(council, referral, given)
    with _step(council, "a returned referral"):
        referral = _draft(council, council.next_ask())
        referral_submit(actor=council[_owner(referral)], referral_id=referral.pk)
        referral_sign_off(
            actor=council[_signer(council, sign_offs[0].role, referral)],
            referral_id=referral.pk,
            outcome="returned",
            reason=(
                "Please attach the latest assessment and say what the family group "
                "conference agreed."
            ),
        )
    with _step(council, "a listed referral for two siblings"):
        family = FAMILIES[(council.child_offset + 3) % len(FAMILIES)]
        ask = council.plan.asks[0]
        younger = max(ask.age - 3, 1)
        children = [
            _child(council, ask, family=family),
            _child(council, ask, family=family, age=younger),
        ]
        _listed(
            council,
            ask,
            worker="social-worker",
            children=children,
            family=[
                {
                    "name": f"Jo {family[0]}",
                    "relationship": "mother",
                    "gender": "F",
                    "ethnicity": family[1],
                }
            ],
        )
    with _step(council, "a listed referral"):
        _listed(council)


def _heard_states(council: Council) -> None:
    """Decided, signed (and for North Somerset finalised), recorded, corrected, withdrawn."""
    # North Somerset: the assistant director chairs and finalises; a deputy chair (a head
    # of service) who signs leaves the decision awaiting the assistant director.
    deputy_signs = bool(council.pack.panel().finalised_by) and "deputy-chair" in council.people
    with _step(council, "a decided referral"):
        referral = _listed(council)
        _decide(
            council,
            referral,
            "approved_with_conditions",
            "The panel agreed the request for six months, with a review of school attendance.",
        )
    with _step(council, "a signed decision"):
        referral = _listed(council)
        decision = _decide(council, referral, "approved", "Agreed as requested.")
        signer = "deputy-chair" if deputy_signs else "chair"
        decision_sign(actor=council[signer], decision_id=decision.pk)
    if deputy_signs:
        with _step(council, "a finalised decision"):
            referral = _listed(council)
            decision = _decide(council, referral, "approved", "Agreed as requested.")
            decision_sign(actor=council["deputy-chair"], decision_id=decision.pk)
            decision_finalise(actor=council["chair"], decision_id=decision.pk)
    with _step(council, "a declined and signed decision"):
        referral = _listed(council)
        decision = _decide(
            council,
            referral,
            "declined",
            "Declined: the panel asked for the in-house options to be explored first.",
        )
        decision_sign(actor=council["chair"], decision_id=decision.pk)
    with _step(council, "a decision recorded on the child's file"):
        referral = _listed(council)
        decision = _decide(council, referral, "approved", "Agreed as requested.")
        decision_sign(actor=council["chair"], decision_id=decision.pk)
        referral_record(
            actor=council["coordinator"],
            referral_id=referral.pk,
            reference=f"Case note {council.code.upper()}-CN-{40000 + referral.pk}",
        )
    with _step(council, "a corrected decision"):
        referral = _listed(council)
        decision = _decide(council, referral, "approved", "Agreed as requested.")
        decision_sign(actor=council["chair"], decision_id=decision.pk)
        correction = decision_correct(
            actor=council["chair"],
            decision_id=decision.pk,
            reason="The sheet gave the cost before the provider's agreed uplift.",
            data=_decision(
                council,
                referral,
                "approved",
                "Agreed, at the cost agreed with the provider.",
                uplift="25.00",
            ),
        )
        decision_sign(actor=council["chair"], decision_id=correction.pk)
    with _step(council, "a withdrawn referral"):
        referral = _listed(council)
        referral_withdraw(
            actor=council[_owner(referral)],
            referral_id=referral.pk,
            reason="The family moved away; the case has transferred to their new council.",
        )


def _outside_panel_states(council: Council) -> None:
    """Delegated decisions, referrals for other panels, emergency decisions."""
    plan = council.plan
    if plan.delegated is not None:
        with _step(council, "a delegated decision"):
            ask = plan.delegated
            referral = _draft(council, ask, worker="social-worker")
            referral_submit(actor=council["social-worker"], referral_id=referral.pk)
            approver = _signer(council, referral.route_approver, referral)
            referral_decide_delegated(
                actor=council[approver],
                referral_id=referral.pk,
                data=_decision(council, referral, "approved", "Agreed within delegation."),
            )
    for ask in plan.elsewhere:
        with _step(council, f"a draft for {ask.kind} that goes elsewhere"):
            referral = _draft(council, ask)
            if referral.route == Referral.Route.PANEL:
                council.notes.append(
                    f"{council.name}: the {ask.kind} draft was routed to the panel."
                )
    for emergency in plan.emergencies:
        with _step(council, f"an emergency decision for {emergency.ask.kind}"):
            referral = _draft(council, emergency.ask, emergency=True)
            _papers(council, referral, _owner(referral))
            record = emergency_decision_record(
                actor=council[emergency.recorded_by],
                referral_id=referral.pk,
                reason="The child needed a safe place to stay that night.",
                approval=_approval(council, emergency.ask),
            )
            for who in emergency.also:
                emergency_decision_approve(actor=council[who], emergency_id=record.pk)


def _defer(council: Council, referral: Referral) -> None:
    _decide(
        council,
        referral,
        "deferred",
        "Deferred: the panel asked for the updated parenting assessment before deciding.",
    )


def _remove(council: Council, referral: Referral) -> None:
    paper = PAPER_LABELS[council.plan.removed_paper]
    agenda_item_remove(
        actor=council["chair"],
        item_id=_item(referral).pk,
        reason=f"Not heard: no {paper} by the papers deadline. Relisted for the next meeting.",
    )


def _accept_late(council: Council, referral: Referral, meeting: Meeting) -> None:
    referral_accept_late(
        actor=council["chair"],
        referral_id=referral.pk,
        meeting_id=meeting.pk,
        reason="Accepted as exceptional: the current placement ends before the next panel.",
    )


def _removable(council: Council) -> Ask:
    return (
        council.ask_of(council.plan.removed_kind)
        if council.plan.removed_kind
        else (council.next_ask())
    )


def _carried_and_late_states(council: Council, late_meeting: Meeting | None) -> None:
    with _step(council, "a deferred item carried to the next meeting"):
        _defer(council, _listed(council))
    with _step(council, "an item removed by the chair and relisted"):
        _remove(council, _listed(council, _removable(council), skip=(council.plan.removed_paper,)))
    if late_meeting is not None:
        with _step(council, "a late referral accepted by the chair"):
            _accept_late(council, _listed(council), late_meeting)


def _overfull_agenda(council: Council, late_meeting: Meeting | None) -> None:
    """Portsmouth: the next meeting filled to its capacity through normal listing, then
    past it by late referrals the chair accepted that were deferred or not heard at the
    sitting before, so the chair has to prioritise."""
    target: Meeting | None = None
    with _step(council, "a full agenda"):
        first = _listed(council, stale_assessment=True)
        target = _item(first).meeting
        capacity = target.capacity or 25
        while _listed_on(target) < capacity:
            referral = _listed(council)
            if _item(referral).meeting_id != target.pk:
                council.notes.append(f"{council.name}: a referral was listed elsewhere.")
                break
    if late_meeting is None or target is None:
        return
    with _step(council, "late referrals deferred to the full agenda"):
        for turn in range(2):
            referral = _listed(council)
            _accept_late(council, referral, late_meeting)
            _defer(council, referral)
            if turn and _item(referral).meeting_id != target.pk:
                # Deferred at the sitting that has sat (see `_decide`), it came to the
                # next one: the chair moves the second on to the full agenda.
                _remove(council, referral)
    with _step(council, "a late referral not heard and relisted on the full agenda"):
        referral = _listed(council, skip=(council.plan.removed_paper,))
        _accept_late(council, referral, late_meeting)
        _remove(council, referral)


def _listed_on(meeting: Meeting) -> int:
    return AgendaItem.objects.filter(meeting=meeting, status=AgendaItem.Status.LISTED).count()


# ------------------------------------------------------------------- sign-ins


@dataclass(frozen=True)
class SignIn:
    username: str
    name: str
    roles: str


def sign_ins() -> list[tuple[str, list[SignIn]]]:
    """The demo people, authority by authority: username, name and roles."""
    order = {name: index for index, name in enumerate(demo_usernames())}
    users = {
        user.username: user
        for user in User.objects.filter(username__in=order).prefetch_related("role_grants__team")
    }
    names = dict(Authority.objects.values_list("id", "name"))
    by_authority: list[tuple[str, list[SignIn]]] = []
    for authority_id, code in CODES.items():
        rows = []
        mine = sorted((u for u in users if u.startswith(f"{code}-")), key=lambda u: order[u])
        for username in mine:
            user = users[username]
            roles = []
            for grant in user.role_grants.all():
                label = ROLE_LABELS[grant.role]
                roles.append(f"{label} ({grant.team.name})" if grant.team else label)
            rows.append(SignIn(username, user.get_full_name(), ", ".join(roles)))
        by_authority.append((names.get(authority_id, authority_id), rows))
    return by_authority


def sign_ins_text() -> str:
    lines = []
    for authority, rows in sign_ins():
        if not rows:
            continue
        width_user = max(len(row.username) for row in rows)
        width_name = max(len(row.name) for row in rows)
        lines += ["", authority, "-" * len(authority)]
        lines += [
            f"  {row.username:<{width_user}}  {row.name:<{width_name}}  {row.roles}" for row in rows
        ]
    lines += [
        "",
        f"Password for every demo user: {DEMO_PASSWORD}",
        "",
        "Open http://127.0.0.1:8000 and sign in as any of them.",
        "API tokens: .venv/bin/carepanel token create ns-social-worker",
    ]
    return "\n".join(lines)


def states_summary() -> dict[str, dict[str, int]]:
    """How many demo referrals are in each state, per authority (for the command's report)."""
    rows = (
        Referral.objects.filter(authority_id__in=CODES)
        .values("authority_id", "status")
        .annotate(n=Count("pk"))
    )
    summary: dict[str, dict[str, int]] = {}
    for row in rows:
        summary.setdefault(row["authority_id"], {})[row["status"]] = row["n"]
    return summary


__all__ = [
    "CODES",
    "DEMO_PASSWORD",
    "DemoResult",
    "demo_data_exists",
    "demo_load",
    "demo_usernames",
    "sign_ins",
    "sign_ins_text",
    "states_summary",
]
