"""`carepanel demo_data`: the invented demo data that `make demo` loads."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pypdf
import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Q
from django.test import override_settings
from django.utils import timezone

from carepanel.accounts.models import RoleGrant, User
from carepanel.audit.models import AuditEvent
from carepanel.children.models import Child
from carepanel.decisions.models import Decision, EmergencyDecision
from carepanel.demo.data import CODES, DEMO_PASSWORD, demo_load, demo_usernames
from carepanel.meetings.models import AgendaItem, Meeting
from carepanel.policy import LONDON, get_pack, next_meetings
from carepanel.referrals.models import Paper, Referral, SignOff

# The officers named in the councils' procedures (the note at its top says where from).
SEED_OFFICERS = Path(__file__).resolve().parent / "data" / "seed_officers.txt"
# A Monday: North Somerset's, Central Bedfordshire's and BCP's next meetings are past
# their deadlines; Bexley's and Portsmouth's are not.
MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
# The week before Portsmouth's December panel, whose deadline has passed.
PORTSMOUTH_PANEL_WEEK = dt.datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
# Days the demo must be coherent on: a Friday after the submission deadlines, one in the
# Christmas and New Year bank holidays, the Saturday before British Summer Time ends, and
# the afternoon of a North Somerset panel (its sitting began at 13:30).
LOAD_DAYS = [
    dt.datetime(2026, 12, 11, 15, 0, tzinfo=LONDON),
    dt.datetime(2026, 12, 28, 10, 0, tzinfo=LONDON),
    dt.datetime(2027, 10, 30, 12, 0, tzinfo=LONDON),
    dt.datetime(2026, 12, 2, 13, 40, tzinfo=LONDON),
]

# DESIGN.md §1: the roles every council has someone in.
ROLES = {
    "social_worker",
    "team_manager",
    "service_leader",
    "service_manager",
    "head_of_service",
    "assistant_director",
    "director",
    "panel_coordinator",
    "panel_member",
    "chair",
    "finance_officer",
    "commissioning",
    "iro",
    "auditor",
    "system_administrator",
}
EVERY_STATUS = {"draft", "submitted", "listed", "decided", "signed", "recorded", "withdrawn"}
DELEGATING = {"bexley", "north-somerset", "portsmouth"}
EMERGENCIES = {"north-somerset", "central-bedfordshire", "bcp"}


def load() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("demo_data", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, RoleGrant, Child, Referral, Paper, AgendaItem, Decision, Meeting)
    }


def overfull_meeting(now: dt.datetime) -> Meeting:
    """Portsmouth's next meeting with more listed on it than its capacity (a deferred
    item may sit on an earlier one: decisions are recorded only at a meeting that has
    sat, so the demo's deferral is carried to the next sitting)."""
    meeting = (
        Meeting.objects.filter(authority_id="portsmouth", starts_at__gt=now)
        .annotate(listed=Count("items", filter=Q(items__status=AgendaItem.Status.LISTED)))
        .filter(listed__gt=F("capacity"))
        .order_by("starts_at")
        .first()
    )
    assert meeting is not None
    return meeting


