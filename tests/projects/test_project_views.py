"""The projectlijst and project pages: who sees what, who may do what, and bad input."""

import csv
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ketenoverleg.models import Geleding, Role
from projects import services
from projects.models import Issue, ProgressReport, Project, ReportAttachment
from tests.factories import CouncilFactory, UserFactory, user_with_role
from tests.members.factories import (
    ANONYMOUS,
    KERNTEAMLID,
    MEMBER,
    MEMBER_ELSEWHERE,
    OUTSIDER,
    SECRETARY_ELSEWHERE,
    BoardAppointmentFactory,
    member_of,
)
from tests.projects.factories import (
    IssueFactory,
    ProgressReportFactory,
    ProjectFactory,
    add_group,
    member_in,
)
from tests.projects.helpers import assert_login_redirect, council_url, login_as

pytestmark = pytest.mark.django_db

LOGIN = "login"
DONE = "done"
LEADER = "projectleider"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def titles(response) -> list[str]:
    return [p.title for p in response.context["projects"]]


def csv_titles(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["titel", "vraagstuk", "status"]
    return [row[0] for row in rows[1:]]


def act_as(client, project, who):
    """Log in ``who``; LEADER is the project's own leader (a user without any role)."""
    if who == LEADER:
        client.force_login(project.leader)
        return project.leader
    return login_as(client, project.council, who)


# The projectlijst -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees_concept"),
    [
        (ANONYMOUS, False),
        (OUTSIDER, False),
        (MEMBER_ELSEWHERE, False),
        (SECRETARY_ELSEWHERE, False),
        (MEMBER, True),
        (KERNTEAMLID, True),
        (Role.KETENSECRETARIS, True),
    ],
)
def test_the_projectlijst_shows_concepts_only_to_insiders(client, council, who, sees_concept):
    ProjectFactory(council=council, title="Retourlogistiek sloopbeton")
    ProjectFactory(council=council, title="Meer granulaatbeton", status=Project.Status.LOPEND)
    ProjectFactory(council=council, title="Herbruikbare casco's", status=Project.Status.AFGEROND)
    ProjectFactory(title="Project van een ander overleg", status=Project.Status.LOPEND)
    login_as(client, council, who)

    page = client.get(council_url("projects", council))
    download = client.get(council_url("projects_csv", council))

    expected = {"Meer granulaatbeton", "Herbruikbare casco's"}
    if sees_concept:
        expected.add("Retourlogistiek sloopbeton")
    assert set(titles(page)) == expected
    assert set(csv_titles(download)) == expected
    assert ("Retourlogistiek sloopbeton" in page.content.decode()) is sees_concept


@pytest.fixture
def three_projects(council):
    """Three projects with different status, issue, leader and project group."""
    first_issue = IssueFactory(council=council, title="Granulaat in wegfunderingen")
    second_issue = IssueFactory(council=council, title="Beton blijft in de grond")
    anna = UserFactory(first_name="Anna", last_name="Bakker")
    sander = UserFactory(first_name="Sander", last_name="Hoekstra")
    granulaat = ProjectFactory(
        council=council,
        title="Granulaat",
        status=Project.Status.LOPEND,
        issue=first_issue,
        leader=anna,
    )
    add_group(granulaat, [Geleding.AANBOD, Geleding.VRAAG])
    funderingen = ProjectFactory(
        council=council,
        title="Funderingen",
        status=Project.Status.VASTGESTELD,
        issue=second_issue,
        leader=sander,
    )
    add_group(funderingen, [Geleding.AANBOD, Geleding.OVERHEID])
    ProjectFactory(
        council=council,
        title="Casco's",
        status=Project.Status.AFGEROND,
        issue=first_issue,
        leader=sander,
    )
    return {"issue": first_issue, "leader": sander}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"Granulaat", "Funderingen", "Casco's"}),
        ({"status": "lopend"}, {"Granulaat"}),
        ({"issue": "issue"}, {"Granulaat", "Casco's"}),
        ({"leader": "leader"}, {"Funderingen", "Casco's"}),
        ({"covers": "aanbod"}, {"Granulaat", "Funderingen"}),
        ({"covers": "overheid"}, {"Funderingen"}),
        ({"lacks": "overheid"}, {"Granulaat", "Casco's"}),
        ({"covers": "aanbod", "lacks": "vraag"}, {"Funderingen"}),
        ({"status": "afgerond", "leader": "leader"}, {"Casco's"}),
    ],
)
def test_the_projectlijst_filters_and_its_csv_has_the_same_rows(
    client, council, three_projects, query, expected
):
    params = {key: three_projects[v].pk if v in three_projects else v for key, v in query.items()}
    login_as(client, council, Role.SECRETARIS)

    page = client.get(council_url("projects", council), params)
    download = client.get(council_url("projects_csv", council), params)

    assert set(titles(page)) == expected
    assert sorted(csv_titles(download)) == sorted(titles(page))


