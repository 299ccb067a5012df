"""Writes with consequences for Hello World workshops."""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from actionpackages import services as package_services
from actionpackages.models import Action, Package
from ketenoverleg import services as council_services
from ketenoverleg.models import Geleding, Ketenoverleg, Phase, User
from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES, has_role
from startup import services as startup_services
from startup.models import PartyStatus
from workshops.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    PARTICIPANT_DATA_LIFETIME,
    PRACTICE_LIFETIME,
    Contribution,
    Link,
    Participant,
    Workshop,
)

# Hard limits, checked in the database whatever a rate limit in the cache says.
MAX_PARTICIPANTS = 200
MAX_CONTRIBUTIONS_PER_PARTICIPANT = 20
MAX_CONTRIBUTIONS_PER_MINUTE = 6
# Who may turn a workshop into a package of a council.
PACKAGE_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES
PROSPECT_CONSENT_TEXT = _(
    "Gegeven in de afsluitende peiling van de Hello World-workshop: het ketenoverleg mag "
    "naam, organisatie en e-mailadres bewaren om contact op te nemen over het initiatief."
)


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def may_manage(user, workshop: Workshop) -> bool:
    """The kwartiermaker who made it, a kwartiermaker of its council, or a superuser."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or workshop.created_by_id == user.pk:
        return True
    return workshop.council is not None and has_role(user, workshop.council, {"kwartiermaker"})


@transaction.atomic
def workshop_create(*, by: User, council: Ketenoverleg | None, **fields) -> Workshop:
    if council is not None and not has_role(by, council, {"kwartiermaker"}):
        raise ValidationError({"council": _("U bent geen kwartiermaker van dit ketenoverleg.")})
    workshop = Workshop(council=council, created_by=by, **fields)
    workshop.code = _new_code()
    workshop.full_clean(exclude=["code"])
    for _attempt in range(10):
        try:
            with transaction.atomic():
                workshop.save()
            return workshop
        except IntegrityError:
            workshop.code = _new_code()
    raise ValidationError(_("Er kon geen vrije deelnamecode worden gevonden; probeer het opnieuw."))


def _require_status(workshop: Workshop, *statuses: str, message: str) -> None:
    if workshop.status not in statuses:
        raise ValidationError(message)


@transaction.atomic
def participant_join(
    *, workshop: Workshop, name: str, organisation: str = "", email: str = "", geleding: str = ""
) -> Participant:
    """Someone joins with the code; without a chosen geleding they get the role that
    has the fewest people so far, so all six are played."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    _require_status(
        workshop, Workshop.Status.OPEN, message=_("Deze workshop neemt geen deelnemers meer aan.")
    )
    if not name.strip():
        raise ValidationError({"name": _("Vul uw naam in.")})
    counts = dict(
        workshop.participants.values("geleding")
        .annotate(n=Count("pk"))
        .values_list("geleding", "n")
    )
    if sum(counts.values()) >= MAX_PARTICIPANTS:
        raise ValidationError(_("Deze workshop is vol."))
    if geleding and geleding not in Geleding.values:
        raise ValidationError({"geleding": _("Kies een van de zes geledingen.")})
    if not geleding:
        geleding = min(Geleding.values, key=lambda g: (counts.get(g, 0), Geleding.values.index(g)))
    participant = Participant(
        workshop=workshop,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email.strip(),
        geleding=geleding,
    )
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def contribution_add(*, participant: Participant, text: str) -> Contribution:
    """A participant posts what they could and would do from their role."""
    participant = (
        Participant.objects.select_for_update().select_related("workshop").get(pk=participant.pk)
    )
    _require_status(
        participant.workshop,
        Workshop.Status.OPEN,
        message=_("Bijdragen kan alleen zolang de workshop open is."),
    )
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Schrijf op wat u zou kunnen bijdragen.")})
    mine = participant.contributions
    if mine.count() >= MAX_CONTRIBUTIONS_PER_PARTICIPANT:
        raise ValidationError(
            _("U heeft het maximum van %(n)s bijdragen bereikt.")
            % {"n": MAX_CONTRIBUTIONS_PER_PARTICIPANT}
        )
    recent = mine.filter(created_at__gte=timezone.now() - timedelta(minutes=1)).count()
    if recent >= MAX_CONTRIBUTIONS_PER_MINUTE:
        raise ValidationError(_("Even rustig aan: probeer het over een minuut opnieuw."))
    contribution = Contribution(
        workshop=participant.workshop,
        participant=participant,
        geleding=participant.geleding,
        text=text,
    )
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def participant_set_geleding(*, participant: Participant, geleding: str, by: User) -> Participant:
    """The kwartiermaker gives a participant (another) role; earlier contributions keep
    the geleding they were written in."""
    if geleding not in Geleding.values:
        raise ValidationError({"geleding": _("Kies een van de zes geledingen.")})
    participant.geleding = geleding
    participant.save(update_fields=["geleding"])
    return participant


