"""Writes with consequences for action packages, signatures and measurements."""

import difflib
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import gettext_noop

from actionpackages import indicators, invitation_sources, notices, reviews, selectors
from actionpackages.models import (
    BEHIND,
    Action,
    Amendment,
    Commitment,
    CommitmentReport,
    ImprovementPlan,
    Indicator,
    Invitation,
    Measurement,
    Package,
    PackageEvent,
    PackageProposal,
    PackageVersion,
    ProposedIndicator,
    ReviewReminder,
    ReviewStatus,
    Signature,
)
from ketenoverleg import audit
from ketenoverleg.lifecycle import apply_transition
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Geleding, Ketenoverleg, NewsItem, User
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
# How long members may react to a package in consultation (the mail names the day).
CONSULTATION_PERIOD = timedelta(weeks=4)


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
    package.consultation_closes_on = timezone.localdate() + CONSULTATION_PERIOD
    package.save()
    _freeze(package, _("Consultatieversie"), by)
    notices.consultation_opened(package)
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
    indicators_measure(package=package)
    notices.package_opened(package, version.number)
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
    """The package runs from its start date; the news says so and calls the chain
    parties that are not (yet) members to join and sign."""
    if package.starts_on and package.starts_on > timezone.localdate():
        raise ValidationError(
            _("Het pakket loopt vanaf de ingangsdatum (%(d)s).")
            % {"d": package.starts_on.strftime("%d-%m-%Y")}
        )
    _transition(package, "start", by=by)
    package.save()
    signed = package.signatures.active().count()
    NewsItem.objects.create(
        council=package.council,
        title=_("Actiepakket %(t)s gaat van start") % {"t": package.title},
        body=render_to_string(
            "actionpackages/news_started.txt",
            {
                "package": package,
                "signed": signed,
                "package_url": _site_url(package.get_absolute_url()),
            },
        ).strip(),
        author=by,
    )
    indicators_measure(council=package.council)
    notices.package_started(package)
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
    """The intentieverklaring of a package open for signing is public: its PDF follows
    every change. After the commit, a fingerprint from the data's versions (no render)
    and, when it changed, a render queued for a worker (a thread in-process)."""
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
    """Sign the intentieverklaring for an organisation; one signature per organisation.

    A package is signable from "open" until it is closed: an organisation that signs
    after the start date joins later, and is marked so (with the date it signed).
    """
    if not package.is_signable:
        raise ValidationError(selectors.not_signable_reason(package))
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
    signed_at = timezone.now()
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
                signed_at=signed_at,
                joined_late=bool(
                    package.starts_on and timezone.localtime(signed_at).date() > package.starts_on
                ),
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
    indicators_measure(package=package)
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
    indicators_measure(package=signature.package)
    return signature


# The yearly review ---------------------------------------------------------------


