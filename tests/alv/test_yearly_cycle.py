"""The yearly cycle: the budget's realisation from the records, the jaarverslag public
after adoption, the proposal of a statute amendment for the members, the links back
from the council page, the meeting and the statute."""

from datetime import date, timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from alv import selectors, services
from alv.forms import AnnualReportForm, BudgetLineForm
from alv.models import AnnualReport, BudgetLine, ItemKind, YearPlan
from ketenoverleg import services as core_services
from ketenstatistiek import services as statistics_services
from members.models import ContributionPayment
from tests.actionpackages.factories import IndicatorFactory, MeasurementFactory
from tests.alv.conftest import DURING, make_alv_world
from tests.factories import UserFactory
from tests.ketenstatistiek.factories import PeriodFactory, QuestionFactory, figures
from tests.projects.factories import BudgetLineFactory, ProgressReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_realisation_counts_contributions_and_project_costs_of_the_year(world):
    council = world.council
    plan = YearPlan.objects.create(council=council, year=2026, goals="Doelen")
    project = ProjectFactory(council=council)
    contributions = BudgetLine.objects.create(
        plan=plan, category="contributie", label="Contributies", planned=Decimal("500")
    )
    project_line = BudgetLine.objects.create(
        plan=plan, category="project", project=project, label="Project", planned=Decimal("800")
    )
    other = BudgetLine.objects.create(
        plan=plan, category="overige_lasten", label="Zaalhuur", planned=Decimal("100")
    )
    for membership, year in [
        (world.members[0], 2026),
        (world.members[1], 2026),
        (world.members[2], 2025),
    ]:
        ContributionPayment.objects.create(
            membership=membership, year=year, amount=Decimal("150"), paid_on=date(2026, 2, 1)
        )
    # The reports' lines are cumulative: 200 spent before 2026, 700 by the end of 2026.
    old = ProgressReportFactory(project=project, submitted_on=date(2025, 11, 1))
    BudgetLineFactory(report=old, spent=Decimal("200"))
    new = ProgressReportFactory(project=project, submitted_on=date(2026, 3, 1))
    BudgetLineFactory(report=new, spent=Decimal("500"), label="Onkosten")
    BudgetLineFactory(report=new, spent=Decimal("200"), label="Honorarium")
    next_year = ProgressReportFactory(project=project, submitted_on=date(2027, 1, 15))
    BudgetLineFactory(report=next_year, spent=Decimal("2000"))
    services.realised_set(line=other, amount=Decimal("120"), by=world.secretaris)

    rows = {
        r["line"].pk: r
        for r in selectors.budget_rows(plan)["income"] + selectors.budget_rows(plan)["cost"]
    }
    assert rows[contributions.pk]["realised"] == Decimal("300")
    assert rows[contributions.pk]["difference"] == Decimal("-200")
    assert rows[project_line.pk]["realised"] == Decimal("500")
    assert rows[other.pk]["difference"] == Decimal("20")
    budget = selectors.budget_rows(plan)
    assert budget["totals"]["cost"]["realised"] == Decimal("620")
    assert budget["result_realised"] == Decimal("300") - Decimal("620")


def test_counted_lines_take_no_entered_realisation(world):
    plan = YearPlan.objects.create(council=world.council, year=2026, goals="Doelen")
    line = BudgetLine.objects.create(plan=plan, category="contributie", label="C", planned=1)
    with pytest.raises(ValidationError, match="telt het platform"):
        services.realised_set(line=line, amount=Decimal("5"), by=world.secretaris)


def test_adopted_plan_and_report_no_longer_change(world, assembly):
    plan = YearPlan.objects.create(council=world.council, year=2026, goals="Doelen")
    BudgetLine.objects.create(plan=plan, category="subsidie", label="S", planned=1)
    report = AnnualReport.objects.create(council=world.council, year=2025)
    items = [
        services.item_add(assembly=assembly, by=world.secretaris, kind=kind, title="x", year=year)
        for kind, year in [(ItemKind.BEGROTING, 2026), (ItemKind.JAARVERSLAG, 2025)]
    ]
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    services.attendance_register(
        assembly=assembly, membership=world.members[0], status="aanwezig", by=world.secretaris
    )
    with time_machine.travel(DURING, tick=False):
        for item in items:
            services.result_record(item=item, by=world.secretaris, votes_for=1)
    form = BudgetLineForm({"category": "sponsor", "label": "Nieuw", "planned": "5"}, plan=plan)
    assert form.is_valid()
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.budget_line_add(form=form, by=world.secretaris)
    form = AnnualReportForm({"introduction": "Anders"}, instance=report)
    assert form.is_valid()
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.report_update(form=form, by=world.secretaris)