@transaction.atomic
def link_add(*, workshop: Workshop, first: Contribution, second: Contribution, by: User) -> Link:
    """Draw a line between two contributions that reinforce each other."""
    if first.pk == second.pk:
        raise ValidationError({"contributions": _("Kies twee verschillende bijdragen.")})
    if first.workshop_id != workshop.pk or second.workshop_id != workshop.pk:
        raise ValidationError({"contributions": _("Kies bijdragen uit deze workshop.")})
    _require_status(
        workshop,
        Workshop.Status.OPEN,
        Workshop.Status.POLL,
        message=_("Een gesloten workshop verandert niet meer."),
    )
    a, b = sorted([first, second], key=lambda c: c.pk)
    try:
        with transaction.atomic():
            return Link.objects.create(workshop=workshop, a=a, b=b)
    except IntegrityError:
        raise ValidationError(
            {"contributions": _("Deze twee bijdragen zijn al verbonden.")}
        ) from None


@transaction.atomic
def link_remove(*, link: Link, by: User) -> None:
    _require_status(
        link.workshop,
        Workshop.Status.OPEN,
        Workshop.Status.POLL,
        message=_("Een gesloten workshop verandert niet meer."),
    )
    link.delete()


def _step(workshop: Workshop, allowed: set[str], to_status: str, message: str) -> Workshop:
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.status not in allowed:
        raise ValidationError(message)
    workshop.status = to_status
    if to_status == Workshop.Status.CLOSED:
        workshop.closed_at = timezone.now()
    workshop.save(update_fields=["status", "closed_at"])
    return workshop


@transaction.atomic
def workshop_start_poll(*, workshop: Workshop, by: User) -> Workshop:
    """Stop posting and ask the closing questions."""
    return _step(
        workshop,
        {Workshop.Status.OPEN},
        Workshop.Status.POLL,
        _("De peiling kan alleen na een open workshop."),
    )


@transaction.atomic
def workshop_reopen(*, workshop: Workshop, by: User) -> Workshop:
    return _step(
        workshop,
        {Workshop.Status.POLL},
        Workshop.Status.OPEN,
        _("Alleen een workshop in de peiling kan weer open."),
    )


@transaction.atomic
def workshop_close(*, workshop: Workshop, by: User) -> Workshop:
    return _step(
        workshop,
        {Workshop.Status.OPEN, Workshop.Status.POLL},
        Workshop.Status.CLOSED,
        _("Deze workshop is al gesloten."),
    )


