"""Writes with consequences for action packages, signatures and measurements."""

import difflib
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionpackages.models import (
    Action,
    Amendment,
    Commitment,
    Indicator,
    Invitation,
    Measurement,
    Package,
    PackageEvent,
    PackageVersion,
    Signature,
)
from ketenoverleg.lifecycle import apply_transition
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Geleding, Ketenoverleg, User
from ketenoverleg.services import document_request
from ketenstatistiek import selectors as statistics_selectors
from members.models import Membership, MembershipGeleding, MembershipStatus, Representative

S = Package.Status

# The package lifecycle: action -> (allowed from, goes to).
TRANSITIONS = {
    "consult": ({S.CONCEPT}, S.CONSULTATIE),
    "adopt": ({S.CONSULTATIE}, S.VASTGESTELD),
    "open": ({S.VASTGESTELD}, S.OPEN),
    "start": ({S.OPEN}, S.LOPEND),
    "close": ({S.LOPEND}, S.AFGESLOTEN),
    "revise": ({S.OPEN}, S.VASTGESTELD),
}
EDITABLE = {S.CONCEPT, S.CONSULTATIE, S.VASTGESTELD}


def _transition(package: Package, action: str, *, by: User | None, note: str = "") -> None:
    apply_transition(
        package,
        action,
        TRANSITIONS,
        by=by,
        note=note,
        refusal=_("Dit kan niet bij een actiepakket met de status '%(status)s'."),
    )


def missing_geledingen(package: Package) -> list[str]:
    present = set(package.actions.values_list("geleding", flat=True))
    return [g.label for g in Geleding if g.value not in present]


def _require_all_geledingen(package: Package) -> None:
    missing = missing_geledingen(package)
    if missing:
        raise ValidationError(
            _("Elke geleding heeft ten minste één actie. Nog zonder actie: %(g)s.")
            % {"g": ", ".join(missing)}
        )


def package_text(package: Package) -> str:
    """The package as plain text: what is frozen, compared between versions and signed."""
    lines = [package.title, "", _("Doel"), package.aim, ""]
    if package.introduction:
        lines += [_("Inleiding"), package.introduction, ""]
    actions = list(package.actions.all())
    for geleding in Geleding:
        lines.append(f"{geleding.label}:")
        for action in actions:
            if action.geleding == geleding.value:
                extra = ", ".join(
                    str(x) for x in [action.get_commitment_display(), action.r_ladder] if x
                )
                lines.append(f"- {action.text}" + (f" ({extra})" if extra else ""))
        lines.append("")
    if package.starts_on:
        lines.append(_("Ingangsdatum: %(d)s") % {"d": package.starts_on.strftime("%d-%m-%Y")})
    return "\n".join(lines).strip() + "\n"


def _freeze(package: Package, reason: str, by: User | None) -> PackageVersion:
    Package.objects.select_for_update().get(pk=package.pk)  # one freeze at a time
    text = package_text(package)
    return PackageVersion.freeze(
        package, by=by, text=text, sha256=PackageVersion.digest(text), reason=reason
    )


def version_diff(older: PackageVersion | None, newer: PackageVersion) -> list[tuple[str, str]]:
    """(kind, line) pairs: kind is 'add', 'del' or 'same'."""
    old_lines = older.text.splitlines() if older else []
    result = []
    for line in difflib.ndiff(old_lines, newer.text.splitlines()):
        code, text = line[:2], line[2:]
        if code == "+ ":
            result.append(("add", text))
        elif code == "- ":
            result.append(("del", text))
        elif code == "  ":
            result.append(("same", text))
    return result


@transaction.atomic
def package_create(*, council: Ketenoverleg, by: User, **fields) -> Package:
    project = fields.get("project")
    if project is not None and project.council_id != council.pk:
        raise ValidationError({"project": _("Kies een project van dit ketenoverleg.")})
    package = Package(council=council, **fields)
    package.full_clean()
    package.save()
    PackageEvent.objects.create(package=package, by=by, to_status=package.status)
    return package


def ensure_editable(package: Package) -> None:
    if package.status not in EDITABLE:
        raise ValidationError(
            _(
                "De tekst ligt vast zolang het pakket open staat voor ondertekening; "
                "maak eerst een nieuwe versie."
            )
        )


@transaction.atomic
def package_consult(*, package: Package, by: User) -> Package:
    _require_all_geledingen(package)
    _transition(package, "consult", by=by)
    package.save()
    _freeze(package, _("Consultatieversie"), by)
    return package


@transaction.atomic
def package_adopt(*, package: Package, by: User) -> Package:
    if package.amendments.filter(decision=Amendment.Decision.OPEN).exists():
        raise ValidationError(
            _(
                "Beslis eerst over alle wijzigingsvoorstellen (overnemen of afwijzen, met motivering)."
            )
        )
    _require_all_geledingen(package)
    _transition(package, "adopt", by=by)
    package.save()
    return package


