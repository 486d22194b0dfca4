"""The forms of the meeting pages: each reads what one service needs, nothing more."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from carepanel.core.forms import DateField, TextField, govuk
from carepanel.core.templatetags.govuk_dates import govuk_time
from carepanel.meetings.models import AgendaItem
from carepanel.meetings.queries import TimeRow
from carepanel.policy.schema import Pack

REASON_MAX = 1000


def _reason(label: str, hint: str = "") -> forms.CharField:
    field = TextField(
        noun="The reason",
        label=label,
        help_text=hint,
        widget=forms.Textarea,
        max_length=REASON_MAX,
        error_messages={
            "required": "Enter the reason",
            "max_length": f"The reason must be {REASON_MAX} characters or fewer",
        },
    )
    return govuk(field, size="m")


def _version() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MeetingFilterForm(forms.Form):
    """The list's filter, read from the query string: a bad date is reported, not fatal."""

    panel = forms.ChoiceField(
        label="Panel",
        required=False,
        error_messages={"invalid_choice": "Choose a panel from the list"},
    )
    from_date = DateField(label="From", required=False, help_text="For example, 2 12 2026")

    def __init__(self, *args: Any, pack: Pack, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].choices = [  # type: ignore[attr-defined]
            ("", "All panels"),
            *((panel.id, panel.name) for panel in pack.panels),
        ]
        govuk(self.fields["from_date"], size="s")


