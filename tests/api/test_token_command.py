"""`carepanel token create USERNAME [--authority ID]`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import BaseCommand
from django.test import Client

from carepanel.accounts.management.commands.token import Command
from carepanel.accounts.models import ApiToken, RoleGrant
from carepanel.accounts.services import person_create
from carepanel.audit.models import AuditEvent
from tests.personas import Cast


def _create(*args: str) -> str:
    out = StringIO()
    call_command("token", "create", *args, stdout=out)
    return out.getvalue()


def test_it_prints_only_a_token_that_works(north_somerset: Cast) -> None:
    printed = _create("north-social_worker")

    token = printed.strip()
    assert printed == token + "\n"
    assert token.startswith("cpt_")
    me = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["user"]["username"] == "north-social_worker"
    # Only the hash is kept.
    assert not ApiToken.objects.filter(key_hash=token).exists()
    assert AuditEvent.objects.filter(action="api_token.created").count() == 1


def test_it_needs_the_authority_of_someone_with_roles_in_several(
    north_somerset: Cast, portsmouth: Cast
) -> None:
    user = north_somerset.chair.user
    RoleGrant.objects.create(authority_id="portsmouth", user=user, role="chair")

    with pytest.raises(CommandError) as refused:
        _create(user.username)
    token = _create(user.username, "--authority", "portsmouth").strip()

    assert str(refused.value) == (
        "'north-chair' holds roles in north-somerset, portsmouth: choose one with --authority"
    )
    me = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me")
    assert me.json()["authority"]["id"] == "portsmouth"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "no user with the username 'nobody'"),
        (["north-chair", "--authority", "atlantis"], "no authority with the id 'atlantis'"),
        (
            ["north-chair", "--authority", "portsmouth"],
            "'north-chair' holds no role in 'portsmouth'",
        ),
        (["roleless"], "'roleless' holds no role in any authority"),
        (["retired"], "'retired' is not an active user"),
    ],
)
def test_it_refuses_in_one_line(
    north_somerset: Cast, portsmouth: Cast, args: list[str], message: str
) -> None:
    person_create(
        authority_id="north-somerset", username="roleless", first_name="R", last_name="L", roles=[]
    )
    retired = person_create(
        authority_id="north-somerset",
        username="retired",
        first_name="R",
        last_name="T",
        roles=["chair"],
    )
    retired.is_active = False
    retired.save(update_fields=["is_active"])

    with pytest.raises(CommandError) as refused:
        _create(*args)

    assert str(refused.value) == message
    assert not ApiToken.objects.exists()


def test_from_the_command_line_an_error_is_one_line_on_stderr_and_a_failing_exit(
    north_somerset: Cast, capsys: pytest.CaptureFixture[str]
) -> None:
    command: BaseCommand = Command()

    with pytest.raises(SystemExit) as exit_:
        command.run_from_argv(["carepanel", "token", "create", "nobody"])

    captured = capsys.readouterr()
    assert exit_.value.code != 0
    assert captured.out == ""
    assert captured.err == "CommandError: no user with the username 'nobody'\n"