def assert_coherent(now: dt.datetime) -> None:
    """History before the load time, what is to come after it, one record per child."""
    decisions = Decision.objects.filter(agenda_item__isnull=False)
    assert decisions.exists()
    assert not decisions.filter(agenda_item__meeting__starts_at__gt=now).exists()
    assert not decisions.filter(recorded_at__lt=F("agenda_item__meeting__starts_at")).exists()
    assert not decisions.filter(signed_at__lt=F("agenda_item__meeting__starts_at")).exists()
    listed = AgendaItem.objects.filter(status=AgendaItem.Status.LISTED)
    assert listed.exists()
    assert not listed.filter(meeting__starts_at__lte=now).exists()
    twice = (
        Child.objects.values("authority_id", "first_name", "last_name", "date_of_birth")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(twice) == []
    same_name = (
        Child.objects.values("authority_id", "first_name", "last_name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(same_name) == []


def assert_every_state(authority_id: str) -> None:
    referrals = Referral.objects.filter(authority_id=authority_id)
    statuses = set(referrals.values_list("status", flat=True))
    assert statuses >= EVERY_STATUS, (authority_id, EVERY_STATUS - statuses)
    assert referrals.filter(status="draft").exclude(returned_reason="").exists()
    assert referrals.filter(route="outside_remit").exists()
    if authority_id != "bexley":  # Bexley's pack sends nothing to another panel
        assert referrals.filter(route="other_panel").exists()
    if authority_id in DELEGATING:
        delegated = referrals.get(route="delegated")
        assert delegated.status == "signed"
        assert delegated.decisions.get().kind == Decision.Kind.DELEGATED
    items = AgendaItem.objects.filter(authority_id=authority_id)
    assert items.filter(status="removed", carried_to__status="listed").exists()
    assert items.filter(late=True, late_accepted_by__role_grants__role="chair").exists()
    decisions = Decision.objects.filter(authority_id=authority_id)
    deferred = decisions.filter(outcome="deferred", agenda_item__carried_to__status="listed")
    assert deferred.exists()
    assert {d.referral.status for d in deferred} == {"listed"}
    assert decisions.filter(status="recorded", outcome__startswith="approved").exists()
    assert decisions.filter(supersedes__isnull=False, status="signed").exists()
    if authority_id in EMERGENCIES:
        emergency = EmergencyDecision.objects.get(authority_id=authority_id, status="approved")
        assert emergency.referral.agenda_items.get(status="listed").purpose == "ratification"


def seed_officers() -> list[tuple[str, str]]:
    """The real officers the councils' procedures name (first name, last name)."""
    lines = SEED_OFFICERS.read_text(encoding="utf-8").splitlines()
    names = [tuple(line.split(maxsplit=1)) for line in lines if line and not line.startswith("#")]
    assert names and all(len(name) == 2 for name in names)
    return [(first, last) for first, last in names]


def assert_no_officer_names() -> None:
    """The seed documents name real officers: no demo person (or child) shares a name."""
    officers = seed_officers()
    full_names = {f"{first} {last}".casefold() for first, last in officers}
    last_names = {last.casefold() for _first, last in officers}
    demo = User.objects.filter(username__in=demo_usernames())
    assert demo.exists()
    taken = {
        user.username
        for user in demo
        if user.get_full_name().casefold() in full_names or user.last_name.casefold() in last_names
    }
    assert taken == set()
    surnames = {n.casefold() for n in Child.objects.values_list("last_name", flat=True)}
    assert surnames
    assert surnames & last_names == set()


@pytest.mark.django_db
def test_it_loads_every_state_for_every_council_once() -> None:
    with time_machine.travel(MONDAY, tick=True):
        out, err = load()
        now = timezone.now()
        assert err == ""  # no state was left out
        assert_coherent(now)

        for authority_id in CODES:
            assert_every_state(authority_id)
            held = set(
                RoleGrant.objects.filter(authority_id=authority_id).values_list("role", flat=True)
            )
            assert held >= ROLES, (authority_id, ROLES - held)
            assert Child.objects.filter(authority_id=authority_id).count() >= 12
            workers = RoleGrant.objects.filter(authority_id=authority_id, role="social_worker")
            assert workers.values("team").distinct().count() == 2

        chair = User.objects.get(username="ns-chair")
        assert {g.role for g in chair.role_grants.all()} == {"chair", "assistant_director"}
        assert User.objects.get(username="bcp-chair").role_grants.filter(role="director")

        # North Somerset: one awaiting the team manager, one awaiting the head of service.
        submitted = Referral.objects.filter(authority_id="north-somerset", status="submitted")
        given = sorted(
            submitted.annotate(n=Count("sign_offs")).values_list("n", flat=True),
        )
        assert given == [0, 1]
        assert SignOff.objects.filter(
            referral__in=submitted, role="team_manager", outcome="agreed"
        ).exists()
        # … and one signed awaiting the assistant director, and one finalised by them.
        ns_signed = Decision.objects.filter(
            authority_id="north-somerset", status="signed", kind="panel"
        )
        assert ns_signed.filter(finalised_at__isnull=True).exists()
        assert ns_signed.filter(finalised_by__username="ns-chair").exclude(
            signed_by__username="ns-chair"
        )
        ns_emergency = EmergencyDecision.objects.get(
            authority_id="north-somerset", status="approved"
        )
        assert set(ns_emergency.approvers.values_list("role", flat=True)) == {
            "head_of_service",
            "assistant_director",
        }
        assert EmergencyDecision.objects.filter(
            authority_id="north-somerset", status="awaiting_approvers"
        ).exists()

        # Two siblings on one referral.
        assert (
            Referral.objects.annotate(
                n=Count("children"), surnames=Count("children__last_name", distinct=True)
            )
            .filter(n=2, surnames=1)
            .exists()
        )

        # Portsmouth: 25 listed the normal way, then carried-over late referrals on top.
        meeting = overfull_meeting(now)
        listed = meeting.items.filter(status="listed")
        assert meeting.capacity == 25
        assert listed.count() > 25
        assert listed.filter(carried_over_from__late=True).exists()
        assert listed.filter(carried_over_from__isnull=True, late=False).count() == 25
        six_months_before = meeting.starts_at.date() - dt.timedelta(days=183)
        assert Paper.objects.filter(
            referral__agenda_items__in=listed, type="assessment", dated__lt=six_months_before
        ).exists()

        # The papers are real PDFs.
        paper = Paper.objects.first()
        assert paper is not None
        with paper.file.open("rb") as handle:
            assert "invented demo paper" in pypdf.PdfReader(handle).pages[0].extract_text()

        # The sign-ins, the password and the hints.
        for username in demo_usernames():
            assert f"  {username} " in out
        assert DEMO_PASSWORD in out
        assert "Open http://127.0.0.1:8000" in out
        assert "API tokens: .venv/bin/carepanel token create ns-social-worker" in out

        # One demo password, which Django's validators accept.
        validate_password(DEMO_PASSWORD)
        assert User.objects.get(username="pm-chair").check_password(DEMO_PASSWORD)
        assert_no_officer_names()

        # A second run changes nothing, and prints the sign-ins again.
        before, events = counts(), AuditEvent.objects.count()
        again, _ = load()
        assert counts() == before
        assert AuditEvent.objects.count() == events
        assert "already loaded" in again
        assert "ns-coordinator" in again


@pytest.mark.django_db
def test_portsmouth_is_over_full_when_its_next_deadline_has_passed() -> None:
    with time_machine.travel(PORTSMOUTH_PANEL_WEEK, tick=True):
        result = demo_load(["portsmouth"])
        assert result.notes == []
        assert_every_state("portsmouth")
        now = timezone.now()
        assert_coherent(now)
        meeting = overfull_meeting(now)
        # The next panel to sit was filled before its deadline, and the late referrals
        # deferred or not heard at the one before went on top of it.
        (following,) = next_meetings(get_pack("portsmouth"), now, 1)
        assert following.submission_deadline < now
        assert meeting.starts_at == following.starts_at
        assert meeting.items.filter(status="listed").count() > 25


@pytest.mark.django_db
@pytest.mark.parametrize("now", LOAD_DAYS, ids=lambda day: f"{day:%Y-%m-%d-%H%M}")
def test_it_is_coherent_whatever_the_day_it_is_loaded(now: dt.datetime) -> None:
    with time_machine.travel(now, tick=True):
        _out, err = load()
        assert err == ""
        assert_coherent(timezone.now())
        for authority_id in CODES:
            assert_every_state(authority_id)
        before = counts()
        load()
        assert counts() == before


@pytest.mark.any_day
@pytest.mark.django_db
def test_it_is_coherent_today() -> None:
    """On the machine's own day, faked or not (`.ci/run` runs this at several)."""
    load()
    assert_coherent(timezone.now())
    for authority_id in CODES:
        assert_every_state(authority_id)


@pytest.mark.django_db
def test_it_refuses_in_production() -> None:
    with (
        override_settings(PRODUCTION=True),
        pytest.raises(CommandError, match="never loaded in production"),
    ):
        load()
    assert not User.objects.exists()
    assert not Referral.objects.exists()


def test_every_demo_username_has_its_councils_code() -> None:
    names = demo_usernames()
    assert len(names) == len(set(names))
    assert {name.split("-")[0] for name in names} == set(CODES.values())
    assert "ns-assistant-director" not in names  # the chair is North Somerset's AD
    assert "bcp-director" not in names  # and BCP's director
    assert {"ns-social-worker", "ns-team-manager", "ns-head-of-service", "ns-coordinator"} <= set(
        names
    )
    assert "pm-coordinator" in names
