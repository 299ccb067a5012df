"""Demo data: Betonketenoverleg Groningen (handbook ch. 9) and two neighbouring councils.

Every function here is idempotent: it looks records up by a natural key and only
creates what is missing, so ``seed_demo`` can run on every ``make run``.
"""

from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from ketenoverleg.models import (
    KERNTEAM_HELD_ROLES,
    Ketenoverleg,
    NewsItem,
    Role,
    RoleAssignment,
    User,
)
from ketenoverleg.signals import council_created

DEMO_PASSWORD = "ketenoverleg-demo"
DEMO_SLUG = "beton-groningen"

# (e-mail, first name, last name, role, council slug or None for the whole programme)
DEMO_USERS = [
    ("voorzitter@beton-groningen.demo", "Anna", "Bakker", Role.VOORZITTER, DEMO_SLUG),
    ("secretaris@beton-groningen.demo", "Joost", "de Vries", Role.SECRETARIS, DEMO_SLUG),
    ("penningmeester@beton-groningen.demo", "Fenna", "Mulder", Role.PENNINGMEESTER, DEMO_SLUG),
    ("kernteam@beton-groningen.demo", "Sander", "Hoekstra", Role.KERNTEAMLID, DEMO_SLUG),
    ("ketensecretaris@beton-groningen.demo", "Lotte", "Visser", Role.KETENSECRETARIS, DEMO_SLUG),
    ("lid@beton-groningen.demo", "Pieter", "Smit", Role.LID, DEMO_SLUG),
    ("transitie@beton-groningen.demo", "Ruud", "Kuipers", Role.KERNTEAMLID, DEMO_SLUG),
    ("ongebonden@beton-groningen.demo", "Ilse", "Postma", Role.KERNTEAMLID, DEMO_SLUG),
    ("kwartiermaker@codin.demo", "Marieke", "Jansen", Role.KWARTIERMAKER, None),
]
DEMO_ADMIN = "beheer@ketenoverleg.demo"

COUNCILS = [
    {
        "slug": "beton-provincie-groningen",
        "name": "Provinciaal Betonketenoverleg Groningen",
        "product_category": "Beton",
        "area": "Provincie Groningen",
        "goal": (
            "De betonketen in de provincie Groningen samen verduurzamen: de lokale "
            "betonketenoverleggen ondersteunen en de provinciale partijen verbinden."
        ),
        "organisation_form": Ketenoverleg.OrganisationForm.INFORMEEL,
        "penvoerder": "Provincie Groningen",
        "contact_email": "beton@provincie-groningen.demo",
        "founded_on": date(2012, 3, 1),
    },
    {
        "slug": DEMO_SLUG,
        "name": "Betonketenoverleg Groningen",
        "product_category": "Beton",
        "area": "Gemeente Groningen",
        "goal": (
            "Alle partijen in de betonketen in Groningen werken samen aan een betonketen "
            "die materialen in de kringloop houdt: meer hergebruik van betongranulaat, "
            "minder primaire grondstoffen en minder CO2."
        ),
        "organisation_form": Ketenoverleg.OrganisationForm.VERENIGING,
        "kvk_number": "41012345",
        "registered_seat": "Groningen",
        "website": "https://betonketen-groningen.demo",
        "contact_email": "secretariaat@beton-groningen.demo",
        "founded_on": date(2010, 5, 12),
        "parent_slug": "beton-provincie-groningen",
    },
    {
        "slug": "verf-hoogeveen",
        "name": "Verfketenoverleg Hoogeveen",
        "product_category": "Verf",
        "area": "Gemeente Hoogeveen",
        "goal": (
            "De verfketen in Hoogeveen verduurzamen: minder verfresten, meer inzameling "
            "en hergebruik, en duurzame verf als standaard in bestekken."
        ),
        "organisation_form": Ketenoverleg.OrganisationForm.INFORMEEL,
        "penvoerder": "Stichting Duurzaam Hoogeveen",
        "contact_email": "verfketen@hoogeveen.demo",
        "founded_on": date(2019, 9, 1),
    },
]


def demo_user(email: str, first_name: str = "", last_name: str = "", **extra) -> User:
    """A user with a verified primary e-mail address, so the demo login just works."""
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def seed_councils() -> dict[str, Ketenoverleg]:
    councils = {}
    for data in COUNCILS:
        data = dict(data)
        parent_slug = data.pop("parent_slug", None)
        slug = data.pop("slug")
        if parent_slug:
            data["parent"] = councils[parent_slug]
        councils[slug], created = Ketenoverleg.objects.get_or_create(slug=slug, defaults=data)
        if created:
            council_created.send(sender=Ketenoverleg, council=councils[slug], by=None)
    return councils


def seed_users(councils: dict[str, Ketenoverleg]) -> list[tuple[str, str]]:
    """Create one user per role; returns (e-mail, role label) pairs for the login list."""
    logins = []
    admin = demo_user(DEMO_ADMIN, "Beheer", "Ketenoverleg", is_staff=True, is_superuser=True)
    logins.append((admin.email, "beheerder (Django-admin)"))
    for email, first, last, role, slug in DEMO_USERS:
        user = demo_user(email, first, last)
        council = councils[slug] if slug else None
        logins.append((email, Role(role).label))
        if role in KERNTEAM_HELD_ROLES:
            continue  # a seat and a function in the kernteam: members.demo seats them
        RoleAssignment.objects.get_or_create(
            user=user,
            council=council,
            role=role,
            defaults={"starts_on": date(2024, 1, 1)},
        )
    return logins


def seed() -> list[tuple[str, str]]:
    councils = seed_councils()
    return seed_users(councils)


# The start of the package publishes its own news item (actionpackages.services).
NEWS = [
    (
        "Consultatie over het actiepakket afgerond",
        "De leden stuurden wijzigingsvoorstellen in; het kernteam nam er twee over en legde uit "
        "waarom het derde niet werd overgenomen. Het consultatieverslag staat bij het pakket.",
        30,
    ),
    (
        "Vacature in het kernteam: zetel overheid",
        "De zetel van de geleding overheid is vacant. Leden uit deze geleding kunnen zich "
        "kandidaat stellen.",
        75,
    ),
]


def seed_news() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    author = User.objects.get(email="secretaris@beton-groningen.demo")
    for title, body, days_ago in NEWS:
        NewsItem.objects.get_or_create(
            council=council,
            title=title,
            defaults={
                "body": body,
                "author": author,
                "published_at": timezone.now() - timedelta(days=days_ago),
            },
        )


def seed_statute() -> None:
    """The demo council's statute, adopted by its first ALV: a public document whose PDF
    is made when it is adopted (a download link for anyone on the statute page)."""
    from ketenoverleg import services

    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    if council.statutes.filter(adopted_on__isnull=False).exists():
        return
    secretary = User.objects.get(email="secretaris@beton-groningen.demo")
    statute = council.statutes.filter(adopted_on__isnull=True).first()
    statute = statute or services.statute_new_version(council=council, by=secretary)
    services.statute_adopt(statute=statute, adopted_on=date(2024, 1, 15), by=secretary)
