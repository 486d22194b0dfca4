"""Control characters in the pages' text fields: refused with a message naming the field
(carepanel/core/text.py), except tab and new line in long text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.test import Client

from carepanel.children.models import Child
from carepanel.core.forms import TextField
from carepanel.referrals.models import Referral
from tests.personas import Cast
from tests.web.conftest import signed_in
from tests.web.referrals.helpers import error_summary
from tests.web.referrals.test_start import NEW_CHILD
from tests.workflow.helpers import submitted

pytestmark = pytest.mark.django_db

CARE_PANEL = Path(__file__).resolve().parents[2] / "carepanel"


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\t", "\n", "\x1f"])
def test_a_control_character_in_a_child_s_name_is_refused_naming_the_field(
    client: Client, north_somerset: Cast, character: str
) -> None:
    signed_in(client, north_somerset.social_worker)

    response = client.post("/referrals/new/", {**NEW_CHILD, "first_name": f"Wr{character}en"})

    assert response.status_code == 200
    assert error_summary(response) == ["First name must not include control characters"]
    assert not Child.objects.exists()
    assert not Referral.objects.exists()


def test_long_text_keeps_tab_and_new_line_and_refuses_the_rest(
    client: Client, north_somerset: Cast
) -> None:
    referral = submitted(north_somerset)
    signed_in(client, north_somerset.social_worker)
    url = f"/referrals/{referral.pk}/withdraw/"

    escaped = client.post(url, {"reason": "Moved\x1b away.", "version": referral.version})
    kept = client.post(
        url, {"reason": "Moved away.\r\n\tNo longer needed.", "version": referral.version}
    )

    assert error_summary(escaped) == ["The reason must not include control characters"]
    assert kept.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.WITHDRAWN


def test_a_nul_in_the_username_is_refused_before_it_is_looked_up(client: Client, db: None) -> None:
    response = client.post("/sign-in/", {"username": "ns-\x00admin", "password": "anything"})

    assert response.status_code == 200
    assert error_summary(response) == ["Username must not include control characters"]


def test_a_question_s_label_gives_way_to_a_noun() -> None:
    field = TextField(label="Why is it late?", widget=forms.Textarea)

    with pytest.raises(forms.ValidationError) as refused:
        field.clean("Late\x00.")
    assert refused.value.messages == ["Your answer must not include control characters"]
    assert field.clean("Late.\r\n\tVery.") == "Late.\r\n\tVery."


def test_every_text_field_of_the_pages_is_a_text_field() -> None:
    """A plain CharField would take control characters: the pages use core's TextField."""
    plain = re.compile(r"\bforms\.CharField\(|\(forms\.CharField\)")
    offenders = [
        f"{path.relative_to(CARE_PANEL)}:{number}"
        for path in sorted(CARE_PANEL.rglob("*.py"))
        if path.name != "forms.py" or path.parent.name != "core"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if plain.search(line) and "-> forms.CharField" not in line
    ]
    assert offenders == []
