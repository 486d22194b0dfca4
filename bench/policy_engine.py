"""How fast the policy engine answers, at the sizes DESIGN.md §8 plans for.

Run with `make bench` (or `python bench/policy_engine.py`). It prints one line a
measurement; nothing here is asserted, because timings belong to the machine.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from decimal import Decimal

from carepanel.policy import KINDS, Cost, Referral, first_meeting_for, load_packs, meetings, route
from carepanel.policy.calendar import LONDON


def measure(label: str, count: int, work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    elapsed = time.perf_counter() - started
    each = elapsed / count * 1e6
    print(f"{label:<50} {count:>6} in {elapsed * 1000:8.1f} ms ({each:7.1f} µs each)")


def main() -> None:
    packs = list(load_packs().values())
    rng = random.Random(2026)  # noqa: S311 -- repeatable sample data, not a secret
    referrals = [
        Referral(
            kind=rng.choice(KINDS),
            cost=Cost(
                Decimal(rng.randint(0, 500000)) / 100,
                rng.choice(["one_off", "weekly", "annual"]),
            ),
            age=rng.randint(0, 17),
            flags={"disabled": rng.random() < 0.1, "emergency": rng.random() < 0.05},
        )
        for _ in range(20000)
    ]
    measure(
        "route a referral (all five packs)",
        len(referrals),
        lambda: [route(packs[i % len(packs)], r) for i, r in enumerate(referrals)],
    )
    # Ten years of meetings for every pack, as a planner over 153 councils would ask for
    # about thirty times this.
    measure(
        "ten years of meetings with deadlines, per pack",
        len(packs),
        lambda: [meetings(p, dt.date(2026, 1, 1), dt.date(2035, 12, 31)) for p in packs],
    )
    moments = [
        dt.datetime(2026, 1, 1, tzinfo=LONDON) + dt.timedelta(minutes=rng.randint(0, 5_000_000))
        for _ in range(2000)
    ]
    measure(
        "first meeting whose deadline a submission met",
        len(moments),
        lambda: [first_meeting_for(packs[i % len(packs)], m) for i, m in enumerate(moments)],
    )


if __name__ == "__main__":
    main()
