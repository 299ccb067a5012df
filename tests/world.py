"""Three councils with one of everything, and a person for every role.

The role x URL matrix and the bad-input sweep walk every URL of the site; they need
each URL filled with real objects of each council, and people who stand in every
relation to council A. ``build_world()`` makes all of that with the factories and
services the other tests use. Every council's people, organisations and private
values (e-mail addresses, phone numbers) carry the council's tag, so a test can tell
whose they are.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from actionpackages import services as package_services
from dialogue import services as dialogue_services
from dialogue.models import Discussion
from exchange import services as exchange_services
from ketenoverleg import services as council_services
from ketenoverleg.models import (
    KERNTEAM_HELD_ROLES,
    Document,
    Geleding,
    Ketenoverleg,
    NewsItem,
    Role,
    User,
)
from library.models import Access
from meetings.models import (
    ActionPoint,
    AgendaItem,
    Attendance,
    CalendarToken,
    Dispatch,
    DispatchRecipient,
    Meeting,
    Minutes,
    Section,
)
from members.models import (
    Candidacy,
    ContributionPayment,
    ContributionRate,
    Election,
    MembershipStatus,
    Organisation,
    Representative,
    Seat,
    WorkGroup,
)
from projects.models import Project, ReportAttachment
from startup import checklist
from startup import services as startup_services
from startup.models import ContactMoment, ContactPerson, MailingList, Party, Vooronderzoek
from tests.actionpackages.factories import (
    IndicatorFactory,
    MeasurementFactory,
    complete_package,
    open_package,
    sign_for,
)
from tests.documents.factories import StatuteArticleFactory, StatuteFactory
from tests.exchange.factories import listing
from tests.factories import (
    CouncilFactory,
    RoleAssignmentFactory,
    UserFactory,
    give_kernteam_role,
)
from tests.ketenstatistiek.factories import PeriodFactory, add_figure
from tests.ketenstatistiek.factories import QuestionFactory as StatisticsQuestionFactory
from tests.library.factories import add_document, pdf_upload
from tests.members.factories import BoardAppointmentFactory, MembershipFactory
from tests.projects.factories import (
    BudgetLineFactory,
    DirectionFactory,
    IssueFactory,
    ProgressReportFactory,
    ProjectFactory,
    give_scores,
)
from tests.workshops.factories import ContributionFactory, ParticipantFactory, WorkshopFactory

ANONYMOUS = "anoniem"
OUTSIDER = "buitenstaander"
FOLLOWER = "volger"
MEMBER = "lid"
KERNTEAMLID = "kernteamlid"
KWARTIERMAKER_ELSEWHERE = "kwartiermaker_elders"
MEMBER_ELSEWHERE = "lid_elders"
SUPERUSER = "superuser"
ROLE_HOLDERS = [
    Role.VOORZITTER,
    Role.SECRETARIS,
    Role.PENNINGMEESTER,
    Role.KETENSECRETARIS,
    Role.KWARTIERMAKER,
]
# Who stands in which relation to council A, for the matrix.
ROLES = [
    ANONYMOUS,
    OUTSIDER,
    FOLLOWER,
    MEMBER,
    KERNTEAMLID,
    Role.VOORZITTER,
    Role.SECRETARIS,
    Role.PENNINGMEESTER,
    Role.KETENSECRETARIS,
    KWARTIERMAKER_ELSEWHERE,
    SUPERUSER,
    MEMBER_ELSEWHERE,
]
# Not entitled to anything members-only of council A.
NOT_ENTITLED = {ANONYMOUS, OUTSIDER, FOLLOWER, KWARTIERMAKER_ELSEWHERE, MEMBER_ELSEWHERE}


@dataclass
class CouncilWorld:
    council: Ketenoverleg
    tag: str
    people: dict[str, User] = field(default_factory=dict)
    # E-mail addresses and phone numbers of the council's people and members.
    private_values: set[str] = field(default_factory=set)
    # Texts only insiders may read (a members-only meeting, a concept, an application).
    private_texts: set[str] = field(default_factory=set)
    # Names of the council's people and organisations (for the choices test).
    names: set[str] = field(default_factory=set)
    # What not even the council's members may read: relatiebeheer (contact persons'
    # addresses, contact moments, notes) and kernteam-only library documents.
    kernteam_values: set[str] = field(default_factory=set)
    # Of the newer apps' private values, those some page of the walk shows to someone
    # who may see them (the rest, such as a response's contact details before the
    # owner accepts or a guest's address, no page shows): proof the checks can fail.
    shown: set[str] = field(default_factory=set)


@dataclass
class World:
    a: CouncilWorld
    b: CouncilWorld
    c: CouncilWorld
    superuser: User

    @property
    def councils(self) -> list[CouncilWorld]:
        return [self.a, self.b, self.c]

    def person(self, role: str) -> User | None:
        """The person in relation ``role`` to council A (None: anonymous)."""
        if role == ANONYMOUS:
            return None
        if role == SUPERUSER:
            return self.superuser
        if role == MEMBER_ELSEWHERE:
            return self.b.people[MEMBER]
        if role == KWARTIERMAKER_ELSEWHERE:
            return self.c.people[Role.KWARTIERMAKER]
        return self.a.people[role]


def _person(world: CouncilWorld, role: str) -> User:
    tag = world.tag
    user = UserFactory(
        email=f"{role}@{tag}.test", first_name=role.capitalize(), last_name=f"van {tag.upper()}"
    )
    world.people[role] = user
    world.private_values.add(user.email)
    world.names.add(user.get_full_name())
    return user


def _organisation(world: CouncilWorld, name: str, phone: str, **membership) -> dict:
    world.private_values |= {f"info@{name.lower()}-{world.tag}.test", phone}
    world.names.add(f"{name} {world.tag.upper()}")
    return {
        "organisation__name": f"{name} {world.tag.upper()}",
        "organisation__email": f"info@{name.lower()}-{world.tag}.test",
        "organisation__phone": phone,
        **membership,
    }


def fill_council(council: Ketenoverleg, tag: str, number: int) -> CouncilWorld:
    """One of everything for ``council``; ``number`` keeps phone numbers apart."""
    world = CouncilWorld(council=council, tag=tag)
    today = timezone.localdate()
    phone = f"06-{number}{{:07d}}".format

    for role in ROLE_HOLDERS:
        user = _person(world, role)
        if role in KERNTEAM_HELD_ROLES:
            # The kernteam's roles come from a seat and a function, not from a record.
            give_kernteam_role(council, user, role)
            name = f"Organisatie {role} {tag.upper()}"
            Organisation.objects.filter(name=f"Organisatie van {user.email}").update(name=name)
            world.names.add(name)
        else:
            RoleAssignmentFactory(user=user, council=council, role=role, starts_on=date(2024, 1, 1))
    secretaris = world.people[Role.SECRETARIS]

    member = _person(world, MEMBER)
    membership = MembershipFactory(
        council=council,
        geledingen=list(Geleding.values),
        **_organisation(world, "Lid", phone(1), organisation__representative=member),
    )
    # A second contact of the member, without a name: shown as "Naam onbekend".
    nameless = UserFactory(email=f"zonder-naam@{tag}.test", first_name="", last_name="")
    Representative.objects.create(organisation=membership.organisation, user=nameless)
    world.private_values.add(nameless.email)
    kernteam = _person(world, KERNTEAMLID)
    seat_membership = MembershipFactory(
        council=council,
        geledingen=[Geleding.AANBOD],
        **_organisation(world, "Zetel", phone(2), organisation__representative=kernteam),
    )
    BoardAppointmentFactory(
        council=council, seat=Seat.AANBOD, user=kernteam, membership=seat_membership
    )
    follower = _person(world, FOLLOWER)
    MembershipFactory(
        council=council,
        status=MembershipStatus.VOLGER,
        listing_consent=False,
        **_organisation(world, "Volger", phone(3), organisation__representative=follower),
    )
    applicant = _person(world, "aanvrager")
    motivation = f"Wij willen graag meedoen ({tag}, aanvraag)."
    MembershipFactory(
        council=council,
        status=MembershipStatus.AANGEVRAAGD,
        listing_consent=False,
        motivation=motivation,
        **_organisation(world, "Aanvrager", phone(4), organisation__representative=applicant),
    )
    world.private_texts.add(motivation)
    _person(world, OUTSIDER)  # tied to nothing: the reference for "no access"

    election = Election.objects.create(
        council=council, geleding=Geleding.KENNIS, closes_on=today + timedelta(days=14)
    )
    Candidacy.objects.create(
        election=election, membership=membership, user=member, statement="Ik wil graag."
    )
    group = WorkGroup.objects.create(
        council=council, name=f"Werkgroep {tag}", kind=WorkGroup.Kind.WERKGROEP
    )
    group.members.add(membership)
    group.linking_pins.add(kernteam)
    ContributionRate.objects.create(
        council=council, year=today.year, amount=Decimal("100"), set_by_alv_on=today
    )
    ContributionPayment.objects.create(
        membership=membership, year=today.year, amount=Decimal("100"), paid_on=today
    )

    # Meetings: a members-only kernteam meeting with minutes, points and a dispatch.
    closed_title = f"Besloten kernteamoverleg {tag}"
    meeting = Meeting.objects.create(
        council=council,
        kind=Meeting.Kind.KERNTEAM,
        title=closed_title,
        starts_at=timezone.now() - timedelta(days=7),
        ends_at=timezone.now() - timedelta(days=7) + timedelta(hours=2),
        location="Stadhuis",
        invitees=Meeting.Invitees.KERNTEAM,
        is_public=False,
    )
    world.private_texts.add(closed_title)
    item = AgendaItem.objects.create(
        meeting=meeting, section=Section.PACKAGES, title="Voortgang", position=0
    )
    Minutes.objects.create(meeting=meeting, summary=f"Samenvatting {tag}")
    Attendance.objects.create(meeting=meeting, user=kernteam, status=Attendance.Status.PRESENT)
    ActionPoint.objects.create(
        meeting=meeting,
        agenda_item=item,
        owner=secretaris,
        description="Verslag rondsturen",
        deadline=today + timedelta(days=14),
    )
    dispatch = Dispatch.objects.create(
        meeting=meeting,
        what=Dispatch.What.MINUTES,
        audience=Dispatch.Audience.MEMBERS,
        created_by=secretaris,
    )
    DispatchRecipient.objects.create(dispatch=dispatch, email=member.email, name=str(member))
    Meeting.objects.create(
        council=council,
        kind=Meeting.Kind.ALV,
        title=f"Openbare ALV {tag}",
        starts_at=timezone.now() + timedelta(days=30),
        ends_at=timezone.now() + timedelta(days=30, hours=2),
        location="Stadhuis",
        invitees=Meeting.Invitees.MEMBERS,
        is_public=True,
    )
    CalendarToken.objects.create(user=member, council=council)
    council_services.document_request(kind_key="notulen", obj=meeting, by=secretaris)

    # Probleemlijst and projects.
    issue = IssueFactory(council=council, title=f"Vraagstuk {tag}")
    DirectionFactory(issue=issue)
    give_scores(issue, kernteam, [3, 4, 5, 2, 1])
    running = ProjectFactory(
        council=council, issue=issue, leader=member, status=Project.Status.LOPEND
    )
    report = ProgressReportFactory(project=running, submitted_by=member)
    BudgetLineFactory(report=report)
    ReportAttachment.objects.create(
        project=running,
        title="Tussenrapport",
        file=ContentFile(b"%PDF-1.7\n%%EOF\n", name="tussenrapport.pdf"),
        content_type="application/pdf",
        size=15,
    )
    concept_title = f"Conceptproject {tag}"
    ProjectFactory(council=council, issue=issue, leader=member, title=concept_title)
    world.private_texts.add(concept_title)

    # Action packages: one open with a signature, invitation and indicator; one in
    # consultation with an amendment.
    package = open_package(council, by=secretaris, title=f"Actiepakket {tag}", starts_on=today)
    sign_for(package, member, membership.organisation)
    invitation_email = f"uitgenodigd@{tag}.test"
    package_services.invitation_add(
        package=package,
        name="Uitgenodigde",
        email=invitation_email,
        geleding=Geleding.AANBOD,
        by=secretaris,
    )
    world.private_values.add(invitation_email)
    indicator = IndicatorFactory(package=package, name=f"Indicator {tag}")
    MeasurementFactory(indicator=indicator)
    consulted = complete_package(council, title=f"Consultatiepakket {tag}")
    package_services.package_consult(package=consulted, by=secretaris)
    package_services.amendment_propose(
        package=consulted, by=member, proposal=f"Voorstel van het lid ({tag})"
    )

    NewsItem.objects.create(council=council, title=f"Nieuws {tag}", body="Tekst.")
    adopted = StatuteFactory(council=council, version=1, adopted_on=date(2024, 6, 1))
    StatuteArticleFactory(statute=adopted, number=1)
    StatuteArticleFactory(statute=StatuteFactory(council=council, version=2), number=1)

    _fill_startup(world, secretaris, phone)
    _fill_workshops(world, phone)
    _fill_exchange(world, membership, seat_membership, kernteam, phone)
    _fill_ketenstatistiek(world, membership)
    _fill_library(world, secretaris)
    _fill_dialogue(world, secretaris, member)
    return world


def _fill_startup(world: CouncilWorld, secretaris: User, phone) -> None:
    """Relatiebeheer (a party with a contact person, a contact moment, a mailing list),
    the checklist, the vooronderzoek and the logbook."""
    council, tag = world.council, world.tag
    party_note = f"Aantekening over de partij ({tag}, relatiebeheer)"
    party = startup_services.party_save(
        party=Party(
            council=council,
            name=f"Meubelmakerij {tag.upper()}",
            geleding=Geleding.AANBOD,
            place="Groningen",
            note=party_note,
        ),
        by=secretaris,
    )
    contact_email, contact_phone = f"contactpersoon@partij-{tag}.test", phone(5)
    contact = startup_services.contact_save(
        contact=ContactPerson(
            party=party,
            name=f"Contactpersoon {tag.upper()}",
            function="eigenaar",
            email=contact_email,
            phone=contact_phone,
            purpose="Uitnodigen voor het opiniegesprek",
            source="Vooronderzoek",
            retain_until=timezone.localdate() + timedelta(days=365),
        ),
        consent=True,
        consent_text="Mondeling in het gesprek",
        by=secretaris,
    )
    moment_summary = f"Gesprek met de contactpersoon ({tag}, contactmoment)"
    startup_services.moment_create(
        party=party,
        by=secretaris,
        contact=contact,
        channel=ContactMoment.Channel.GESPREK,
        summary=moment_summary,
    )
    mailing_list = MailingList(
        council=council,
        purpose=MailingList.Purpose.OPINIEGESPREK,
        subject=f"Uitnodiging opiniegesprek {tag}",
        body="Graag tot ziens op het stadhuis.",
    )
    startup_services.mailing_list_save(
        mailing_list=mailing_list, recipients=[contact], by=secretaris
    )
    world.kernteam_values |= {contact_email, contact_phone, party_note, moment_summary}
    world.shown |= {contact_email, contact_phone, party_note, moment_summary}

    kwartiermaker = world.people[Role.KWARTIERMAKER]
    startup_services.checklist_item_save(
        council=council,
        key=next(iter(checklist.ITEMS)),
        done=True,
        note=f"Afgevinkt ({tag})",
        by=kwartiermaker,
        attachment=ContentFile(b"%PDF-1.7\n%%EOF\n", name="afbakening.pdf"),
    )
    recommendations = f"Aanbevelingen van het vooronderzoek ({tag})"
    startup_services.vooronderzoek_save(
        council=council,
        by=kwartiermaker,
        commissioned_by="Gemeente",
        knowledge_partner="Hogeschool",
        advice=Vooronderzoek.Advice.START,
        recommendations=recommendations,
        advised_on=date(2024, 3, 1),
    )
    review = f"Terugblik in het logboek ({tag})"
    startup_services.log_entry_create(council=council, by=kwartiermaker, review=review)
    world.kernteam_values |= {recommendations, review}


def _fill_workshops(world: CouncilWorld, phone) -> None:
    """A Hello World workshop of the council with two participants and a contribution."""
    tag = world.tag
    workshop = WorkshopFactory(council=world.council, title=f"Hello World {tag}")
    participant_email = f"deelnemer@workshop-{tag}.test"
    participant = ParticipantFactory(
        workshop=workshop, name=f"Deelnemer {tag.upper()}", email=participant_email
    )
    ParticipantFactory(workshop=workshop, name=f"Tweede deelnemer {tag.upper()}")
    ContributionFactory(participant=participant, text=f"Wij leveren granulaat ({tag})")
    world.private_values.add(participant_email)


def _fill_exchange(world, membership, seat_membership, kernteam, phone) -> None:
    """A listing of the member and a response of the kernteam member's organisation:
    the contact details of both are shared only once the owner accepts."""
    tag = world.tag
    listing_email, listing_phone = f"handel@lid-{tag}.test", phone(6)
    offer = listing(
        world.council,
        organisation=membership.organisation,
        material=f"Betongranulaat {tag}",
        contact_name=f"Handelaar {tag.upper()}",
        contact_email=listing_email,
        contact_phone=listing_phone,
    )
    response_email, response_phone = f"reactie@zetel-{tag}.test", phone(7)
    exchange_services.response_create(
        listing=offer,
        organisation=seat_membership.organisation,
        by=kernteam,
        message=f"Wij nemen graag af ({tag})",
        contact_name=f"Afnemer {tag.upper()}",
        contact_email=response_email,
        contact_phone=response_phone,
    )
    world.private_values |= {listing_email, listing_phone, response_email, response_phone}
    world.shown |= {listing_email, listing_phone}


# An individual member's figure: odd enough to be found in a page, in either notation.
FIGURES = {"alfa": 4817263, "beta": 5928374, "gamma": 6039485}


def _fill_ketenstatistiek(world: CouncilWorld, membership) -> None:
    """An open period with two questions and the member's figure for one of them."""
    period = PeriodFactory(council=world.council, name=f"Periode {world.tag}")
    question = StatisticsQuestionFactory(period=period, label=f"Geleverd beton {world.tag}")
    StatisticsQuestionFactory(period=period, label=f"Hergebruikt hout {world.tag}")
    figure = FIGURES[world.tag]
    add_figure(question, membership.organisation, Geleding.AANBOD, figure)
    world.private_values |= {str(figure), f"{figure:,}".replace(",", ".")}
    world.shown.add(str(figure))


