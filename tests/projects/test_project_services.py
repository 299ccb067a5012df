"""Uiver projects: the assignment, its lifecycle, progress reports, attachments and
the reminders for overdue reports."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ketenoverleg.models import Geleding, Role
from projects import services
from projects.models import (
    ATTACHMENT_MAX_BYTES,
    Issue,
    ProgressReport,
    Project,
    ProjectEvent,
    ReportAttachment,
    ReportReminder,
    add_months,
)
from projects.services import TRANSITIONS
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.projects.factories import (
    DirectionFactory,
    IssueFactory,
    ProgressReportFactory,
    ProjectFactory,
    budget_line,
    member_in,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def secretary(council):
    return user_with_role(council, Role.SECRETARIS)


def new_project(council, **fields) -> Project:
    """An unsaved assignment for ``council`` that passes every check."""
    defaults = {
        "council": council,
        "title": "Meer granulaatbeton",
        "issue": IssueFactory(council=council),
        "starts_on": date(2026, 1, 1),
        "ends_on": date(2026, 12, 31),
        "leader": UserFactory(),
    }
    return Project(**{**defaults, **fields})


# The assignment -------------------------------------------------------------------------


def test_project_save_creates_the_assignment_with_its_group(council, secretary):
    supplier = member_in(council, Geleding.AANBOD)
    recycler = member_in(council, Geleding.RECYCLING)

    project = services.project_save(
        project=new_project(council),
        members=[(supplier, Geleding.AANBOD), (recycler, Geleding.RECYCLING)],
        by=secretary,
    )

    assert project.status == Project.Status.CONCEPT
    assert project.covered_geledingen == ["aanbod", "recycling"]
    assert project.missing_geledingen == ["Vraag", "Kennis", "Overheid", "Transitie"]
    assert project.events.get().to_status == "concept"


def test_project_save_refuses_an_end_before_the_start(council, secretary):
    project = new_project(council, starts_on=date(2026, 6, 1), ends_on=date(2026, 5, 31))

    with pytest.raises(ValidationError) as error:
        services.project_save(project=project, members=[], by=secretary)

    assert error.value.message_dict == {"ends_on": ["Het einde ligt vóór de start."]}
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("budget", "field", "message"),
    [
        ({"budget_amount": None, "cost_types": ["leider"]}, "budget_amount", "bedrag"),
        ({"budget_amount": Decimal("0"), "cost_types": ["leider"]}, "budget_amount", "bedrag"),
        ({"budget_amount": Decimal("2500"), "cost_types": []}, "cost_types", "kostensoorten"),
    ],
)
def test_project_save_refuses_an_incomplete_budget(council, secretary, budget, field, message):
    project = new_project(council, budget_kind=Project.Budget.AMOUNT, **budget)

    with pytest.raises(ValidationError) as error:
        services.project_save(project=project, members=[], by=secretary)

    assert list(error.value.message_dict) == [field]
    assert message in error.value.message_dict[field][0]
    assert not Project.objects.exists()


def test_project_carried_by_the_organisations_forgets_a_stray_amount(council, secretary):
    project = new_project(
        council,
        budget_kind=Project.Budget.CARRIED,
        budget_amount=Decimal("999"),
        cost_types=["extern"],
    )

    services.project_save(project=project, members=[], by=secretary)

    project.refresh_from_db()
    assert (project.budget_amount, project.cost_types) == (None, [])


def test_project_save_refuses_an_issue_of_another_council(council, secretary):
    elsewhere = IssueFactory(council=CouncilFactory())

    with pytest.raises(ValidationError) as error:
        services.project_save(
            project=new_project(council, issue=elsewhere), members=[], by=secretary
        )

    assert error.value.message_dict["issue"] == ["Kies een vraagstuk van dit ketenoverleg."]
    assert not Project.objects.exists()


def test_project_save_refuses_a_direction_of_another_issue(council, secretary):
    issue = IssueFactory(council=council)
    other_direction = DirectionFactory(issue=IssueFactory(council=council))

    with pytest.raises(ValidationError) as error:
        services.project_save(
            project=new_project(council, issue=issue, direction=other_direction),
            members=[],
            by=secretary,
        )

    assert error.value.message_dict == {
        "direction": ["Deze oplossingsrichting hoort bij een ander vraagstuk."]
    }
    assert not Project.objects.exists()


def test_project_save_refuses_a_group_member_of_another_council(council, secretary):
    stranger = member_in(CouncilFactory(), Geleding.VRAAG)

    with pytest.raises(ValidationError) as error:
        services.project_save(
            project=new_project(council), members=[(stranger, Geleding.VRAAG)], by=secretary
        )

    assert error.value.message_dict == {
        "group": ["De projectgroep bestaat uit leden van dit ketenoverleg."]
    }
    assert not Project.objects.exists()


def test_project_save_refuses_a_member_for_a_geleding_it_is_not_in(council, secretary):
    supplier = member_in(council, Geleding.AANBOD, organisation__name="Betoncentrale Noord")

    with pytest.raises(ValidationError) as error:
        services.project_save(
            project=new_project(council), members=[(supplier, Geleding.OVERHEID)], by=secretary
        )

    assert error.value.message_dict == {
        "group": ["Betoncentrale Noord zit niet in de geleding Overheid."]
    }
    assert not Project.objects.exists()


def test_project_save_replaces_the_group_of_a_concept(council, secretary):
    supplier = member_in(council, Geleding.AANBOD)
    government = member_in(council, Geleding.OVERHEID)
    project = services.project_save(
        project=new_project(council), members=[(supplier, Geleding.AANBOD)], by=secretary
    )

    project.title = "Meer granulaatbeton in Groningen"
    services.project_save(project=project, members=[(government, "overheid")], by=secretary)

    project.refresh_from_db()
    assert project.title == "Meer granulaatbeton in Groningen"
    assert [m.membership for m in project.group.all()] == [government]
    assert project.events.count() == 1


def test_an_adopted_assignment_cannot_be_edited(council, secretary):
    project = ProjectFactory(council=council, status=Project.Status.VASTGESTELD)

    project.title = "Iets anders"
    with pytest.raises(ValidationError, match="wijzigt niet meer"):
        services.project_save(project=project, members=[], by=secretary)

    project.refresh_from_db()
    assert project.title != "Iets anders"


# The lifecycle ---------------------------------------------------------------------------


def test_adopting_moves_the_issue_to_in_behandeling_and_mails_the_leader(
    council, secretary, django_capture_on_commit_callbacks
):
    leader = UserFactory(email="leider@puinrecycling.nl")
    issue = IssueFactory(council=council, status=Issue.Status.GEPRIORITEERD)
    project = ProjectFactory(council=council, issue=issue, leader=leader, title="Granulaat")
    adopted_on = TODAY() - timedelta(days=2)

    with django_capture_on_commit_callbacks(execute=True):
        services.project_adopt(project=project, adopted_on=adopted_on, by=secretary)

    project.refresh_from_db()
    issue.refresh_from_db()
    assert (project.status, project.adopted_on) == (Project.Status.VASTGESTELD, adopted_on)
    assert issue.status == Issue.Status.IN_BEHANDELING
    assert "Granulaat" in issue.events.get().note
    assert [m.to for m in mail.outbox] == [["leider@puinrecycling.nl"]]
    assert mail.outbox[0].subject == "Projectopdracht vastgesteld: Granulaat"


def test_adopting_refuses_a_date_in_the_future(council, secretary):
    project = ProjectFactory(council=council)

    with pytest.raises(ValidationError) as error:
        services.project_adopt(
            project=project, adopted_on=TODAY() + timedelta(days=1), by=secretary
        )

    assert "adopted_on" in error.value.message_dict
    project.refresh_from_db()
    assert project.status == Project.Status.CONCEPT
    assert not mail.outbox


def test_only_the_leader_accepts_the_assignment(council, secretary):
    leader = UserFactory(first_name="Sander", last_name="Hoekstra")
    project = ProjectFactory(council=council, leader=leader, status=Project.Status.VASTGESTELD)

    with pytest.raises(ValidationError) as error:
        services.project_accept(project=project, by=secretary)
    assert error.value.messages == ["Alleen de projectleider (Sander Hoekstra) kan dit doen."]

    services.project_accept(project=project, by=leader)
    project.refresh_from_db()
    assert (project.status, project.accepted_on) == (Project.Status.GEACCEPTEERD, TODAY())


def test_the_whole_lifecycle_ends_with_the_issue_solved(
    council, secretary, django_capture_on_commit_callbacks
):
    leader = UserFactory()
    project = ProjectFactory(council=council, leader=leader)

    with django_capture_on_commit_callbacks(execute=True):
        services.project_adopt(project=project, adopted_on=TODAY(), by=secretary)
    services.project_accept(project=project, by=leader)
    services.project_start(project=project, by=leader)
    services.final_report_submit(project=project, text="Het actiepakket is getekend.", by=leader)
    services.final_report_approve(project=project, by=secretary)

    project.refresh_from_db()
    assert project.status == Project.Status.AFGEROND
    assert project.final_report == "Het actiepakket is getekend."
    assert project.final_report_approved_on == TODAY()
    assert project.issue.status == Issue.Status.OPGELOST
    assert list(project.events.values_list("to_status", flat=True)) == [
        "vastgesteld",
        "geaccepteerd",
        "lopend",
        "eindrapport",
        "afgerond",
    ]


def test_only_the_leader_submits_the_final_report_and_it_needs_text(council, secretary):
    leader = UserFactory()
    project = ProjectFactory(council=council, leader=leader, status=Project.Status.LOPEND)

    with pytest.raises(ValidationError, match="Alleen de projectleider"):
        services.final_report_submit(project=project, text="Klaar.", by=secretary)
    with pytest.raises(ValidationError) as error:
        services.final_report_submit(project=project, text="   ", by=leader)

    assert error.value.message_dict == {"text": ["Schrijf het eindrapport."]}
    project.refresh_from_db()
    assert (project.status, project.final_report) == (Project.Status.LOPEND, "")


def test_stopping_needs_a_reason(council, secretary):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)

    with pytest.raises(ValidationError) as error:
        services.project_stop(project=project, reason=" ", by=secretary)
    assert error.value.message_dict == {"reason": ["Geef de reden waarom het project stopt."]}

    services.project_stop(project=project, reason="Geen draagvlak bij de gemeente", by=secretary)
    project.refresh_from_db()
    assert project.status == Project.Status.GESTOPT
    assert project.stopped_reason == "Geen draagvlak bij de gemeente"


def _do(action: str, project: Project, editor) -> None:
    """Carry out ``action`` with valid input, as the person who may do it."""
    leader = project.leader
    if action == "adopt":
        services.project_adopt(project=project, adopted_on=TODAY(), by=editor)
    elif action == "accept":
        services.project_accept(project=project, by=leader)
    elif action == "start":
        services.project_start(project=project, by=leader)
    elif action == "submit_final_report":
        services.final_report_submit(project=project, text="Eindrapport.", by=leader)
    elif action == "approve_final_report":
        services.final_report_approve(project=project, by=editor)
    elif action == "stop":
        services.project_stop(project=project, reason="Geen draagvlak", by=editor)
    else:
        raise AssertionError(action)


OUT_OF_ORDER = [
    (status, action)
    for action, (allowed_from, _to) in TRANSITIONS.items()
    for status in Project.Status.values
    if status not in allowed_from
]


def test_the_table_covers_every_action_of_the_lifecycle():
    assert set(TRANSITIONS) == {
        "adopt",
        "accept",
        "start",
        "submit_final_report",
        "approve_final_report",
        "stop",
    }
    assert len(OUT_OF_ORDER) == 32


@pytest.mark.parametrize(("status", "action"), OUT_OF_ORDER)
def test_every_transition_out_of_order_is_refused_naming_the_status(
    council, secretary, status, action
):
    project = ProjectFactory(council=council, status=status)
    label = Project.Status(status).label

    with pytest.raises(ValidationError) as error:
        _do(action, project, secretary)

    assert f"de status '{label}'" in error.value.messages[0]
    project.refresh_from_db()
    assert project.status == status
    assert not ProjectEvent.objects.filter(project=project).exists()


# Progress reports --------------------------------------------------------------------------


@pytest.fixture
def running():
    """A running project without budget."""
    return ProjectFactory(status=Project.Status.LOPEND)


@pytest.fixture
def running_with_budget():
    """A running project with a budget of 4000 euro."""
    return ProjectFactory(status=Project.Status.LOPEND, with_budget=True)


def report(project, by=None, **fields):
    values = {"text": "De projectgroep is compleet.", "percent_complete": 30, "risks": ""}
    values.setdefault("lines", [])
    return services.progress_report_submit(
        project=project, by=by or project.leader, **{**values, **fields}
    )


def test_the_leader_reports_progress_on_a_project_without_budget(running):
    saved = report(running, percent_complete=35)

    assert list(running.reports.values_list("percent_complete", flat=True)) == [35]
    assert saved.submitted_by == running.leader
    assert not saved.lines.exists()


def test_only_the_leader_reports_progress(running):
    secretary = user_with_role(running.council, Role.SECRETARIS)

    with pytest.raises(ValidationError, match="Alleen de projectleider"):
        report(running, by=secretary)

    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("status", [s for s in Project.Status.values if s != Project.Status.LOPEND])
def test_progress_is_reported_only_on_a_running_project(status):
    project = ProjectFactory(status=status)

    with pytest.raises(ValidationError) as error:
        report(project)

    assert error.value.messages == ["Voortgang meldt u bij een lopend project."]
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("percent", [-1, 101, None])
def test_a_percentage_outside_0_to_100_is_refused(running, percent):
    with pytest.raises(ValidationError) as error:
        report(running, percent_complete=percent)

    assert error.value.message_dict == {
        "percent_complete": ["Een percentage van 0 tot en met 100."]
    }
    assert not ProgressReport.objects.exists()


def test_a_project_with_budget_needs_the_financial_overview(running_with_budget):
    with pytest.raises(ValidationError) as error:
        report(running_with_budget, lines=[])

    assert "vul de posten in" in error.value.message_dict["lines"][0]
    assert not ProgressReport.objects.exists()


def test_spending_more_than_granted_needs_a_remark(running_with_budget):
    lines = [
        budget_line("Projectleider", budgeted="3000", granted="1000", spent="1200"),
        budget_line("Onkosten", budgeted="1000", spent="100"),
    ]

    with pytest.raises(ValidationError) as error:
        report(running_with_budget, lines=lines)

    assert error.value.message_dict == {
        "lines": ["Post 1 (Projectleider): er is meer uitgegeven dan toegekend; licht dat toe."]
    }
    assert not ProgressReport.objects.exists()


def test_spending_more_than_granted_with_a_remark_is_accepted(running_with_budget):
    lines = [
        budget_line(
            "Projectleider",
            budgeted="3000",
            granted="1000",
            spent="1200",
            remark="Toezegging gemeente volgt",
        ),
        budget_line("Onkosten", budgeted="1000", spent="100"),
    ]

    saved = report(running_with_budget, lines=lines)

    assert [(line.label, line.balance) for line in saved.lines.all()] == [
        ("Projectleider", Decimal("-200.00")),
        ("Onkosten", Decimal("900.00")),
    ]


def test_lines_that_do_not_add_up_to_the_budget_are_refused_with_the_totals(
    running_with_budget,
):
    lines = [budget_line("Projectleider", "1000.00"), budget_line("Onkosten", "2000.00")]

    with pytest.raises(ValidationError) as error:
        report(running_with_budget, lines=lines)

    assert error.value.message_dict == {
        "lines": ["De begrote posten tellen op tot € 3000.00, het projectbudget is € 4000.00."]
    }
    assert not ProgressReport.objects.exists()


def test_negative_amounts_are_refused(running_with_budget):
    lines = [budget_line("Projectleider", "4000.00", spent="-5")]

    with pytest.raises(ValidationError, match="niet negatief"):
        report(running_with_budget, lines=lines)


def test_without_budget_the_lines_are_optional_but_kept(running):
    saved = report(running, lines=[budget_line("Drukwerk", "150.00", spent="80")])

    assert [line.label for line in saved.lines.all()] == ["Drukwerk"]


# Attachments ---------------------------------------------------------------------------


def test_the_leader_attaches_a_small_pdf(running, document_dir):
    upload = SimpleUploadedFile("eindrapport.pdf", PDF_BYTES, content_type="application/pdf")

    attachment = services.attachment_add(
        project=running, title="", upload=upload, by=running.leader
    )

    assert (attachment.title, attachment.size) == ("eindrapport.pdf", len(PDF_BYTES))
    assert (document_dir / attachment.file.name).read_bytes() == PDF_BYTES


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notities.txt", b"tekst", content_type="text/plain"),
            "Alleen PDF, Word, Excel, PNG of JPEG kan als bijlage.",
        ),
        (
            SimpleUploadedFile(
                "groot.pdf", b"%PDF" + b"0" * ATTACHMENT_MAX_BYTES, content_type="application/pdf"
            ),
            "Een bijlage is hoogstens 10 MB.",
        ),
        (
            SimpleUploadedFile("foto.png", PDF_BYTES, content_type="image/png"),
            "De inhoud van het bestand past niet bij het type.",
        ),
        (
            SimpleUploadedFile("begroting.xlsx", PNG_BYTES, content_type=XLSX),
            "De inhoud van het bestand past niet bij het type.",
        ),
    ],
    ids=["wrong-type", "over-10-mb", "png-that-is-not", "xlsx-that-is-not"],
)
def test_a_wrong_attachment_is_refused(running, upload, message):
    with pytest.raises(ValidationError) as error:
        services.attachment_add(project=running, title="Bijlage", upload=upload, by=running.leader)

    assert error.value.message_dict == {"file": [message]}
    assert not ReportAttachment.objects.exists()


def test_a_real_png_is_accepted(running):
    upload = SimpleUploadedFile("foto.png", PNG_BYTES, content_type="image/png")

    services.attachment_add(project=running, title="Foto", upload=upload, by=running.leader)

    assert list(running.attachments.values_list("title", "content_type")) == [("Foto", "image/png")]


def test_only_the_leader_adds_an_attachment(running):
    upload = SimpleUploadedFile("eindrapport.pdf", PDF_BYTES, content_type="application/pdf")

    with pytest.raises(ValidationError, match="Alleen de projectleider"):
        services.attachment_add(
            project=running, title="", upload=upload, by=user_with_role(running.council, "lid")
        )

    assert not ReportAttachment.objects.exists()


@pytest.mark.parametrize("status", [Project.Status.AFGEROND, Project.Status.GESTOPT])
def test_no_attachment_after_the_project_has_ended(status):
    project = ProjectFactory(status=status)
    upload = SimpleUploadedFile("nagekomen.pdf", PDF_BYTES, content_type="application/pdf")

    with pytest.raises(ValidationError):
        services.attachment_add(project=project, title="", upload=upload, by=project.leader)

    assert not ReportAttachment.objects.exists()


# Due dates and reminders ----------------------------------------------------------------


def test_next_report_due_counts_from_the_start_and_clamps_to_the_month_end():
    project = ProjectFactory(
        status=Project.Status.LOPEND, starts_on=date(2025, 11, 30), reporting_interval_months=3
    )

    assert project.next_report_due() == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_next_report_due_counts_from_the_last_report(running):
    ProgressReportFactory(project=running, submitted_on=TODAY() - timedelta(days=40))
    ProgressReportFactory(project=running, submitted_on=TODAY() - timedelta(days=10))

    assert running.next_report_due() == add_months(TODAY() - timedelta(days=10), 3)
    assert running.report_overdue is False


@pytest.mark.parametrize("status", [s for s in Project.Status.values if s != Project.Status.LOPEND])
def test_only_a_running_project_has_a_report_due(status):
    project = ProjectFactory(status=status, starts_on=TODAY() - timedelta(days=400))

    assert project.next_report_due() is None
    assert project.report_overdue is False


@pytest.fixture
def overdue(council):
    """A project started four months ago that never reported (every three months)."""
    return ProjectFactory(
        council=council,
        status=Project.Status.LOPEND,
        starts_on=add_months(TODAY(), -4),
        leader=UserFactory(email="leider@puinrecycling.nl"),
        title="Meer granulaatbeton",
    )


def test_reminder_goes_to_leader_and_secretariat_once_per_due_date(
    council, overdue, django_capture_on_commit_callbacks
):
    secretaris = user_with_role(council, Role.SECRETARIS)
    ketensecretaris = user_with_role(council, Role.KETENSECRETARIS)
    kernteamlid = user_with_role(council, Role.KERNTEAMLID)
    assert overdue.report_overdue is True

    with django_capture_on_commit_callbacks(execute=True):
        first = services.reminders_send_due()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.reminders_send_due()

    assert (first, second) == (1, 0)
    # One mail per person (each with their own unsubscribe link), once.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["leider@puinrecycling.nl", secretaris.email, ketensecretaris.email]
    )
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert kernteamlid.email not in {m.to[0] for m in mail.outbox}
    assert {m.subject for m in mail.outbox} == {"Voortgangsbericht gevraagd: Meer granulaatbeton"}
    assert ReportReminder.objects.get().due_on == overdue.next_report_due()


def test_no_reminder_when_no_report_is_overdue(council, django_capture_on_commit_callbacks):
    user_with_role(council, Role.SECRETARIS)
    ProjectFactory(council=council, status=Project.Status.LOPEND, starts_on=TODAY())
    ProjectFactory(
        council=council, status=Project.Status.VASTGESTELD, starts_on=add_months(TODAY(), -6)
    )
    reported = ProjectFactory(
        council=council, status=Project.Status.LOPEND, starts_on=add_months(TODAY(), -6)
    )
    ProgressReportFactory(project=reported, submitted_on=TODAY() - timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.reminders_send_due()

    assert sent == 0
    assert not mail.outbox
    assert not ReportReminder.objects.exists()


def test_the_daily_task_sends_the_reminders(overdue, django_capture_on_commit_callbacks):
    from projects.tasks import progress_reports_remind

    with django_capture_on_commit_callbacks(execute=True):
        result = progress_reports_remind.delay()

    assert result.get() == 1
    assert mail.outbox[0].to == ["leider@puinrecycling.nl"]