def test_the_csv_names_the_geledingen_present_and_missing(client, council, three_projects):
    login_as(client, council, Role.SECRETARIS)

    download = client.get(council_url("projects_csv", council), {"status": "lopend"})

    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert "projectlijst-beton-groningen.csv" in download["Content-Disposition"]
    row = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))[1]
    assert row[0] == "Granulaat"
    assert row[1] == "Granulaat in wegfunderingen"
    assert row[5] == "Anna Bakker"
    assert row[6:] == ["Aanbod; Vraag", "Recycling; Kennis; Overheid; Transitie"]


def test_the_projectlijst_flags_an_overdue_progress_report(client, council):
    ProjectFactory(
        council=council,
        title="Te laat",
        status=Project.Status.LOPEND,
        starts_on=timezone.localdate() - timedelta(days=200),
    )

    response = client.get(council_url("projects", council))

    assertContains(response, "voortgangsbericht te laat")


def test_the_public_projectlijst_does_not_reveal_the_probleemlijst(client, council):
    ProjectFactory(council=council, title="Meer granulaatbeton", status=Project.Status.LOPEND)
    IssueFactory(council=council, title="Vertrouwelijk: lekkende betoncentrale")
    ProjectFactory(
        council=council,
        title="Concept",
        leader=UserFactory(first_name="Geheime", last_name="Kandidaat"),
    )

    response = client.get(council_url("projects", council))

    assertContains(response, "Meer granulaatbeton")
    assertNotContains(response, "Vertrouwelijk: lekkende betoncentrale")
    assertNotContains(response, "Geheime Kandidaat")


# The project page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, HTTPStatus.NOT_FOUND),
        (OUTSIDER, HTTPStatus.NOT_FOUND),
        (MEMBER_ELSEWHERE, HTTPStatus.NOT_FOUND),
        (MEMBER, HTTPStatus.OK),
        (Role.KETENSECRETARIS, HTTPStatus.OK),
    ],
)
def test_a_concept_project_is_not_found_for_the_public(client, council, who, expected):
    project = ProjectFactory(council=council)
    login_as(client, council, who)

    response = client.get(project.get_absolute_url())

    assert response.status_code == expected


def test_a_project_of_another_council_is_not_found(client, council):
    project = ProjectFactory(status=Project.Status.LOPEND)

    response = client.get(council_url("project", council, pk=project.pk))

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.fixture
def running(council):
    project = ProjectFactory(
        council=council,
        title="Meer granulaatbeton",
        status=Project.Status.LOPEND,
        adopted_on=timezone.localdate() - timedelta(days=40),
    )
    ProgressReportFactory(project=project, text="De leveranciers testen een standaardvraag.")
    return project


@pytest.mark.parametrize(("who", "sees_reports"), [(ANONYMOUS, False), (MEMBER, True)])
def test_the_public_sees_an_adopted_project_but_not_its_progress_reports(
    client, council, running, who, sees_reports
):
    login_as(client, council, who)

    response = client.get(running.get_absolute_url())

    assertContains(response, "Meer granulaatbeton")
    assertContains(response, "vastgesteld door het kernteam op")
    assert ("De leveranciers testen een standaardvraag." in response.content.decode()) is (
        sees_reports
    )


