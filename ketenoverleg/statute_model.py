"""The model statute of this product, filled in from a council's own fields.

Written for Ketenoverleg after the structure of the CODIN handbook (ch. 7): name,
goal, product category, area, organisation form (informal with a penvoerder, or an
association registered with the Chamber of Commerce), internet, membership, general
meeting, board, committees and project groups, amendment. The secretaris edits the
articles afterwards; this is only the starting text.
"""

from ketenoverleg.models import Ketenoverleg

GELEDINGEN_TEXT = (
    "aanbod (leveranciers, producenten, groothandel, detailhandel en logistiek), "
    "vraag (eindgebruikers: overheden, bedrijven, instellingen en consumenten), "
    "recycling (inzameling, recycling, hergebruik, reparatie en eindverwerking), "
    "kennis (onderwijs, onderzoek, advies en certificering), "
    "overheid (gemeente, provincie en waterschap) en "
    "transitie (maatschappelijke organisaties en netwerken die de overgang naar een "
    "duurzame keten als doel hebben)"
)


def model_articles(council: Ketenoverleg) -> list[tuple[str, str]]:
    """(title, body) for each article, in order, in the variant of the organisation form."""
    name = council.name
    if council.organisation_form == Ketenoverleg.OrganisationForm.VERENIGING:
        form = (
            f"{name} is een vereniging met volledige rechtsbevoegdheid, ingeschreven in het "
            f"handelsregister van de Kamer van Koophandel onder nummer {council.kvk_number}. "
            f"De vereniging heeft haar statutaire zetel in {council.registered_seat} en is "
            "aangegaan voor onbepaalde tijd."
        )
        ending = (
            "Het lidmaatschap van het bestuur eindigt verder door ontslag door de rechtbank "
            "in de gevallen die de wet noemt."
        )
    else:
        form = (
            f"{name} is een samenwerkingsverband zonder eigen rechtspersoonlijkheid, aangegaan "
            f"voor onbepaalde tijd. {council.penvoerder} treedt op als penvoerder: zij stelt haar "
            "rechtspersoon beschikbaar voor overeenkomsten, subsidies en het beheer van gelden "
            "van het ketenoverleg, en handelt daarbij op aanwijzing van het bestuur."
        )
        ending = ""
    website = council.website or "de eigen pagina op het platform Ketenoverleg"
    articles = [
        ("Naam", f"Het ketenoverleg draagt de naam {name}."),
        (
            "Doel",
            f"{council.goal}\n\nHet ketenoverleg werkt aan dit doel door de partijen in de keten "
            "samen kleine, blijvende verbeteringen te laten afspreken in actiepakketten, die zij "
            "op eigen kracht en zonder subsidie uitvoeren, en door het effect daarvan openbaar te "
            "meten.",
        ),
        (
            "Productsoort",
            f"Het ketenoverleg richt zich op de keten van {council.product_category.lower()}: "
            "van grondstof en productie via gebruik tot inzameling, hergebruik en eindverwerking.",
        ),
        (
            "Werkgebied",
            f"Het werkgebied van het ketenoverleg is {council.area}."
            + (
                f" Het ketenoverleg werkt samen met {council.parent.name}."
                if council.parent_id
                else ""
            ),
        ),
        ("Organisatievorm", form),
        (
            "Internet",
            f"Het ketenoverleg maakt zijn ledenlijst, actiepakketten, intentieverklaringen en "
            f"effectmetingen openbaar via {website}. Agenda's en verslagen van het bestuur zijn "
            "in beginsel openbaar.",
        ),
        (
            "Lidmaatschap: aanvraag",
            "Natuurlijke personen, rechtspersonen en informele samenwerkingsverbanden kunnen het "
            "lidmaatschap aanvragen. Bij de aanvraag kiest de aanvrager een of meer van de zes "
            f"geledingen: {GELEDINGEN_TEXT}. De aanvrager verklaart de algemene doelstelling te "
            "onderschrijven en maakt zijn duurzame intentie openbaar.",
        ),
        (
            "Lidmaatschap: beoordeling en criteria",
            "Het bestuur beoordeelt iedere aanvraag en laat alleen toe wie voldoet aan de "
            "criteria: het lid is gevestigd in het werkgebied of economisch betrokken bij de "
            "keten in het werkgebied; de gekozen geledingen kloppen naar het oordeel van het "
            "bestuur met de werkelijkheid; het lid onderschrijft de doelstelling. Een afwijzing "
            "wordt gemotiveerd en kan een verwijzing naar een beter passend ketenoverleg bevatten. "
            "Tegen een afwijzing staat eenmaal beroep open bij het bestuur.",
        ),
        (
            "Rechten van leden",
            "Leden hebben toegang tot de informatie die het bestuur voor leden beschikbaar stelt, "
            "waaronder contactgegevens, ketenstatistiek, rapporten, agenda's en verslagen. Zij "
            "hebben stemrecht in de algemene ledenvergadering, worden geraadpleegd over "
            "ontwerp-actiepakketten, kunnen op vastgestelde actiepakketten intekenen en kunnen "
            "zich kandidaat stellen voor de bestuurszetel van hun eigen geleding.",
        ),
        (
            "Plichten van leden",
            "Leden betalen de jaarlijkse contributie, staan vermeld in de openbare ledenlijst met "
            "naam, plaats, geleding en duurzame intentie, en verstrekken op verzoek cijfers over "
            "hun aandeel in de keten. Vertrouwelijke cijfers worden alleen samengevoegd "
            "gepubliceerd.",
        ),
        (
            "Einde van het lidmaatschap",
            "Een lid kan het lidmaatschap op elk moment met onmiddellijke ingang opzeggen, "
            "schriftelijk aan het bestuur of via het profiel op de website. Betaalde contributie "
            "wordt niet terugbetaald.",
        ),
        (
            "Algemene ledenvergadering",
            "De algemene ledenvergadering komt ten minste eenmaal per jaar bijeen. Zij benoemt en "
            "ontslaat de bestuurders, stelt het jaarplan, de begroting, het jaarverslag en de "
            "contributie vast, verleent het bestuur décharge en beslist over wijziging van dit "
            "statuut en over opheffing van het ketenoverleg.",
        ),
        (
            "Bestuur: taken en samenstelling",
            "Het bestuur (kernteam) organiseert het ketenoverleg en verzorgt de interne en externe "
            "communicatie. Het telt zeven stemgerechtigde zetels: een voor elk van de zes "
            "geledingen en een ongebonden zetel. Het bestuur kiest uit zijn midden een voorzitter, "
            "een secretaris en een penningmeester; secretaris en penningmeester kunnen dezelfde "
            "persoon zijn. Een procesbegeleider kan zonder stemrecht aan het bestuur worden "
            "toegevoegd. Bij een vacature behoudt het bestuur zijn bevoegdheden; een vacature wordt "
            "zo snel mogelijk vervuld en tot die tijd in agenda's en verslagen vermeld.",
        ),
        (
            "Bestuur: benoeming en kandidaatstelling",
            "De algemene ledenvergadering benoemt de bestuurders. Voor een vacante zetel van een "
            "geleding stellen leden van die geleding zich kandidaat; bij meer kandidaten stemmen "
            "de leden van die geleding, één stem per lid, en de uitslag is de voordracht aan de "
            "algemene ledenvergadering. Voor de ongebonden zetel draagt het bestuur een kandidaat "
            "voor.",
        ),
        (
            "Bestuur: zittingstermijn en einde",
            (
                "Een bestuurder wordt benoemd voor vier jaar. Volgens een rooster van aftreden "
                "treedt ieder jaar een evenredig deel van het bestuur af. Een aftredende "
                "bestuurder is direct herbenoembaar, maar ten hoogste twee keer. Het "
                "bestuurslidmaatschap eindigt verder door aftreden, door ontslag door de algemene "
                "ledenvergadering, door het einde van het lidmaatschap of door overlijden. "
                + ending
            ).strip(),
        ),
        (
            "Werkgroepen en projectgroepen",
            "Het bestuur kan voor een deel van zijn taken vaste werkgroepen en tijdelijke "
            "projectgroepen instellen. In iedere groep neemt ten minste één bestuurder deel als "
            "verbinding met het bestuur. Werksessies van een groep worden niet genotuleerd.",
        ),
        (
            "Wijziging van het statuut",
            "Dit statuut wordt alleen gewijzigd door een besluit van de algemene "
            "ledenvergadering. Het voorstel wordt met de uitnodiging voor die vergadering aan de "
            "leden gestuurd. Iedere vastgestelde versie blijft met haar datum beschikbaar.",
        ),
    ]
    return articles
