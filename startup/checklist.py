"""The start-up checklist per phase, after handbook ch. 3, in the product's own words.

The items are fixed here (keys never change, labels are translated); a council's
ticks, notes and documents are ``ChecklistItem`` rows keyed by ``Item.key``.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ketenoverleg.models import Phase


@dataclass(frozen=True)
class Item:
    key: str
    label: str | Promise
    section: str | Promise
    # A page of the platform where the work for this item is done (a URL name taking
    # the council's slug), shown next to the item.
    link: str = ""


VOORONDERZOEK = _("Vooronderzoek")
VOORONDERZOEK_ADVICE_LABEL = _("Advies: wel of niet starten, met aanbevelingen")
GEMEENTE = _("Gesprek met de gemeente")
PLANNING = _("Planninggesprek")
VOORBEREIDING = _("Voorbereiding van het opiniegesprek")
AGENDA = _("Het opiniegesprek zelf")
TOETSING = _("Getoetst in het opiniegesprek")
START = _("Naar de startbeslissing")
WERKSESSIE = _("Eerste werksessie")
KERNTEAM = _("Eerste kernteamoverleg")
PLENAIR = _("Eerste plenaire ketenoverleg")

CHECKLIST: dict[str, list[Item]] = {
    Phase.VERKENNING: [
        Item(
            "vo.afbakening",
            _("Afbakening: om welke keten en welk gebied gaat het precies?"),
            VOORONDERZOEK,
        ),
        Item(
            "vo.partijen",
            _("Lokale partijen per geleding in beeld, met de duurzame koplopers (relatiebeheer)"),
            VOORONDERZOEK,
            link="startup:parties",
        ),
        Item(
            "vo.vraagstukken",
            _(
                "Wat is er in de lokale keten niet duurzaam en wat kan beter? (kwalitatief volstaat)"
            ),
            VOORONDERZOEK,
        ),
        Item("vo.werkwijze", _("Hoe het ketenoverleg hier zou kunnen werken"), VOORONDERZOEK),
        Item(
            "vo.bereidheid",
            _(
                "Willen de ketenpartijen meedoen? Welke voordelen, bezwaren en verbeteringen zien ze?"
            ),
            VOORONDERZOEK,
        ),
        Item(
            "gem.gesprek",
            _(
                "Kennismaking met beleidsmedewerkers (economie, milieu, duurzaamheid) en presentatie van de werkvorm"
            ),
            GEMEENTE,
        ),
        Item(
            "gem.vragen",
            _(
                "Besproken: past de werkvorm bij de gemeente, voor welke productsoort, en wil zij een verkenning steunen?"
            ),
            GEMEENTE,
        ),
        Item("gem.verslag", _("Verslag van het gesprek gemaakt en gedeeld"), GEMEENTE),
        Item(
            "gem.aanvulling",
            _("Aanvullende informatie gestuurd, of de presentatie herhaald voor de wethouder"),
            GEMEENTE,
        ),
        Item("gem.besluit", _("Besluit van de gemeente ontvangen"), GEMEENTE),
        Item("plan.opdracht", _("Opdracht aan de kwartiermaker uitgewerkt"), PLANNING),
        Item(
            "plan.contacten",
            _("Contacten in de sector op een rij"),
            PLANNING,
            link="startup:parties",
        ),
        Item("plan.vraagstukken", _("Duurzaamheidsvraagstukken in de sector op een rij"), PLANNING),
        Item("plan.vervolg", _("Volgende stappen gepland"), PLANNING),
    ],
    Phase.OPINIEGESPREK: [
        Item(
            "og.uitnodigen",
            _("Ongeveer zes koplopers uit zo veel mogelijk geledingen persoonlijk uitgenodigd"),
            VOORBEREIDING,
            link="startup:mailing_lists",
        ),
        Item(
            "og.locatie",
            _(
                "Ruime zaal geregeld, liefst op neutraal terrein zoals het gemeentehuis, met beamer en flip-over"
            ),
            VOORBEREIDING,
        ),
        Item("og.agenda", _("Korte agenda vooraf verstuurd"), VOORBEREIDING),
        Item("og.welkom", _("Welkom door de gastheer of gastvrouw en kennismaking"), AGENDA),
        Item(
            "og.inleiding",
            _("Inleiding over ketenoverleg en over de duurzaamheid van deze keten"),
            AGENDA,
        ),
        Item("og.vraagstukken", _("Lokale vraagstukken en oplossingsrichtingen verzameld"), AGENDA),
        Item(
            "og.helloworld",
            _("Hello World-oefening gedaan"),
            AGENDA,
            link="workshops:council_workshops",
        ),
        Item("og.draagvlak", _("Gepeild of er draagvlak is voor een concreet initiatief"), AGENDA),
        Item("og.bereidheid", _("Is er bereidheid om een ketenoverleg te starten?"), TOETSING),
        Item("og.partijen", _("Welke partijen worden uitgenodigd?"), TOETSING),
        Item("og.eerste", _("Wanneer en waar vindt het eerste overleg plaats?"), TOETSING),
        Item("og.doelen", _("Welke specifieke doelen liggen voor de hand?"), TOETSING),
        Item("og.opening", _("Kan de opening feestelijk, met bestuurders en pers?"), TOETSING),
        Item("og.kernteam", _("Wie zijn kandidaat voor het kernteam?"), TOETSING),
        Item(
            "og.kosten",
            _("Draagt de gemeente de kosten van gespreksleiding en procesbegeleiding?"),
            TOETSING,
        ),
    ],
    Phase.STARTBESLISSING: [
        Item(
            "sb.presentatie",
            _("Vooronderzoek, adviezen en aanbevelingen gepresenteerd in de voorbespreking"),
            START,
        ),
        Item("sb.kernteam", _("Kernteam samengesteld"), START, link="members:kernteam"),
        Item("sb.werkgroep", _("Eerste werkgroep samengesteld"), START, link="members:work_groups"),
        Item("sb.besluit", _("Besluit genomen om het ketenoverleg te starten"), START),
    ],
    Phase.OPRICHTING: [
        Item(
            "ws.adressen",
            _("Adressenbestand en groepsmail: werkgroep en kernteam vinden elkaar makkelijk"),
            WERKSESSIE,
            link="startup:parties",
        ),
        Item(
            "ws.werkwijze",
            _("Werkwijze van de werkgroep afgesproken (werksessies, geen verslagen)"),
            WERKSESSIE,
        ),
        Item(
            "ws.stijl",
            _("Stijl van agenda's en verslagen gekozen: openbaar, leesbaar en privacybewust"),
            WERKSESSIE,
            link="meetings:list",
        ),
        Item("ws.website", _("Webpagina van het ketenoverleg voorbereid"), WERKSESSIE),
        Item(
            "ws.secretaris",
            _("Ketensecretaris gevonden voor de administratieve ondersteuning"),
            WERKSESSIE,
            link="council_roles",
        ),
        Item(
            "kt.opening",
            _("Openingsprogramma van het eerste kernteamoverleg, liefst met steun van de gemeente"),
            KERNTEAM,
        ),
        Item("kt.taken", _("Taken in het kernteam verdeeld"), KERNTEAM),
        Item("pl.kennismaking", _("Kennismaking met een positieve blik op de keten"), PLENAIR),
        Item("pl.voortraject", _("Voortraject en vooronderzoek gepresenteerd"), PLENAIR),
        Item(
            "pl.doelstelling",
            _("Concepttekst van de algemene doelstelling besproken"),
            PLENAIR,
            link="statute_list",
        ),
        Item(
            "pl.doelen",
            _("Specifieke doelen verzameld en een eerste voorlopig gekozen"),
            PLENAIR,
            link="projects:issues",
        ),
        Item(
            "pl.rondje",
            _("Rondje: wat kan ieder op eigen kracht en zonder subsidie bijdragen?"),
            PLENAIR,
        ),
    ],
}

ITEMS = {item.key: item for items in CHECKLIST.values() for item in items}
PHASE_OF = {item.key: phase for phase, items in CHECKLIST.items() for item in items}


def sections(phase: str) -> list[tuple]:
    """The items of ``phase`` grouped by section, in order: [(section, [Item])]."""
    grouped: list[tuple] = []
    for item in CHECKLIST.get(phase, []):
        if grouped and grouped[-1][0] == item.section:
            grouped[-1][1].append(item)
        else:
            grouped.append((item.section, [item]))
    return grouped
