"""Writes of the ALV: convening, attendance, online votes, results and their effects.

Every function is keyword-only, takes the acting user and runs in one transaction. An
adopted decision takes effect through the service of the app that owns what it
decides (the statute, the contributie, the kernteam), in the same transaction as the
result: a decision whose effect is refused is not recorded either.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from alv.models import (
    PERSON_KINDS,
    STATUTE_KINDS,
    YEAR_KINDS,
    AnnualReport,
    Assembly,
    AssemblyAttendance,
    AssemblyRules,
    AttendanceStatus,
    BudgetLine,
    Choice,
    DecisionItem,
    ItemKind,
    Majority,
    OnlineBallot,
    Outcome,
    YearPlan,
    quorum_count,
)
from alv.selectors import report_figures
from ketenoverleg import audit
from ketenoverleg import services as core_services
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Ketenoverleg, Phase, Statute, User
from meetings import services as meeting_services
from meetings.models import Meeting
from members import services as member_services
from members.models import (
    BoardAppointment,
    ContributionRate,
    Election,
    Membership,
    MembershipStatus,
    Representative,
)

# Rules ------------------------------------------------------------------------------


@transaction.atomic
def rules_set(*, council: Ketenoverleg, by: User, **fields) -> AssemblyRules:
    """Record the statute's rules for convening and deciding."""
    rules = AssemblyRules.objects.select_for_update().filter(council=council).first()
    rules = rules or AssemblyRules(council=council)
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    return rules


# Convening --------------------------------------------------------------------------


def is_informal(council: Ketenoverleg) -> bool:
    return council.organisation_form == Ketenoverleg.OrganisationForm.INFORMEEL


@transaction.atomic
def assembly_create(
    *,
    council: Ketenoverleg,
    by: User,
    title: str,
    starts_at,
    ends_at=None,
    location: str = "",
    online_url: str = "",
) -> Assembly:
    """Plan an ALV (in an informal council: the plenary, deciding by consensus)."""
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Een ALV plant u in de toekomst.")})
    meeting = meeting_services.meeting_create(
        council=council,
        by=by,
        kind=Meeting.Kind.ALV,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        online_url=online_url,
        invitees=Meeting.Invitees.MEMBERS,
        is_public=False,
    )
    return Assembly.objects.create(
        meeting=meeting, council=council, by_consensus=is_informal(council)
    )


def convocation_deadline(assembly: Assembly, items=None) -> date:
    """The last day on which the convocation may go out: the statute's notice period
    before the meeting, or the (longer) period for a proposal to amend the statute."""
    rules = AssemblyRules.for_council(assembly.council)
    items = assembly.items.all() if items is None else items
    days = rules.notice_days
    if any(item.kind == ItemKind.STATUTENWIJZIGING for item in items):
        days = max(days, rules.amendment_notice_days)
    return assembly.date - timedelta(days=days)


def _check_editable(assembly: Assembly) -> None:
    if assembly.is_convened:
        raise ValidationError(
            _(
                "De oproeping is verstuurd; de agenda ligt vast. Roep zo nodig een nieuwe ALV bijeen."
            )
        )


def _kind_error(field: str, message) -> ValidationError:
    return ValidationError({field: message})


