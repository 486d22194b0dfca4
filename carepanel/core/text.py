"""Text as people may type it: no control characters.

NUL and the rest of the C0 set (U+0000 to U+001F) are refused in every text field of
the pages (core/forms.py) and the API (api/schemas.py): PostgreSQL cannot store a NUL,
and the others are invisible on a page and in a PDF. Long text (a textarea, a
multi-line API field) keeps tab and new line, and the carriage return a browser sends
before each new line.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f]")
CONTROL_CHARACTERS_IN_LONG_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same, as JSON Schema patterns for the OpenAPI document.
WITHOUT_CONTROL_CHARACTERS = r"^[^\x00-\x1f]*$"
LONG_TEXT_WITHOUT_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"


def has_control_characters(value: str, *, long_text: bool = False) -> bool:
    pattern = CONTROL_CHARACTERS_IN_LONG_TEXT if long_text else CONTROL_CHARACTERS
    return pattern.search(value) is not None


def control_characters_message(noun: str) -> str:
    """GOV.UK's pattern for a character a field does not take: "First name must not
    include control characters"."""
    return f"{noun[:1].upper()}{noun[1:]} must not include control characters"