def test_adopted_report_is_public_and_links_to_its_decision(client, world, assembly):
    report = AnnualReport.objects.create(council=world.council, year=2025, show_finances=False)
    plan = YearPlan.objects.create(council=world.council, year=2025, goals="Doelen")
    BudgetLine.objects.create(plan=plan, category="subsidie", label="Subsidie gemeente", planned=1)
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.JAARVERSLAG,
        title="Jaarverslag",
        year=2025,
    )
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    services.attendance_register(
        assembly=assembly, membership=world.members[0], status="aanwezig", by=world.secretaris
    )
    with time_machine.travel(DURING, tick=False):
        services.result_record(item=item, by=world.secretaris, votes_for=1)
    response = client.get(report.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "Vastgesteld door de ALV van 16 april 2026" in response.text
    assert item.get_absolute_url() in response.text
    # The council chose not to publish the figures: the public does not see them.
    assert "Subsidie gemeente" not in response.text
    client.force_login(world.reps[0])
    assert "Subsidie gemeente" in client.get(report.get_absolute_url()).text
    page = client.get(world.council.get_absolute_url())
    assert "Besluiten van de ALV" in page.text and item.get_absolute_url() in page.text


def test_proposal_is_for_members_from_the_convocation_on(client, world, assembly):
    founding = core_services.statute_new_version(council=world.council, by=world.secretaris)
    core_services.statute_adopt(statute=founding, adopted_on=date(2020, 1, 1), by=world.secretaris)
    concept = core_services.statute_new_version(council=world.council, by=world.secretaris)
    article = concept.articles.first()
    article.body = "Een nieuwe tekst."
    article.save()
    item = services.item_add(
        assembly=assembly,
        by=world.secretaris,
        kind=ItemKind.STATUTENWIJZIGING,
        title="Wijziging",
        statute=concept,
    )
    url = reverse("alv:proposal", args=[world.council.slug, assembly.pk, item.pk])
    assert client.get(url).status_code == HTTPStatus.FOUND
    client.force_login(UserFactory())
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN
    client.force_login(world.reps[0])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    services.assembly_convene(assembly=assembly, by=world.secretaris)
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Een nieuwe tekst." in response.text and "(gewijzigd)" in response.text
    # The core's own statute page still keeps the concept to the editors.
    assert client.get(concept.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_meeting_page_links_to_its_decisions(client, world, assembly):
    client.force_login(world.reps[0])
    response = client.get(assembly.meeting.get_absolute_url())
    assert assembly.get_absolute_url() in response.text


def test_informal_council_records_consensus_on_the_page(client, db):
    with time_machine.travel(DURING - timedelta(days=20), tick=False):
        informal = make_alv_world(informal=True, members=2)
        assembly = services.assembly_create(
            council=informal.council,
            by=informal.secretaris,
            title="Plenair",
            starts_at=DURING - timedelta(hours=1),
            location="Hoogeveen",
        )
        item = services.item_add(
            assembly=assembly, by=informal.secretaris, kind=ItemKind.MOTIE, title="Motie"
        )
        services.assembly_convene(assembly=assembly, by=informal.secretaris)
    with time_machine.travel(DURING, tick=False):
        client.force_login(informal.secretaris)
        page = client.get(assembly.get_absolute_url())
        assert "bij consensus" in page.text and "Voor (in de zaal)" not in page.text
        url = reverse("alv:result", args=[informal.council.slug, assembly.pk, item.pk])
        response = client.post(url, {f"r{item.pk}-consensus": "misschien"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        response = client.post(url, {f"r{item.pk}-consensus": "1"})
        assert response.status_code == HTTPStatus.FOUND
    item.refresh_from_db()
    assert item.is_adopted and item.quorum_required is None


def test_report_figures_count_the_years_records(world):
    council = world.council
    indicator = IndicatorFactory(package__council=council, package__title="Meer granulaat")
    MeasurementFactory(indicator=indicator, measured_on=date(2025, 3, 1), value=Decimal("5"))
    MeasurementFactory(indicator=indicator, measured_on=date(2025, 9, 1), value=Decimal("7.5"))
    MeasurementFactory(indicator=indicator, measured_on=date(2026, 2, 1), value=Decimal("9"))
    figures = selectors.report_figures(council, 2025)
    assert [(e["indicator"], e["value"]) for e in figures["effects"]] == [(indicator.name, "7.5")]
    assert figures["packages"][0]["measurements"] == 2
    assert figures["members_end"]["totaal"] == 0  # the members of this test joined in 2026
    assert selectors.report_figures(council, 2026)["members_end"]["totaal"] == 10


def test_the_jaarverslag_shows_the_published_ketenstatistiek_of_the_year_only(client, world):
    """Issue 18: the jaarverslag shows the published aggregates, never a member's figure."""
    council = world.council
    period = PeriodFactory(
        council=council,
        name="Statistiek 2025",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    question = QuestionFactory(period=period, label="Ingezet betongranulaat", geledingen=["aanbod"])
    figures(question, "aanbod", [1001, 1002, 1003, 1004, 1005, 1017])
    figures(question, "recycling", [7])  # one contributor: suppressed
    secretary = UserFactory()
    statistics_services.period_close(period=period, by=secretary)
    statistics_services.period_publish(period=period, by=secretary)

    tables = selectors.report_figures(council, 2025)["statistics"]

    assert [t["period"] for t in tables] == ["Statistiek 2025"]
    cells = {c["group"]: c for c in tables[0]["questions"][0]["cells"]}
    published = [c for c in cells.values() if c["published"]]
    assert published and all(c["count"] >= 5 for c in published)
    assert all(c["total"] is None for c in cells.values() if not c["published"])
    assert selectors.report_figures(council, 2024)["statistics"] == []
    report = AnnualReport.objects.create(council=council, year=2025)
    client.force_login(world.secretaris)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Ingezet betongranulaat" in page
    assert "6032" in page.replace(".", "")  # the published total
    assert "1017" not in page.replace(".", "")  # no single member's figure
