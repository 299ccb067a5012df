"""Demo data: the Hello World workshop held at the opiniegesprek of Meubelketenoverleg
Groningen (handbook 3.5.6 uses the furniture chain as its example): eight
contributions, five links, the closing poll, and the draft package it became.
Idempotent: it only creates what is missing."""

from datetime import timedelta

from django.utils import timezone

from ketenoverleg.models import Ketenoverleg, User
from startup.demo import KWARTIERMAKER, SLUG
from workshops import services
from workshops.models import Contribution, Participant, Workshop

TITLE = "Hello World meubelketen Groningen"

# (name, organisation, geleding, contribution, workable, should start, involved)
PARTICIPANTS = [
    (
        "Jan van der Veen",
        "Meubelmakerij Van der Veen",
        "aanbod",
        "Ik ontwerp nieuwe kasten zo dat planken en scharnieren los te halen en opnieuw te gebruiken zijn.",
        "ja",
        "ja",
        True,
    ),
    (
        "Karin Bos",
        "Interieurbouw Zernike",
        "aanbod",
        "Wij nemen oude bureaus van klanten terug en gebruiken het blad in nieuwe werkplekken.",
        "ja",
        "ja",
        True,
    ),
    (
        "Ahmed El Amrani",
        "Gemeente Groningen, Inkoop",
        "vraag",
        "In de volgende aanbesteding voor kantoormeubilair vragen we om een terugnamegarantie.",
        "ja",
        "ja",
        True,
    ),
    (
        "Ellen Vos",
        "Kringloopwinkel De Kolk",
        "recycling",
        "We zetten een hoek in de winkel in voor onderdelen: poten, deurtjes, grepen.",
        "ja",
        "ja",
        True,
    ),
    (
        "Martin Dijkstra",
        "Noorderpoort MBO Hout en Meubel",
        "kennis",
        "Onze studenten maken elk jaar een meubel uit onderdelen van de kringloop.",
        "ja",
        "weet_niet",
        True,
    ),
    (
        "Fleur Jansen",
        "Gemeente Groningen, Duurzaamheid",
        "overheid",
        "De gemeente vertelt in haar nieuwsbrief over de voorbeelden en richt zelf een vergaderzaal in met gebruikte meubels.",
        "ja",
        "ja",
        False,
    ),
    (
        "Noor Bakker",
        "Milieufederatie Groningen",
        "transitie",
        "We brengen de partijen bij elkaar en houden bij hoeveel meubels een tweede leven krijgen.",
        "weet_niet",
        "ja",
        True,
    ),
    (
        "Rik Smit",
        "Woningcorporatie Lefier",
        "vraag",
        "Bij het leeghalen van woningen bieden we bruikbare meubels eerst aan de kringloop aan.",
        "ja",
        "ja",
        False,
    ),
]
# Which contributions reinforce each other (indexes in PARTICIPANTS).
LINKS = [(0, 3), (1, 2), (2, 6), (3, 4), (5, 0)]


def seed() -> Workshop | None:
    council = Ketenoverleg.objects.filter(slug=SLUG).first()
    if council is None:
        return None
    workshop = Workshop.objects.filter(council=council, title=TITLE).first()
    if workshop is not None:
        return workshop
    kwartiermaker = User.objects.get(email=KWARTIERMAKER)
    held_on = timezone.localdate() - timedelta(days=14)
    workshop = services.workshop_create(
        by=kwartiermaker,
        council=council,
        title=TITLE,
        occasion=Workshop.Occasion.OPINIEGESPREK,
        chain="Meubels",
        place="Groningen",
        problem="Afgedankte meubels worden verbrand, terwijl veel onderdelen nog goed zijn.",
        direction="Hergebruik van meubelonderdelen bevorderen.",
        held_on=held_on,
    )
    contributions: list[Contribution] = []
    participants: list[Participant] = []
    for name, organisation, geleding, text, *_answers in PARTICIPANTS:
        participant = services.participant_join(
            workshop=workshop,
            name=name,
            organisation=organisation,
            email=f"{name.split()[0].lower()}@hello-world.demo",
            geleding=geleding,
        )
        participants.append(participant)
        contributions.append(services.contribution_add(participant=participant, text=text))
    for a, b in LINKS:
        services.link_add(
            workshop=workshop, first=contributions[a], second=contributions[b], by=kwartiermaker
        )
    services.workshop_start_poll(workshop=workshop, by=kwartiermaker)
    for participant, (*_fields, workable, should_start, involved) in zip(
        participants, PARTICIPANTS, strict=True
    ):
        services.poll_answer(
            participant=participant,
            workable=workable,
            should_start=should_start,
            wants_involved=involved,
            prospect_consent=involved,
        )
    services.workshop_convert(
        workshop=workshop,
        by=kwartiermaker,
        title="Meubelonderdelen een tweede leven",
        council=council,
    )
    Workshop.objects.filter(pk=workshop.pk).update(
        created_at=timezone.now() - timedelta(days=15),
        closed_at=timezone.now() - timedelta(days=14),
    )
    return workshop