@transaction.atomic
def commitment_review_report(
    *,
    commitment: Commitment,
    status: str,
    note: str,
    by: User,
    plan_what: str = "",
    plan_who: str = "",
    plan_due_on: date | None = None,
    follow_up: str = "",
    follow_up_note: str = "",
) -> CommitmentReport:
    """A signatory reports where one committed action stands in this year's round.

    "Vertraagd" or "niet gestart" needs a note; the second time in a row it needs an
    improvement plan (what, who, by when), which becomes a record of its own. A plan
    from an earlier round is followed up: carried out or not. A report can be
    corrected until the next round opens.
    """
    commitment = (
        Commitment.objects.select_for_update()
        .select_related("signature__package", "signature__organisation")
        .get(pk=commitment.pk)
    )
    signature = commitment.signature
    package = signature.package
    if signature.withdrawn_at is not None:
        raise ValidationError(_("Deze ondertekening is ingetrokken."))
    if not Representative.objects.filter(organisation=signature.organisation, user=by).exists():
        raise ValidationError(
            _("Alleen wie optreedt voor %(org)s meldt de voortgang.")
            % {"org": signature.organisation}
        )
    review = reviews.current_review(package)
    if review is None:
        if package.status != S.LOPEND:
            raise ValidationError(
                _("De jaarlijkse voortgang wordt gemeld zolang het pakket loopt.")
            )
        first = reviews.review(package, 1)
        raise ValidationError(
            _("De eerste jaarlijkse melding staat open vanaf %(opens)s (uiterlijk %(due)s).")
            % {"opens": _date(first.opens_on), "due": _date(first.due_on)}
        )
    if not review.is_due_for(timezone.localtime(signature.signed_at).date()):
        following = reviews.review(package, review.number + 1)
        raise ValidationError(
            _(
                "Uw organisatie sloot zich aan nadat deze ronde openging; uw eerste melding "
                "is in ronde %(n)s, uiterlijk %(due)s."
            )
            % {"n": following.number, "due": _date(following.due_on)}
        )
    errors: dict[str, str] = {}
    behind = status in BEHIND
    if status not in ReviewStatus.values:
        errors["status"] = _("Kies een stand van zaken.")
    elif behind and not note.strip():
        errors["note"] = _("Licht toe waarom deze actie achterloopt.")
    previous = CommitmentReport.objects.filter(
        commitment=commitment, review_number=review.number - 1
    ).first()
    needs_plan = behind and previous is not None and previous.is_behind
    if needs_plan:
        if not plan_what.strip():
            errors["plan_what"] = _(
                "Voor de tweede keer achter op schema: beschrijf het verbeterplan."
            )
        if not plan_who.strip():
            errors["plan_who"] = _("Wie voert het verbeterplan uit?")
        if plan_due_on is None:
            errors["plan_due_on"] = _("Uiterlijk wanneer is het verbeterplan uitgevoerd?")
        elif plan_due_on < timezone.localdate():
            errors["plan_due_on"] = _("Deze datum ligt in het verleden.")
    to_follow_up = list(
        ImprovementPlan.objects.select_for_update()
        .filter(commitment=commitment, review_number__lt=review.number)
        .filter(Q(outcome=ImprovementPlan.Outcome.OPEN) | Q(followed_up_in=review.number))
    )
    if to_follow_up and follow_up not in {
        ImprovementPlan.Outcome.UITGEVOERD,
        ImprovementPlan.Outcome.NIET_UITGEVOERD,
    }:
        errors["follow_up"] = _("Zeg of het verbeterplan uit ronde %(n)s is uitgevoerd.") % {
            "n": to_follow_up[0].review_number
        }
    if errors:
        raise ValidationError(errors)
    report, _created = CommitmentReport.objects.update_or_create(
        commitment=commitment,
        review_number=review.number,
        defaults={"status": status, "note": note, "reported_by": by, "reported_at": timezone.now()},
    )
    if needs_plan:
        ImprovementPlan.objects.update_or_create(
            commitment=commitment,
            review_number=review.number,
            defaults={
                "what": plan_what,
                "who": plan_who,
                "due_on": plan_due_on,
                "created_by": by,
            },
        )
    else:  # a corrected report no longer asks for this round's plan
        ImprovementPlan.objects.filter(
            commitment=commitment,
            review_number=review.number,
            outcome=ImprovementPlan.Outcome.OPEN,
        ).delete()
    for plan in to_follow_up:
        plan.outcome = follow_up
        plan.follow_up_note = follow_up_note
        plan.followed_up_in = review.number
        plan.followed_up_at = timezone.now()
        plan.save(update_fields=["outcome", "follow_up_note", "followed_up_in", "followed_up_at"])
    indicators_measure(package=package)
    return report


def _date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def review_reminders_send(*, on: date | None = None) -> int:
    """Daily: remind signatories that have not (fully) reported, before the due date and
    after it. Each reminder is recorded first (unique per round, signatory and kind), so
    a second run, a retry or a parallel worker never sends it twice."""
    on = on or timezone.localdate()
    sent = 0
    running = Package.objects.filter(status=S.LOPEND, starts_on__isnull=False).select_related(
        "council"
    )
    for package in running:
        review = reviews.current_review(package, on)
        if review is None:
            continue
        if review.remind_before_on <= on <= review.due_on:
            kind = ReviewReminder.Kind.BEFORE
        elif on >= review.remind_after_on:
            kind = ReviewReminder.Kind.AFTER
        else:
            continue
        for row in selectors.review_rows(package, review, on=on):
            if not row.due or row.complete or any(r.kind == kind for r in row.reminders):
                continue
            sent += _remind(package, review, row.signature, kind)
    return sent


