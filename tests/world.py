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
from ketenoverleg import services as council_services
from ketenoverleg.models import Document, Geleding, Ketenoverleg, NewsItem, Role, User
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
    Representative,
    Seat,
    WorkGroup,
)
from projects.models import Project, ReportAttachment
from tests.actionpackages.factories import (
    IndicatorFactory,
    MeasurementFactory,
    complete_package,
    open_package,
    sign_for,
)
from tests.documents.factories import StatuteArticleFactory, StatuteFactory
from tests.factories import CouncilFactory, RoleAssignmentFactory, UserFactory
from tests.members.factories import BoardAppointmentFactory, MembershipFactory
from tests.projects.factories import (
    BudgetLineFactory,
    DirectionFactory,
    IssueFactory,
    ProgressReportFactory,
    ProjectFactory,
    give_scores,
)

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
        RoleAssignmentFactory(
            user=_person(world, role), council=council, role=role, starts_on=date(2024, 1, 1)
        )
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
    return world


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
