"""Demo probleemlijst and Uiver project of Betonketenoverleg Groningen (handbook ch. 9)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, RLadder, User
from members.models import Membership
from projects import services
from projects.models import Issue, Project, ProjectEvent

ISSUES = [
    (
        "Betongranulaat verdwijnt in wegfunderingen",
        "Vrijwel al het betongranulaat uit sloop gaat als funderingsmateriaal de weg in, in "
        "plaats van terug in nieuw beton. Zo blijft de vraag naar grind en zand even groot.",
        ["aanbod", "vraag", "recycling", "overheid"],
        RLadder.R8,
        "Kernteam, met cijfers van de puinbrekers",
        {"voorzitter": [5, 5, 4, 4, 5], "secretaris": [4, 5, 5, 4, 4], "kernteam": [5, 4, 4, 5, 5]},
    ),
    (
        "Beton blijft achter in de grond",
        "Funderingen en kelders van gesloopte gebouwen blijven vaak in de grond zitten. Het "
        "materiaal is dan voorgoed uit de kringloop.",
        ["vraag", "recycling", "overheid"],
        RLadder.R8,
        "Sloopbedrijf Van der Veen",
        {"voorzitter": [3, 2, 2, 3, 3], "secretaris": [3, 3, 2, 2, 3]},
    ),
    (
        "Gemengd sloopafval",
        "Beton komt vermengd met ander sloopafval bij de breker aan, waardoor het granulaat "
        "niet geschikt is voor constructief beton.",
        ["recycling", "vraag"],
        RLadder.R8,
        "Puinrecycling Groningen",
        {"voorzitter": [4, 3, 4, 3, 3], "kernteam": [4, 4, 3, 3, 4]},
    ),
    (
        "Casco's worden niet hergebruikt",
        "Gebouwen worden gesloopt terwijl het betonnen casco nog tientallen jaren mee kan.",
        ["vraag", "kennis", "overheid"],
        RLadder.R3,
        "Woonstichting Stad en Ommeland",
        {},
    ),
]

ROLE_EMAILS = {
    "voorzitter": "voorzitter@beton-groningen.demo",
    "secretaris": "secretaris@beton-groningen.demo",
    "kernteam": "kernteam@beton-groningen.demo",
}


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    if Issue.objects.filter(council=council).exists():
        return
    secretary = User.objects.get(email=ROLE_EMAILS["secretaris"])
    criteria = services.criteria_for(council)
    issues = []
    for title, description, geledingen, ladder, source, scores in ISSUES:
        issue = services.issue_create(
            council=council,
            by=secretary,
            title=title,
            description=description,
            geledingen=geledingen,
            r_ladder=ladder,
            source=source,
            raised_on=timezone.localdate() - timedelta(days=400),
        )
        for who, values in scores.items():
            user = User.objects.get(email=ROLE_EMAILS[who])
            services.scores_save(
                issue=issue,
                user=user,
                values={c.pk: v for c, v in zip(criteria, values, strict=True)},
            )
        issues.append(issue)
    main = issues[0]
    direction = services.direction_add(
        issue=main,
        description="Meer granulaat in nieuw beton: leveranciers vragen standaard naar het "
        "gewenste percentage, opdrachtgevers schrijven het voor.",
        r_ladder=RLadder.R8,
        by=secretary,
    )
    services.direction_add(
        issue=main,
        description="Minder granulaat in funderingen van de gemeente.",
        r_ladder=RLadder.R2,
        by=secretary,
    )

    leader = User.objects.get(email="kernteam@beton-groningen.demo")
    starts_on = timezone.localdate() - timedelta(days=200)
    project = Project(
        council=council,
        title="Meer granulaatbeton",
        issue=main,
        direction=direction,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=540),
        budget_kind=Project.Budget.AMOUNT,
        budget_amount=Decimal("4000.00"),
        budget_incl_vat=False,
        cost_types=["leider", "onkosten", "extern"],
        leader=leader,
        reporting_interval_months=3,
    )
    group = []
    wanted = {
        "Betoncentrale Noord": "aanbod",
        "Bouwbedrijf Dijkstra": "vraag",
        "Puinrecycling Groningen": "recycling",
        "Kenniscentrum Circulair Bouwen Noord": "kennis",
        "Gemeente Groningen": "overheid",
        "Netwerk Circulair Groningen": "transitie",
    }
    for membership in Membership.objects.filter(
        council=council, organisation__name__in=wanted
    ).select_related("organisation"):
        group.append((membership, wanted[membership.organisation.name]))
    services.project_save(project=project, members=group, by=secretary)
    services.project_adopt(project=project, adopted_on=starts_on - timedelta(days=14), by=secretary)
    services.project_accept(project=project, by=leader)
    services.project_start(project=project, by=leader)
    Project.objects.filter(pk=project.pk).update(accepted_on=starts_on - timedelta(days=7))
    ProjectEvent.objects.filter(project=project).update(at=timezone.now() - timedelta(days=200))
    for days_ago, text, percent, spent in [
        (
            110,
            "De projectgroep is compleet; de leveranciers testen een standaardvraag naar "
            "het percentage granulaat in hun bestelprocedure.",
            35,
            Decimal("900.00"),
        ),
        (
            20,
            "Het concept-actiepakket ligt klaar voor consultatie; de gemeente past haar "
            "bestek voor funderingen aan.",
            60,
            Decimal("2100.00"),
        ),
    ]:
        services.progress_report_submit(
            project=project,
            by=leader,
            submitted_on=timezone.localdate() - timedelta(days=days_ago),
            text=text,
            percent_complete=percent,
            risks="Twee leveranciers twijfelen nog over de kosten van certificering.",
            lines=[
                {
                    "label": "Vrijwilligersvergoeding projectleider",
                    "budgeted": Decimal("1500.00"),
                    "granted": Decimal("1500.00"),
                    "source": "Gemeente Groningen",
                    "spent": spent * Decimal("0.5"),
                    "remark": "",
                },
                {
                    "label": "Onkosten projectgroep",
                    "budgeted": Decimal("500.00"),
                    "granted": Decimal("500.00"),
                    "source": "Provincie Groningen",
                    "spent": spent * Decimal("0.2"),
                    "remark": "",
                },
                {
                    "label": "Externe kosten (startbijeenkomst, drukwerk)",
                    "budgeted": Decimal("2000.00"),
                    "granted": Decimal("1000.00"),
                    "source": "Provincie Groningen",
                    "spent": spent * Decimal("0.3"),
                    "remark": "",
                },
            ],
        )
