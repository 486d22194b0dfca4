"""The SQLite options of carepanel/settings.py as they stand, kept before tests/conftest.py
takes IMMEDIATE off the tests' in-memory database: the test of concurrent writers puts
them back on its own database file."""

from __future__ import annotations

from typing import Any

from django.conf import settings

OPTIONS: dict[str, Any] = dict(settings.DATABASES["default"].get("OPTIONS", {}))
