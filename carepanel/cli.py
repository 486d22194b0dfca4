"""The `carepanel` command: the policy commands, and Django's management commands.

The policy commands read the packs only, so they are dispatched before Django is
imported: they start fast and run where no database or settings exist.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run `carepanel ARGS...`; argv excludes the program name and defaults to sys.argv[1:]."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["policy"]:
        from carepanel.policy.cli import main as policy_main

        return policy_main(args[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carepanel.settings")
    from django.core.management import execute_from_command_line

    # Django exits by itself on a failed command; reaching the return means it succeeded.
    execute_from_command_line(["carepanel", *args])
    return 0
