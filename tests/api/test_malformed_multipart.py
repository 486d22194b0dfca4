"""A malformed multipart body is the caller's fault: a 400 in JSON from the API, a 400
page from the site, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.flows import api_for, draft
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import error_summary

BROKEN = [
    # No boundary at all.
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=type\r\n\r\na\r\n--x--"),
    # A boundary Django refuses.
    ("multipart/form-data; boundary=" + "x" * 80 + "\x01", b"--x--"),
    # A part that never ends its headers.
    (
        "multipart/form-data; boundary=B",
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n',
    ),
]


@pytest.mark.parametrize(("content_type", "body"), BROKEN)
def test_the_api_answers_a_malformed_multipart_body_with_a_400_in_json(
    north_somerset: Cast, content_type: str, body: bytes
) -> None:
    referral = draft(north_somerset)
    caller = api_for(north_somerset.social_worker)

    response = caller.client.generic(
        "POST", f"/api/v1/referrals/{referral.pk}/papers", body, content_type
    )

    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "message" in response.json()


@pytest.mark.parametrize(("content_type", "body"), BROKEN[:2])
def test_the_papers_page_answers_a_malformed_multipart_body_with_a_400_page(
    client: Client, north_somerset: Cast, content_type: str, body: bytes
) -> None:
    referral = draft(north_somerset)
    signed_in(client, north_somerset.social_worker)

    response = client.generic("POST", f"/referrals/{referral.pk}/papers/", body, content_type)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Sorry, the form could not be read" in response.content.decode()


def test_the_papers_page_takes_a_part_cut_short_as_no_file(
    client: Client, north_somerset: Cast
) -> None:
    """Django reads what it can of a truncated body: the form then asks for the file."""
    referral = draft(north_somerset)
    signed_in(client, north_somerset.social_worker)
    content_type, body = BROKEN[2]

    response = client.generic("POST", f"/referrals/{referral.pk}/papers/", body, content_type)

    assert response.status_code == 200
    assert error_summary(response)[0] == "Select a file"
