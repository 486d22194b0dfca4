"""Every referral page: one h1, a title, and nothing the strict Content Security Policy
would block (no inline script or style, no event-handler attributes)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import drafted, submitted, with_papers

pytestmark = pytest.mark.django_db

DRAFT_PAGES = (
    "",
    "request/",
    "children/",
    "add-child/",
    "family-member/",
    "previous/",
    "the-request/",
    "situation/",
    "outcome/",
    "check/",
    "papers/",
    "withdraw/",
)


def _check(response) -> None:
    assert response.status_code == 200
    page = parse(response.content)
    assert len(page.h("h1")) == 1, page.h("h1")
    assert page.title.endswith("– Carepanel")
    assert page.inline_styles == []
    assert page.event_handlers == []
    assert all(script.attrs.get("src") for script in page.scripts)


@pytest.mark.parametrize("path", DRAFT_PAGES)
def test_each_draft_page_is_well_formed(client: Client, north_somerset: Cast, path: str):
    referral = drafted(north_somerset)
    with_papers(north_somerset, referral, "assessment")
    signed_in(client, north_somerset.social_worker)

    _check(client.get(f"/referrals/{referral.pk}/{path}"))


def test_the_list_start_summary_and_sign_off_pages_are_well_formed(
    client: Client, north_somerset: Cast
):
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.team_manager)

    for path in ("/referrals/", "/referrals/new/", f"/referrals/{referral.pk}/"):
        _check(client.get(path))
    _check(client.get(f"/referrals/{referral.pk}/sign-off/"))
    # With errors too: the title says so.
    errors = client.post(f"/referrals/{referral.pk}/sign-off/", {"version": referral.version})
    _check(errors)
    assert parse(errors.content).title.startswith("Error: ")
