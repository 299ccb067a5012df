"""Demo vraag & aanbod of Betonketenoverleg Groningen: six listings, one matching pair
(granulate offered and asked for) with an accepted answer, so both sides see each
other's contact details."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from exchange.models import Listing, Response
from ketenoverleg.demo import DEMO_SLUG
from ketenoverleg.models import Ketenoverleg
from members.models import Organisation

K, C, F = Listing.Kind, Listing.Category, Listing.Frequency

# (organisation, kind, category, geleding, material, quantity, unit, frequency, region,
#  reach, public, description)
LISTINGS = [
    (
        "Puinrecycling Groningen",
        K.AANBOD,
        C.MATERIAAL,
        "recycling",
        "Betongranulaat",
        "50",
        "t",
        F.MAAND,
        "Groningen",
        Listing.Reach.WERKGEBIED,
        True,
        "Gecertificeerd betongranulaat 4/16 uit sloopbeton, geschikt voor constructief beton.",
    ),
    (
        "Bouwbedrijf Dijkstra",
        K.VRAAG,
        C.MATERIAAL,
        "vraag",
        "Betongranulaat",
        "30",
        "t",
        F.MAAND,
        "Groningen",
        Listing.Reach.WERKGEBIED,
        False,
        "Voor de nieuwbouw aan de Oosterhamrikkade zoeken wij granulaat van betonkwaliteit.",
    ),
    (
        "Prefab Beton Hoogkerk",
        K.AANBOD,
        C.CAPACITEIT,
        "aanbod",
        "Productiecapaciteit herbruikbare elementen",
        "200",
        "m³",
        F.MAAND,
        "Hoogkerk",
        Listing.Reach.WERKGEBIED,
        True,
        "Vrije capaciteit in onze fabriek voor losmaakbare betonelementen.",
    ),
    (
        "Gemeente Groningen",
        K.VRAAG,
        C.KENNIS,
        "overheid",
        "Advies granulaat in wegfunderingen",
        None,
        "",
        F.EENMALIG,
        "Groningen",
        Listing.Reach.WERKGEBIED,
        False,
        "Wij zoeken advies over minder granulaat in funderingen, zodat het naar nieuw beton kan.",
    ),
    (
        "Hogeschool Groningen, Bouwkunde",
        K.AANBOD,
        C.KENNIS,
        "kennis",
        "Afstudeeropdrachten circulair bouwen",
        "4",
        "opdrachten",
        F.JAAR,
        "Groningen",
        Listing.Reach.WERKGEBIED,
        True,
        "Studenten zoeken opdrachtgevers voor onderzoek naar granulaatbeton.",
    ),
    (
        "Wegenbouw Noord",
        K.VRAAG,
        C.MATERIAAL,
        "vraag",
        "Menggranulaat",
        "400",
        "t",
        F.EENMALIG,
        "Assen",
        Listing.Reach.PLAATS,
        False,
        "Eenmalig voor een fundering in Assen.",
    ),
]


def seed() -> None:
    council = Ketenoverleg.objects.get(slug=DEMO_SLUG)
    today = timezone.localdate()
    listings = {}
    for (
        name,
        kind,
        category,
        geleding,
        material,
        quantity,
        unit,
        frequency,
        region,
        reach,
        public,
        description,
    ) in LISTINGS:
        organisation = Organisation.objects.get(name=name)
        contact = organisation.representatives.select_related("user").first().user
        listings[name], _created = Listing.objects.get_or_create(
            council=council,
            organisation=organisation,
            kind=kind,
            material=material,
            defaults={
                "created_by": contact,
                "category": category,
                "geleding": geleding,
                "quantity": Decimal(quantity) if quantity else None,
                "unit": unit,
                "frequency": frequency,
                "region": region,
                "reach": reach,
                "is_public": public,
                "description": description,
                "available_from": today,
                "available_until": today + timedelta(days=365),
                "expires_on": today + timedelta(days=90),
                "contact_name": contact.get_full_name() or organisation.name,
                "contact_email": contact.email,
                "contact_phone": organisation.phone,
            },
        )
    offer, request = listings["Puinrecycling Groningen"], listings["Bouwbedrijf Dijkstra"]
    responder = request.created_by
    Response.objects.get_or_create(
        listing=offer,
        organisation=request.organisation,
        defaults={
            "counter_listing": request,
            "created_by": responder,
            "message": "Wij nemen graag vanaf volgende maand 30 ton per maand af. Kunnen we de kwaliteit en levering bespreken?",
            "contact_name": request.contact_name,
            "contact_email": request.contact_email,
            "contact_phone": request.contact_phone,
            "status": Response.Status.ACCEPTED,
            "answer_note": "Graag, wij bellen u deze week.",
            "answered_at": timezone.now(),
        },
    )
