"""Demo members of Betonketenoverleg Groningen: ~30 members, a kernteam with one
vacancy (the overheid seat), pending applications, an appeal and a contributie year."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from ketenoverleg.demo import DEMO_SLUG, demo_user
from ketenoverleg.models import Geleding, Ketenoverleg, User
from members.models import (
    BoardAppointment,
    BoardFunction,
    BoardFunctionTerm,
    ContributionPayment,
    ContributionRate,
    Membership,
    MembershipEvent,
    MembershipGeleding,
    MembershipStatus,
    Organisation,
    Representative,
    Seat,
)
from members.services import LISTING_CONSENT_TEXT

G = Geleding
K = Organisation.Kind

# (name, kind, place, geledingen, intention)
MEMBERS = [
    (
        "Betoncentrale Noord",
        K.BEDRIJF,
        "Groningen",
        [G.AANBOD],
        "Wij leveren standaard betonmortel met betongranulaat en vragen elke klant naar het gewenste percentage.",
    ),
    (
        "Cementhandel Groningen",
        K.BEDRIJF,
        "Groningen",
        [G.AANBOD],
        "Wij bieden cement met een lage CO2-voetafdruk aan als eerste keus.",
    ),
    (
        "Prefab Beton Hoogkerk",
        K.BEDRIJF,
        "Hoogkerk",
        [G.AANBOD],
        "Onze prefab elementen zijn ontworpen om los te nemen en opnieuw te gebruiken.",
    ),
    (
        "Bouwmaterialenhandel Wierenga",
        K.BEDRIJF,
        "Haren",
        [G.AANBOD],
        "Wij nemen restpartijen terug en geven advies over hergebruik.",
    ),
    (
        "Transportbeton Eemshaven",
        K.BEDRIJF,
        "Delfzijl",
        [G.AANBOD],
        "Wij verminderen retourbeton en verwerken het in nieuwe producten.",
    ),
    (
        "Recyclingbeton Nederland",
        K.BEDRIJF,
        "Veendam",
        [G.AANBOD, G.RECYCLING],
        "Wij maken beton van honderd procent gerecyclede toeslagmaterialen.",
    ),
    (
        "Architectenbureau Bakker",
        K.BEDRIJF,
        "Groningen",
        [G.VRAAG],
        "Wij schrijven in elk ontwerp een percentage betongranulaat voor.",
    ),
    (
        "Bouwbedrijf Dijkstra",
        K.BEDRIJF,
        "Groningen",
        [G.VRAAG],
        "Wij bestellen bij elke stort beton met granulaat als dat technisch kan.",
    ),
    (
        "Woonstichting Stad en Ommeland",
        K.INSTELLING,
        "Groningen",
        [G.VRAAG],
        "Wij vragen in onze aanbestedingen om herbruikbare casco's.",
    ),
    (
        "Constructiebureau Hoekstra",
        K.BEDRIJF,
        "Groningen",
        [G.VRAAG, G.KENNIS],
        "Wij rekenen standaard met granulaatbeton en delen onze rekenregels.",
    ),
    (
        "Wegenbouw Noord",
        K.BEDRIJF,
        "Assen",
        [G.VRAAG],
        "Wij gebruiken minder granulaat in funderingen, zodat het naar nieuw beton kan.",
    ),
    (
        "Projectontwikkeling Ebbinge",
        K.BEDRIJF,
        "Groningen",
        [G.VRAAG],
        "Wij ontwikkelen losmaakbaar en leggen de materialen vast in een paspoort.",
    ),
    (
        "Puinrecycling Groningen",
        K.BEDRIJF,
        "Groningen",
        [G.RECYCLING],
        "Wij breken sloopbeton tot granulaat van betonkwaliteit.",
    ),
    (
        "Betonbreker Noord",
        K.BEDRIJF,
        "Winschoten",
        [G.RECYCLING],
        "Wij scheiden beton op de sloopplaats, zodat het schoon gerecycled kan worden.",
    ),
    (
        "Sloopbedrijf Van der Veen",
        K.BEDRIJF,
        "Leek",
        [G.RECYCLING],
        "Wij slopen circulair: eerst oogsten, dan pas breken.",
    ),
    (
        "Granulaatcentrale Noord-Nederland",
        K.BEDRIJF,
        "Groningen",
        [G.RECYCLING],
        "Wij certificeren granulaat zodat het in constructief beton mag.",
    ),
    (
        "Hogeschool Groningen, Bouwkunde",
        K.INSTELLING,
        "Groningen",
        [G.KENNIS],
        "Onze studenten onderzoeken elk jaar toepassingen van granulaatbeton.",
    ),
    (
        "Kenniscentrum Circulair Bouwen Noord",
        K.INSTELLING,
        "Groningen",
        [G.KENNIS],
        "Wij meten het effect van de actiepakketten van het ketenoverleg.",
    ),
    (
        "Noorderpoort MBO Bouw en Infra",
        K.INSTELLING,
        "Groningen",
        [G.KENNIS],
        "Circulair bouwen hoort bij elke opleiding die wij geven.",
    ),
    (
        "Ingenieursbureau Wierda",
        K.BEDRIJF,
        "Zuidhorn",
        [G.KENNIS, G.VRAAG],
        "Wij adviseren opdrachtgevers over hoogwaardig hergebruik van beton.",
    ),
    (
        "Gemeente Groningen",
        K.INSTELLING,
        "Groningen",
        [G.OVERHEID, G.VRAAG],
        "De gemeente geeft het goede voorbeeld en vraagt granulaatbeton in haar eigen projecten.",
    ),
    (
        "Provincie Groningen",
        K.INSTELLING,
        "Groningen",
        [G.OVERHEID],
        "De provincie stimuleert circulair bouwen in de hele regio.",
    ),
    (
        "Waterschap Noorderzijlvest",
        K.INSTELLING,
        "Groningen",
        [G.OVERHEID],
        "Het waterschap past granulaatbeton toe in kunstwerken waar dat kan.",
    ),
    (
        "Natuur en Milieufederatie Groningen",
        K.NETWERK,
        "Groningen",
        [G.TRANSITIE],
        "Wij brengen de resultaten van het ketenoverleg onder de aandacht van inwoners.",
    ),
    (
        "Netwerk Circulair Groningen",
        K.NETWERK,
        "Groningen",
        [G.TRANSITIE],
        "Wij verbinden koplopers in de circulaire bouw in de regio.",
    ),
    (
        "Stichting Duurzaam Bouwen Noord",
        K.SAMENWERKINGSVERBAND,
        "Groningen",
        [G.TRANSITIE],
        "Wij publiceren voorbeelden van herbruikbare casco's.",
    ),
    (
        "Bouwend Groningen",
        K.NETWERK,
        "Groningen",
        [G.TRANSITIE, G.VRAAG],
        "Wij informeren alle bouwbedrijven in de regio over de afspraken.",
    ),
    (
        "Jan de Boer, betonadviseur",
        K.PERSOON,
        "Ten Boer",
        [G.KENNIS],
        "Ik help opdrachtgevers beton met granulaat te bestellen.",
    ),
]

# Who from the demo users acts for which organisation, and sits on which seat.
SEATS = [
    ("penningmeester@beton-groningen.demo", "Betoncentrale Noord", Seat.AANBOD),
    ("voorzitter@beton-groningen.demo", "Architectenbureau Bakker", Seat.VRAAG),
    ("kernteam@beton-groningen.demo", "Puinrecycling Groningen", Seat.RECYCLING),
    ("secretaris@beton-groningen.demo", "Kenniscentrum Circulair Bouwen Noord", Seat.KENNIS),
    ("transitie@beton-groningen.demo", "Netwerk Circulair Groningen", Seat.TRANSITIE),
    ("ongebonden@beton-groningen.demo", "Bouwend Groningen", Seat.ONGEBONDEN),
]
MEMBER_LOGIN = ("lid@beton-groningen.demo", "Bouwbedrijf Dijkstra")
# The kernteam chose its officers from its midst; the kwartiermaker stays on as the
# non-voting procesbegeleider (handbook 4.3.2, 7.5.2).
FUNCTIONS = [
    ("voorzitter@beton-groningen.demo", BoardFunction.VOORZITTER),
    ("secretaris@beton-groningen.demo", BoardFunction.SECRETARIS),
    ("penningmeester@beton-groningen.demo", BoardFunction.PENNINGMEESTER),
    ("kwartiermaker@codin.demo", BoardFunction.PROCESBEGELEIDER),
]

PENDING = [
    (
        "Sloopbedrijf Oost-Groningen",
        K.BEDRIJF,
        "Stadskanaal",
        [G.RECYCLING],
        "Wij willen al het sloopbeton schoon aanleveren voor recycling.",
    ),
    (
        "Boekhandel De Zwerver",
        K.BEDRIJF,
        "Groningen",
        [G.AANBOD],
        "Wij verkopen boeken over duurzaam bouwen.",
    ),
]
APPEAL = (
    "Grondverzet Zuidlaren",
    K.BEDRIJF,
    "Zuidlaren",
    [G.VRAAG],
    "Wij gebruiken puingranulaat in onze wegfunderingen.",
)

CONTRIBUTION_YEAR = 2026


def _organisation(name, kind, place, intention, user: User) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "kind": kind,
            "place": place,
            "email": f"info@{slugify(name)}.demo",
            "phone": "050 000 0000",
            "website": f"https://{slugify(name)}.demo",
            "intention_text": intention,
        },
    )
    Representative.objects.get_or_create(organisation=org, user=user)
    return org


def _membership(council, org, geledingen, status, applied_at, user, **extra) -> Membership:
    membership, created = Membership.objects.get_or_create(
        organisation=org,
        council=council,
        defaults={
            "status": status,
            "supports_goal": True,
            "listing_consent": True,
            "listing_consent_at": applied_at,
            "listing_consent_text": LISTING_CONSENT_TEXT,
            "applied_at": applied_at,
            "applied_by": user,
            **extra,
        },
    )
    if created:
        MembershipGeleding.objects.bulk_create(
            MembershipGeleding(membership=membership, geleding=g) for g in geledingen
        )
        MembershipEvent.objects.create(
            membership=membership, at=applied_at, by=user, to_status=MembershipStatus.AANGEVRAAGD
        )
        if status != MembershipStatus.AANGEVRAAGD:
            MembershipEvent.objects.create(
                membership=membership,
                at=applied_at + timedelta(days=21),
                from_status=MembershipStatus.AANGEVRAAGD,
                to_status=status,
                note=extra.get("decision_reason", ""),
            )
    return membership


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    start = timezone.make_aware(datetime(2023, 2, 1, 10, 0))
    seat_users = {org: email for email, org, _ in SEATS}
    seat_users[MEMBER_LOGIN[1]] = MEMBER_LOGIN[0]
    memberships = {}
    for i, (name, kind, place, geledingen, intention) in enumerate(MEMBERS):
        email = seat_users.get(name) or f"contact@{slugify(name)}.demo"
        first, last = ("", "")
        if email.startswith("contact@"):
            first, last = "Contactpersoon", name
        user = demo_user(email, first, last)
        org = _organisation(name, kind, place, intention, user)
        memberships[name] = _membership(
            council,
            org,
            geledingen,
            MembershipStatus.TOEGELATEN,
            start + timedelta(days=7 * i),
            user,
            check_in_chain=True,
            check_geledingen=True,
            check_goal=True,
            check_intention=True,
            decided_at=start + timedelta(days=7 * i + 21),
            decision_reason="Voldoet aan alle criteria.",
        )

    recent = timezone.now() - timedelta(days=5)
    for name, kind, place, geledingen, intention in PENDING:
        user = demo_user(f"contact@{slugify(name)}.demo", "Contactpersoon", name)
        org = _organisation(name, kind, place, intention, user)
        _membership(council, org, geledingen, MembershipStatus.AANGEVRAAGD, recent, user)

    name, kind, place, geledingen, intention = APPEAL
    user = demo_user(f"contact@{slugify(name)}.demo", "Contactpersoon", name)
    org = _organisation(name, kind, place, intention, user)
    refused_at = recent - timedelta(days=30)
    appealed = _membership(
        council,
        org,
        geledingen,
        MembershipStatus.IN_BEROEP,
        refused_at - timedelta(days=20),
        user,
        check_in_chain=True,
        check_geledingen=False,
        check_goal=True,
        check_intention=True,
        decided_at=refused_at,
        decision_reason=(
            "Grondverzet levert vooral aan de wegenbouw; de gekozen geleding vraag past niet."
        ),
        appeal_reason="Wij bestellen jaarlijks veel beton voor onze eigen projecten en horen bij de vraagkant.",
        appeal_lodged_at=recent,
    )
    if not appealed.events.filter(to_status=MembershipStatus.IN_BEROEP).exists():
        MembershipEvent.objects.create(
            membership=appealed,
            at=recent,
            by=user,
            from_status=MembershipStatus.AFGEWEZEN,
            to_status=MembershipStatus.IN_BEROEP,
            note=appealed.appeal_reason,
        )

    # The kernteam: six of seven seats filled, overheid vacant; terms staggered.
    for index, (email, org_name, seat) in enumerate(SEATS):
        user = User.objects.get(email=email)
        starts_on = date(2023 + index // 2, 6, 1)  # two seats a year: a staggered roster
        BoardAppointment.objects.get_or_create(
            council=council,
            seat=seat,
            user=user,
            previous__isnull=True,  # the first term; the ALV may have reappointed since
            defaults={
                "membership": memberships[org_name],
                "starts_on": starts_on,
                "ends_on": starts_on.replace(year=starts_on.year + 4),
                "appointed_by_alv_on": starts_on.replace(day=1) - timedelta(days=7),
            },
        )

    for email, function in FUNCTIONS:
        user = User.objects.get(email=email)
        seat = BoardAppointment.objects.filter(council=council, user=user).first()
        starts_on = seat.starts_on if seat else date(2023, 6, 1)
        BoardFunctionTerm.objects.get_or_create(
            council=council,
            function=function,
            user=user,
            defaults={
                "appointment": seat,
                "starts_on": starts_on,
                "decided_on": starts_on,
            },
        )

    # Contributie: set by the ALV, most members have paid.
    treasurer = User.objects.get(email="penningmeester@beton-groningen.demo")
    ContributionRate.objects.get_or_create(
        council=council,
        year=CONTRIBUTION_YEAR,
        member_kind="",
        defaults={"amount": Decimal("150.00"), "set_by_alv_on": date(2025, 11, 20)},
    )
    ContributionRate.objects.get_or_create(
        council=council,
        year=CONTRIBUTION_YEAR,
        member_kind=Organisation.Kind.PERSOON,
        defaults={"amount": Decimal("25.00"), "set_by_alv_on": date(2025, 11, 20)},
    )
    for i, membership in enumerate(memberships.values()):
        if i % 5 == 4:
            continue  # these have not paid yet
        amount = (
            Decimal("25.00") if membership.organisation.kind == K.PERSOON else Decimal("150.00")
        )
        ContributionPayment.objects.get_or_create(
            membership=membership,
            year=CONTRIBUTION_YEAR,
            defaults={
                "amount": amount,
                "paid_on": date(2026, 2, 1) + timedelta(days=i),
                "recorded_by": treasurer,
            },
        )


# A latecomer: admitted after the main package started, so it has not signed yet and
# can join the running package (seeded after the packages, see seed_demo).
LATECOMER = (
    "laatkomer@beton-groningen.demo",
    "Betonrecycling Eemsdelta",
    "Delfzijl",
    [G.RECYCLING],
    "Wij breken betonpuin uit de Eemsdelta tot granulaat van betonkwaliteit.",
)


def seed_latecomer() -> tuple[str, str]:
    """The latecomer's login, for the list that seed_demo prints."""
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    email, name, place, geledingen, intention = LATECOMER
    user = demo_user(email, "Lars", "Laarman")
    org = _organisation(name, K.BEDRIJF, place, intention, user)
    applied_at = timezone.now() - timedelta(days=25)
    _membership(
        council,
        org,
        geledingen,
        MembershipStatus.TOEGELATEN,
        applied_at,
        user,
        check_in_chain=True,
        check_geledingen=True,
        check_goal=True,
        check_intention=True,
        decided_at=applied_at + timedelta(days=21),
        decision_reason="Voldoet aan alle criteria.",
    )
    return email, f"Lid dat zich alsnog aansluit ({name})"
