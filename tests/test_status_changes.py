"""Only services change a status: a check that turns the rule of STYLE.md into a test."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "carepanel"
# `x.status = …` and `.update(…, status=…)`: the two ways to write a status.
STATUS_WRITE = re.compile(r"\.status\s*=(?!=)|\.update\([^)]*\bstatus\s*=")


def test_no_module_but_a_service_writes_a_status_field() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "services.py" and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if STATUS_WRITE.search(line)
    ]
    assert offenders == []


def test_the_check_finds_both_ways_of_writing_a_status() -> None:
    assert STATUS_WRITE.search("referral.status = Referral.Status.SIGNED")
    assert STATUS_WRITE.search("Approval.objects.filter(pk=1).update(status='ended')")
    assert not STATUS_WRITE.search("if referral.status == Referral.Status.DRAFT:")
