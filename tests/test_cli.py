import json
import os
import subprocess
import sys
from pathlib import Path

from carepanel.policy.cli import main as policy_main

REPO = Path(__file__).resolve().parents[1]
CAREPANEL = Path(sys.executable).parent / "carepanel"
CALENDAR = ["policy", "calendar", "north-somerset", "--from", "2026-11-23", "--to", "2026-12-06"]
# Runs the command in-process, then reports on stderr which Django modules it imported.
IMPORTS_AFTER_MAIN = """
import json, sys
from carepanel.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] == "django")),
      file=sys.stderr)
sys.exit(code)
"""


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(  # noqa: S603 - our own interpreter and console script
        [str(part) for part in command],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_policy_commands_run_without_importing_django():
    result = run(sys.executable, "-c", IMPORTS_AFTER_MAIN, *CALENDAR)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stderr.splitlines()[-1]) == []
    assert [meeting["starts_at"] for meeting in json.loads(result.stdout)] == [
        "2026-11-25T13:30:00+00:00",
        "2026-12-02T13:30:00+00:00",
    ]


def test_the_console_script_passes_on_the_policy_commands_exit_code(capsys):
    unknown = ["calendar", "nowhere", "--from", "2026-11-23", "--to", "2026-12-06"]
    expected = policy_main(unknown)
    expected_error = capsys.readouterr().err

    result = run(CAREPANEL, "policy", *unknown)

    assert expected != 0
    assert (result.returncode, result.stdout, result.stderr) == (expected, "", expected_error)


def test_the_console_script_runs_djangos_management_commands():
    result = run(CAREPANEL, "check")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_console_script_exits_non_zero_when_a_django_command_fails():
    result = run(CAREPANEL, "no-such-command")

    assert result.returncode != 0
    assert "Unknown command: 'no-such-command'" in result.stderr


def test_manage_py_is_the_same_command():
    result = run(sys.executable, "manage.py", *CALENDAR)

    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 2