def _remind(package: Package, review, signature: Signature, kind: str) -> int:
    """Record the reminder (unique per round, signatory and kind) and notify the
    signatory's contact people (``commitment_review_due``, never held for a digest)."""
    try:
        with transaction.atomic():
            ReviewReminder.objects.create(
                signature=signature, review_number=review.number, kind=kind
            )
            notified = notices.review_due(package, review, signature, kind)
    except IntegrityError:
        return 0  # sent already, by another run
    return 1 if notified else 0


# Before the start date ---------------------------------------------------------------


@transaction.atomic
def invitation_add(
    *, package: Package, name: str, email: str, geleding: str, by: User
) -> Invitation:
    if package.invitations.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Deze partij staat al op de lijst.")})
    return Invitation.objects.create(package=package, name=name, email=email, geleding=geleding)


@transaction.atomic
def invitations_add_candidates(*, package: Package, keys: list[str], by: User) -> int:
    """Put the chosen candidates of the registered sources (relatiebeheer) on the list."""
    wanted = set(keys)
    chosen = [c for c in invitation_sources.candidates(package) if c.key in wanted]
    if not chosen:
        raise ValidationError({"keys": _("Kies ten minste één partij om uit te nodigen.")})
    Invitation.objects.bulk_create(
        [
            Invitation(package=package, name=c.name[:200], email=c.email, geleding=c.geleding)
            for c in chosen
        ],
        ignore_conflicts=True,
    )
    return len(chosen)


@transaction.atomic
def invitations_send(*, package: Package, by: User) -> int:
    """Inform the non-member chain parties, with a call to join and sign (handbook ch. 2:
    first, before the start date, and afterwards "alsnog" while the package runs)."""
    if package.status not in {S.VASTGESTELD, S.OPEN, S.LOPEND}:
        raise ValidationError(
            _("Uitnodigen kan als het pakket is vastgesteld, open staat of loopt.")
        )
    # Locked: a second click, or a parallel request, finds them sent and sends nothing.
    pending = list(package.invitations.select_for_update().filter(sent_at__isnull=True))
    context = {
        "package": package,
        "running": package.status == S.LOPEND,
        "package_url": _site_url(package.get_absolute_url()),
        "apply_url": _site_url(reverse("members:apply", kwargs={"slug": package.council.slug})),
    }
    for invitation in pending:
        queue_email(
            to=[invitation.email],
            template="actionpackages/email/invitation",
            context={**context, "invitation": invitation},
            key=f"invitation:{invitation.pk}",
        )
    package.invitations.filter(pk__in=[i.pk for i in pending]).update(sent_at=timezone.now())
    audit.record(
        action=audit.Action.INVITATIONS_SENT,
        by=by,
        council=package.council,
        target=package,
        summary=gettext_noop("%(count)s uitnodigingen voor %(package)s"),
        count=len(pending),
        package=package,
    )
    return len(pending)


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# Trend indicators -------------------------------------------------------------------

MEASURED_FIELDS = ("unit", "method", "source", "frequency", "measured_by")
COMPUTED_REFUSAL = _lazy("Deze indicator wordt berekend uit het platform; metingen typt u niet in.")