@transaction.atomic
def poll_answer(
    *,
    participant: Participant,
    workable: str,
    should_start: str,
    wants_involved: bool,
    prospect_consent: bool,
    organisation: str = "",
    email: str = "",
) -> Participant:
    """A participant answers the closing questions; whoever wants to be involved may
    let the council keep their details to contact them."""
    participant = (
        Participant.objects.select_for_update().select_related("workshop").get(pk=participant.pk)
    )
    _require_status(
        participant.workshop,
        Workshop.Status.POLL,
        message=_("De peiling is niet (meer) open."),
    )
    if prospect_consent and not wants_involved:
        prospect_consent = False
    participant.workable = workable
    participant.should_start = should_start
    participant.wants_involved = wants_involved
    participant.prospect_consent = prospect_consent
    if organisation:
        participant.organisation = organisation.strip()
    if email:
        participant.email = email.strip()
    participant.answered_at = timezone.now()
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def workshop_convert(
    *,
    workshop: Workshop,
    by: User,
    title: str,
    council: Ketenoverleg | None = None,
    new_council: dict | None = None,
) -> Package:
    """Turn the workshop into a draft action package of an existing council or of a new
    one (which starts in verkenning, out of public view): one action per contribution in
    its geleding, the links as 'versterkt', and the participants who want to be
    involved and consented as prospects in relatiebeheer. Once."""
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if workshop.package_id is not None or workshop.converted_at is not None:
        raise ValidationError(_("Deze workshop is al omgezet in een actiepakket."))
    if workshop.status == Workshop.Status.OPEN:
        raise ValidationError(_("Sluit eerst het bijdragen af (start de peiling of sluit)."))
    contributions = list(workshop.contributions.order_by("pk"))
    if not contributions:
        raise ValidationError(_("Een workshop zonder bijdragen levert geen actiepakket op."))
    if (council is None) == (new_council is None):
        raise ValidationError({"council": _("Kies een bestaand ketenoverleg of maak een nieuw.")})
    if council is not None:
        if not has_role(by, council, PACKAGE_ROLES):
            raise ValidationError(
                {"council": _("U kunt geen actiepakket maken in dit ketenoverleg.")}
            )
    else:
        council = council_services.council_create(
            by=by,
            start_phase=Phase.VERKENNING,
            product_category=workshop.chain,
            area=workshop.place,
            goal=workshop.direction,
            **new_council,
        )
    package = package_services.package_create(
        council=council,
        by=by,
        title=title,
        aim=workshop.direction,
        introduction=_(
            "Ontstaan in de Hello World-workshop '%(w)s' in %(place)s op %(date)s.\n"
            "Het vraagstuk: %(problem)s"
        )
        % {
            "w": workshop.title,
            "place": workshop.place,
            "date": workshop.held_on.strftime("%d-%m-%Y"),
            "problem": workshop.problem,
        },
    )
    actions = {
        c.pk: Action.objects.create(
            package=package, geleding=c.geleding, text=c.text, position=position
        )
        for position, c in enumerate(contributions)
    }
    for link in workshop.links.all():
        actions[link.a_id].reinforces.add(actions[link.b_id])
    status = (
        PartyStatus.OPINIEGESPREK
        if workshop.occasion == Workshop.Occasion.OPINIEGESPREK
        else PartyStatus.GEINTERESSEERD
    )
    source = _("Hello World-workshop '%(w)s' van %(date)s") % {
        "w": workshop.title,
        "date": workshop.held_on.strftime("%d-%m-%Y"),
    }
    for participant in workshop.participants.filter(
        wants_involved=True, prospect_consent=True, prospect__isnull=True
    ):
        participant.prospect = startup_services.prospect_add(
            council=council,
            name=participant.name,
            organisation=participant.organisation,
            email=participant.email,
            geleding=participant.geleding,
            source=source,
            consent_text=str(PROSPECT_CONSENT_TEXT),
            status=status,
            by=by,
        )
        participant.save(update_fields=["prospect"])
    workshop.council = council
    workshop.package = package
    workshop.converted_at = timezone.now()
    if workshop.status != Workshop.Status.CLOSED:
        workshop.status = Workshop.Status.CLOSED
        workshop.closed_at = workshop.converted_at
    workshop.save(update_fields=["council", "package", "converted_at", "status", "closed_at"])
    return package


def clean_up(*, now: datetime | None = None) -> dict[str, int]:
    """Daily: delete practice workshops older than 30 days, and erase the personal
    data of participants of workshops closed more than 30 days ago (their
    contributions stay, without a name; prospects live on in relatiebeheer)."""
    now = now or timezone.now()
    deleted, _detail = Workshop.objects.filter(
        council__isnull=True, created_at__lt=now - PRACTICE_LIFETIME
    ).delete()
    erased = (
        Participant.objects.filter(
            workshop__closed_at__lt=now - PARTICIPANT_DATA_LIFETIME,
        )
        .exclude(name="", organisation="", email="")
        .update(name="", organisation="", email="")
    )
    return {"deleted": deleted, "erased": erased}
