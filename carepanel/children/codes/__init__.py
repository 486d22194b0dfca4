"""Department for Education code lists (Open Government Licence v3.0), read as data.

Contains public sector information licensed under the Open Government Licence v3.0.
The files are the DfE lists as published: ethnicity from the CIN census schema, legal
status and sex from the SSDA903 guide.
"""

from __future__ import annotations

import csv
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _choices(filename: str) -> list[tuple[str, str]]:
    with (_HERE / filename).open(encoding="utf-8", newline="") as file:
        return [(row["code"], row["label"]) for row in csv.DictReader(file)]


ETHNICITY_CHOICES = _choices("dfe_ethnicity.csv")
# SSDA903 legal statuses apply to looked-after children; a blank status means not looked after.
LEGAL_STATUS_CHOICES = _choices("ssda903_legal_status.csv")
SEX_CHOICES = _choices("ssda903_sex.csv")
