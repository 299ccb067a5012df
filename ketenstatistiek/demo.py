"""Demo ketenstatistiek of Betonketenoverleg Groningen: the published year 2025 with
nine members' figures (some cells published, some suppressed, so the kernteam sees the
reasons) and the year 2026 open for figures."""

from datetime import date
from decimal import Decimal

from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg, User
from ketenstatistiek import crypto, services
from ketenstatistiek.models import Period, PeriodEvent, Question, Submission
from members.models import Organisation

QUESTIONS = [
    {
        "code": "beton-geleverd",
        "label": "Geleverde betonmortel",
        "explanation": "Alle betonmortel die u in het werkgebied leverde, in ton.",
        "unit": "t",
        "kind": Question.Kind.QUANTITY,
        "min_value": Decimal(0),
        "max_value": Decimal(500000),
        "geledingen": ["aanbod"],
        "position": 1,
    },
    {
        "code": "granulaat-ingezet",
        "label": "Ingezet betongranulaat",
        "explanation": "Betongranulaat dat u leverde, verwerkte of liet verwerken, in ton.",
        "unit": "t",
        "kind": Question.Kind.QUANTITY,
        "min_value": Decimal(0),
        "max_value": Decimal(200000),
        "geledingen": ["aanbod", "vraag", "recycling"],
        "position": 2,
    },
    {
        "code": "aandeel-granulaat",
        "label": "Aandeel granulaat in geleverd beton",
        "explanation": "Het deel van de toeslagmaterialen dat uit betongranulaat bestond.",
        "unit": "%",
        "kind": Question.Kind.SHARE,
        "min_value": Decimal(0),
        "max_value": Decimal(100),
        "geledingen": ["aanbod"],
        "position": 3,
    },
]

# Nine members and their figures for 2025: (organisation, geleding, {code: value}).
FIGURES_2025 = [
    (
        "Betoncentrale Noord",
        "aanbod",
        {"beton-geleverd": "42150", "granulaat-ingezet": "6300", "aandeel-granulaat": "12"},
    ),
    (
        "Cementhandel Groningen",
        "aanbod",
        {"beton-geleverd": "35520", "granulaat-ingezet": "2100", "aandeel-granulaat": "30"},
    ),
    (
        "Prefab Beton Hoogkerk",
        "aanbod",
        {"beton-geleverd": "28030", "granulaat-ingezet": "3400", "aandeel-granulaat": "8"},
    ),
    (
        "Bouwmaterialenhandel Wierenga",
        "aanbod",
        {"beton-geleverd": "18470", "granulaat-ingezet": "950", "aandeel-granulaat": "5"},
    ),
    (
        "Transportbeton Eemshaven",
        "aanbod",
        {"beton-geleverd": "51020", "granulaat-ingezet": "4800", "aandeel-granulaat": "64"},
    ),
    ("Bouwbedrijf Dijkstra", "vraag", {"granulaat-ingezet": "1250"}),
    ("Woonstichting Stad en Ommeland", "vraag", {"granulaat-ingezet": "780"}),
    ("Puinrecycling Groningen", "recycling", {"granulaat-ingezet": "21400"}),
    ("Recyclingbeton Nederland", "recycling", {"granulaat-ingezet": "15700"}),
]


def _questions(period: Period) -> dict[str, Question]:
    questions = {}
    for data in QUESTIONS:
        questions[data["code"]], _created = Question.objects.get_or_create(
            period=period, code=data["code"], defaults=data
        )
    return questions


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")

    published, created = Period.objects.get_or_create(
        council=council,
        name="2025",
        defaults={
            "starts_on": date(2025, 1, 1),
            "ends_on": date(2025, 12, 31),
            "closes_on": date(2026, 2, 28),
            "introduction": "De eerste ketenstatistiek: hoeveel beton en granulaat gingen er in 2025 door de keten?",
            "status": Period.Status.GESLOTEN,
        },
    )
    if created:
        questions = _questions(published)
        for name, geleding, figures in FIGURES_2025:
            organisation = Organisation.objects.get(name=name)
            for code, value in figures.items():
                question = questions[code]
                Submission.objects.create(
                    period=published,
                    question=question,
                    organisation=organisation,
                    geleding=geleding,
                    sealed=crypto.seal(
                        question_id=question.pk,
                        organisation_id=organisation.pk,
                        value=Decimal(value),
                    ),
                )
        for from_status, to_status in [
            ("", Period.Status.CONCEPT),
            (Period.Status.CONCEPT, Period.Status.OPEN),
            (Period.Status.OPEN, Period.Status.GESLOTEN),
        ]:
            PeriodEvent.objects.create(
                period=published, by=secretary, from_status=from_status, to_status=to_status
            )
        services.period_publish(period=published, by=secretary)

    current, created = Period.objects.get_or_create(
        council=council,
        name="2026",
        defaults={
            "starts_on": date(2026, 1, 1),
            "ends_on": date(2026, 12, 31),
            "closes_on": date(2027, 2, 28),
            "introduction": "Dezelfde vragen als over 2025, zodat de ontwikkeling zichtbaar wordt.",
            "status": Period.Status.OPEN,
        },
    )
    if created:
        _questions(current)
        PeriodEvent.objects.create(period=current, by=secretary, to_status=Period.Status.OPEN)
