import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from carepanel.settings import env_bool, env_list, env_str

REPO = Path(__file__).resolve().parents[2]
SECRET = "x" * 50
SHOW = """
import json
from carepanel import settings
print(json.dumps({name: getattr(settings, name, None) for name in %r}))
"""


def load_settings(
    var_dir: Path, show: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter, with only the given configuration set."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "CAREPANEL_", "DATABASE_URL"))
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed program
        [sys.executable, "-c", SHOW % (show,)],
        env={**clean, "CAREPANEL_VAR_DIR": str(var_dir), **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def shown(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout)
    return values


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, CAREPANEL_MODE="production", DJANGO_ALLOWED_HOSTS="a.org")

    assert result.returncode != 0
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured:"
        " Set the environment variable DJANGO_SECRET_KEY."
    )


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = load_settings(tmp_path, CAREPANEL_MODE="production", DJANGO_SECRET_KEY=SECRET)

    assert result.returncode != 0
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured:"
        " Set the environment variable DJANGO_ALLOWED_HOSTS to a comma-separated list."
    )


def test_production_refuses_to_show_debug_pages(tmp_path):
    result = load_settings(
        tmp_path,
        CAREPANEL_MODE="production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="a.org",
        DJANGO_DEBUG="1",
    )

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be off in production" in result.stderr


def test_an_unknown_mode_is_refused(tmp_path):
    result = load_settings(tmp_path, CAREPANEL_MODE="staging")

    assert result.returncode != 0
    assert "CAREPANEL_MODE must be demo or production" in result.stderr


def test_production_sends_cookies_over_https_only_and_asks_for_hsts(tmp_path):
    names: tuple[str, ...] = (
        "DEBUG",
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
    )
    names += ("CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER")
    result = load_settings(
        tmp_path,
        names,
        CAREPANEL_MODE="production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS=" carepanel.example.org, , panel.example.org ",
    )

    assert shown(result) == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["carepanel.example.org", "panel.example.org"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_production_behind_a_tls_proxy_trusts_its_forwarded_protocol(tmp_path):
    result = load_settings(
        tmp_path,
        ("SECURE_PROXY_SSL_HEADER",),
        CAREPANEL_MODE="production",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="a.org",
        DJANGO_TRUST_X_FORWARDED_PROTO="true",
    )

    assert shown(result) == {"SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


def test_the_demo_makes_one_secret_key_and_keeps_it_across_restarts(tmp_path):
    first = shown(load_settings(tmp_path, ("SECRET_KEY", "DEBUG")))
    second = shown(load_settings(tmp_path, ("SECRET_KEY",)))
    elsewhere = shown(load_settings(tmp_path / "other", ("SECRET_KEY",)))
    key_file = tmp_path / "secret_key"

    assert first["DEBUG"] is False
    assert len(first["SECRET_KEY"]) >= 50
    assert second["SECRET_KEY"] == first["SECRET_KEY"] == key_file.read_text()
    assert elsewhere["SECRET_KEY"] != first["SECRET_KEY"]
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_the_demo_keeps_its_database_in_sqlite_under_the_var_folder(tmp_path):
    result = load_settings(tmp_path, ("DATABASES",))

    assert shown(result)["DATABASES"] == {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "carepanel.sqlite3"),
            # Concurrent writers wait for each other (tests/api/test_concurrent_requests.py).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


def test_a_database_url_switches_to_postgresql(tmp_path):
    result = load_settings(
        tmp_path, ("DATABASES",), DATABASE_URL="postgres://panel@db.example.org:5433/carepanel"
    )

    database = shown(result)["DATABASES"]["default"]
    assert {name: database[name] for name in ("ENGINE", "NAME", "USER", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "carepanel",
        "USER": "panel",
        "HOST": "db.example.org",
        "PORT": 5433,
    }


def test_env_str_names_the_missing_variable(monkeypatch):
    monkeypatch.delenv("CAREPANEL_TEST_VALUE", raising=False)

    with pytest.raises(
        ImproperlyConfigured, match=re.escape("Set the environment variable CAREPANEL_TEST_VALUE.")
    ):
        env_str("CAREPANEL_TEST_VALUE")


def test_env_str_treats_an_empty_variable_as_unset(monkeypatch):
    monkeypatch.setenv("CAREPANEL_TEST_VALUE", "")

    assert env_str("CAREPANEL_TEST_VALUE", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[("1", True), ("TRUE", True), (" yes ", True), ("on", True)],
        *[("0", False), ("false", False), ("No", False), ("off", False), ("", False)],
    ],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("CAREPANEL_TEST_FLAG", value)

    assert env_bool("CAREPANEL_TEST_FLAG", False) is expected


def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("CAREPANEL_TEST_FLAG", "maybe")

    with pytest.raises(
        ImproperlyConfigured,
        match=re.escape(
            "The environment variable CAREPANEL_TEST_FLAG must be 1, true, yes or on,"
            " or 0, false, no or off."
        ),
    ):
        env_bool("CAREPANEL_TEST_FLAG", False)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("CAREPANEL_TEST_LIST", " a.org ,b.org,, ")

    assert env_list("CAREPANEL_TEST_LIST") == ["a.org", "b.org"]


def test_env_list_without_a_default_names_the_missing_variable(monkeypatch):
    monkeypatch.setenv("CAREPANEL_TEST_LIST", " , ")

    with pytest.raises(ImproperlyConfigured, match="CAREPANEL_TEST_LIST"):
        env_list("CAREPANEL_TEST_LIST")


@pytest.mark.django_db
def test_the_tests_run_on_the_database_that_database_url_names():
    # CI runs the suite twice, on SQLite and on PostgreSQL: this proves the second is real.
    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")
