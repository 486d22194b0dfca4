"""Routing is total: every well-formed referral gets one coherent answer from every pack."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from carepanel.policy import KINDS, Cost, Referral, get_pack, load_packs, route
from carepanel.policy.kinds import FLAGS

costs = st.one_of(
    st.none(),
    st.builds(
        Cost,
        amount_gbp=st.decimals(
            min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False
        ),
        basis=st.sampled_from(["one_off", "weekly", "monthly", "annual"]),
        weeks=st.one_of(st.none(), st.integers(1, 520)),
    ).filter(lambda c: not (c.basis == "one_off" and c.weeks is not None)),
)
referrals = st.builds(
    Referral,
    kind=st.sampled_from(KINDS),
    cost=costs,
    age=st.one_of(st.none(), st.integers(0, 25)),
    flags=st.dictionaries(st.sampled_from(FLAGS), st.booleans()),
)


@settings(max_examples=300, deadline=None)
@given(authority=st.sampled_from(list(load_packs())), referral=referrals)
def test_every_answer_is_coherent(authority: str, referral: Referral) -> None:
    pack = get_pack(authority)
    result = route(pack, referral)
    assert result.route in ("panel", "delegated", "other_panel", "outside_remit")
    assert result.reasons, "there is always a reason in words"
    if result.route in ("panel", "delegated"):
        assert result.panel == pack.routing.panel and result.other_panel is None
    else:
        assert result.panel is None and result.approver is None and not result.retrospective
    if result.route == "other_panel":
        assert result.other_panel
    if result.route == "delegated":
        assert result.approver is not None and not result.retrospective
        # Only a referral with a cost at or below the line is ever delegated.
        assert referral.cost is not None and pack.routing.threshold is not None
    if result.retrospective:
        assert result.approver is not None and result.approver in result.approvers
    if referral.cost is not None:
        assert result.total_cost_gbp == referral.cost.total_gbp
        assert result.total_cost_gbp is not None and result.total_cost_gbp >= Decimal(0)


@settings(max_examples=200, deadline=None)
@given(
    authority=st.sampled_from(list(load_packs())),
    referral=referrals,
    extra=st.decimals(min_value="0.01", max_value=100000, places=2),
)
def test_spending_more_never_moves_a_referral_from_panel_to_delegation(
    authority: str, referral: Referral, extra: Decimal
) -> None:
    if referral.cost is None:
        return
    pack = get_pack(authority)
    dearer = Referral(
        kind=referral.kind,
        cost=Cost(referral.cost.amount_gbp + extra, referral.cost.basis, referral.cost.weeks),
        age=referral.age,
        flags=referral.flags,
    )
    if route(pack, referral).route == "panel":
        assert route(pack, dearer).route == "panel"
