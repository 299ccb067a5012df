"""Demo action package "meer granulaatbeton" (handbook ch. 9): actions for all six
geledingen, a closed consultation, 15 signatures and a quarterly trend indicator."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from actionpackages import indicators, services
from actionpackages.models import (
    Action,
    Amendment,
    CommitmentReport,
    Indicator,
    Measurement,
    Metric,
    Package,
)
from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, NewsItem, RLadder, User
from meetings.models import Meeting
from members.models import Membership, Organisation
from projects.models import Project

ACTIONS = [
    (
        "aanbod",
        "Mortelleveranciers voegen aan hun bestelprocedure een standaardvraag toe naar het gewenste percentage betongranulaat.",
        "resultaat",
        RLadder.R8,
    ),
    (
        "aanbod",
        "Leveranciers adviseren over betonsoorten met een lange levensduur.",
        "inspanning",
        RLadder.R2,
    ),
    (
        "vraag",
        "Architecten en constructeurs schrijven in bestekken een percentage granulaat voor.",
        "inspanning",
        RLadder.R8,
    ),
    (
        "vraag",
        "Aannemers bestellen bij elke stort iets meer granulaatbeton.",
        "resultaat",
        RLadder.R8,
    ),
    (
        "recycling",
        "Puinbrekers leveren gecertificeerd granulaat van betonkwaliteit en laten voorbeelden zien op hun website.",
        "inspanning",
        RLadder.R8,
    ),
    (
        "kennis",
        "Het kenniscentrum meet jaarlijks het aandeel granulaat in geleverd beton; studenten krijgen opdrachten over granulaatbeton.",
        "resultaat",
        "",
    ),
    (
        "overheid",
        "De gemeente bestelt minder granulaat voor wegfunderingen en communiceert de afspraken.",
        "resultaat",
        RLadder.R2,
    ),
    (
        "transitie",
        "Netwerken publiceren de voorbeelden en nodigen nieuwe partijen uit.",
        "afstemming",
        "",
    ),
]
# Which actions reinforce each other (indexes in ACTIONS).
LINKS = [(0, 2), (0, 3), (2, 3), (4, 0), (6, 4), (5, 0), (7, 4)]

AMENDMENTS = [
    (
        0,
        "Vraag ook naar het gewenste percentage bij telefonische bestellingen.",
        True,
        "Overgenomen: de standaardvraag geldt voor alle bestelkanalen.",
    ),
    (
        6,
        "De gemeente stopt helemaal met granulaat in funderingen.",
        False,
        "Niet overgenomen: een kleine stap per jaar houdt het haalbaar voor de wegenbouw.",
    ),
    (None, "Noem in de inleiding ook de CO2-besparing.", True, "Overgenomen in de inleiding."),
]


SIGNING_INDICATOR = "Ondertekenende organisaties"


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    if Package.objects.filter(council=council).exists():
        _compute_signing_indicator(council)
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    project = Project.objects.filter(council=council, title="Meer granulaatbeton").first()
    starts_on = timezone.localdate()
    launch = Meeting.objects.create(
        council=council,
        kind=Meeting.Kind.STARTBIJEENKOMST,
        title="Startbijeenkomst meer granulaatbeton",
        starts_at=timezone.make_aware(datetime.combine(starts_on - timedelta(days=1), time(16, 0))),
        location="Stadhuis Groningen",
        invitees=Meeting.Invitees.MEMBERS,
        is_public=True,
    )
    package = services.package_create(
        council=council,
        by=secretary,
        project=project,
        title="Meer granulaatbeton",
        aim="Meer betongranulaat terug in nieuw beton in plaats van in wegfunderingen.",
        introduction="Iedere partij in de keten zet een kleine stap binnen de eigen bedrijfsvoering. "
        "Samen verschuift de stroom granulaat van de funderingen naar nieuw beton en bespaart de keten CO2.",
        launch_meeting=launch,
    )
    actions = []
    for i, (geleding, text, commitment, ladder) in enumerate(ACTIONS):
        actions.append(
            Action.objects.create(
                package=package,
                geleding=geleding,
                text=text,
                commitment=commitment,
                r_ladder=ladder,
                position=i,
            )
        )
    for a, b in LINKS:
        actions[a].reinforces.add(actions[b])
    services.package_consult(package=package, by=secretary)
    member = User.objects.get(email="lid@beton-groningen.demo")
    for index, proposal, accept, argument in AMENDMENTS:
        amendment = services.amendment_propose(
            package=package,
            by=member,
            proposal=proposal,
            action=actions[index] if index is not None else None,
        )
        services.amendment_decide(
            amendment=amendment, accept=accept, argument=argument, by=secretary
        )
    actions[0].text += " Dat geldt voor alle bestelkanalen."
    actions[0].save()
    services.package_adopt(package=package, by=secretary)
    package.refresh_from_db()
    services.package_open(package=package, starts_on=starts_on, by=secretary)

    # Fifteen member organisations sign, each for the actions of its own geleding(en).
    signed = 0
    for membership in (
        Membership.objects.filter(council=council, status="toegelaten")
        .select_related("organisation")
        .order_by("organisation__name")
    ):
        if signed == 15:
            break
        organisation: Organisation = membership.organisation
        rep = organisation.representatives.filter(may_sign=True).select_related("user").first()
        own = services.signable_actions(package, organisation)
        if rep is None or not own:
            continue
        first_per_geleding = {}
        for action in own:
            first_per_geleding.setdefault(action.geleding, action)
        services.sign(
            package=package,
            by=rep.user,
            organisation=organisation,
            actions=list(first_per_geleding.values()),
        )
        signed += 1
    services.package_start(package=package, by=secretary)

    indicator = services.indicator_add(
        package=package,
        by=secretary,
        name="Aandeel granulaat in geleverd beton",
        description="Het aandeel betongranulaat in de toeslagmaterialen van al het beton dat in de gemeente wordt geleverd.",
        kind="effect",
        unit="%",
        method="Opgave van de betoncentrales, gewogen naar geleverde kubieke meters.",
        source="Betoncentrales in het werkgebied",
        frequency="Elk kwartaal",
        measured_by="Kenniscentrum Circulair Bouwen Noord",
        baseline_value=Decimal("4.0"),
        baseline_on=starts_on - timedelta(days=365),
        target_value=Decimal("15.0"),
    )
    for quarter, value in enumerate(
        [Decimal("4.5"), Decimal("5.8"), Decimal("7.2"), Decimal("8.9")], start=1
    ):
        Measurement.objects.create(
            indicator=indicator,
            measured_on=starts_on - timedelta(days=365) + timedelta(days=91 * quarter),
            value=value,
            source="Opgave betoncentrales",
            entered_by=secretary,
        )
    # A process indicator the platform computes itself: it shows the 15 signatures.
    services.indicator_add(
        package=package,
        by=secretary,
        name=SIGNING_INDICATOR,
        metric=Metric.ONDERTEKENAARS,
        description="Het aantal organisaties dat de intentieverklaring heeft ondertekend.",
        baseline_value=Decimal("0"),
        baseline_on=starts_on,
        target_value=Decimal("25"),
    )
    Amendment.objects.filter(package=package).update(
        proposed_at=timezone.now() - timedelta(days=90)
    )


def _compute_signing_indicator(council) -> None:
    """A demo database from before computed indicators typed this one in by hand (and
    showed 0 beside 15 signatures): let the platform compute it from now on."""
    for indicator in Indicator.objects.filter(
        package__council=council, name=SIGNING_INDICATOR, metric=""
    ):
        indicator.metric = Metric.ONDERTEKENAARS
        indicator.kind = Indicator.Kind.PROCESS
        indicator.method = indicators.method_text(Metric.ONDERTEKENAARS, "")
        indicator.source = "Het platform van het ketenoverleg"
        indicator.frequency = "Dagelijks bijgewerkt"
        indicator.measured_by = "Berekend uit het platform"
        indicator.save()
        services.indicator_measure(indicator=indicator)


def seed_travel() -> None:
    """Packages that travel: Betonketenoverleg Groningen offers its package as an
    example and Verfketenoverleg Hoogeveen copies it as a draft of its own."""
    package = Package.objects.filter(council__slug=DEMO_SLUG, title="Meer granulaatbeton").first()
    hoogeveen = Ketenoverleg.objects.filter(slug="verf-hoogeveen").first()
    if package is None or hoogeveen is None:
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    services.package_example_publish(package=package, by=secretary)
    if not Package.objects.filter(council=hoogeveen, based_on=package).exists():
        kwartiermaker = User.objects.get(email="kwartiermaker@codin.demo")
        services.package_copy(source=package, council=hoogeveen, by=kwartiermaker)


def seed_statistics_indicator() -> None:
    """An effect indicator of the demo package that follows the ketenstatistiek: the
    total granulate used in the chain, fed by every published period."""
    package = Package.objects.get(council__slug=DEMO_SLUG, title="Meer granulaatbeton")
    if package.indicators.filter(statistic_code="granulaat-ingezet").exists():
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    services.indicator_add(
        package=package,
        by=secretary,
        name="Ingezet betongranulaat in de keten",
        description="Al het betongranulaat dat de leden in een jaar leverden of verwerkten.",
        kind="effect",
        unit="t",
        method="Ketenstatistiek, vraag granulaat-ingezet: het gepubliceerde totaal van alle geledingen.",
        source="Ketenstatistiek",
        frequency="Elk jaar",
        measured_by="Het platform (alleen gepubliceerde totalen)",
        baseline_value=Decimal("0"),
        baseline_on=date(2024, 12, 31),
        statistic_code="granulaat-ingezet",
        statistic_group="totaal",
        statistic_measure="total",
    )


# Every flow of the core loop (issue 13) ---------------------------------------------

CONSULTED = "Betonpuin gescheiden aanleveren"
OPEN_FOR_SIGNING = "Granulaat in prefab-elementen"
REVIEWED = "Minder cement per kubieke meter"
REVIEWED_SIGNERS = [
    "Bouwbedrijf Dijkstra",  # the demo member: delayed twice, so an improvement plan
    "Betoncentrale Noord",
    "Architectenbureau Bakker",
    "Puinrecycling Groningen",
]


def _actions(package, texts: dict[str, str]) -> None:
    for position, (geleding, text) in enumerate(texts.items()):
        Action.objects.create(
            package=package,
            geleding=geleding,
            text=text,
            commitment="inspanning",
            position=position,
        )


def _six(subject: str) -> dict[str, str]:
    return {
        "aanbod": f"Leveranciers bespreken {subject} met elke klant.",
        "vraag": f"Opdrachtgevers vragen in hun bestekken naar {subject}.",
        "recycling": f"Recyclingbedrijven delen hun ervaring met {subject}.",
        "kennis": f"Het kenniscentrum meet elk jaar de voortgang van {subject}.",
        "overheid": f"De gemeente neemt {subject} op in haar inkoopbeleid.",
        "transitie": f"Netwerken brengen partijen samen rond {subject}.",
    }


def _signers(council, names=None) -> list[tuple[Organisation, User]]:
    """Member organisations with a representative who may sign, by name."""
    memberships = (
        Membership.objects.filter(council=council, status="toegelaten")
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if names is not None:
        memberships = memberships.filter(organisation__name__in=names)
    found = []
    for membership in memberships:
        rep = membership.organisation.representatives.filter(may_sign=True).first()
        if rep is not None:
            found.append((membership.organisation, rep.user))
    return found


def _sign(package, organisation, user) -> None:
    own = services.signable_actions(package, organisation)
    if own:
        services.sign(package=package, by=user, organisation=organisation, actions=own[:1])


def seed_flows() -> None:
    """Right after ``make run``: a second package in consultation, a third open for
    signing with a few signatures, and a package running for two years whose yearly
    review is in progress with one improvement plan; the running main package keeps
    its computed process indicators (a latecomer can still sign it, members.demo)."""
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    packages = set(Package.objects.filter(council=council).values_list("title", flat=True))
    if CONSULTED not in packages:
        package = services.package_create(
            council=council,
            by=secretary,
            title=CONSULTED,
            aim="Schoon betonpuin, gescheiden van ander bouwafval, zodat meer granulaat betonkwaliteit haalt.",
        )
        _actions(package, _six("gescheiden aanleveren van betonpuin"))
        services.package_consult(package=package, by=secretary)
    if OPEN_FOR_SIGNING not in packages:
        package = services.package_create(
            council=council,
            by=secretary,
            title=OPEN_FOR_SIGNING,
            aim="Prefab-betonelementen met granulaat als gewone keuze in de bouw.",
        )
        _actions(package, _six("granulaat in prefab-elementen"))
        services.package_consult(package=package, by=secretary)
        services.package_adopt(package=package, by=secretary)
        services.package_open(
            package=package, starts_on=timezone.localdate() + timedelta(days=30), by=secretary
        )
        for organisation, user in _signers(council)[:3]:
            _sign(package, organisation, user)
    if REVIEWED not in packages:
        _seed_reviewed(council, secretary)
    _seed_process_indicators(council, secretary)


def _seed_reviewed(council, secretary) -> None:
    """A package that started two years and ten days ago: round 2 of the yearly review
    was due ten days ago. The demo member reported "vertraagd" in round 1 and again in
    round 2, so it made an improvement plan; two others reported on schedule, one has
    not reported yet (late)."""
    today = timezone.localdate()
    package = services.package_create(
        council=council,
        by=secretary,
        title=REVIEWED,
        aim="Minder cement per kubieke meter beton, met dezelfde sterkte.",
    )
    _actions(package, _six("minder cement per kubieke meter"))
    services.package_consult(package=package, by=secretary)
    services.package_adopt(package=package, by=secretary)
    services.package_open(package=package, starts_on=today, by=secretary)
    signers = _signers(council, REVIEWED_SIGNERS)
    for organisation, user in signers:
        _sign(package, organisation, user)
    services.package_start(package=package, by=secretary)
    # The history: it opened, was signed and started two years ago.
    started = today.replace(year=today.year - 2) - timedelta(days=10)
    started_at = timezone.make_aware(datetime.combine(started, time(10, 0)))
    Package.objects.filter(pk=package.pk).update(starts_on=started)
    package.signatures.update(signed_at=started_at - timedelta(days=14), joined_late=False)
    package.events.update(at=started_at - timedelta(days=30))
    NewsItem.objects.filter(council=council, title__contains=REVIEWED).update(
        published_at=started_at, announced_at=started_at
    )
    package.refresh_from_db()
    by_name = {o.name: (o, u) for o, u in signers}
    member, member_user = by_name[REVIEWED_SIGNERS[0]]
    first_round = started_at + timedelta(days=360)
    for name, status, note in [
        (REVIEWED_SIGNERS[0], "vertraagd", "De nieuwe mengsels zijn nog niet goedgekeurd."),
        (REVIEWED_SIGNERS[1], "op_schema", ""),
        (REVIEWED_SIGNERS[2], "op_schema", ""),
        (REVIEWED_SIGNERS[3], "uitgevoerd", ""),
    ]:
        if name not in by_name:
            continue
        organisation, user = by_name[name]
        for commitment in package.signatures.get(organisation=organisation).commitments.all():
            CommitmentReport.objects.create(
                commitment=commitment,
                review_number=1,
                status=status,
                note=note,
                reported_by=user,
                reported_at=first_round,
            )
    # Round 2, now: the demo member is delayed again and makes an improvement plan.
    for commitment in package.signatures.get(organisation=member).commitments.all():
        services.commitment_review_report(
            commitment=commitment,
            status="vertraagd",
            note="De goedkeuring loopt nog; de eerste proefstort is gepland.",
            by=member_user,
            plan_what="Proefstort met het nieuwe mengsel en goedkeuring door de constructeur.",
            plan_who="Hoofd bedrijfsbureau",
            plan_due_on=today + timedelta(days=90),
        )
    for name in REVIEWED_SIGNERS[1:3]:
        if name not in by_name:
            continue
        organisation, user = by_name[name]
        for commitment in package.signatures.get(organisation=organisation).commitments.all():
            services.commitment_review_report(
                commitment=commitment, status="op_schema", note="", by=user
            )


def _seed_process_indicators(council, secretary) -> None:
    """Process indicators that the platform computes: participation and the meeting
    rhythm beside the signatures of the main package, and the commitments on schedule
    of the package whose yearly review is in progress."""
    wanted = [
        ("Meer granulaatbeton", Metric.DEELNAME_GELEDING, "vraag", "Deelname van de vraagkant"),
        ("Meer granulaatbeton", Metric.KERNTEAM_RITME, "", "Kernteamvergaderingen per jaar"),
        (REVIEWED, Metric.TOEZEGGINGEN_OP_SCHEMA, "", "Toezeggingen op schema"),
    ]
    for title, metric, geleding, name in wanted:
        package = Package.objects.filter(council=council, title=title).first()
        if package is None or package.indicators.filter(metric=metric).exists():
            continue
        services.indicator_add(
            package=package,
            by=secretary,
            name=name,
            metric=metric,
            geleding=geleding,
            description=str(Metric(metric).label),
        )