def _fill_library(world: CouncilWorld, secretaris: User) -> None:
    """A document at each access level, each with a file."""
    tag = world.tag
    add_document(world.council, title=f"Openbaar rapport {tag}", by=secretaris)
    members_title = f"Ledenrapport {tag}"
    members_text = f"Alleen voor leden ({tag})"
    add_document(
        world.council,
        title=members_title,
        access=Access.MEMBERS,
        description=members_text,
        upload=pdf_upload(members_text, name="leden.pdf"),
        by=secretaris,
    )
    world.private_texts |= {members_title, members_text}
    world.shown |= {members_title, members_text}
    kernteam_title = f"Kernteamnotitie {tag}"
    kernteam_text = f"Alleen voor het kernteam ({tag})"
    add_document(
        world.council,
        title=kernteam_title,
        access=Access.KERNTEAM,
        description=kernteam_text,
        upload=pdf_upload(kernteam_text, name="kernteam.pdf"),
        by=secretaris,
    )
    world.private_texts |= {kernteam_title, kernteam_text}
    world.kernteam_values |= {kernteam_title, kernteam_text}
    world.shown |= {kernteam_title, kernteam_text}


def _fill_dialogue(world: CouncilWorld, secretaris: User, member: User) -> None:
    """A discussion with a member's post, a hidden post and a question from the public
    that waits for moderation."""
    tag = world.tag
    discussion = dialogue_services.discussion_open(
        council=world.council,
        by=secretaris,
        subject=Discussion.Subject.COUNCIL,
        title=f"Discussie {tag}",
        introduction="Wat vindt u van meer granulaat in beton?",
    )
    dialogue_services.post_contribute(
        discussion=discussion, by=member, body=f"Een bijdrage van het lid ({tag})"
    )
    hidden_text = f"Een verborgen bijdrage ({tag})"
    hidden = dialogue_services.post_contribute(discussion=discussion, by=member, body=hidden_text)
    dialogue_services.post_hide(post=hidden, by=secretaris, reason="Beledigend")
    question_text = f"Een vraag van het publiek ({tag})"
    guest_email = f"gast@dialoog-{tag}.test"
    dialogue_services.question_ask(
        discussion=discussion, name="Henk de Boer", body=question_text, email=guest_email
    )
    world.private_texts |= {hidden_text, question_text}
    world.shown |= {hidden_text, question_text}
    world.private_values.add(guest_email)


def build_world() -> World:
    """Council A (the one the matrix looks at), B and C, and a superuser."""
    a = fill_council(CouncilFactory(name="Ketenoverleg Alfa", slug="alfa"), "alfa", 1)
    b = fill_council(CouncilFactory(name="Ketenoverleg Beta", slug="beta"), "beta", 2)
    c = fill_council(CouncilFactory(name="Ketenoverleg Gamma", slug="gamma"), "gamma", 3)
    superuser = UserFactory(
        email="beheer@world.test",
        first_name="Beheer",
        last_name="Installatie",
        is_staff=True,
        is_superuser=True,
    )
    assert Document.objects.filter(council=a.council).exists()
    return World(a=a, b=b, c=c, superuser=superuser)
