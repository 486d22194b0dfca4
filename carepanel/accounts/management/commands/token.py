"""`carepanel token create USERNAME [--authority ID]`: an API token for a person.

The token is printed once, alone on stdout, so that a script can capture it; only its
hash is kept. It acts as the person in one authority: where they hold roles in one
authority only, that one; otherwise `--authority` says which.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carepanel.accounts.actors import NotAMember
from carepanel.accounts.models import Authority, RoleGrant, User
from carepanel.accounts.services import token_create


class Command(BaseCommand):
    help = "Make an API token acting as a person in an authority."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="make a token and print it")
        create.add_argument("username")
        create.add_argument(
            "--authority", help="the authority's id; needed if they hold roles in several"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user with the username {username!r}")
        held = sorted(
            set(RoleGrant.objects.filter(user=user).values_list("authority_id", flat=True))
        )
        authority_id: str | None = options["authority"]
        if authority_id is not None:
            if not Authority.objects.filter(pk=authority_id).exists():
                raise CommandError(f"no authority with the id {authority_id!r}")
            if authority_id not in held:
                raise CommandError(f"{username!r} holds no role in {authority_id!r}")
        elif not held:
            raise CommandError(f"{username!r} holds no role in any authority")
        elif len(held) > 1:
            raise CommandError(
                f"{username!r} holds roles in {', '.join(held)}: choose one with --authority"
            )
        else:
            authority_id = held[0]
        try:
            token = token_create(user=user, authority_id=authority_id)
        except NotAMember:
            raise CommandError(f"{username!r} is not an active user") from None
        self.stdout.write(token)
