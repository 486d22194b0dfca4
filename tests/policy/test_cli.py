"""`carepanel policy`: JSON on stdout; bad input is one line on stderr and a non-zero exit."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from carepanel.policy.cli import main


def run(*argv: str, stdin: str = "") -> tuple[int, Any, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, json.loads(out.getvalue()) if out.getvalue() else None, err.getvalue()


def test_calendar_prints_the_north_somerset_meetings_in_the_acceptance_window() -> None:
    code, data, err = run(
        "calendar", "north-somerset", "--from", "2026-11-23", "--to", "2026-12-06"
    )
    assert (code, err) == (0, "")
    assert data == [
        {
            "authority": "north-somerset",
            "panel": "care-and-resource",
            "starts_at": "2026-11-25T13:30:00+00:00",
            "ends_at": "2026-11-25T16:30:00+00:00",
            "submission_deadline": "2026-11-20T12:00:00+00:00",
            "papers_deadline": "2026-11-23T12:00:00+00:00",
            "capacity": None,
        },
        {
            "authority": "north-somerset",
            "panel": "care-and-resource",
            "starts_at": "2026-12-02T13:30:00+00:00",
            "ends_at": "2026-12-02T16:30:00+00:00",
            "submission_deadline": "2026-11-27T12:00:00+00:00",
            "papers_deadline": "2026-11-30T12:00:00+00:00",
            "capacity": None,
        },
    ]


def test_calendar_takes_a_panel_by_id() -> None:
    code, data, _ = run(
        "calendar",
        "portsmouth",
        "--panel",
        "resource",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-31",
    )
    assert code == 0
    assert [(m["starts_at"], m["submission_deadline"], m["capacity"]) for m in data] == [
        ("2026-12-10T14:00:00+00:00", "2026-12-03T12:00:00+00:00", 25)
    ]


def test_route_prints_the_route_with_costs_and_reasons() -> None:
    referral = {
        "kind": "one_off_payment",
        "cost": {"amount_gbp": "40.00", "basis": "weekly", "weeks": 20},
    }
    code, data, _ = run("route", "bexley", stdin=json.dumps(referral))
    assert code == 0
    assert data["route"] == "panel"
    assert data["panel"] == "resource-and-care"
    assert (data["annual_cost_gbp"], data["total_cost_gbp"]) == ("2080.00", "800.00")
    assert (
        data["approver"] is None and data["other_panel"] is None and data["retrospective"] is False
    )
    assert data["reasons"] and all(isinstance(r, str) for r in data["reasons"])


def test_route_accepts_amounts_as_json_numbers_without_float_error() -> None:
    code, data, _ = run(
        "route",
        "bexley",
        stdin='{"kind": "one_off_payment", "cost": {"amount_gbp": 500.10, "basis": "one_off"}}',
    )
    assert (code, data["route"], data["total_cost_gbp"]) == (0, "panel", "500.10")


def test_check_reports_every_pack_valid() -> None:
    code, data, err = run("check")
    assert (code, err) == (0, "")
    assert sorted(item["authority"] for item in data) == [
        "bcp",
        "bexley",
        "central-bedfordshire",
        "north-somerset",
        "portsmouth",
    ]
    assert all(item["valid"] for item in data)


def test_check_refuses_a_broken_pack_naming_file_key_and_problem(tmp_path: Path) -> None:
    broken = tmp_path / "bexley.toml"
    text = (Path(__file__).resolve().parents[2] / "policies" / "bexley.toml").read_text(
        encoding="utf-8"
    )
    broken.write_text(
        text.replace('weekday = "thursday"', 'weekday = "thirsday"'), encoding="utf-8"
    )
    code, data, err = run("check", str(broken))
    assert code == 1
    assert data[0]["valid"] is False
    assert err.count("\n") == 1
    assert "bexley.toml: panels[0].meetings.weekday: 'thirsday' is not one of" in err


@pytest.mark.parametrize(
    ("argv", "stdin", "names"),
    [
        (["calendar", "hogwarts", "--from", "2026-11-23", "--to", "2026-12-06"], "", "'hogwarts'"),
        (["route", "hogwarts"], '{"kind": "one_off_payment"}', "'hogwarts'"),
        (["route", "bexley"], '{"kind": "pony"}', "'pony'"),
        (["route", "bexley"], '{"kind": "one_off_payment"', "malformed JSON"),
        (["route", "bexley"], "", "malformed JSON"),
        (
            ["route", "bexley"],
            '{"kind": "one_off_payment", "cost": {"amount_gbp": "-5", "basis": "one_off"}}',
            "'-5'",
        ),
        (
            ["route", "bexley"],
            '{"kind": "one_off_payment", "cost": {"amount_gbp": "5", "basis": "fortnightly"}}',
            "'fortnightly'",
        ),
        (
            ["route", "bexley"],
            '{"kind": "one_off_payment", "cost": {"amount_gbp": "five", "basis": "weekly"}}',
            "'five'",
        ),
        (["route", "bexley"], '{"kind": "one_off_payment", "emergncy": true}', "emergncy"),
        (["route", "bexley"], '{"kind": "one_off_payment", "child": {"age": -1}}', "child.age"),
        (["route", "bexley"], '["one_off_payment"]', "JSON object"),
        (
            ["calendar", "bcp", "--from", "2026-02-30", "--to", "2026-03-06"],
            "",
            "argument --from: '2026-02-30' is not a date",
        ),
        (
            ["calendar", "bcp", "--from", "2026-12-06", "--to", "2026-11-23"],
            "",
            "2026-12-06 is after the end date 2026-11-23",
        ),
        (
            [
                "calendar",
                "bcp",
                "--panel",
                "fostering",
                "--from",
                "2026-11-23",
                "--to",
                "2026-12-06",
            ],
            "",
            "'fostering'",
        ),
        (["calendar", "bcp", "--from", "2026-11-23"], "", "--to"),
        (["explain"], "", "'explain'"),
    ],
)
def test_bad_input_is_one_line_naming_the_bad_value(
    argv: list[str], stdin: str, names: str
) -> None:
    code, data, err = run(*argv, stdin=stdin)
    assert code != 0
    assert data is None
    assert err.count("\n") == 1 and err.startswith("carepanel policy: ")
    assert names in err
    assert "Traceback" not in err


def test_the_console_script_runs_without_a_traceback_on_bad_input() -> None:
    """Through a real process, as a coordinator would run it."""
    script = Path(sys.executable).with_name("carepanel")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "carepanel.cli"]
    result = subprocess.run(  # noqa: S603 -- our own console script
        [*command, "policy", "route", "north-somerset"],
        input=json.dumps(
            {"kind": "family_support_package", "cost": {"amount_gbp": "1500", "basis": "yearly"}}
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "carepanel policy: cost.basis: 'yearly' is not one of one_off, weekly, monthly, annual\n"
    )


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`carepanel policy calendar … | head`: the closed pipe is not an error to report."""
    script = Path(sys.executable).with_name("carepanel")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "carepanel.cli"]
    process = subprocess.Popen(  # noqa: S603 -- our own console script
        [*command, "policy", "calendar", "bcp", "--from", "2026-01-01", "--to", "2035-12-31"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(1) == b"["
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait() == 141
    assert stderr == b""