@pytest.mark.parametrize(
    ("status", "who", "sees_final_report"),
    [
        (Project.Status.EINDRAPPORT, ANONYMOUS, False),
        (Project.Status.EINDRAPPORT, MEMBER, True),
        (Project.Status.AFGEROND, ANONYMOUS, True),
    ],
)
def test_the_final_report_is_public_only_after_approval(
    client, council, status, who, sees_final_report
):
    project = ProjectFactory(
        council=council, status=status, final_report="Het actiepakket is door 14 partijen getekend."
    )
    login_as(client, council, who)

    response = client.get(project.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert ("door 14 partijen getekend" in html) is sees_final_report


@pytest.fixture
def attachment(council):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)
    upload = SimpleUploadedFile("eindrapport.pdf", PDF_BYTES, content_type="application/pdf")
    return services.attachment_add(
        project=project, title="Eindrapport", upload=upload, by=project.leader
    )


def attachment_url(attachment):
    return council_url(
        "attachment", attachment.project.council, pk=attachment.project_id, attachment=attachment.pk
    )


@pytest.mark.parametrize(
    ("status", "who", "expected"),
    [
        (Project.Status.LOPEND, ANONYMOUS, HTTPStatus.NOT_FOUND),
        (Project.Status.EINDRAPPORT, ANONYMOUS, HTTPStatus.NOT_FOUND),
        (Project.Status.EINDRAPPORT, OUTSIDER, HTTPStatus.NOT_FOUND),
        (Project.Status.CONCEPT, OUTSIDER, HTTPStatus.NOT_FOUND),
        (Project.Status.EINDRAPPORT, MEMBER, HTTPStatus.OK),
        (Project.Status.AFGEROND, ANONYMOUS, HTTPStatus.OK),
        (Project.Status.AFGEROND, OUTSIDER, HTTPStatus.OK),
    ],
)
def test_attachments_are_public_only_when_the_project_is_finished(
    client, council, attachment, status, who, expected
):
    Project.objects.filter(pk=attachment.project_id).update(status=status)
    login_as(client, council, who)

    response = client.get(attachment_url(attachment))

    assert response.status_code == expected
    if expected == HTTPStatus.OK:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_an_attachment_of_another_project_is_not_found(client, council, attachment):
    other = ProjectFactory(council=council, status=Project.Status.AFGEROND)

    response = client.get(council_url("attachment", council, pk=other.pk, attachment=attachment.pk))

    assert response.status_code == HTTPStatus.NOT_FOUND


# Creating and editing an assignment ----------------------------------------------------


EDITORS = [
    (ANONYMOUS, LOGIN),
    (OUTSIDER, HTTPStatus.FORBIDDEN),
    (MEMBER, HTTPStatus.FORBIDDEN),
    (SECRETARY_ELSEWHERE, HTTPStatus.FORBIDDEN),
    (KERNTEAMLID, HTTPStatus.OK),
    (Role.VOORZITTER, HTTPStatus.OK),
    (Role.SECRETARIS, HTTPStatus.OK),
    (Role.KETENSECRETARIS, HTTPStatus.OK),
    (Role.KWARTIERMAKER, HTTPStatus.OK),
]


@pytest.mark.parametrize(("who", "expected"), EDITORS)
@pytest.mark.parametrize("page", ["project_create", "project_edit"])
def test_assignments_are_made_by_kernteam_and_secretariat(client, council, page, who, expected):
    project = ProjectFactory(council=council)
    url = council_url(page, council, **({"pk": project.pk} if page == "project_edit" else {}))
    login_as(client, council, who)

    response = client.get(url)

    if expected == LOGIN:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == expected


def test_an_adopted_assignment_has_no_edit_page(client, council):
    project = ProjectFactory(council=council, status=Project.Status.VASTGESTELD)
    login_as(client, council, Role.SECRETARIS)

    response = client.get(council_url("project_edit", council, pk=project.pk))

    assert response.status_code == HTTPStatus.FORBIDDEN