def _check_item(assembly: Assembly, item: DecisionItem) -> None:
    council = assembly.council
    kind = item.kind
    if item.secret and kind not in PERSON_KINDS:
        raise _kind_error("secret", _("Alleen over personen kan geheim worden gestemd."))
    if item.secret and item.online_voting:
        raise _kind_error(
            "online_voting", _("Een geheime stemming kan niet vooraf online worden gehouden.")
        )
    if assembly.by_consensus and item.online_voting:
        raise _kind_error(
            "online_voting",
            _("De plenaire vergadering besluit bij consensus; er wordt niet gestemd."),
        )
    if (kind in YEAR_KINDS or kind == ItemKind.CONTRIBUTIE) and item.year is None:
        raise _kind_error("year", _("Kies het jaar waarover de ALV besluit."))
    if kind in {ItemKind.JAARPLAN, ItemKind.BEGROTING}:
        plan = YearPlan.objects.filter(council=council, year=item.year).first()
        if plan is None:
            raise _kind_error("year", _("Er is nog geen jaarplan voor dit jaar."))
        if plan.plan_adopted_by_id if kind == ItemKind.JAARPLAN else plan.budget_adopted_by_id:
            raise _kind_error("year", _("Dit is al vastgesteld."))
        if kind == ItemKind.BEGROTING and not plan.lines.exists():
            raise _kind_error("year", _("De begroting van dit jaar heeft nog geen regels."))
    if kind in {ItemKind.JAARVERSLAG, ItemKind.DECHARGE}:
        report = AnnualReport.objects.filter(council=council, year=item.year).first()
        if report is None:
            raise _kind_error("year", _("Er is nog geen jaarverslag over dit jaar."))
    if kind == ItemKind.CONTRIBUTIE and item.contribution_amount is None:
        raise _kind_error("contribution_amount", _("Vul het voorgestelde bedrag in."))
    if kind == ItemKind.STATUTENWIJZIGING:
        statute = item.statute
        if statute is None or statute.council_id != council.pk:
            raise _kind_error("statute", _("Kies de conceptversie van het statuut."))
        if statute.is_adopted:
            raise _kind_error("statute", _("Deze versie is al vastgesteld."))
    if kind == ItemKind.BENOEMING:
        election = item.election
        if election is None or election.council_id != council.pk:
            raise _kind_error("election", _("Kies de verkiezing waaruit de voordracht komt."))
        if election.nominee_id is None:
            raise _kind_error(
                "election", _("Deze verkiezing heeft (nog) geen voordracht: sluit haar eerst.")
            )
        if election.appointment_id:
            raise _kind_error("election", _("De voordracht is al benoemd."))
    if kind == ItemKind.HERBENOEMING:
        appointment = item.board_appointment
        if appointment is None or appointment.council_id != council.pk:
            raise _kind_error("board_appointment", _("Kies het kernteamlid."))
        if hasattr(appointment, "next_term") or appointment.ended_early_on:
            raise _kind_error(
                "board_appointment", _("Deze termijn is al verlengd of tussentijds beëindigd.")
            )
    if kind == ItemKind.ONTSLAG:
        appointment = item.board_appointment
        if appointment is None or appointment.council_id != council.pk:
            raise _kind_error("board_appointment", _("Kies het kernteamlid."))
        if not BoardAppointment.objects.active().filter(pk=appointment.pk).exists():
            raise _kind_error(
                "board_appointment", _("Dit kernteamlid zit niet (meer) in het kernteam.")
            )


@transaction.atomic
def item_add(*, assembly: Assembly, by: User, **fields) -> DecisionItem:
    """Put a decision on the agenda; the agenda is fixed once the convocation is out."""
    assembly = (
        Assembly.objects.select_for_update()
        .select_related("meeting", "council")
        .get(pk=assembly.pk)
    )
    _check_editable(assembly)
    position = assembly.items.count()
    item = DecisionItem(assembly=assembly, position=position, **fields)
    _check_item(assembly, item)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def item_remove(*, item: DecisionItem, by: User) -> None:
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    _check_editable(assembly)
    item.delete()


