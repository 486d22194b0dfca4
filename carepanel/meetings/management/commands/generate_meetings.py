"""`carepanel generate_meetings`: keep 16 weeks of each panel's meetings in the database.

Run daily (cron or the task worker); it is idempotent and leaves meetings a coordinator
cancelled or moved as they are.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carepanel.meetings.services import HORIZON_WEEKS, meetings_generate
from carepanel.policy import load_packs


class Command(BaseCommand):
    help = f"Create each panel's meetings for the next {HORIZON_WEEKS} weeks from its policy pack."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", help="only this authority (its pack id)")

    def handle(self, *args: Any, **options: Any) -> None:
        packs = load_packs()
        authority = options["authority"]
        if authority is not None and authority not in packs:
            raise CommandError(
                f"no policy pack for the authority {authority!r}; known: {', '.join(sorted(packs))}"
            )
        for authority_id in [authority] if authority else sorted(packs):
            created = meetings_generate(authority_id=authority_id)
            self.stdout.write(f"{authority_id}: {created} new meetings")