@transaction.atomic
def indicator_add(
    *, package: Package, by: User, proposal: ProposedIndicator | None = None, **fields
) -> Indicator:
    """Add a trend indicator: measured (its values are typed in) or computed from the
    platform's records (a process indicator that measures itself, from today). With
    ``proposal`` (a protocol that came with a copied package) the proposal is marked as
    entered, once."""
    if proposal is not None:
        proposal = ProposedIndicator.objects.select_for_update().get(pk=proposal.pk)
        if proposal.package_id != package.pk:
            raise ValidationError(_("Deze indicator hoort niet bij dit actiepakket."))
        if proposal.indicator_id is not None:
            raise ValidationError(_("De nulmeting van deze indicator is al ingevoerd."))
    metric = fields.get("metric") or ""
    if metric:
        spec = indicators.METRICS.get(metric)
        if spec is None:
            raise ValidationError({"metric": _("Kies wat het platform berekent.")})
        if spec.needs_geleding and not fields.get("geleding"):
            raise ValidationError({"geleding": _("Kies de geleding waarvan de deelname telt.")})
        fields["kind"] = Indicator.Kind.PROCESS
        fields["unit"] = str(spec.unit)
        fields["method"] = indicators.method_text(metric, fields.get("geleding") or "")
        fields["source"] = _("Het platform van het ketenoverleg")
        fields["frequency"] = _("Dagelijks bijgewerkt")
        fields["measured_by"] = _("Berekend uit het platform")
        if fields.get("target_value") is None and spec.target is not None:
            fields["target_value"] = spec.target
    else:
        fields["geleding"] = ""
        missing = {name: _("Vul dit in.") for name in MEASURED_FIELDS if not fields.get(name)}
        if missing:
            raise ValidationError(missing)
    indicator = Indicator(package=package, **fields)
    if metric:
        # Without a given nulmeting: what the platform counts today.
        indicator.baseline_on = indicator.baseline_on or timezone.localdate()
        if indicator.baseline_value is None:
            indicator.baseline_value = indicators.compute(indicator) or Decimal(0)
    indicator.full_clean()
    indicator.save()
    if metric:
        indicator_measure(indicator=indicator)
    if proposal is not None:
        proposal.indicator = indicator
        proposal.save(update_fields=["indicator"])
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
    if indicator.is_computed:
        raise ValidationError(COMPUTED_REFUSAL)
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


@transaction.atomic
def indicator_measure(*, indicator: Indicator, on: date | None = None) -> Measurement | None:
    """Record the value of a computed indicator for ``on`` (default today): one
    measurement a day, updated when the figure changes again that day."""
    on = on or timezone.localdate()
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()  # one at a time
    value = indicators.compute(indicator, on)
    if value is None:
        return None
    measurement, _created = Measurement.objects.update_or_create(
        indicator=indicator,
        measured_on=on,
        computed=True,
        defaults={"value": value, "source": _("Berekend uit het platform")},
    )
    return measurement


def indicators_measure(*, on: date | None = None, **scope) -> int:
    """Measure the computed indicators of open and running packages (all, or those of
    ``council=`` or ``package=``); returns how many got a value."""
    measured = 0
    for indicator in indicators.computed_indicators(**scope):
        if indicator_measure(indicator=indicator, on=on) is not None:
            measured += 1
    return measured


# Packages that travel ---------------------------------------------------------------


@transaction.atomic
def package_example_publish(*, package: Package, by: User) -> Package:
    """Offer a public package to other councils as an example they can copy."""
    if not package.is_public:
        raise ValidationError(
            _(
                "Alleen een pakket dat openbaar is (open voor ondertekening, lopend of "
                "afgesloten) kan voorbeeld zijn."
            )
        )
    if not package.council.is_published:
        raise ValidationError(_("Het ketenoverleg staat nog niet in de openbare lijsten."))
    if package.example_since is None:
        package.example_since = timezone.now()
        package.save(update_fields=["example_since"])
    return package


@transaction.atomic
def package_example_withdraw(*, package: Package, by: User) -> Package:
    """Stop offering the package as an example; copies already made keep their link."""
    package.example_since = None
    package.save(update_fields=["example_since"])
    return package


def examples_for(council: Ketenoverleg):
    """Example packages of other published councils that ``council`` may copy."""
    return (
        Package.objects.public()
        .filter(example_since__isnull=False, council__published_at__isnull=False)
        .exclude(council=council)
    )