@transaction.atomic
def package_open(*, package: Package, starts_on: date, by: User) -> Package:
    """Open the intentieverklaring for signing: the text is frozen as a new version.

    Signatures under an earlier version are withdrawn (kept as history): a changed
    text needs new signatures.
    """
    _require_all_geledingen(package)
    if starts_on is None:
        raise ValidationError({"starts_on": _("Geef de ingangsdatum.")})
    if starts_on < timezone.localdate():
        raise ValidationError(
            {
                "starts_on": _(
                    "De ingangsdatum ligt niet in het verleden: partijen worden vooraf geïnformeerd."
                )
            }
        )
    _transition(package, "open", by=by)
    package.starts_on = starts_on
    package.save()
    version = _freeze(package, _("Intentieverklaring"), by)
    package.signatures.active().exclude(version=version).update(
        withdrawn_at=timezone.now(),
        withdrawal_reason=_("Nieuwe versie %(n)s van de tekst: opnieuw ondertekenen.")
        % {"n": version.number},
    )
    _document_refresh(package)
    return package


@transaction.atomic
def package_revise(*, package: Package, by: User, note: str) -> Package:
    if not note.strip():
        raise ValidationError({"note": _("Geef aan waarom de tekst verandert.")})
    _transition(package, "revise", by=by, note=note)
    package.save()
    return package


@transaction.atomic
def package_start(*, package: Package, by: User) -> Package:
    if package.starts_on and package.starts_on > timezone.localdate():
        raise ValidationError(
            _("Het pakket loopt vanaf de ingangsdatum (%(d)s).")
            % {"d": package.starts_on.strftime("%d-%m-%Y")}
        )
    _transition(package, "start", by=by)
    package.save()
    return package


@transaction.atomic
def package_close(*, package: Package, by: User, note: str) -> Package:
    if not note.strip():
        raise ValidationError({"note": _("Vat de evaluatie kort samen.")})
    _transition(package, "close", by=by, note=note)
    package.save()
    return package


# Consultation ----------------------------------------------------------------------


