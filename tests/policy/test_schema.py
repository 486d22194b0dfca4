"""A pack is validated on load; an invalid one is refused with the file, the key and the reason."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from carepanel.policy import PackError, load_pack_file, load_packs, meetings, policies_dir
from carepanel.policy.schema import parse_pack

BEXLEY = tomllib.loads((policies_dir() / "bexley.toml").read_text(encoding="utf-8"))


def bexley(**changes: Any) -> dict[str, Any]:
    return copy.deepcopy(BEXLEY) | changes


def refused(data: dict[str, Any]) -> PackError:
    with pytest.raises(PackError) as caught:
        parse_pack("policies/bexley.toml", data)
    return caught.value


def test_all_five_packs_load() -> None:
    # In order of the authorities' names: Bournemouth…, Central…, London Borough of Bexley, …
    assert list(load_packs()) == [
        "bcp",
        "central-bedfordshire",
        "bexley",
        "north-somerset",
        "portsmouth",
    ]


def test_a_missing_key_is_named() -> None:
    data = bexley()
    del data["panels"][0]["meetings"]["weekday"]
    error = refused(data)
    assert str(error) == "policies/bexley.toml: panels[0].meetings.weekday: is required"


def test_a_misspelt_key_is_refused_rather_than_ignored() -> None:
    data = bexley()
    data["panels"][0]["meetings"]["capacitty"] = 20
    assert str(refused(data)) == (
        "policies/bexley.toml: panels[0].meetings.capacitty: is not a key this schema knows"
    )


def test_an_unknown_weekday_is_named_with_the_choices() -> None:
    data = bexley()
    data["panels"][0]["meetings"]["weekday"] = "thursdya"
    error = refused(data)
    assert error.key == "panels[0].meetings.weekday"
    assert "'thursdya' is not one of monday, tuesday" in error.problem


def test_an_unknown_kind_is_refused() -> None:
    data = bexley()
    data["routing"]["kinds"] = [*data["routing"]["kinds"], "holiday_club"]
    error = refused(data)
    assert (error.key, error.problem.split(" is not")[0]) == ("routing.kinds", "'holiday_club'")


def test_a_kind_left_out_of_the_remit_and_not_sent_elsewhere_is_refused() -> None:
    data = bexley()
    data["routing"]["kinds"].remove("one_off_payment")
    assert str(refused(data)) == (
        "policies/bexley.toml: routing.kinds: "
        "'one_off_payment' is neither in the remit nor sent elsewhere"
    )


def test_money_written_as_a_float_is_refused() -> None:
    data = bexley()
    data["routing"]["threshold"]["amount_gbp"] = 500.0
    error = refused(data)
    assert error.key == "routing.threshold.amount_gbp"
    assert "as a string" in error.problem


def test_a_meeting_that_ends_before_it_starts_is_refused() -> None:
    data = bexley()
    data["panels"][0]["meetings"]["ends"] = "09:00"
    assert refused(data).key == "panels[0].meetings.ends"


def test_a_saturday_deadline_is_refused() -> None:
    data = bexley()
    data["panels"][0]["submission_deadline"] = {
        "rule": "weekday_before",
        "weekday": "saturday",
        "time": "12:00",
    }
    assert refused(data).problem == "a deadline must fall on a weekday"


def test_an_unknown_role_is_refused() -> None:
    data = bexley()
    data["panels"][0]["sign_offs"][0]["role"] = "lead_member"
    assert refused(data).key == "panels[0].sign_offs[0].role"


def test_a_pack_needs_exactly_one_main_panel() -> None:
    data = bexley()
    data["panels"][0]["main"] = False
    assert refused(data).problem == "exactly one panel must have main = true"


def test_a_newer_schema_is_refused() -> None:
    assert refused(bexley(schema=2)).problem == "this engine reads schema 1, not 2"


def test_invalid_toml_names_the_file_and_line(tmp_path: Path) -> None:
    broken = tmp_path / "bexley.toml"
    broken.write_text('schema = 1\n[authority\nid = "bexley"\n', encoding="utf-8")
    with pytest.raises(PackError, match=r"bexley.toml: is not valid TOML: .*line 2"):
        load_pack_file(broken)


def test_a_pack_whose_id_is_not_its_file_name_is_refused(tmp_path: Path) -> None:
    text = (policies_dir() / "bexley.toml").read_text(encoding="utf-8")
    (tmp_path / "greenwich.toml").write_text(text, encoding="utf-8")
    with pytest.raises(
        PackError, match=r"authority\.id: 'bexley' must match the file name 'greenwich'"
    ):
        load_packs(tmp_path)


def test_a_monthly_panel_can_meet_on_the_last_weekday_of_the_month() -> None:
    data = bexley()
    data["panels"][0]["meetings"] |= {"frequency": "monthly", "week_of_month": -1}
    pack = parse_pack("policies/bexley.toml", data)
    found = meetings(pack, dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert [m.day for m in found] == [
        dt.date(2027, 1, 28),
        dt.date(2027, 2, 25),
        dt.date(2027, 3, 25),
    ]


def test_a_kind_sent_elsewhere_only_sometimes_must_still_be_in_the_remit() -> None:
    data = bexley()
    data["routing"]["kinds"].remove("short_breaks")
    data["routing"]["elsewhere"].append(
        {
            "kinds": ["short_breaks"],
            "recurring": True,
            "route": "outside_remit",
            "reason": "Ongoing short breaks are for another panel.",
        }
    )
    assert refused(data).problem == "'short_breaks' is neither in the remit nor sent elsewhere"