class MeetingAddForm(forms.Form):
    panel = forms.ChoiceField(
        label="Which panel meets?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the panel"},
    )
    date = DateField(label="Date of the meeting", help_text="For example, 4 12 2026")
    business = forms.ChoiceField(
        label="What can be listed at this meeting?",
        help_text="Urgent business is late items accepted by the chair or a head of service, "
        "emergencies and ratifications. Referrals that met a deadline are listed only at "
        "meetings that take every referral.",
        choices=[
            ("ordinary", "Every referral, as at the panel's usual meetings"),
            ("urgent", "Urgent business only"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what can be listed at this meeting"},
    )
    reason = _reason("Why is this meeting added?")

    @property
    def urgent_only(self) -> bool:
        return bool(self.cleaned_data["business"] == "urgent")

    def __init__(self, *args: Any, pack: Pack, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].choices = [  # type: ignore[attr-defined]
            (panel.id, panel.name) for panel in pack.panels
        ]
        if len(pack.panels) == 1:
            self.fields["panel"].initial = pack.panels[0].id
        govuk(self.fields["panel"], size="m")
        govuk(self.fields["date"], size="m")
        govuk(self.fields["business"], size="m")


class MeetingMoveForm(forms.Form):
    date = DateField(
        label="New date of the meeting",
        help_text="Its times and deadlines follow the panel's rules for that day. "
        "For example, 3 12 2026",
    )
    reason = _reason("Why is the meeting moved?", "Presenters and members will see this.")
    version = _version()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        govuk(self.fields["date"], size="m")


class MeetingCancelForm(forms.Form):
    reason = _reason("Why is the meeting cancelled?", "Presenters and members will see this.")
    version = _version()


class ItemRemoveForm(forms.Form):
    reason = _reason(
        "Why is this item removed from the agenda?",
        "For example, the papers are missing or the presenter cannot attend.",
    )


class AcceptLateForm(forms.Form):
    meeting = forms.TypedChoiceField(
        label="Which meeting should hear it?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the meeting", "invalid_choice": "Choose the meeting"},
    )
    reason = _reason("Why is it accepted although it is late?")

    def __init__(self, *args: Any, meetings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = meetings  # type: ignore[attr-defined]
        if len(meetings) == 1:
            self.fields["meeting"].initial = meetings[0][0]
        govuk(self.fields["meeting"], size="m")


class PrioritiseForm(forms.Form):
    """One position box per listed item; the chair numbers them 1, 2, 3… in the order
    they are to be heard. Field names carry the item's id: `position-<id>`."""

    NOT_A_NUMBER = "Enter the position of referral {referral} as a whole number, like 1"

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        count = len(items)
        for place, item in enumerate(items, start=1):
            referral = item.referral_id
            field = forms.IntegerField(
                label=f"Position of referral {referral}",
                initial=place,
                error_messages={
                    "required": f"Enter the position of referral {referral}",
                    "invalid": self.NOT_A_NUMBER.format(referral=referral),
                    "min_value": f"The position of referral {referral} must be 1 or more",
                    "max_value": (
                        f"The position of referral {referral} must be {count} or less: "
                        f"there are {count} items"
                    ),
                },
                min_value=1,
                max_value=count,
            )
            self.fields[self.name_for(item)] = govuk(field, width=2, inputmode="numeric")

    @staticmethod
    def name_for(item: AgendaItem) -> str:
        return f"position-{item.pk}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[int, AgendaItem] = {}
        for item in self.items:
            place = cleaned.get(self.name_for(item))
            if place is None:
                continue
            if place in seen:
                self.add_error(
                    self.name_for(item),
                    f"Referral {item.referral_id} has the same position as referral "
                    f"{seen[place].referral_id}: give each item a different position",
                )
            else:
                seen[place] = item
        return cleaned

    def item_ids(self) -> list[int]:
        """The items in the order the chair numbered them."""
        return [
            item.pk
            for item in sorted(self.items, key=lambda item: self.cleaned_data[self.name_for(item)])
        ]


# ------------------------------------------------------------------ times to attend

_WORDS = {"midday": dt.time(12), "noon": dt.time(12), "midnight": dt.time(0)}
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")


def parse_time(text: str) -> dt.time | None:
    """A time as people write it: "1:30pm", "1.30pm", "1pm", "13:30", "13.30", "midday".
    None when it is not one. A bare number ("2") is not: it could be 2am or 2pm."""
    text = text.strip().lower()
    if text in _WORDS:
        return _WORDS[text]
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if minute > 59:
        return None
    if match[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[3].startswith("p") else 0)
    elif match[2] is None or hour > 23:
        return None
    return dt.time(hour, minute)


class TimeField(TextField):
    """A time typed in one box; blank is no time."""

    def __init__(self, *, number: int, **kwargs: Any) -> None:
        super().__init__(
            label=f"Time to attend for item {number}",
            help_text="For example, 1:30pm or 13:30",
            required=False,
            max_length=20,
            **kwargs,
        )
        self.number = number

    def clean(self, value: Any) -> dt.time | None:
        text = super().clean(value)
        if not text:
            return None
        time = parse_time(text)
        if time is None:
            raise forms.ValidationError(
                f"Enter the time to attend for item {self.number} as a time, like 1:30pm or 13:30"
            )
        return time


class AgendaTimesForm(forms.Form):
    """One time box per listed item, prefilled with the time it has now; blank clears a
    time the coordinator set. Field names carry the item's id: `time-<id>`."""

    version = _version()

    def __init__(self, *args: Any, rows: list[TimeRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            field = TimeField(number=row.number)
            field.initial = govuk_time(row.time) if row.time else ""
            self.fields[self.name_for(row.item)] = govuk(field, width=5)

    @staticmethod
    def name_for(item: AgendaItem) -> str:
        return f"time-{item.pk}"

    def service_fields(self) -> dict[str, str]:
        """The service's error keys (`times.<id>`) to this form's field names."""
        return {f"times.{row.item.pk}": self.name_for(row.item) for row in self.rows}

    def times(self) -> dict[int, dt.time | None]:
        """The items whose time the coordinator changed, each with its new time. One
        left as prefilled is left out: a slot time stays a slot, following the running
        order if the chair reorders it, rather than being pinned."""
        times: dict[int, dt.time | None] = {}
        for row in self.rows:
            time = self.cleaned_data[self.name_for(row.item)]
            now = timezone.localtime(row.time).time() if row.time else None
            if time != now:
                times[row.item.pk] = time
        return times
