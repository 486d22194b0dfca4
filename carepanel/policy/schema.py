"""The policy pack: its shape as typed, frozen data, and its validation on load.

A pack is one council's terms of reference as data (DESIGN.md §5). Parsing is
strict: an unknown key is refused as well as a missing or ill-typed one, because
a misspelt key in a pack would otherwise silently fall back to a default and
change who decides about a child.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import PackError, UnknownPanel
from .kinds import COST_BASES, FLAGS, KINDS, PAPER_TYPES, ROLES, WEEKDAYS
from .questions import APPENDIX_1_IDS, LONG, Question

SCHEMA_VERSION = 1

ROUTES = ("panel", "delegated", "other_panel", "outside_remit")

# A question id is the key its answers are stored under: lowercase snake_case.
QUESTION_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Authority:
    id: str
    name: str
    source: str
    source_dated: str


@dataclass(frozen=True)
class Cadence:
    frequency: str  # "weekly" | "monthly"
    weekday: int  # Monday is 0
    week_of_month: int | None  # 1..4, or -1 for the last; monthly only
    starts: dt.time
    ends: dt.time
    meets_on_bank_holidays: bool


@dataclass(frozen=True)
class DeadlineRule:
    rule: str  # "weekday_before" | "working_days_before"
    weekday: int | None
    days: int | None
    at: dt.time


@dataclass(frozen=True)
class SignOff:
    role: str
    action: str  # "agree" | "authorise"


@dataclass(frozen=True)
class Condition:
    """Facts about a referral that a rule applies to; an empty condition matches all."""

    kinds: frozenset[str] | None = None
    flags: Mapping[str, bool] | None = None
    min_age: int | None = None
    max_age: int | None = None
    recurring: bool | None = None


@dataclass(frozen=True)
class PaperRule:
    type: str
    when: Condition
    max_age_months: int | None
    description: str


@dataclass(frozen=True)
class Panel:
    id: str
    name: str
    main: bool
    venue: str
    cadence: Cadence
    capacity: int | None
    slot_minutes: int | None
    submission_deadline: DeadlineRule
    papers_deadline: DeadlineRule | None
    late_accepted_by: tuple[str, ...]
    sign_offs: tuple[SignOff, ...]
    papers: tuple[PaperRule, ...]
    chair: tuple[str, ...]
    deputy_chairs: tuple[str, ...]
    finalised_by: str | None
    members: tuple[str, ...]

    @property
    def effective_capacity(self) -> int | None:
        """Items a sitting can hear: the stated capacity, else as many slots as fit."""
        if self.capacity is not None:
            return self.capacity
        if self.slot_minutes is None:
            return None
        start = dt.datetime.combine(dt.date.min, self.cadence.starts)
        end = dt.datetime.combine(dt.date.min, self.cadence.ends)
        return int((end - start).total_seconds() // 60) // self.slot_minutes


@dataclass(frozen=True)
class Threshold:
    amount_gbp: Decimal
    disabled_amount_gbp: Decimal | None
    measure: str  # "total" | "first_year"
    recurring_always_to_panel: bool
    delegated_approver: str
    quote: str


@dataclass(frozen=True)
class Elsewhere:
    """A referral this panel does not hear: where it goes instead, and why."""

    when: Condition
    route: str  # "other_panel" | "outside_remit"
    other_panel: str | None
    reason: str


@dataclass(frozen=True)
class Note:
    when: Condition
    note: str


@dataclass(frozen=True)
class Routing:
    panel: str
    kinds: frozenset[str]
    always: frozenset[str]
    threshold: Threshold | None
    elsewhere: tuple[Elsewhere, ...]
    notes: tuple[Note, ...]
    emergency_note: str | None


@dataclass(frozen=True)
class EmergencyRule:
    """Who may approve between panels; the first rule that matches a referral applies."""

    when: Condition
    below_gbp: Decimal | None  # applies only when the total cost is below this
    approvers: tuple[str, ...]
    approval: str  # "any": one of them; "all": each of them
    always_retrospective: bool  # the kind is always authorised first and ratified later
    # Until when the approval stands, and where it is ratified: every council so far says
    # "the next meeting"; the key is explicit so that a pack says so rather than assumes it.
    valid_until: str  # "next_meeting"
    ratified_with_papers: bool  # the full papers are due for the ratification (Portsmouth)
    quote: str


@dataclass(frozen=True)
class ReviewRule:
    when: Condition
    window_weeks: tuple[int, int] | None  # heard again between these weeks after the decision
    first_within_months: int | None  # first review within this long of the start
    every_months: int | None  # then at least this often
    max_approval_months: int | None  # an approval returns to panel within this long
    before_end_weeks: int | None  # the new referral is heard this long before the end
    before_statutory_review_weeks: int | None  # heard this long before a CLA/CP review
    staying_put_at_end_of_year_11: bool
    quote: str


@dataclass(frozen=True)
class Reviews:
    default_months: int
    notice_days: int | None
    rules: tuple[ReviewRule, ...]


@dataclass(frozen=True)
class Pack:
    file: str
    authority: Authority
    panels: tuple[Panel, ...]
    routing: Routing
    emergency: tuple[EmergencyRule, ...]
    reviews: Reviews
    questions: tuple[Question, ...]  # the pack's own, asked after Appendix 1's

    @property
    def main_panel(self) -> Panel:
        return next(p for p in self.panels if p.main)

    def panel(self, panel_id: str | None = None) -> Panel:
        """The named panel, or the main one; raises UnknownPanel for a name not in the pack."""
        if panel_id is None:
            return self.main_panel
        for candidate in self.panels:
            if candidate.id == panel_id:
                return candidate
        raise UnknownPanel(panel_id, self.authority.id, [p.id for p in self.panels])


# ------------------------------------------------------------------------- reading


class _Table:
    """One TOML table being read: typed getters that report the file and key path."""

    def __init__(self, file: str, path: str, data: Any) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            raise PackError(file, path or "(top level)", "must be a table")
        self.data: dict[str, Any] = data
        self.read: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, problem: str) -> PackError:
        return PackError(self.file, self.key(name), problem)

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, required: bool) -> Any:
        self.read.add(name)
        if name not in self.data:
            if required:
                raise self.fail(name, "is required")
            return None
        return self.data[name]

    def text(self, name: str, required: bool = True) -> str | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"must be a non-empty string, not {value!r}")
        return value

    def req_str(self, name: str) -> str:
        value = self.text(name, required=True)
        assert value is not None  # noqa: S101 -- required=True never returns None
        return value

    def choice(self, name: str, choices: Iterable[str], required: bool = True) -> str | None:
        options = tuple(choices)
        value = self.text(name, required)
        if value is not None and value not in options:
            raise self.fail(name, f"{value!r} is not one of {', '.join(options)}")
        return value

    def integer(self, name: str, required: bool = True, minimum: int = 0) -> int | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(name, f"must be a whole number, not {value!r}")
        if value < minimum:
            raise self.fail(name, f"must be at least {minimum}, not {value}")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(name, f"must be true or false, not {value!r}")
        return value

    def money(self, name: str, required: bool = True) -> Decimal | None:
        value = self.raw(name, required)
        if value is None:
            return None
        # Money is written as a string so that TOML never turns it into a float.
        if not isinstance(value, str):
            raise self.fail(
                name, f'must be an amount in pounds as a string, e.g. "500.00", not {value!r}'
            )
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise self.fail(name, f"{value!r} is not an amount in pounds") from None
        if not amount.is_finite() or amount < 0:
            raise self.fail(name, f"{value!r} must be zero or more")
        return amount

    def clock(self, name: str, required: bool = True) -> dt.time | None:
        value = self.text(name, required)
        if value is None:
            return None
        try:
            parsed = dt.time.fromisoformat(value)
        except ValueError:
            raise self.fail(name, f'{value!r} is not a time of day such as "13:30"') from None
        if len(value) != 5:
            raise self.fail(name, f'{value!r} must be written as HH:MM, e.g. "13:30"')
        return parsed

    def weekday(self, name: str, required: bool = True) -> int | None:
        value = self.choice(name, WEEKDAYS, required)
        return None if value is None else WEEKDAYS.index(value)

    def strings(self, name: str, choices: Iterable[str] | None = None) -> tuple[str, ...]:
        value = self.raw(name, required=False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(name, "must be a list of strings")
        if choices is not None:
            options = tuple(choices)
            for item in value:
                if item not in options:
                    raise self.fail(name, f"{item!r} is not one of {', '.join(options)}")
        if len(set(value)) != len(value):
            raise self.fail(name, "lists the same value twice")
        return tuple(value)

    def table(self, name: str, required: bool = True) -> _Table | None:
        value = self.raw(name, required)
        if value is None:
            return None
        return _Table(self.file, self.key(name), value)

    def tables(self, name: str) -> list[_Table]:
        value = self.raw(name, required=False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(name, "must be an array of tables ([[...]])")
        return [_Table(self.file, f"{self.key(name)}[{i}]", item) for i, item in enumerate(value)]

    def done(self) -> None:
        """Refuse keys the schema does not know: a typo must not pass as a default."""
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise self.fail(unknown[0], "is not a key this schema knows")


def _condition(table: _Table) -> Condition:
    kinds = table.strings("kinds", KINDS)
    flags_table = table.table("flags", required=False)
    flags: dict[str, bool] | None = None
    if flags_table is not None:
        flags = {}
        for flag in flags_table.data:
            if flag not in FLAGS:
                raise flags_table.fail(flag, f"is not a referral flag ({', '.join(FLAGS)})")
            flags[flag] = flags_table.boolean(flag, default=False)
        flags_table.done()
    recurring_raw = table.raw("recurring", required=False)
    if recurring_raw is not None and not isinstance(recurring_raw, bool):
        raise table.fail("recurring", f"must be true or false, not {recurring_raw!r}")
    min_age = table.integer("min_age", required=False)
    max_age = table.integer("max_age", required=False)
    if min_age is not None and max_age is not None and min_age > max_age:
        raise table.fail("min_age", "must not be more than max_age")
    return Condition(
        kinds=frozenset(kinds) if kinds else None,
        flags=flags or None,
        min_age=min_age,
        max_age=max_age,
        recurring=recurring_raw,
    )


def _deadline(table: _Table) -> DeadlineRule:
    rule = table.choice("rule", ("weekday_before", "working_days_before"))
    at = table.clock("time")
    assert at is not None  # noqa: S101 -- required
    weekday = days = None
    if rule == "weekday_before":
        weekday = table.weekday("weekday")
        if weekday is not None and weekday >= 5:
            raise table.fail("weekday", "a deadline must fall on a weekday")
    else:
        days = table.integer("days", minimum=1)
    table.done()
    return DeadlineRule(rule=str(rule), weekday=weekday, days=days, at=at)


def _panel(table: _Table) -> Panel:
    meetings = table.table("meetings")
    assert meetings is not None  # noqa: S101 -- required
    frequency = meetings.choice("frequency", ("weekly", "monthly"))
    weekday = meetings.weekday("weekday")
    assert weekday is not None  # noqa: S101 -- required
    if weekday >= 5:
        raise meetings.fail("weekday", "a panel meets on a weekday")
    week_of_month = None
    if frequency == "monthly":
        week_of_month = meetings.integer("week_of_month", minimum=-1)
        if week_of_month not in (1, 2, 3, 4, -1):
            raise meetings.fail("week_of_month", "must be 1, 2, 3, 4 or -1 (the last)")
    starts = meetings.clock("starts")
    ends = meetings.clock("ends")
    assert starts is not None and ends is not None  # noqa: S101 -- required
    if ends <= starts:
        raise meetings.fail("ends", "must be after starts")
    cadence = Cadence(
        frequency=str(frequency),
        weekday=weekday,
        week_of_month=week_of_month,
        starts=starts,
        ends=ends,
        meets_on_bank_holidays=meetings.boolean("meets_on_bank_holidays", default=False),
    )
    capacity = meetings.integer("capacity", required=False, minimum=1)
    slot_minutes = meetings.integer("slot_minutes", required=False, minimum=5)
    meetings.done()

    submission = table.table("submission_deadline")
    assert submission is not None  # noqa: S101 -- required
    papers = table.table("papers_deadline", required=False)

    late = table.table("late")
    assert late is not None  # noqa: S101 -- required
    late_accepted_by = late.strings("accepted_by", ROLES)
    if not late_accepted_by:
        raise late.fail("accepted_by", "must name at least one role")
    late.done()

    sign_offs = []
    for item in table.tables("sign_offs"):
        sign_offs.append(
            SignOff(
                role=str(item.choice("role", ROLES)),
                action=str(item.choice("action", ("agree", "authorise"))),
            )
        )
        item.done()

    paper_rules = []
    for item in table.tables("papers"):
        paper_type = str(item.choice("type", PAPER_TYPES))
        paper_rules.append(
            PaperRule(
                type=paper_type,
                when=_condition(item),
                max_age_months=item.integer("max_age_months", required=False, minimum=1),
                description=item.req_str("description"),
            )
        )
        item.done()

    chair = table.strings("chair", ROLES)
    if not chair:
        raise table.fail("chair", "must name at least one role")
    panel = Panel(
        id=table.req_str("id"),
        name=table.req_str("name"),
        main=table.boolean("main", default=False),
        venue=table.req_str("venue"),
        cadence=cadence,
        capacity=capacity,
        slot_minutes=slot_minutes,
        submission_deadline=_deadline(submission),
        papers_deadline=_deadline(papers) if papers is not None else None,
        late_accepted_by=late_accepted_by,
        sign_offs=tuple(sign_offs),
        papers=tuple(paper_rules),
        chair=chair,
        deputy_chairs=table.strings("deputy_chairs", ROLES),
        finalised_by=table.choice("finalised_by", ROLES, required=False),
        members=table.strings("members"),
    )
    table.done()
    return panel


def _routing(table: _Table, panel_ids: set[str]) -> Routing:
    panel = table.req_str("panel")
    if panel not in panel_ids:
        raise table.fail("panel", f"{panel!r} is not a panel of this pack")
    kinds = frozenset(table.strings("kinds", KINDS))
    always = frozenset(table.strings("always", KINDS))
    if not always <= kinds:
        stray = sorted(always - kinds)[0]
        raise table.fail("always", f"{stray!r} is not in routing.kinds")

    threshold = None
    threshold_table = table.table("threshold", required=False)
    if threshold_table is not None:
        amount = threshold_table.money("amount_gbp")
        assert amount is not None  # noqa: S101 -- required
        threshold = Threshold(
            amount_gbp=amount,
            disabled_amount_gbp=threshold_table.money("disabled_amount_gbp", required=False),
            measure=str(threshold_table.choice("measure", ("total", "first_year"))),
            recurring_always_to_panel=threshold_table.boolean("recurring_always_to_panel", False),
            delegated_approver=str(threshold_table.choice("delegated_approver", ROLES)),
            quote=threshold_table.req_str("quote"),
        )
        threshold_table.done()

    elsewhere = []
    for item in table.tables("elsewhere"):
        route = str(item.choice("route", ("other_panel", "outside_remit")))
        other_panel = item.text("other_panel", required=route == "other_panel")
        if route == "outside_remit" and other_panel is not None:
            raise item.fail("other_panel", 'is only for route = "other_panel"')
        elsewhere.append(
            Elsewhere(
                when=_condition(item),
                route=route,
                other_panel=other_panel,
                reason=item.req_str("reason"),
            )
        )
        item.done()

    # Every kind must be placed somewhere on purpose: in the remit, or sent elsewhere
    # whatever the child's circumstances. A kind left out would otherwise be routed by
    # accident of the engine's defaults, not by the council's rules.
    unconditional: set[str] = set()
    for rule in elsewhere:
        when = rule.when
        if (
            when.flags is None
            and when.min_age is None
            and when.max_age is None
            and (when.recurring is None)
        ):
            unconditional |= when.kinds or set(KINDS)
    for kind in KINDS:
        if kind not in kinds and kind not in unconditional:
            raise table.fail("kinds", f"{kind!r} is neither in the remit nor sent elsewhere")
        if kind in kinds and kind in unconditional:
            raise table.fail("kinds", f"{kind!r} is both in the remit and always sent elsewhere")

    notes = []
    for item in table.tables("notes"):
        notes.append(Note(when=_condition(item), note=item.req_str("note")))
        item.done()

    routing = Routing(
        panel=panel,
        kinds=kinds,
        always=always,
        threshold=threshold,
        elsewhere=tuple(elsewhere),
        notes=tuple(notes),
        emergency_note=table.text("emergency_note", required=False),
    )
    table.done()
    return routing


def _emergency(tables: list[_Table]) -> tuple[EmergencyRule, ...]:
    rules = []
    for item in tables:
        approvers = item.strings("approvers", ROLES)
        if not approvers:
            raise item.fail("approvers", "must name at least one role")
        rules.append(
            EmergencyRule(
                when=_condition(item),
                below_gbp=item.money("below_gbp", required=False),
                approvers=approvers,
                approval=str(item.choice("approval", ("any", "all"))),
                always_retrospective=item.boolean("always_retrospective", default=False),
                valid_until=str(item.choice("valid_until", ("next_meeting",))),
                ratified_with_papers=item.boolean("ratified_with_papers", default=False),
                quote=item.req_str("quote"),
            )
        )
        item.done()
    return tuple(rules)


def _reviews(table: _Table) -> Reviews:
    rules = []
    for item in table.tables("rules"):
        window = item.raw("window_weeks", required=False)
        window_weeks = None
        if window is not None:
            if (
                not isinstance(window, list)
                or len(window) != 2
                or not all(isinstance(w, int) and not isinstance(w, bool) for w in window)
                or not 0 < window[0] <= window[1]
            ):
                raise item.fail(
                    "window_weeks", "must be two whole numbers of weeks, [earliest, latest]"
                )
            window_weeks = (window[0], window[1])
        rule = ReviewRule(
            when=_condition(item),
            window_weeks=window_weeks,
            first_within_months=item.integer("first_within_months", required=False, minimum=1),
            every_months=item.integer("every_months", required=False, minimum=1),
            max_approval_months=item.integer("max_approval_months", required=False, minimum=1),
            before_end_weeks=item.integer("before_end_weeks", required=False, minimum=1),
            before_statutory_review_weeks=item.integer(
                "before_statutory_review_weeks", required=False, minimum=1
            ),
            staying_put_at_end_of_year_11=item.boolean("staying_put_at_end_of_year_11", False),
            quote=item.req_str("quote"),
        )
        item.done()
        rules.append(rule)
    default_months = table.integer("default_months", minimum=1)
    assert default_months is not None  # noqa: S101 -- required
    reviews = Reviews(
        default_months=default_months,
        notice_days=table.integer("notice_days", required=False, minimum=1),
        rules=tuple(rules),
    )
    table.done()
    return reviews


def _questions(tables: list[_Table]) -> tuple[Question, ...]:
    questions: list[Question] = []
    keys: dict[str, str] = {}  # id -> the table that declared it
    for item in tables:
        question_id = item.req_str("id")
        if not QUESTION_ID.fullmatch(question_id):
            raise item.fail(
                "id", f"must be lowercase snake_case, e.g. 'exit_strategy', not {question_id!r}"
            )
        if question_id in APPENDIX_1_IDS:
            raise item.fail("id", f"{question_id!r} is already a question of the Appendix 1 form")
        if question_id in keys:
            raise item.fail("id", f"{question_id!r} is already the id of {keys[question_id]}")
        keys[question_id] = item.path
        max_chars = item.integer("max_chars", required=False, minimum=1)
        questions.append(
            Question(
                id=question_id,
                label=item.req_str("label"),
                hint=item.text("hint", required=False) or "",
                required=item.boolean("required", default=False),
                max_chars=LONG if max_chars is None else max_chars,
                quote=item.req_str("quote"),
            )
        )
        item.done()
    return tuple(questions)


def parse_pack(file: str, data: dict[str, Any]) -> Pack:
    """Validate one pack's parsed TOML; raise PackError naming the file, key and problem."""
    top = _Table(file, "", data)
    version = top.integer("schema")
    if version != SCHEMA_VERSION:
        raise top.fail("schema", f"this engine reads schema {SCHEMA_VERSION}, not {version}")

    authority_table = top.table("authority")
    assert authority_table is not None  # noqa: S101 -- required
    authority = Authority(
        id=authority_table.req_str("id"),
        name=authority_table.req_str("name"),
        source=authority_table.req_str("source"),
        source_dated=authority_table.req_str("source_dated"),
    )
    authority_table.done()
    questions = _questions(top.tables("questions"))

    panel_tables = top.tables("panels")
    if not panel_tables:
        raise top.fail("panels", "a pack needs at least one panel")
    panels = tuple(_panel(t) for t in panel_tables)
    ids = [p.id for p in panels]
    if len(set(ids)) != len(ids):
        raise top.fail("panels", "two panels share an id")
    if sum(p.main for p in panels) != 1:
        raise top.fail("panels", "exactly one panel must have main = true")

    routing_table = top.table("routing")
    assert routing_table is not None  # noqa: S101 -- required
    routing = _routing(routing_table, set(ids))
    emergency = _emergency(top.tables("emergency"))
    reviews_table = top.table("reviews")
    assert reviews_table is not None  # noqa: S101 -- required
    reviews = _reviews(reviews_table)
    top.done()
    return Pack(
        file=file,
        authority=authority,
        panels=panels,
        routing=routing,
        emergency=emergency,
        reviews=reviews,
        questions=questions,
    )


__all__ = [
    "COST_BASES",
    "ROUTES",
    "Authority",
    "Cadence",
    "Condition",
    "DeadlineRule",
    "Elsewhere",
    "EmergencyRule",
    "Note",
    "Pack",
    "Panel",
    "PaperRule",
    "ReviewRule",
    "Reviews",
    "Routing",
    "SignOff",
    "Threshold",
    "parse_pack",
]
