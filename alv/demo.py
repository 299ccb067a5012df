"""The demo council's ALV: last spring's meeting held (the jaarverslag of the year
before, this year's jaarplan and begroting, a reappointment by the roster, next year's
contributie and décharge), and the next one convened with an online vote open.

The ALV that was held is recorded the way the secretaris would have recorded it: its
convocation went out three weeks ahead, the attendance was kept at the door, and each
result goes through ``services.result_record``, so every decision took effect through
the same services as in use.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from actionpackages.models import Package
from alv import services
from alv.models import (
    AnnualReport,
    Assembly,
    AttendanceStatus,
    BudgetLine,
    Choice,
    ItemKind,
    LineCategory,
    YearPlan,
)
from ketenoverleg import services as core_services
from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, User
from meetings.demo import MONTHS
from meetings.models import Meeting
from members.models import BoardAppointment, Membership, MembershipStatus
from projects.models import Issue, Project

LOCATION = "Gemeentelijk Informatiecentrum, Groningen"


def _statute(council: Ketenoverleg, secretary: User):
    """The founding statute, adopted when the council was founded, and a concept of
    the next version for the coming ALV."""
    if not council.statutes.exists():
        founding = core_services.statute_new_version(council=council, by=secretary)
        core_services.statute_adopt(
            statute=founding, adopted_on=council.founded_on or date(2010, 5, 12), by=secretary
        )
    concept = council.statutes.filter(adopted_on__isnull=True).first()
    if concept is None:
        concept = core_services.statute_new_version(council=council, by=secretary)
        article = concept.articles.order_by("number").last()
        article.body += (
            "\n\nDe leden worden ten minste veertien dagen voor de algemene "
            "ledenvergadering opgeroepen; een lid kan zich laten vertegenwoordigen door "
            "één ander lid met een schriftelijke volmacht."
        )
        article.save(update_fields=["body"])
    return concept


def _plan(council: Ketenoverleg, year: int, goals: str) -> YearPlan:
    """A plan with its budget; what the penningmeester entered as realised only for a
    year that has begun."""
    plan, created = YearPlan.objects.get_or_create(
        council=council, year=year, defaults={"goals": goals}
    )
    if created:
        plan.issues.set(Issue.objects.filter(council=council)[:2])
        plan.projects.set(Project.objects.filter(council=council))
        plan.packages.set(Package.objects.filter(council=council)[:1])
        project = Project.objects.filter(council=council).first()
        lines = [
            (LineCategory.CONTRIBUTIE, None, "Contributies van de leden", "2400.00", None),
            (LineCategory.SUBSIDIE, None, "Subsidie gemeente Groningen", "5000.00", "5000.00"),
            (LineCategory.SPONSOR, None, "Bijdrage Bouwend Groningen", "1000.00", "750.00"),
            (LineCategory.SECRETARIAT, None, "Vergoeding ketensecretaris", "4800.00", "3600.00"),
            (LineCategory.OTHER_COST, None, "Zaalhuur en drukwerk", "600.00", "420.00"),
        ]
        if project is not None:
            lines.append((LineCategory.PROJECT, project, project.title, "3000.00", None))
        for category, line_project, label, planned, realised in lines:
            BudgetLine.objects.create(
                plan=plan,
                category=category,
                project=line_project,
                label=label,
                planned=Decimal(planned),
                realised_entered=(
                    Decimal(realised) if realised and year <= timezone.localdate().year else None
                ),
            )
    return plan


def _held(council: Ketenoverleg, secretary: User, members: list[Membership]) -> None:
    """Last spring's ALV: the meeting the meetings demo planned 30 weeks ago."""
    meeting = (
        Meeting.objects.filter(council=council, kind=Meeting.Kind.ALV, starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    if meeting is None:
        return
    held_on = timezone.localtime(meeting.starts_at).date()
    year = held_on.year
    AnnualReport.objects.get_or_create(
        council=council,
        year=year - 1,
        defaults={
            "introduction": (
                "Een jaar waarin de keten rond betongranulaat verder groeide: meer leden, "
                "een lopend actiepakket en een eerste meting van het effect."
            ),
            "closing": "Komend jaar krijgen de vacature overheid en de effectmeting voorrang.",
        },
    )
    _plan(
        council,
        year,
        "Meer betongranulaat in de Groningse bouw: het actiepakket uitvoeren, de "
        "effectmeting opzetten en de zetel overheid in het kernteam vullen.",
    )
    assembly = Assembly.objects.create(meeting=meeting, council=council, by_consensus=False)
    seat = BoardAppointment.objects.filter(council=council, seat="aanbod").order_by("pk").first()
    items = [
        (ItemKind.JAARVERSLAG, f"Jaarverslag en jaarrekening {year - 1}", {"year": year - 1}),
        (ItemKind.DECHARGE, f"Décharge van het kernteam over {year - 1}", {"year": year - 1}),
        (ItemKind.JAARPLAN, f"Jaarplan {year}", {"year": year}),
        (ItemKind.BEGROTING, f"Begroting {year}", {"year": year}),
        (
            ItemKind.CONTRIBUTIE,
            f"Contributie {year + 1}",
            {"year": year + 1, "contribution_amount": Decimal("160.00")},
        ),
    ]
    if seat is not None and not hasattr(seat, "next_term"):
        items.append(
            (
                ItemKind.HERBENOEMING,
                f"Herbenoeming van {seat.user} op de zetel {seat.get_seat_display()}",
                {"board_appointment": seat, "secret": True},
            )
        )
    created = [
        services.item_add(assembly=assembly, by=secretary, kind=kind, title=title, **fields)
        for kind, title, fields in items
    ]
    # The convocation went out three weeks ahead; the mail of then is not sent again.
    Assembly.objects.filter(pk=assembly.pk).update(
        convened_at=meeting.starts_at - timedelta(days=21), convened_by=secretary
    )
    assembly.refresh_from_db()
    present, proxies = members[:9], members[9:11]
    for membership in present:
        services.attendance_register(
            assembly=assembly, membership=membership, status=AttendanceStatus.PRESENT, by=secretary
        )
    for membership, holder in zip(proxies, present, strict=False):
        services.attendance_register(
            assembly=assembly,
            membership=membership,
            status=AttendanceStatus.PROXY,
            proxy_holder=holder,
            by=secretary,
        )
    voters = len(present) + len(proxies)
    for item in created:
        against = 1 if item.kind == ItemKind.CONTRIBUTIE else 0
        services.result_record(
            item=item,
            by=secretary,
            votes_for=voters - against - 1,
            votes_against=against,
            votes_abstain=1,
        )
    Assembly.objects.filter(pk=assembly.pk).update(closed_at=meeting.starts_at + timedelta(hours=2))


def _next(council: Ketenoverleg, secretary: User, members: list[Membership]) -> None:
    """The next ALV, four weeks from now, convened, with an online vote open."""
    day = timezone.localdate() + timedelta(weeks=4)
    assembly = services.assembly_create(
        council=council,
        by=secretary,
        title=f"Algemene ledenvergadering {MONTHS[day.month - 1]} {day.year}",  # named after its month
        starts_at=timezone.make_aware(datetime.combine(day, time(19, 30))),
        ends_at=timezone.make_aware(datetime.combine(day, time(21, 30))),
        location=LOCATION,
    )
    concept = _statute(council, secretary)
    _plan(
        council,
        day.year + 1,
        "Het tweede actiepakket voorbereiden en de effectmeting van granulaatbeton publiceren.",
    )
    amendment = services.item_add(
        assembly=assembly,
        by=secretary,
        kind=ItemKind.STATUTENWIJZIGING,
        title="Statutenwijziging: oproepingstermijn en volmacht",
        proposal="De oproepingstermijn wordt veertien dagen; een lid kan één volmacht geven.",
        statute=concept,
        online_voting=True,
    )
    services.item_add(
        assembly=assembly,
        by=secretary,
        kind=ItemKind.JAARPLAN,
        title=f"Jaarplan {day.year + 1}",
        year=day.year + 1,
        online_voting=True,
    )
    services.item_add(
        assembly=assembly,
        by=secretary,
        kind=ItemKind.MOTIE,
        title="Motie: granulaatbeton als standaard in gemeentelijke bestekken",
        proposal="De ALV vraagt het kernteam de gemeente hierover een brief te sturen.",
    )
    services.assembly_convene(assembly=assembly, by=secretary)
    # Some members voted online already.
    for membership, choice in zip(
        members[:4], [Choice.FOR, Choice.FOR, Choice.FOR, Choice.AGAINST], strict=False
    ):
        user = User.objects.filter(representations__organisation=membership.organisation).first()
        if user is not None:
            services.ballot_cast(item=amendment, membership=membership, choice=choice, by=user)


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    if Assembly.objects.filter(council=council).exists():
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    services.rules_set(council=council, by=secretary, proxies_per_attendee=1)
    members = list(
        Membership.objects.filter(council=council, status=MembershipStatus.TOEGELATEN)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    _held(council, secretary, members)
    _next(council, secretary, members)