def _copy(source: Package, council: Ketenoverleg, by: User, note: str) -> Package:
    """The copy itself: text, actions with their links, indicators as protocols."""
    copy = Package.objects.create(
        council=council,
        title=source.title,
        aim=source.aim,
        introduction=source.introduction,
        based_on=source,
    )
    PackageEvent.objects.create(package=copy, by=by, to_status=copy.status, note=note)
    source_actions = list(source.actions.prefetch_related("reinforces"))
    copies = {
        a.pk: Action.objects.create(
            package=copy,
            geleding=a.geleding,
            text=a.text,
            commitment=a.commitment,
            r_ladder=a.r_ladder,
            position=a.position,
        )
        for a in source_actions
    }
    for a in source_actions:
        for b in a.reinforces.all():
            if a.pk < b.pk and b.pk in copies:
                copies[a.pk].reinforces.add(copies[b.pk])
    protocols = [
        ProposedIndicator(package=copy, based_on=i, **_protocol(i)) for i in source.indicators.all()
    ]
    # A source that is itself a copy passes on the protocols it has not measured yet.
    protocols += [
        ProposedIndicator(package=copy, based_on=p.based_on, **p.protocol())
        for p in source.proposed_indicators.filter(indicator__isnull=True)
    ]
    ProposedIndicator.objects.bulk_create(protocols)
    return copy


def _protocol(indicator: Indicator) -> dict:
    return {
        "name": indicator.name,
        "description": indicator.description[:2000],
        "kind": indicator.kind,
        "unit": indicator.unit,
        "method": indicator.method[:2000],
        "source": indicator.source,
        "frequency": indicator.frequency,
        "measured_by": indicator.measured_by,
    }


@transaction.atomic
def package_copy(*, source: Package, council: Ketenoverleg, by: User) -> Package:
    """Take over an example package of another council as a draft (concept) of one's
    own: actions with their links, the declaration text and the indicators' protocols.
    The copy is independent: changing it never touches the source."""
    if not examples_for(council).filter(pk=source.pk).exists():
        raise ValidationError(_("Dit actiepakket wordt niet (meer) als voorbeeld aangeboden."))
    return _copy(
        source,
        council,
        by,
        note=_("Overgenomen van %(p)s van %(c)s.") % {"p": source.title, "c": source.council},
    )


PROPOSABLE = {S.VASTGESTELD, S.OPEN, S.LOPEND, S.AFGESLOTEN}


@transaction.atomic
def package_propose(*, package: Package, message: str, by: User) -> int:
    """A provincial council proposes its package to all its local councils; each gets
    the proposal once (a second click adds nothing) and is told by e-mail."""
    if package.status not in PROPOSABLE:
        raise ValidationError(_("Stel een pakket voor als het is vastgesteld."))
    children = list(package.council.children.all())
    if not children:
        raise ValidationError(_("Dit ketenoverleg heeft geen lokale ketenoverleggen."))
    Package.objects.select_for_update().get(pk=package.pk)
    already = set(package.proposals.values_list("council_id", flat=True))
    new = [c for c in children if c.pk not in already]
    for council in new:
        proposal = PackageProposal.objects.create(
            package=package, council=council, message=message, proposed_by=by
        )
        queue_email(
            to=[council.contact_email],
            template="actionpackages/email/proposal",
            context={
                "proposal": proposal,
                "package": package,
                "council": council,
                "site_url": settings.SITE_URL.rstrip("/"),
            },
        )
    if new:
        audit.record(
            action=audit.Action.PACKAGE_PROPOSED,
            by=by,
            council=package.council,
            target=package,
            summary=gettext_noop("%(package)s voorgesteld aan %(count)s lokale ketenoverleggen"),
            package=package,
            count=len(new),
        )
    return len(new)


@transaction.atomic
def proposal_adopt(*, proposal: PackageProposal, by: User) -> Package:
    """The local council takes the proposed package over as a draft of its own."""
    proposal = PackageProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decision != PackageProposal.Decision.OPEN:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    copy = _copy(
        proposal.package,
        proposal.council,
        by,
        note=_("Overgenomen op voorstel van %(c)s.") % {"c": proposal.package.council},
    )
    proposal.decision = PackageProposal.Decision.ADOPTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.copy = copy
    proposal.save(update_fields=["decision", "decided_by", "decided_at", "copy"])
    return copy


@transaction.atomic
def proposal_decline(*, proposal: PackageProposal, by: User) -> PackageProposal:
    proposal = PackageProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.decision != PackageProposal.Decision.OPEN:
        raise ValidationError(_("Over dit voorstel is al besloten."))
    proposal.decision = PackageProposal.Decision.DECLINED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["decision", "decided_by", "decided_at"])
    return proposal
