"""Demo data: Meubelketenoverleg Groningen, a council the kwartiermaker is starting.

The vooronderzoek is done (advice: start), the council is in the phase opiniegesprek
and not public yet; relatiebeheer holds about twenty chain parties with contact
persons, contact moments and a sent invitation to the opiniegesprek; the logbook has
entries every few weeks. Idempotent: it only creates what is missing.
"""

from datetime import timedelta

from django.utils import timezone

from ketenoverleg import services as council_services
from ketenoverleg.demo import demo_user
from ketenoverleg.models import Ketenoverleg, Phase, PhaseEvent, Role, RoleAssignment, User
from startup import checklist, services
from startup.models import (
    ChecklistItem,
    ContactMoment,
    ContactPerson,
    ListSend,
    LogEntry,
    MailingList,
    Party,
    PartyStatus,
    Vooronderzoek,
)

SLUG = "meubel-groningen"
KWARTIERMAKER = "kwartiermaker@codin.demo"
GENODIGDE = "wethouder@meubel-groningen.demo"

# (name, geleding, status, place, contact name, function, consent)
PARTIES = [
    (
        "Meubelmakerij Van der Veen",
        "aanbod",
        PartyStatus.KOPLOPER,
        "Groningen",
        "Jan van der Veen",
        "eigenaar",
        True,
    ),
    (
        "Houthandel Noord",
        "aanbod",
        PartyStatus.BENADERD,
        "Hoogezand",
        "Petra Mulder",
        "inkoper",
        True,
    ),
    ("Woonwinkel Het Hout", "aanbod", PartyStatus.GEVONDEN, "Groningen", "", "", False),
    (
        "Interieurbouw Zernike",
        "aanbod",
        PartyStatus.GEINTERESSEERD,
        "Groningen",
        "Karin Bos",
        "directeur",
        True,
    ),
    (
        "Gemeente Groningen, Inkoop",
        "vraag",
        PartyStatus.KOPLOPER,
        "Groningen",
        "Ahmed El Amrani",
        "inkoopadviseur",
        True,
    ),
    (
        "Hanzehogeschool Facilitair",
        "vraag",
        PartyStatus.BENADERD,
        "Groningen",
        "Sanne de Boer",
        "facilitair manager",
        True,
    ),
    ("Kantoorvastgoed Groningen", "vraag", PartyStatus.GEVONDEN, "Groningen", "", "", False),
    (
        "Woningcorporatie Lefier",
        "vraag",
        PartyStatus.GEINTERESSEERD,
        "Groningen",
        "Rik Smit",
        "duurzaamheidsadviseur",
        True,
    ),
    (
        "Kringloopwinkel De Kolk",
        "recycling",
        PartyStatus.KOPLOPER,
        "Groningen",
        "Ellen Vos",
        "bedrijfsleider",
        True,
    ),
    (
        "Reparatiecafé Oosterpoort",
        "recycling",
        PartyStatus.BENADERD,
        "Groningen",
        "Tom Huizinga",
        "coördinator",
        True,
    ),
    (
        "Afvalbedrijf Groningen",
        "recycling",
        PartyStatus.GEVONDEN,
        "Groningen",
        "Lisa Kamp",
        "afdeling grondstoffen",
        True,
    ),
    (
        "Noorderpoort MBO Hout en Meubel",
        "kennis",
        PartyStatus.KOPLOPER,
        "Groningen",
        "Martin Dijkstra",
        "docent",
        True,
    ),
    ("Rijksuniversiteit Groningen", "kennis", PartyStatus.GEVONDEN, "Groningen", "", "", False),
    (
        "Circulair Ontwerpbureau Noord",
        "kennis",
        PartyStatus.GEINTERESSEERD,
        "Haren",
        "Yvonne Post",
        "ontwerper",
        True,
    ),
    (
        "Gemeente Groningen, Duurzaamheid",
        "overheid",
        PartyStatus.KOPLOPER,
        "Groningen",
        "Fleur Jansen",
        "beleidsmedewerker",
        True,
    ),
    (
        "Provincie Groningen",
        "overheid",
        PartyStatus.BENADERD,
        "Groningen",
        "Hans Meijer",
        "programmamanager circulair",
        True,
    ),
    (
        "Milieufederatie Groningen",
        "transitie",
        PartyStatus.KOPLOPER,
        "Groningen",
        "Noor Bakker",
        "projectleider",
        True,
    ),
    (
        "Stichting Circulair Groningen",
        "transitie",
        PartyStatus.GEINTERESSEERD,
        "Groningen",
        "Daan Prins",
        "netwerkregisseur",
        True,
    ),
    (
        "Ondernemersvereniging Zuidoost",
        "transitie",
        PartyStatus.GEVONDEN,
        "Groningen",
        "",
        "",
        False,
    ),
    (
        "Meubelfabriek Oost",
        "aanbod",
        PartyStatus.AFGEHAAKT,
        "Winschoten",
        "Gert Wolters",
        "directeur",
        False,
    ),
]