def project_data(issue, leader, group=(), extra_rows=0, **fields) -> dict:
    """The assignment form as the browser posts it; ``extra_rows`` untouched group rows."""
    data = {
        "title": "Meer granulaatbeton",
        "issue": issue.pk,
        "direction": "",
        "starts_on": "2026-01-01",
        "ends_on": "2027-06-30",
        "leader": leader.pk,
        "reporting_interval_months": "3",
        "budget_kind": "gedragen",
        "budget_amount": "",
        "groep-TOTAL_FORMS": str(len(group) + extra_rows),
        "groep-INITIAL_FORMS": "0",
        "groep-MIN_NUM_FORMS": "0",
        "groep-MAX_NUM_FORMS": "1000",
    }
    for i, (membership, geleding) in enumerate(group):
        data |= {f"groep-{i}-membership": membership.pk, f"groep-{i}-geleding": geleding}
    for i in range(len(group), len(group) + extra_rows):
        # Both selects of an untouched row send their empty first option.
        data |= {f"groep-{i}-membership": "", f"groep-{i}-geleding": ""}
    return data | fields


def test_the_secretaris_creates_an_assignment_with_a_project_group(client, council):
    issue = IssueFactory(council=council)
    leader = member_of(council)
    supplier = member_in(council, Geleding.AANBOD)
    government = member_in(council, Geleding.OVERHEID)
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("project_create", council),
        project_data(issue, leader, group=[(supplier, "aanbod"), (government, "overheid")]),
    )

    project = Project.objects.get()
    assertRedirects(response, project.get_absolute_url(), fetch_redirect_response=False)
    assert (project.status, project.leader, project.issue) == ("concept", leader, issue)
    assert project.covered_geledingen == ["aanbod", "overheid"]


def test_an_assignment_ending_before_it_starts_is_refused(client, council):
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("project_create", council),
        project_data(
            IssueFactory(council=council),
            member_of(council),
            starts_on="2026-06-01",
            ends_on="2026-05-01",
        ),
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Het einde ligt vóór de start.")
    assert not Project.objects.exists()


def test_a_budget_without_amount_is_refused_on_the_form(client, council):
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("project_create", council),
        project_data(
            IssueFactory(council=council),
            member_of(council),
            budget_kind="bedrag",
            cost_types="extern",
        ),
    )

    assertContains(response, "Geef het bedrag van het budget.")
    assert not Project.objects.exists()


def test_a_member_for_a_geleding_it_is_not_in_is_refused_on_the_form(client, council):
    supplier = member_in(council, Geleding.AANBOD, organisation__name="Betoncentrale Noord")
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("project_create", council),
        project_data(
            IssueFactory(council=council), member_of(council), group=[(supplier, "kennis")]
        ),
    )

    assertContains(response, "Betoncentrale Noord zit niet in de geleding Kennis.")
    assert not Project.objects.exists()


def test_untouched_group_rows_are_ignored(client, council):
    supplier = member_in(council, Geleding.AANBOD)
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("project_create", council),
        project_data(
            IssueFactory(council=council),
            member_of(council),
            group=[(supplier, "aanbod")],
            extra_rows=2,
        ),
    )

    assert response.status_code == HTTPStatus.FOUND
    assert Project.objects.get().covered_geledingen == ["aanbod"]


def test_the_create_form_starts_from_the_chosen_issue(client, council):
    issue = IssueFactory(council=council, title="Granulaat in wegfunderingen")
    login_as(client, council, Role.SECRETARIS)

    response = client.get(council_url("project_create", council), {"vraagstuk": issue.pk})

    assert response.context["form"]["issue"].value() == str(issue.pk)


# Actions on the project page ------------------------------------------------------------


def _today() -> str:
    return timezone.localdate().isoformat()