def organisation_in(council: Ketenoverleg, user: User):
    """The organisation a user acts for as an admitted member of this council."""
    membership = (
        Membership.objects.filter(
            council=council,
            status=MembershipStatus.TOEGELATEN,
            organisation__representatives__user=user,
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


@transaction.atomic
def amendment_propose(
    *, package: Package, by: User, proposal: str, action: Action | None = None
) -> Amendment:
    if package.status != S.CONSULTATIE:
        raise ValidationError(_("Wijzigingsvoorstellen kunnen alleen tijdens de consultatie."))
    if not proposal.strip():
        raise ValidationError({"proposal": _("Beschrijf uw voorstel.")})
    if action is not None and action.package_id != package.pk:
        raise ValidationError({"action": _("Deze actie hoort niet bij dit pakket.")})
    return Amendment.objects.create(
        package=package,
        action=action,
        proposal=proposal,
        proposed_by=by,
        organisation=organisation_in(package.council, by),
    )


@transaction.atomic
def amendment_decide(*, amendment: Amendment, accept: bool, argument: str, by: User) -> Amendment:
    if amendment.decision != Amendment.Decision.OPEN:
        raise ValidationError(_("Over dit voorstel is al beslist."))
    if not argument.strip():
        raise ValidationError(
            {"argument": _("Motiveer het besluit; de motivering staat bij het voorstel.")}
        )
    amendment.decision = Amendment.Decision.ACCEPTED if accept else Amendment.Decision.REJECTED
    amendment.argument = argument
    amendment.decided_at = timezone.now()
    amendment.decided_by = by
    amendment.save()
    return amendment


# Signing ----------------------------------------------------------------------------


def _document_refresh(package: Package) -> None:
    transaction.on_commit(
        lambda: document_request(kind_key="intentieverklaring", obj=package, by=None)
    )


def signable_actions(package: Package, organisation) -> list[Action]:
    """The actions of the organisation's own geledingen in this council."""
    geledingen = set(
        MembershipGeleding.objects.filter(
            membership__council=package.council,
            membership__organisation=organisation,
            membership__status=MembershipStatus.TOEGELATEN,
        ).values_list("geleding", flat=True)
    )
    return [a for a in package.actions.all() if a.geleding in geledingen]


@transaction.atomic
def sign(
    *, package: Package, by: User, organisation, actions: list[Action], remark: str = ""
) -> Signature:
    """Sign the intentieverklaring for an organisation; one signature per organisation."""
    if package.status != S.OPEN:
        raise ValidationError(_("Dit actiepakket staat niet open voor ondertekening."))
    may_sign = Representative.objects.filter(
        organisation=organisation, user=by, may_sign=True
    ).exists()
    if not may_sign:
        raise ValidationError(
            {"organisation": _("U bent niet bevoegd om namens deze organisatie te ondertekenen.")}
        )
    allowed = {a.pk for a in signable_actions(package, organisation)}
    if not allowed:
        raise ValidationError(
            {"organisation": _("Deze organisatie is geen lid in een geleding van dit pakket.")}
        )
    if not actions:
        raise ValidationError({"actions": _("Kies ten minste één actie waarop u intekent.")})
    foreign = [a for a in actions if a.pk not in allowed]
    if foreign:
        raise ValidationError(
            {
                "actions": _("Alleen acties van de eigen geleding(en): %(a)s hoort daar niet bij.")
                % {"a": foreign[0].text}
            }
        )
    version = package.versions.order_by("-number").first()
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                package=package,
                version=version,
                organisation=organisation,
                signed_by=by,
                # A name only: an e-mail address never goes into the public declaration.
                signer_name=by.get_full_name(),
                remark=remark,
                text_sha256=version.sha256,
            )
    except IntegrityError:
        raise ValidationError(
            {
                "organisation": _("%(org)s heeft dit actiepakket al ondertekend.")
                % {"org": organisation}
            }
        ) from None
    Commitment.objects.bulk_create(Commitment(signature=signature, action=a) for a in actions)
    _document_refresh(package)
    return signature


@transaction.atomic
def signature_withdraw(*, signature: Signature, reason: str, by: User) -> Signature:
    if signature.withdrawn_at:
        raise ValidationError(_("Deze ondertekening is al ingetrokken."))
    if not reason.strip():
        raise ValidationError({"reason": _("Geef de reden van het intrekken.")})
    signature.withdrawn_at = timezone.now()
    signature.withdrawal_reason = reason
    signature.save(update_fields=["withdrawn_at", "withdrawal_reason"])
    _document_refresh(signature.package)
    return signature


@transaction.atomic
def commitment_report(*, commitment: Commitment, progress: str, note: str, by: User) -> Commitment:
    if progress not in Commitment.Progress.values:
        raise ValidationError({"progress": _("Kies een stand van zaken.")})
    if progress == Commitment.Progress.NIET_GELUKT and not note.strip():
        raise ValidationError(
            {"note": _("Licht toe wat niet lukte; het kernteam maakt een verbeterplan.")}
        )
    commitment.progress = progress
    commitment.note = note
    commitment.reported_on = timezone.localdate()
    commitment.save()
    return commitment


# Before the start date ---------------------------------------------------------------


@transaction.atomic
def invitation_add(
    *, package: Package, name: str, email: str, geleding: str, by: User
) -> Invitation:
    if package.invitations.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Deze partij staat al op de lijst.")})
    return Invitation.objects.create(package=package, name=name, email=email, geleding=geleding)


@transaction.atomic
def invitations_send(*, package: Package, by: User) -> int:
    """Inform the non-member chain parties first, with an invitation to join and sign."""
    if package.status not in {S.VASTGESTELD, S.OPEN}:
        raise ValidationError(_("Uitnodigen kan als het pakket is vastgesteld of open staat."))
    if package.starts_on and package.starts_on <= timezone.localdate():
        raise ValidationError(
            _("De ingangsdatum is al bereikt: partijen worden vóór die datum geïnformeerd.")
        )
    pending = list(package.invitations.filter(sent_at__isnull=True))
    for invitation in pending:
        queue_email(
            to=[invitation.email],
            template="actionpackages/email/invitation",
            context={"package": package, "invitation": invitation},
        )
    package.invitations.filter(pk__in=[i.pk for i in pending]).update(sent_at=timezone.now())
    return len(pending)


# Trend indicators -------------------------------------------------------------------


@transaction.atomic
def indicator_add(*, package: Package, by: User, **fields) -> Indicator:
    indicator = Indicator(package=package, **fields)
    indicator.full_clean()
    indicator.save()
    indicator_feed_from_statistics(indicator=indicator)
    return indicator


@transaction.atomic
def indicator_feed_from_statistics(*, indicator: Indicator) -> int:
    """Add a measurement for every published ketenstatistiek period the indicator does
    not have yet (its value is the published cell the indicator follows). Suppressed
    cells give no measurement. Returns the number added; running it again adds none."""
    if not indicator.statistic_code:
        return 0
    Indicator.objects.select_for_update().get(pk=indicator.pk)
    have = set(
        indicator.measurements.filter(statistics_period__isnull=False).values_list(
            "statistics_period_id", flat=True
        )
    )
    limit = Decimal("99999999999.999")  # what a measurement can hold
    added = 0
    for point in statistics_selectors.published_series(
        indicator.package.council,
        indicator.statistic_code,
        indicator.statistic_group,
        indicator.statistic_measure,
    ):
        period = point["period"]
        if period.pk in have or abs(point["value"]) > limit:
            continue
        Measurement.objects.create(
            indicator=indicator,
            measured_on=period.ends_on,
            value=point["value"],
            source=_("Ketenstatistiek %(p)s") % {"p": period.name},
            note=point["question"].label[:300],
            statistics_period=period,
        )
        added += 1
    return added


@transaction.atomic
def measurement_add(
    *, indicator: Indicator, measured_on: date, value: Decimal, source: str, note: str, by: User
) -> Measurement:
    if measured_on is None:
        raise ValidationError({"measured_on": _("Geef de datum van de meting.")})
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("Een meting ligt niet in de toekomst.")})
    if value is None:
        raise ValidationError({"value": _("Geef de gemeten waarde als getal.")})
    return Measurement.objects.create(
        indicator=indicator,
        measured_on=measured_on,
        value=value,
        source=source,
        note=note,
        entered_by=by,
    )