def member_recipients(council: Ketenoverleg) -> list[User]:
    """Every active representative of every admitted member, once."""
    return list(
        User.objects.filter(
            is_active=True,
            representations__organisation__memberships__council=council,
            representations__organisation__memberships__status=MembershipStatus.TOEGELATEN,
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def assembly_convene(*, assembly: Assembly, by: User) -> int:
    """Send the convocation with the agenda and its documents to every member's
    representatives; refused after the statute's deadline. Returns how many people
    were mailed: a second call mails nobody twice (the outbox key per person)."""
    assembly = (
        Assembly.objects.select_for_update()
        .select_related("meeting", "council")
        .get(pk=assembly.pk)
    )
    council = assembly.council
    items = list(assembly.items.select_related("statute", "election__nominee__user"))
    if not items:
        raise ValidationError(_("Zet eerst de besluitpunten op de agenda."))
    deadline = convocation_deadline(assembly, items)
    today = timezone.localdate()
    if not assembly.is_convened and today > deadline:
        raise ValidationError(
            _(
                "Te laat: volgens het statuut moest de oproeping uiterlijk op %(deadline)s "
                "de deur uit (%(days)s dagen voor de vergadering van %(date)s). Kies een "
                "latere datum voor de ALV."
            )
            % {
                "deadline": deadline.strftime("%d-%m-%Y"),
                "days": (assembly.date - deadline).days,
                "date": assembly.date.strftime("%d-%m-%Y"),
            }
        )
    first = not assembly.is_convened
    if first:
        assembly.convened_at = timezone.now()
        assembly.convened_by = by
        assembly.save(update_fields=["convened_at", "convened_by"])
    base_url = settings.SITE_URL.rstrip("/")
    sent = 0
    for user in member_recipients(council):
        queued = queue_email(
            to=[user.email],
            template="alv/email/convocation",
            context={
                "assembly": assembly,
                "meeting": assembly.meeting,
                "council": council,
                "items": items,
                "base_url": base_url,
                "informal": assembly.by_consensus,
            },
            key=f"alv:{assembly.pk}:convocation:user:{user.pk}",
        )
        if queued is not None:
            sent += 1
    if first:
        audit.record(
            action=audit.Action.INVITATIONS_SENT,
            by=by,
            council=council,
            target=assembly.meeting,
            summary=gettext_noop("Oproeping voor de ALV van %(date)s aan %(count)s personen"),
            date=assembly.date,
            count=sent,
        )
    return sent


# Attendance -------------------------------------------------------------------------


def _admitted(council: Ketenoverleg, membership: Membership, field: str) -> None:
    if membership.council_id != council.pk or membership.status != MembershipStatus.TOEGELATEN:
        raise ValidationError({field: _("Alleen toegelaten leden van dit ketenoverleg.")})


@transaction.atomic
def attendance_register(
    *,
    assembly: Assembly,
    membership: Membership,
    status: str,
    by: User,
    proxy_holder: Membership | None = None,
) -> AssemblyAttendance:
    """Record at the door whether a member organisation is present, represented by a
    proxy (given to another member organisation that is present) or absent."""
    # The lock on the assembly puts registrations in a row, so two proxies given at
    # the same moment never both take a holder's last place.
    assembly = Assembly.objects.select_for_update().select_related("council").get(pk=assembly.pk)
    if assembly.closed_at:
        raise ValidationError(_("De ALV is gesloten; de presentielijst ligt vast."))
    council = assembly.council
    _admitted(council, membership, "membership")
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Kies aanwezig, volmacht of afwezig.")})
    if status != AttendanceStatus.PROXY:
        proxy_holder = None
    else:
        if proxy_holder is None:
            raise ValidationError({"proxy_holder": _("Kies het lid dat de volmacht krijgt.")})
        _admitted(council, proxy_holder, "proxy_holder")
        if proxy_holder.pk == membership.pk:
            raise ValidationError({"proxy_holder": _("Een lid kan zichzelf geen volmacht geven.")})
        holder_row = assembly.attendance.filter(membership=proxy_holder).first()
        if holder_row is None or holder_row.status != AttendanceStatus.PRESENT:
            raise ValidationError(
                {"proxy_holder": _("Een volmacht gaat naar een lid dat aanwezig is.")}
            )
        limit = AssemblyRules.for_council(council).proxies_per_attendee
        held = (
            assembly.attendance.filter(proxy_holder=proxy_holder)
            .exclude(membership=membership)
            .count()
        )
        if held >= limit:
            raise ValidationError(
                {
                    "proxy_holder": _(
                        "%(org)s heeft al %(n)s volmacht(en); het statuut staat er %(limit)s toe."
                    )
                    % {"org": proxy_holder.organisation, "n": held, "limit": limit}
                }
            )
    if (
        status == AttendanceStatus.PROXY
        and assembly.attendance.filter(proxy_holder=membership).exists()
    ):
        raise ValidationError(
            {"status": _("Dit lid houdt zelf volmachten; het kan zijn stem niet doorgeven.")}
        )
    row, _created = AssemblyAttendance.objects.update_or_create(
        assembly=assembly,
        membership=membership,
        defaults={
            "status": status,
            "proxy_holder": proxy_holder,
            "recorded_by": by,
            "recorded_at": timezone.now(),
        },
    )
    return row


@transaction.atomic
def check_in(
    *, assembly: Assembly, code: str, membership: Membership, by: User
) -> AssemblyAttendance:
    """A representative checks their organisation in with the code shown at the door."""
    if timezone.localdate() != assembly.date:
        raise ValidationError({"code": _("Inchecken kan alleen op de dag van de ALV.")})
    if code.strip().upper() != assembly.check_in_code:
        raise ValidationError({"code": _("Deze code klopt niet.")})
    if not Representative.objects.filter(organisation=membership.organisation, user=by).exists():
        raise ValidationError({"membership": _("U kunt niet namens deze organisatie optreden.")})
    return attendance_register(
        assembly=assembly, membership=membership, status=AttendanceStatus.PRESENT, by=by
    )


def represented_organisations(assembly: Assembly, item: DecisionItem | None = None) -> set[int]:
    """Membership ids present or represented: present, or by a proxy whose holder is
    present now, or (for ``item``) having voted online. A proxy whose holder left
    counts no more."""
    rows = list(assembly.attendance.values_list("membership_id", "status", "proxy_holder_id"))
    present = {m for m, s, _h in rows if s == AttendanceStatus.PRESENT}
    by_proxy = {m for m, s, h in rows if s == AttendanceStatus.PROXY and h in present}
    online = set(item.ballots.values_list("membership_id", flat=True)) if item else set()
    return present | by_proxy | online


def room_voters(assembly: Assembly, item: DecisionItem) -> set[int]:
    """Who may still vote in the room on ``item``: present or validly represented, and
    not voted online already (one vote per member organisation)."""
    rows = list(assembly.attendance.values_list("membership_id", "status", "proxy_holder_id"))
    present = {m for m, s, _h in rows if s == AttendanceStatus.PRESENT}
    by_proxy = {m for m, s, h in rows if s == AttendanceStatus.PROXY and h in present}
    online = set(item.ballots.values_list("membership_id", flat=True))
    return (present | by_proxy) - online


# Online votes -----------------------------------------------------------------------


@transaction.atomic
def ballot_cast(
    *, item: DecisionItem, membership: Membership, choice: str, by: User
) -> OnlineBallot:
    """A member organisation votes online, once; it may change its vote until the ALV
    starts."""
    item = DecisionItem.objects.select_related("assembly__meeting", "assembly__council").get(
        pk=item.pk
    )
    if not item.online_voting:
        raise ValidationError(_("Over dit punt wordt niet vooraf online gestemd."))
    if not item.assembly.is_convened:
        raise ValidationError(_("De ALV is nog niet bijeengeroepen."))
    if not item.online_open:
        raise ValidationError(_("De online stemming is gesloten: de ALV is begonnen."))
    if choice not in Choice.values:
        raise ValidationError({"choice": _("Kies voor, tegen of onthouding.")})
    _admitted(item.assembly.council, membership, "membership")
    if not Representative.objects.filter(organisation=membership.organisation, user=by).exists():
        raise ValidationError({"membership": _("U kunt niet namens deze organisatie stemmen.")})
    try:
        with transaction.atomic():
            return OnlineBallot.objects.create(
                item=item, membership=membership, choice=choice, cast_by=by
            )
    except IntegrityError:
        # The organisation voted before (or a parallel request just did): change it.
        ballot = OnlineBallot.objects.select_for_update().get(item=item, membership=membership)
        ballot.choice = choice
        ballot.cast_by = by
        ballot.cast_at = timezone.now()
        ballot.save(update_fields=["choice", "cast_by", "cast_at"])
        return ballot


def online_tally(item: DecisionItem) -> Counter:
    return Counter(item.ballots.values_list("choice", flat=True))


# Results ----------------------------------------------------------------------------


def admitted_count(council: Ketenoverleg) -> int:
    return Membership.objects.for_council(council).admitted().count()


@transaction.atomic
def result_record(
    *,
    item: DecisionItem,
    by: User,
    votes_for: int = 0,
    votes_against: int = 0,
    votes_abstain: int = 0,
    consensus: bool | None = None,
    note: str = "",
) -> DecisionItem:
    """Record the result of ``item``: the votes in the room are added to those cast
    online; the quorum counts member organisations present or represented, the
    majority the votes cast (abstentions are no votes cast). An adopted decision takes
    effect at once. In an informal council the plenary decides by consensus."""
    item = (
        DecisionItem.objects.select_for_update()
        .select_related("assembly__meeting", "assembly__council")
        .get(pk=item.pk)
    )
    assembly = item.assembly
    council = assembly.council
    if item.is_decided:
        raise ValidationError(_("Over dit punt is al besloten."))
    if not assembly.is_convened:
        raise ValidationError(_("De ALV is niet bijeengeroepen; er kan niet besloten worden."))
    if not assembly.has_started:
        raise ValidationError(_("De uitslag legt u vast tijdens of na de vergadering."))
    item.note = note
    item.recorded_at = timezone.now()
    item.recorded_by = by
    if assembly.by_consensus:
        if consensus is None:
            raise ValidationError({"consensus": _("Geef aan of er consensus was.")})
        item.outcome = Outcome.ADOPTED if consensus else Outcome.REJECTED
    else:
        counts = (votes_for, votes_against, votes_abstain)
        if any(n is None or n < 0 for n in counts):
            raise ValidationError(_("Het aantal stemmen kan niet negatief zijn."))
        room = room_voters(assembly, item)
        if sum(counts) > len(room):
            raise ValidationError(
                {
                    "votes_for": _(
                        "Er zijn %(total)s stemmen ingevuld, maar in de zaal kunnen %(n)s "
                        "leden stemmen (aanwezig of met een geldige volmacht, zonder wie al "
                        "online stemde): één stem per lid."
                    )
                    % {"total": sum(counts), "n": len(room)}
                }
            )
        online = online_tally(item)
        item.votes_for = votes_for + online[Choice.FOR]
        item.votes_against = votes_against + online[Choice.AGAINST]
        item.votes_abstain = votes_abstain + online[Choice.ABSTAIN]
        rules = AssemblyRules.for_council(council)
        heavy = item.kind in STATUTE_KINDS
        item.majority = rules.statute_majority if heavy else rules.ordinary_majority
        percent = rules.statute_quorum_percent if heavy else rules.quorum_percent
        item.quorum_required = quorum_count(percent, admitted_count(council))
        item.represented = len(represented_organisations(assembly, item))
        if item.represented < item.quorum_required:
            item.outcome = Outcome.NO_QUORUM
        elif Majority.reached(item.majority, item.votes_for, item.votes_against):
            item.outcome = Outcome.ADOPTED
        else:
            item.outcome = Outcome.REJECTED
    item.save()
    if item.outcome == Outcome.ADOPTED:
        _take_effect(item, by=by)
    return item


def _take_effect(item: DecisionItem, *, by: User) -> None:
    """Let an adopted decision change what it decides, through the owner's service."""
    assembly = item.assembly
    council = assembly.council
    on = assembly.date
    kind = item.kind
    if kind == ItemKind.STATUTENWIJZIGING:
        core_services.statute_adopt(statute=item.statute, adopted_on=on, by=by)
    elif kind == ItemKind.CONTRIBUTIE:
        contribution_set(council=council, year=item.year, amount=item.contribution_amount, on=on)
    elif kind == ItemKind.BENOEMING:
        election = Election.objects.select_for_update().get(pk=item.election_id)
        member_services.election_appoint(
            election=election, starts_on=on, appointed_by_alv_on=on, by=by
        )
    elif kind == ItemKind.HERBENOEMING:
        member_services.board_reappoint(
            appointment=item.board_appointment, appointed_by_alv_on=on, by=by
        )
    elif kind == ItemKind.ONTSLAG:
        member_services.board_step_down(appointment=item.board_appointment, on=on, by=by)
    elif kind in {ItemKind.JAARPLAN, ItemKind.BEGROTING}:
        plan = YearPlan.objects.select_for_update().get(council=council, year=item.year)
        field = "plan_adopted_by" if kind == ItemKind.JAARPLAN else "budget_adopted_by"
        if getattr(plan, f"{field}_id"):
            raise ValidationError(_("Dit is al vastgesteld."))
        setattr(plan, field, item)
        plan.save(update_fields=[field])
    elif kind == ItemKind.JAARVERSLAG:
        report = AnnualReport.objects.select_for_update().get(council=council, year=item.year)
        if report.is_adopted:
            raise ValidationError(_("Dit jaarverslag is al vastgesteld."))
        report.figures = report_figures(council, report.year)
        report.adopted_by = item
        report.save(update_fields=["figures", "adopted_by", "updated_at"])
    elif kind == ItemKind.DECHARGE:
        report = AnnualReport.objects.select_for_update().get(council=council, year=item.year)
        report.discharged_by = item
        report.save(update_fields=["discharged_by", "updated_at"])
    elif kind == ItemKind.ONTBINDING:
        core_services.council_phase_change(
            council=council,
            to_phase=Phase.BEEINDIGD,
            by=by,
            note=_("Ontbonden door de ALV van %(date)s.") % {"date": on.strftime("%d-%m-%Y")},
        )


@transaction.atomic
def contribution_set(
    *, council: Ketenoverleg, year: int, amount: Decimal, on: date
) -> ContributionRate:
    """The ALV sets the general contributie for ``year``."""
    rate, _created = ContributionRate.objects.update_or_create(
        council=council,
        year=year,
        member_kind="",
        defaults={"amount": amount, "set_by_alv_on": on},
    )
    return rate


def statute_concepts(council: Ketenoverleg):
    return Statute.objects.filter(council=council, adopted_on__isnull=True)


@transaction.atomic
def assembly_close(*, assembly: Assembly, by: User) -> Assembly:
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if not assembly.has_started:
        raise ValidationError(_("Een ALV sluit u na het begin."))
    if assembly.closed_at is None:
        assembly.closed_at = timezone.now()
        assembly.save(update_fields=["closed_at"])
    return assembly


# The yearly cycle -------------------------------------------------------------------


def _check_plan_open(plan: YearPlan, what: str) -> None:
    adopted = plan.plan_adopted_by_id if what == "plan" else plan.budget_adopted_by_id
    if adopted:
        raise ValidationError(_("De ALV heeft dit vastgesteld; het verandert niet meer."))


@transaction.atomic
def plan_save(*, form, by: User) -> YearPlan:
    """Save the jaarplan (new, or its draft); the year is once per council."""
    plan = form.instance
    if plan.pk:
        _check_plan_open(YearPlan.objects.select_for_update().get(pk=plan.pk), "plan")
    elif YearPlan.objects.filter(council=plan.council, year=plan.year).exists():
        raise ValidationError({"year": _("Voor dit jaar is er al een jaarplan.")})
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        raise ValidationError({"year": _("Voor dit jaar is er al een jaarplan.")}) from None


@transaction.atomic
def budget_line_add(*, form, by: User) -> BudgetLine:
    plan = YearPlan.objects.select_for_update().get(pk=form.instance.plan_id)
    _check_plan_open(plan, "budget")
    return form.save()


@transaction.atomic
def realised_set(*, line: BudgetLine, amount: Decimal, by: User) -> BudgetLine:
    """The penningmeester enters what was realised on a line the records do not hold."""
    if line.is_counted:
        raise ValidationError(
            {"realised_entered": _("Deze regel telt het platform zelf uit de administratie.")}
        )
    if amount < 0:
        raise ValidationError({"realised_entered": _("Het bedrag kan niet negatief zijn.")})
    line.realised_entered = amount
    line.save(update_fields=["realised_entered"])
    return line


@transaction.atomic
def report_create(*, council: Ketenoverleg, year: int, by: User) -> AnnualReport:
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("Een jaarverslag gaat over een jaar dat begonnen is.")})
    report, created = AnnualReport.objects.get_or_create(council=council, year=year)
    if not created:
        raise ValidationError({"year": _("Over dit jaar is er al een jaarverslag.")})
    return report


@transaction.atomic
def report_update(*, form, by: User) -> AnnualReport:
    current = AnnualReport.objects.select_for_update().get(pk=form.instance.pk)
    if current.is_adopted:
        raise ValidationError(
            _("De ALV heeft dit jaarverslag vastgesteld; het verandert niet meer.")
        )
    return form.save()
