"""The issue's acceptance journey, in Chromium, as people do it on the demo data.

North Somerset's social worker creates a referral for £1,500 a year of family support for
one child, sees where it will go and when, uploads an assessment and submits; the team
manager agrees; the head of service authorises; the coordinator finds it on the right
Wednesday's agenda and gives it its time; the chair records it approved with conditions
and a review date, and signs; the social worker sees the decision and downloads the PDF;
nobody can change it afterwards. A Portsmouth coordinator, signed in all along, sees none
of it. axe-core checks every page of the journey against WCAG 2.2 A and AA.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from carepanel.core.demo import DEMO_PASSWORD
from carepanel.core.templatetags.govuk_dates import govuk_date, govuk_datetime
from carepanel.decisions.models import Decision
from carepanel.meetings.models import AgendaItem
from carepanel.policy import first_meeting_for, get_pack
from carepanel.referrals.models import Referral, ReferralChild
from carepanel.referrals.sections import question_sections
from tests.browser.axe import axe_violations
from tests.browser.conftest import DemoSite, console_errors
from tests.clock import travel_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A minimal PDF: what a council's assessment upload looks like to the checks.
ASSESSMENT = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class Person:
    """One person in their own browser, signed in through the sign-in page; every page
    they open is checked by axe, and what it finds is kept for the end."""

    def __init__(self, browser: Browser, site: DemoSite, username: str, found: dict) -> None:
        self.site = site
        self.context: BrowserContext = browser.new_context(accept_downloads=True)
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(8000)
        self.errors = console_errors(self.page)
        self.found = found
        self.page.goto(f"{site.url}/sign-in/")
        self.check()
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(DEMO_PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_url(f"{site.url}/")
        self.check()

    def check(self) -> None:
        """axe on the page as it is now; each page address is checked once."""
        path = re.sub(r"^https?://[^/]+", "", self.page.url)
        if path not in self.found:
            self.found[path] = axe_violations(self.page)

    def open(self, path: str) -> Page:
        self.page.goto(f"{self.site.url}{path}")
        self.check()
        return self.page

    def click(self, name: str, *, role: str = "button") -> Page:
        self.page.get_by_role(role, name=name, exact=True).first.click()  # type: ignore[arg-type]
        self.page.wait_for_load_state()
        self.check()
        return self.page

    def main(self) -> str:
        return self.page.locator("main").inner_text()


@pytest.fixture
def demo_site(live_server, settings) -> DemoSite:
    """The demo data behind a live server. The journey writes as people do, so it runs
    outside a test transaction (on SQLite, a write under the test's open transaction
    would find its tables locked)."""
    # Six people sign in through the page: a slow password hash costs a second each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo_data", stdout=io.StringIO(), stderr=io.StringIO())
    return DemoSite(url=live_server.url)


def test_a_referral_goes_from_the_social_worker_to_a_signed_decision(
    demo_site: DemoSite, browser: Browser, tmp_path: Path
) -> None:
    found: dict[str, list] = {}
    pack = get_pack("north-somerset")

    # A Portsmouth coordinator is signed in all along.
    portsmouth = Person(browser, demo_site, "pm-coordinator", found)

    # 1. The social worker starts a referral for one child, new to the record.
    worker = Person(browser, demo_site, "ns-social-worker", found)
    worker.click("Start a referral")
    page = worker.page
    page.get_by_label("What is the referral for?").select_option("family_support_package")
    page.get_by_label("No, add a new child").check()
    page.get_by_label("First name").fill("Juniper")
    page.get_by_label("Last name").fill("Invented")
    page.get_by_label("ID in the case-management system").fill("NS-ACCEPT-1")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2017")
    page.get_by_label("Female (F)").check()
    worker.click("Start the referral")
    expect(page.locator(".govuk-task-list").first).to_be_visible()
    referral_path = re.sub(r"^https?://[^/]+", "", page.url)
    referral_id = int(referral_path.strip("/").split("/")[1])

    # What is asked for: £1,500 a year.
    worker.click("What you are asking for", role="link")
    page.get_by_label("How much does it cost?").fill("1500")
    page.get_by_label("Annual").check()
    worker.click("Save and continue")

    # Each section of the council's questions, from its task list.
    for section in question_sections(pack):
        worker.open(referral_path)
        worker.click(section.title, role="link")
        for box in page.locator("main textarea").all():
            box.fill("Invented for the demo: the family needs support after school.")
        worker.click("Save and continue")

    # The assessment, with its type and date.
    worker.open(f"{referral_path}papers/")
    assessment = tmp_path / "assessment.pdf"
    assessment.write_bytes(ASSESSMENT)
    page.get_by_label("Upload a file").set_input_files(assessment)
    page.get_by_label("What is it?").select_option("assessment")
    papers_date = page.locator("fieldset", has_text="Date of the paper")
    papers_date.get_by_label("Day").fill("16")
    papers_date.get_by_label("Month").fill("11")
    papers_date.get_by_label("Year").fill("2026")
    worker.click("Add the paper")
    expect(page.locator("main")).to_contain_text("Attached")

    # Where it goes and when, in words, before submitting.
    worker.open(f"{referral_path}check/")
    meeting = first_meeting_for(pack, timezone.now())
    text = worker.main()
    assert "Care and Resource Panel" in text
    assert govuk_datetime(meeting.starts_at) in text
    assert govuk_datetime(meeting.submission_deadline) in text
    worker.click("Submit the referral")
    expect(page.locator("main")).to_contain_text("submitted")

    # 2. The team manager agrees.
    manager = Person(browser, demo_site, "ns-team-manager", found)
    manager.open(f"{referral_path}sign-off/")
    manager.page.get_by_label("Agree", exact=False).first.check()
    manager.click("Continue")
    expect(manager.page.locator("main")).to_contain_text("agreed")

    # 3. The head of service authorises: it is listed.
    head = Person(browser, demo_site, "ns-head-of-service", found)
    head.open(f"{referral_path}sign-off/")
    head.page.get_by_label("Authorise", exact=False).first.check()
    head.click("Continue")
    listed_on = govuk_date(meeting.starts_at)
    expect(head.page.locator("main")).to_contain_text(f"listed for {listed_on}")

    # 4. The coordinator finds it on that Wednesday's agenda and gives it its time.
    coordinator = Person(browser, demo_site, "ns-coordinator", found)
    coordinator.click("Meetings", role="link")
    coordinator.click(govuk_datetime(meeting.starts_at), role="link")
    agenda_path = re.sub(r"^https?://[^/]+", "", coordinator.page.url)
    row = coordinator.page.locator("tbody tr", has_text=f"Referral {referral_id}")
    expect(row).to_have_count(1)
    coordinator.click("Set times to attend", role="button")
    item = AgendaItem.objects.get(referral_id=referral_id, status=AgendaItem.Status.LISTED)
    coordinator.page.locator(f"#id_time-{item.pk}").fill("1:30pm")
    coordinator.click("Save times")
    row = coordinator.page.locator("tbody tr", has_text=f"Referral {referral_id}")
    expect(row).to_contain_text("1:30pm")

    # The social worker sees the time to attend on the agenda too.
    worker.open(agenda_path)
    expect(worker.page.locator("tbody tr", has_text=f"Referral {referral_id}")).to_contain_text(
        "1:30pm"
    )

    # 5. The chair records it approved with conditions and a review date, and signs, at
    # the meeting: the clock moves to its start.
    travel_to(meeting.starts_at)
    chair = Person(browser, demo_site, "ns-chair", found)
    chair.open(agenda_path)
    row = chair.page.locator("tbody tr", has_text=f"Referral {referral_id}")
    row.get_by_role("button", name="Actions").click()  # the MOJ button menu
    row.get_by_role("button", name=f"Record the decision on referral {referral_id}").click()
    chair.page.wait_for_url(f"**/agenda-items/{item.pk}/decision/")
    chair.check()
    form = chair.page
    form.get_by_label("Approved with conditions").check()
    form.get_by_label("Conditions", exact=True).fill("The family attends the parenting course.")
    form.get_by_label("What is approved").fill("Family support, two sessions a week")
    form.get_by_label("Cost", exact=True).fill("1500")
    form.locator("fieldset", has_text="How often is the cost paid?").get_by_label("Annual").check()
    start = form.locator("fieldset", has_text="Start date")
    start.get_by_label("Day").fill("7")
    start.get_by_label("Month").fill("12")
    start.get_by_label("Year").fill("2026")
    review = form.locator("fieldset", has_text="Date a new referral is due")
    review.get_by_label("Day").fill("2")
    review.get_by_label("Month").fill("6")
    review.get_by_label("Year").fill("2027")
    chair.click("Record the decision")
    decision = Decision.objects.get(referral_id=referral_id)
    chair.open("/decisions/to-sign/")
    chair.click(f"Sign decision {decision.pk}", role="link")
    assert "Wednesday 2 June 2027" in chair.main()
    chair.click("Sign the decision")
    expect(chair.page.locator(".govuk-panel__title")).to_have_text("Decision signed")

    # 6. The social worker sees the decision and downloads the PDF.
    worker.open(referral_path)
    worker.page.get_by_role("link", name=re.compile(f"[Dd]ecision {decision.pk}$")).first.click()
    worker.check()
    text = worker.main()
    assert "Approved with conditions" in text
    assert "Wednesday 2 June 2027" in text
    with worker.page.expect_download() as download:
        worker.page.get_by_role("link", name=re.compile("Download")).first.click()
    assert download.value.suggested_filename == f"decision-sheet-{decision.pk}.pdf"
    pdf_text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(download.value.path().read_bytes())).pages
    )
    assert "Juniper Invented" in pdf_text
    assert "The family attends the parenting course." in pdf_text
    assert "2 June 2027" in pdf_text

    # 7. Nobody can change it afterwards: the hearing shows no form, the sheet no button.
    for person in (chair, coordinator):
        person.open(f"/agenda-items/{item.pk}/decision/")
        expect(person.page.locator("main form")).to_have_count(0)
        expect(person.page.locator("main")).to_contain_text("signed")
    chair.open(f"/decisions/{decision.pk}/")
    expect(chair.page.get_by_role("link", name="Sign the decision")).to_have_count(0)
    decision.refresh_from_db()
    assert decision.is_signed
    assert Referral.objects.get(pk=referral_id).status in (
        Referral.Status.SIGNED,
        Referral.Status.RECORDED,
    )

    # 8. The Portsmouth coordinator sees none of it: every address is "Page not found".
    child = ReferralChild.objects.get(referral_id=referral_id).child_id
    for path in [
        referral_path,
        f"{referral_path}papers/",
        agenda_path,
        f"/agenda-items/{item.pk}/decision/",
        f"/decisions/{decision.pk}/",
        f"/decisions/{decision.pk}/sheet.pdf",
        f"/children/{child}/",
    ]:
        response = portsmouth.page.goto(f"{demo_site.url}{path}")
        assert response is not None and response.status == 404, path
    portsmouth.open("/referrals/")
    assert f"Referral {referral_id}" not in portsmouth.main()
    assert "Juniper" not in portsmouth.main()

    # Chromium logs each of the Portsmouth coordinator's "Page not found" answers.
    portsmouth.errors[:] = [e for e in portsmouth.errors if "404 (Not Found)" not in e]
    for person in (worker, manager, head, coordinator, chair, portsmouth):
        assert person.errors == []
        person.context.close()
    assert {path: violations for path, violations in found.items() if violations} == {}