# action: (status before, form data, status after)
ACTIONS = {
    "vaststellen": (Project.Status.CONCEPT, lambda: {"adopted_on": _today()}, "vastgesteld"),
    "starten": (Project.Status.GEACCEPTEERD, dict, "lopend"),
    "goedkeuren": (Project.Status.EINDRAPPORT, dict, "afgerond"),
    "stoppen": (Project.Status.LOPEND, lambda: {"reason": "Geen draagvlak"}, "gestopt"),
    "accepteren": (Project.Status.VASTGESTELD, dict, "geaccepteerd"),
    "eindrapport": (
        Project.Status.LOPEND,
        lambda: {"text": "Het pakket is getekend."},
        "eindrapport",
    ),
    "bijlage": (
        Project.Status.LOPEND,
        lambda: {
            "title": "Eindrapport",
            "file": SimpleUploadedFile("rapport.pdf", PDF_BYTES, content_type="application/pdf"),
        },
        "lopend",
    ),
}
F, NF = HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND
PEOPLE = [ANONYMOUS, OUTSIDER, MEMBER, KERNTEAMLID, Role.KETENSECRETARIS, LEADER]
# A concept is invisible outside the council (404 before any permission check),
# except to its own leader, who may read it but not adopt it.
OUTCOMES = {
    "vaststellen": [NF, NF, F, DONE, DONE, F],
    "goedkeuren": [LOGIN, F, F, DONE, DONE, F],
    "stoppen": [LOGIN, F, F, DONE, DONE, F],
    "starten": [LOGIN, F, F, DONE, DONE, DONE],
    "accepteren": [LOGIN, F, F, F, F, DONE],
    "eindrapport": [LOGIN, F, F, F, F, DONE],
    "bijlage": [LOGIN, F, F, F, F, DONE],
}
MATRIX = [
    (action, who, outcome)
    for action, outcomes in OUTCOMES.items()
    for who, outcome in zip(PEOPLE, outcomes, strict=True)
]


@pytest.mark.parametrize(("action", "who", "expected"), MATRIX)
def test_who_may_take_which_step_on_the_project_page(client, council, action, who, expected):
    before, data, after = ACTIONS[action]
    project = ProjectFactory(council=council, status=before)
    act_as(client, project, who)
    url = council_url("action", council, pk=project.pk, action=action)

    response = client.post(url, data())

    project.refresh_from_db()
    if expected == DONE:
        assertRedirects(response, project.get_absolute_url(), fetch_redirect_response=False)
        assert project.status == after
        assert ReportAttachment.objects.exists() is (action == "bijlage")
    else:
        if expected == LOGIN:
            assert_login_redirect(response, url)
        else:
            assert response.status_code == expected
        assert project.status == before
        assert not ReportAttachment.objects.exists()


def test_an_unknown_action_is_not_found(client, council):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)
    login_as(client, council, Role.SECRETARIS)

    response = client.post(council_url("action", council, pk=project.pk, action="verdubbelen"))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_step_out_of_order_is_explained_on_the_page(client, council):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("action", council, pk=project.pk, action="goedkeuren"), follow=True
    )

    assertContains(response, "Dit kan niet bij een project met de status &#x27;Lopend&#x27;")
    project.refresh_from_db()
    assert project.status == Project.Status.LOPEND


def test_adopting_with_a_future_date_shows_why_not(client, council):
    project = ProjectFactory(council=council)
    login_as(client, council, Role.SECRETARIS)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(
        council_url("action", council, pk=project.pk, action="vaststellen"),
        {"adopted_on": tomorrow},
    )

    assertContains(response, "De vaststelling kan niet in de toekomst liggen.")
    project.refresh_from_db()
    assert project.status == Project.Status.CONCEPT


def test_adopting_moves_the_issue_into_handling(
    client, council, django_capture_on_commit_callbacks
):
    project = ProjectFactory(council=council)
    login_as(client, council, Role.KETENSECRETARIS)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            council_url("action", council, pk=project.pk, action="vaststellen"),
            {"adopted_on": _today()},
        )

    project.issue.refresh_from_db()
    assert project.issue.status == Issue.Status.IN_BEHANDELING