LOG = [
    (
        84,
        "Opdracht met de gemeente besproken; de beleidsmedewerkers duurzaamheid en inkoop "
        "zien ketenoverleg als een manier om hun circulaire inkoopambitie in de praktijk te brengen.",
        "Gemeente steunt een verkenning voor de meubelketen.",
        "",
        "Vooronderzoek opzetten met studenten van het Noorderpoort.",
    ),
    (
        49,
        "Twintig partijen in beeld gebracht, in alle zes geledingen. Zes koplopers gesproken; "
        "vijf reageren positief, een meubelfabriek ziet er geen voordeel in.",
        "Vooronderzoek afgerond met het advies om te starten.",
        "Aan de vraagkant zijn vooral publieke inkopers in beeld; bedrijven nog weinig.",
        "Opiniegesprek plannen op het stadhuis.",
    ),
    (
        14,
        "Opiniegesprek gehouden met acht deelnemers; de Hello World-oefening leverde acht "
        "bijdragen en vijf verbindingen op.",
        "Zes deelnemers willen betrokken blijven; een eerste conceptpakket ligt er.",
        "Een kandidaat-voorzitter is nog niet gevonden.",
        "Startbeslissing voorbereiden met de gemeente; ketensecretaris zoeken.",
    ),
]


def seed() -> Ketenoverleg:
    kwartiermaker = User.objects.get(email=KWARTIERMAKER)
    council = Ketenoverleg.objects.filter(slug=SLUG).first()
    if council is None:
        council = council_services.council_create(
            by=kwartiermaker,
            start_phase=Phase.VERKENNING,
            name="Meubelketenoverleg Groningen",
            slug=SLUG,
            product_category="Meubels",
            area="Gemeente Groningen",
            goal=(
                "Meubels in Groningen langer in gebruik houden en hun onderdelen hergebruiken, "
                "in plaats van ze te verbranden."
            ),
            organisation_form=Ketenoverleg.OrganisationForm.INFORMEEL,
            penvoerder="Milieufederatie Groningen",
            contact_email="meubelketen@groningen.demo",
        )
    seed_vooronderzoek(council, kwartiermaker)
    seed_parties(council, kwartiermaker)
    seed_logbook(council, kwartiermaker)
    if council.phase == Phase.VERKENNING:
        council_services.council_phase_change(
            council=council,
            to_phase=Phase.OPINIEGESPREK,
            by=kwartiermaker,
            note="Het vooronderzoek adviseert te starten.",
        )
        PhaseEvent.objects.filter(council=council, to_status=Phase.VERKENNING).update(
            at=timezone.now() - timedelta(days=90)
        )
        PhaseEvent.objects.filter(council=council, to_status=Phase.OPINIEGESPREK).update(
            at=timezone.now() - timedelta(days=40)
        )
    guest = demo_user(GENODIGDE, "Marleen", "de Groot")
    RoleAssignment.objects.get_or_create(
        user=guest,
        council=council,
        role=Role.GENODIGDE,
        defaults={"starts_on": timezone.localdate() - timedelta(days=60)},
    )
    council.refresh_from_db()
    return council


