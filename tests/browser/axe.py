"""Accessibility checks in the browser: axe-core (from npm) run against WCAG 2.2 A and AA."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Page) -> list[tuple[str, list[list[str]]]]:
    """Each rule the page breaks, with the elements that break it."""
    # Playwright evaluates outside the page's Content Security Policy, so axe needs no
    # exception to it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert results["passes"], "axe should have run its checks"
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
    ]


def assert_no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url} breaks WCAG 2.2 AA: {violations}"
