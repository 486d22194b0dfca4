"""Reading the referral pages in tests: the main content as text, the error summary."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from carepanel.accounts.actors import Actor
from carepanel.home.navigation import navigation_for
from carepanel.referrals.models import Referral
from tests.personas import Cast
from tests.workflow.helpers import drafted


def html(response: Any) -> str:
    return response.content.decode()


def main_text(response: Any) -> str:
    """The words inside <main>, tags dropped and spaces collapsed, entities as written."""
    page = html(response)
    main = page.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|svg)\b.*?</\1>", " ", main, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", main).replace("&#x27;", "'").replace("&amp;", "&")
    return re.sub(r"\s+", " ", text).strip()


def error_summary(response: Any) -> list[str]:
    """The messages in the GOV.UK error summary, in order."""
    page = html(response)
    if "govuk-error-summary__list" not in page:
        return []
    body = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", body, flags=re.S)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).replace("&#x27;", "'").strip()
        for item in items
    ]


def error_links(response: Any) -> list[str]:
    page = html(response)
    body = page.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="([^"]+)"', body)


def drafts(cast: Cast, count: int, **referral: Any) -> list[Referral]:
    return [drafted(cast, **referral) for _ in range(count)]


def query_bound(actor: Actor, own: int) -> int:
    """The most queries a referral page may run: the session, the user and their roles (3),
    the navigation's (the badge counts are its own, measured here) and the page's `own`."""
    with CaptureQueriesContext(connection) as captured:
        navigation_for(actor, "/referrals/")
    return 3 + len(captured) + own


def assert_error_links_land(response: Any) -> None:
    """Each error summary link goes to an element on the page (the field, its first box)."""
    page = html(response)
    links = [link for link in error_links(response) if link.startswith("#")]
    assert links, "the error summary links to the fields"
    for link in links:
        assert f'id="{link[1:]}"' in page, f"{link} is not on the page"
