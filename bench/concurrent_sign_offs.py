"""Eight sign-offs at once for a meeting's last places, against a running demo server.

Start the demo on its SQLite database, then run this with the same CAREPANEL_VAR_DIR:

    export CAREPANEL_VAR_DIR=$(mktemp -d)
    .venv/bin/carepanel migrate && .venv/bin/carepanel demo_data
    .venv/bin/carepanel runserver 127.0.0.1:8147 &
    .venv/bin/python bench/concurrent_sign_offs.py http://127.0.0.1:8147

It makes Portsmouth referrals through the services (each waiting only for the service
leader's sign-off), signs off others until the first meeting they reach has three places
left, then sends the eight last sign-offs to the server's API at once. It prints every
answer and the meeting's count, and exits non-zero on a 500 or a meeting past its
capacity.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
import urllib.error
import urllib.request
from collections import Counter
from typing import Any

import django

AUTHORITY = "portsmouth"
RACERS = 8
PLACES_LEFT = 3


def main(base_url: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepanel.settings")
    django.setup()
    # After setup: the models need the app registry.
    from carepanel.accounts.actors import actor_for
    from carepanel.accounts.models import User
    from carepanel.accounts.services import token_create
    from carepanel.meetings.models import AgendaItem, Meeting
    from carepanel.policy import get_pack, questions_for
    from carepanel.referrals.services import (
        ReferralInput,
        referral_create,
        referral_sign_off,
        referral_submit,
    )

    def person(username: str) -> Any:
        return actor_for(User.objects.get(username=username), AUTHORITY)

    social_worker = person("pm-social-worker")
    service_leader = person("pm-service-leader")
    answers = {q.id: "Invented answer." for q in questions_for(get_pack(AUTHORITY))}
    made = iter(range(1, 10_000))

    def awaiting_sign_off() -> int:
        number = next(made)
        child = {
            "first_name": "Bench",
            "last_name": f"Child{number}",
            "date_of_birth": dt.date(2016, 5, 1),
            "gender": "F",
            "ethnicity": "WBRI",
            "case_id": f"BENCH-{os.getpid()}-{number}",
            "plan": "cin",
        }
        data = ReferralInput(
            kind="family_support_package",
            children=[child],
            cost_amount_gbp=None,
            flags={},
            answers=answers,
        )
        referral = referral_create(actor=social_worker, data=data)
        referral_submit(actor=social_worker, referral_id=referral.pk)
        return referral.pk

    def taken(meeting: Meeting) -> int:
        return AgendaItem.objects.filter(meeting=meeting, status__in=["listed", "heard"]).count()

    racers = [awaiting_sign_off() for _ in range(RACERS)]
    # Fill the first meeting a new referral reaches until three places are left.
    first = awaiting_sign_off()
    referral_sign_off(actor=service_leader, referral_id=first, outcome="agreed")
    meeting = AgendaItem.objects.get(referral_id=first, status="listed").meeting
    if meeting.capacity is None:
        print(f"Meeting {meeting.pk} has no capacity: nothing to race for.")
        return 2
    while meeting.capacity - taken(meeting) > PLACES_LEFT:
        filler = awaiting_sign_off()
        referral_sign_off(actor=service_leader, referral_id=filler, outcome="agreed")
    before = taken(meeting)
    print(f"Meeting {meeting.pk} ({meeting.starts_at:%d %B %Y}): {before} of {meeting.capacity}")

    tokens = [token_create(user=service_leader.user, authority_id=AUTHORITY) for _ in racers]
    barrier = threading.Barrier(RACERS)
    statuses: list[int] = [0] * RACERS

    def sign_off(index: int) -> None:
        request = urllib.request.Request(  # noqa: S310 -- the URL is the operator's own
            f"{base_url}/api/v1/referrals/{racers[index]}/sign-offs",
            data=json.dumps({"outcome": "agreed"}).encode(),
            headers={
                "Authorization": f"Bearer {tokens[index]}",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                statuses[index] = response.status
        except urllib.error.HTTPError as error:
            statuses[index] = error.code

    threads = [threading.Thread(target=sign_off, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    after = taken(meeting)
    here = AgendaItem.objects.filter(meeting=meeting, referral_id__in=racers, status="listed")
    print(f"Answers: {statuses} ({dict(Counter(statuses))})")
    print(
        f"Meeting {meeting.pk}: {after} of {meeting.capacity}; "
        f"{here.count()} of the {RACERS} racers listed there, the rest at a later meeting"
    )
    failed = any(status >= 500 for status in statuses) or after > meeting.capacity
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8147"))