def test_an_attachment_of_the_wrong_type_is_refused_on_the_page(client, council):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)
    client.force_login(project.leader)

    response = client.post(
        council_url("action", council, pk=project.pk, action="bijlage"),
        {
            "title": "Notities",
            "file": SimpleUploadedFile("notities.txt", b"tekst", content_type="text/plain"),
        },
    )

    assert response.status_code == HTTPStatus.OK
    assertContains(response, "Alleen PDF, Word, Excel, PNG of JPEG")
    assert not ReportAttachment.objects.exists()


# Progress reports -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (ANONYMOUS, LOGIN),
        (OUTSIDER, HTTPStatus.FORBIDDEN),
        (MEMBER, HTTPStatus.FORBIDDEN),
        (KERNTEAMLID, HTTPStatus.FORBIDDEN),
        (Role.SECRETARIS, HTTPStatus.FORBIDDEN),
        (LEADER, HTTPStatus.OK),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_the_leader_files_progress_reports(client, council, method, who, expected):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)
    act_as(client, project, who)
    url = council_url("progress", council, pk=project.pk)

    response = getattr(client, method)(url, progress_data() if method == "post" else None)

    if expected == LOGIN:
        assert_login_redirect(response, url)
    elif method == "post" and expected == HTTPStatus.OK:
        assertRedirects(response, project.get_absolute_url(), fetch_redirect_response=False)
    else:
        assert response.status_code == expected
    assert ProgressReport.objects.exists() is (who == LEADER and method == "post")


def progress_data(lines=(), **fields) -> dict:
    data = {
        "text": "De projectgroep is compleet.",
        "percent_complete": "35",
        "risks": "",
        "post-TOTAL_FORMS": "3",
        "post-INITIAL_FORMS": "0",
        "post-MIN_NUM_FORMS": "0",
        "post-MAX_NUM_FORMS": "1000",
    }
    for i, (label, budgeted, granted, spent) in enumerate(lines):
        data |= {
            f"post-{i}-label": label,
            f"post-{i}-budgeted": budgeted,
            f"post-{i}-granted": granted,
            f"post-{i}-source": "Provincie Groningen",
            f"post-{i}-spent": spent,
            f"post-{i}-remark": "",
        }
    return data | fields


def test_the_leader_files_a_report_with_the_financial_overview(client, council):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND, with_budget=True)
    client.force_login(project.leader)
    lines = [("Projectleider", "1500.00", "1500.00", "450"), ("Extern", "2500", "1000", "0")]

    response = client.post(
        council_url("progress", council, pk=project.pk), progress_data(lines), follow=True
    )

    assertContains(response, "Het voortgangsbericht is ingediend.")
    report = ProgressReport.objects.get()
    assert [(line.label, line.still_needed) for line in report.lines.all()] == [
        ("Projectleider", 0),
        ("Extern", 1500),
    ]


def test_report_lines_that_do_not_add_up_show_the_totals(client, council):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND, with_budget=True)
    client.force_login(project.leader)
    lines = [("Projectleider", "1000.00", "1000.00", "0"), ("Extern", "2000.00", "2000.00", "0")]

    response = client.post(council_url("progress", council, pk=project.pk), progress_data(lines))

    assert response.status_code == HTTPStatus.OK
    assertContains(
        response, "De begrote posten tellen op tot € 3000.00, het projectbudget is € 4000.00."
    )
    assert not ProgressReport.objects.exists()


