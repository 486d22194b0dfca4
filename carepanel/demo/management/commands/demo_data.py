"""`carepanel demo_data`: load the invented demo data once, and print the sign-ins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from carepanel.demo.data import demo_load, sign_ins_text, states_summary


class Command(BaseCommand):
    help = (
        "Load invented demo data: people in every role, children, and referrals in every "
        "state, for each council. Run again, it changes nothing and prints the sign-ins."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production (CAREPANEL_MODE).")
        result = demo_load()
        if result.created:
            self.stdout.write("Loaded the demo data (all invented). Referrals by state:")
            for authority_id, states in states_summary().items():
                counts = ", ".join(f"{state} {n}" for state, n in sorted(states.items()))
                self.stdout.write(f"  {authority_id}: {counts}")
        else:
            self.stdout.write("The demo data is already loaded; nothing was changed.")
        for note in result.notes:
            self.stderr.write(f"Note: {note}")
        self.stdout.write(sign_ins_text())
