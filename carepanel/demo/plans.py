"""What each council's demo referrals ask for: a few lines each, so that they read as a table."""

from __future__ import annotations

from dataclasses import dataclass

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
    # The next sitting filled to its capacity through normal listing, with late referrals
    # carried on top of it, so that the chair has to prioritise (Portsmouth's 25).
    full_agenda: bool = False


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
        full_agenda=True,
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