def test_a_percentage_over_100_is_refused_on_the_form(client, council):
    project = ProjectFactory(council=council, status=Project.Status.LOPEND)
    client.force_login(project.leader)

    response = client.post(
        council_url("progress", council, pk=project.pk), progress_data(percent_complete="120")
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["percent_complete"]
    assert not ProgressReport.objects.exists()


def test_a_report_on_a_project_not_yet_started_is_refused_with_a_message(client, council):
    project = ProjectFactory(council=council, status=Project.Status.GEACCEPTEERD)
    client.force_login(project.leader)

    response = client.post(council_url("progress", council, pk=project.pk), progress_data())

    assertContains(response, "Voortgang meldt u bij een lopend project.")
    assert not ProgressReport.objects.exists()


def test_a_project_of_another_council_has_no_progress_form(client, council):
    project = ProjectFactory(council=CouncilFactory(), status=Project.Status.LOPEND)
    client.force_login(project.leader)

    response = client.get(council_url("progress", council, pk=project.pk))

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_a_leader_outside_the_council_reads_their_concept_and_own_reports(client, council):
    leader = UserFactory()
    project = ProjectFactory(council=council, status=Project.Status.CONCEPT, leader=leader)
    client.force_login(leader)

    response = client.get(project.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert project.title in response.content.decode()


def test_the_deliverables_tick_themselves_as_their_objects_appear(client, council, running):
    from meetings.models import Meeting
    from tests.actionpackages.factories import IndicatorFactory, PackageFactory
    from tests.meetings.factories import MeetingFactory

    def ticked(response) -> list[str]:
        return [d["label"] for d in response.context["deliverables"] if d["done"]]

    assert ticked(client.get(running.get_absolute_url())) == []

    launch = MeetingFactory(
        council=council, kind=Meeting.Kind.STARTBIJEENKOMST, title="Startbijeenkomst granulaat"
    )
    package = PackageFactory(council=council, project=running, launch_meeting=launch)
    IndicatorFactory(package=package, name="Aandeel granulaat")
    response = client.get(running.get_absolute_url())

    # A concept package is nobody's business outside the council yet.
    assert ticked(response) == []
    assertNotContains(response, "Aandeel granulaat")

    login_as(client, council, MEMBER)
    response = client.get(running.get_absolute_url())
    assert ticked(response) == ["Actiepakket", "Startbijeenkomst", "Trendindicator"]
    assertContains(response, "Startbijeenkomst granulaat")
    assertContains(response, "Aandeel granulaat")

    client.logout()
    package.status = package.Status.OPEN
    package.save()
    assert ticked(client.get(running.get_absolute_url())) == [
        "Actiepakket",
        "Startbijeenkomst",
        "Trendindicator",
    ]


# The project leader: only people of the council, by name -------------------------------


def test_the_leader_choices_are_the_people_of_the_council_by_name(client, council):
    other = CouncilFactory()
    member = member_of(council)
    seated = BoardAppointmentFactory(council=council).user
    secretariat = user_with_role(council, Role.KETENSECRETARIS)
    programme = user_with_role(None, Role.KWARTIERMAKER)
    strangers = [
        member_of(other),
        user_with_role(other, Role.SECRETARIS),
        BoardAppointmentFactory(council=other).user,
        UserFactory(),
    ]
    nameless = member_of(council, organisation__name="Naamloos BV")
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    viewer = login_as(client, council, Role.SECRETARIS)

    response = client.get(council_url("project_create", council))

    offered = set(response.context["form"].fields["leader"].queryset)
    assert {member, seated, secretariat, programme, nameless, viewer} <= offered
    assert offered.isdisjoint(strangers)
    html = response.content.decode()
    for person in [member, seated, secretariat, *strangers, nameless]:
        assert person.email not in html
    assertContains(response, "Naam onbekend")


def test_a_leader_from_another_council_is_refused_at_the_field(client, council):
    login_as(client, council, Role.SECRETARIS)
    stranger = member_of(CouncilFactory())

    response = client.post(
        council_url("project_create", council),
        project_data(IssueFactory(council=council), stranger),
    )

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors["leader"] == [
        "Kies iemand die bij dit ketenoverleg hoort."
    ]
    assert not Project.objects.exists()


def test_a_concept_keeps_its_leader_who_left_the_council(client, council):
    leader = UserFactory(first_name="Vroeger", last_name="Lid")
    project = ProjectFactory(council=council, leader=leader)
    login_as(client, council, Role.SECRETARIS)

    response = client.post(
        council_url("project_edit", council, pk=project.pk),
        project_data(project.issue, leader, title="Nieuwe titel"),
    )

    assert response.status_code == HTTPStatus.FOUND
    project.refresh_from_db()
    assert (project.title, project.leader) == ("Nieuwe titel", leader)
