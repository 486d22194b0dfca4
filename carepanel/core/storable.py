"""The last guard before the database: no row is saved with a NUL in its text.

The pages' forms and the API's schemas refuse control characters with a message naming
the field (core/text.py); this catches a service called some other way (a management
command, a script), since PostgreSQL cannot store a NUL and SQLite would keep it. The
refusal is the services' own `Invalid`, so the transaction rolls back as for any other.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from carepanel.core.errors import Invalid
from carepanel.core.text import control_characters_message


def _holds_a_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict | list):
        return "\\u0000" in json.dumps(value)
    return False


def refuse_nul_characters(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    errors = {
        field.name: control_characters_message(str(field.verbose_name))
        for field in instance._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and _holds_a_nul(getattr(instance, field.attname))
    }
    if errors:
        raise Invalid(errors)
