"""The engine never imports Django (DESIGN.md §8), so it runs in any process."""

from __future__ import annotations

import subprocess
import sys


def test_the_policy_engine_imports_without_django() -> None:
    code = (
        "import sys, carepanel.policy, carepanel.policy.cli; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(  # noqa: S603 -- our own interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