def seed_vooronderzoek(council: Ketenoverleg, by: User) -> None:
    if not Vooronderzoek.objects.filter(council=council).exists():
        services.vooronderzoek_save(
            council=council,
            by=by,
            commissioned_by="Gemeente Groningen",
            knowledge_partner="Noorderpoort MBO Hout en Meubel",
            advice=Vooronderzoek.Advice.START,
            recommendations=(
                "Begin met hergebruik van meubelonderdelen in publieke inkoop: daar is de "
                "vraag al en de kringloop kan leveren. Betrek een meubelmaker als voorzitter."
            ),
            advised_on=timezone.localdate() - timedelta(days=45),
        )
    notes = {
        "vo.afbakening": "Losse meubels voor kantoor, onderwijs en wonen in de gemeente; geen keukens.",
        "vo.vraagstukken": "Afgedankte meubels worden grotendeels verbrand; onderdelen zijn zelden herbruikbaar ontworpen.",
        "gem.besluit": "Wethouder steunt de verkenning en stelt het stadhuis beschikbaar.",
    }
    for item in checklist.CHECKLIST[Phase.VERKENNING]:
        if not ChecklistItem.objects.filter(council=council, key=item.key).exists():
            services.checklist_item_save(
                council=council, key=item.key, done=True, note=notes.get(item.key, ""), by=by
            )
    for key in ("og.uitnodigen", "og.locatie", "og.agenda", "og.helloworld"):
        if not ChecklistItem.objects.filter(council=council, key=key).exists():
            services.checklist_item_save(council=council, key=key, done=True, note="", by=by)


def seed_parties(council: Ketenoverleg, by: User) -> None:
    today = timezone.localdate()
    for name, geleding, status, place, contact, function, consent in PARTIES:
        party = Party.objects.filter(council=council, name=name).first()
        if party is None:
            party = services.party_save(
                party=Party(
                    council=council, name=name, geleding=geleding, status=status, place=place
                ),
                by=by,
            )
        if contact and not party.contacts.exists():
            person = ContactPerson(
                party=party,
                name=contact,
                function=function,
                email=f"{contact.split()[0].lower()}@{slug_of(name)}.demo",
                purpose="Uitnodigen voor het opiniegesprek en de start van het meubelketenoverleg",
                source="Vooronderzoek, eigen netwerk van de kwartiermaker",
            )
            services.contact_save(
                contact=person,
                consent=consent,
                consent_text="Mondeling, in het gesprek voor het vooronderzoek" if consent else "",
                by=by,
            )
            services.moment_create(
                party=party,
                by=by,
                contact=person,
                happened_on=today - timedelta(days=60),
                channel=ContactMoment.Channel.GESPREK,
                summary="Kennismaking voor het vooronderzoek: ziet kansen voor hergebruik van onderdelen.",
            )
    invitation = MailingList.objects.filter(
        council=council, purpose=MailingList.Purpose.OPINIEGESPREK
    ).first()
    if invitation is None:
        invitation = services.mailing_list_save(
            mailing_list=MailingList(
                council=council,
                purpose=MailingList.Purpose.OPINIEGESPREK,
                subject="Uitnodiging: opiniegesprek over de meubelketen in Groningen",
                body=(
                    "Graag nodigen wij u uit voor een opiniegesprek op het stadhuis over de "
                    "vraag of een ketenoverleg de meubelketen in Groningen verder kan helpen. "
                    "We doen een korte oefening waarin u zelf ervaart hoe het werkt."
                ),
            ),
            recipients=list(
                ContactPerson.objects.mailable().filter(
                    party__council=council, party__status=PartyStatus.KOPLOPER
                )
            ),
            by=by,
        )
    if not ListSend.objects.filter(mailing_list=invitation).exists():
        services.mailing_list_send(mailing_list=invitation, by=by)


def slug_of(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:30]


def seed_logbook(council: Ketenoverleg, by: User) -> None:
    if LogEntry.objects.filter(council=council).exists():
        return
    today = timezone.localdate()
    for days_ago, review, results, bottlenecks, outlook in LOG:
        services.log_entry_create(
            council=council,
            by=by,
            written_on=today - timedelta(days=days_ago),
            review=review,
            results=results,
            bottlenecks=bottlenecks,
            outlook=outlook,
        )
