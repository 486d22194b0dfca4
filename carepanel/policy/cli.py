"""`carepanel policy …`: the packs from the command line (DESIGN.md §7).

JSON on stdout; on bad input one line on stderr naming the bad value and a
non-zero exit, never a traceback. No database and no Django.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TextIO

from .calendar import meetings
from .errors import PolicyError
from .loader import display_path, get_pack, load_pack_file, pack_files
from .referral import referral_from_json
from .routing import route

EXIT_BAD_INPUT = 2
EXIT_INVALID_PACK = 1
EXIT_BROKEN_PIPE = 141  # as a shell reports a process ended by SIGPIPE


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line instead of usage text and exit."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _date(value: str) -> dt.date:
    # argparse puts "argument --from: " before this message.
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def _parser() -> _Parser:
    parser = _Parser(prog="carepanel policy", description="Read and apply the policy packs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="validate packs (all in policies/ by default)")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE")

    calendar = commands.add_parser("calendar", help="a panel's meetings between two dates")
    calendar.add_argument("authority")
    calendar.add_argument("--panel", default=None)
    calendar.add_argument("--from", dest="start", required=True, type=_date)
    calendar.add_argument("--to", dest="end", required=True, type=_date)

    route_cmd = commands.add_parser("route", help="where a referral (JSON on stdin) goes")
    route_cmd.add_argument("authority")
    return parser


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _check(files: list[Path], out: TextIO, err: TextIO) -> int:
    paths = files or pack_files()
    if not paths:
        raise PolicyError("no policy packs to check")
    results = []
    failed = False
    for path in paths:
        try:
            pack = load_pack_file(path)
        except PolicyError as error:
            err.write(f"carepanel policy: {error}\n")
            results.append({"file": display_path(path), "valid": False, "error": str(error)})
            failed = True
            continue
        results.append(
            {
                "file": display_path(path),
                "valid": True,
                "authority": pack.authority.id,
                "panels": [panel.id for panel in pack.panels],
            }
        )
    _print_json(results, out)
    return EXIT_INVALID_PACK if failed else 0


def _route(authority: str, stdin: TextIO, out: TextIO) -> int:
    pack = get_pack(authority)
    text = stdin.read()
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise PolicyError(f"malformed JSON on stdin: {error}") from None
    _print_json(route(pack, referral_from_json(data)).to_json(), out)
    return 0


def main(
    argv: list[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
        if args.command == "check":
            return _check(args.files, out, err)
        if args.command == "calendar":
            pack = get_pack(args.authority)
            found = meetings(pack, args.start, args.end, args.panel)
            _print_json([meeting.to_json() for meeting in found], out)
            return 0
        return _route(args.authority, stdin, out)
    except (_UsageError, PolicyError) as error:
        err.write(f"carepanel policy: {error}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (`… | head`): not an error worth a traceback. Point stdout
        # at nothing so that Python's own flush at exit does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    sys.exit(main())
