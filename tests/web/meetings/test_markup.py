"""Every meeting page, as each role that may open it sees it: one h1, no inline script,
style or event handler (the strict content security policy), and a title."""

from __future__ import annotations

import pytest
from django.test import Client

from carepanel.meetings.models import Meeting
from tests.pages import parse
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.workflow.helpers import listed

pytestmark = pytest.mark.django_db

PAGES = [
    ("panel_coordinator", "/meetings/"),
    ("panel_coordinator", "/meetings/new/"),
    ("panel_coordinator", "/meetings/{meeting}/"),
    ("panel_coordinator", "/meetings/{meeting}/move/"),
    ("panel_coordinator", "/meetings/{meeting}/cancel/"),
    ("panel_coordinator", "/meetings/{meeting}/times/"),
    ("chair", "/meetings/{meeting}/"),
    ("chair", "/meetings/{meeting}/order/"),
    ("chair", "/agenda-items/{item}/remove/"),
    ("chair", "/agenda-items/{item}/accept-late/"),
    ("social_worker", "/meetings/"),
    ("social_worker", "/meetings/{meeting}/"),
    ("panel_member", "/meetings/{meeting}/"),
]


@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_each_page_has_one_heading_and_no_inline_code(
    client: Client, north_somerset: Cast, persona: str, path: str
) -> None:
    item = listed(north_somerset)
    Meeting.objects.filter(pk=item.meeting_id).update(capacity=0)
    url = path.format(meeting=item.meeting_id, item=item.pk)

    response = signed_in(client, getattr(north_somerset, persona)).get(url)

    assert response.status_code == 200
    page = parse(response.content)
    assert len(page.h("h1")) == 1
    assert page.title.endswith(" – Carepanel")
    assert page.inline_styles == []
    assert page.event_handlers == []
    assert all(script.attrs.get("src") for script in page.scripts)
