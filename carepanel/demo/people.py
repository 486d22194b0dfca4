"""The demo's people: usernames, invented names, roles, and the sign-ins the command prints.

All the names are invented. The seed documents name real officers; none of those names
is used here (tests/demo/test_demo_data.py checks it against a list kept in the tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from carepanel.accounts.models import Authority, User
from carepanel.policy import (
    ROLE_LABELS,
    get_pack,
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


# Invented staff names, dealt out in strides (see `make_council`).
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


def demo_usernames() -> list[str]:
    """Every demo username, authority by authority, in the order of `PEOPLE`."""
    names = []
    for authority_id, code in CODES.items():
        for suffix, _roles, _team in people_for(authority_id):
            names.append(f"{code}-{suffix}")
    return names


def people_for(authority_id: str) -> list[tuple[str, tuple[str, ...], int | None]]:
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
