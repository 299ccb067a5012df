"""Writes with consequences for the start-up track and relatiebeheer."""

from datetime import date

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ketenoverleg import audit, mail
from ketenoverleg.mail import queue_email
from ketenoverleg.models import STARTUP_PHASES, Ketenoverleg, User
from ketenoverleg.phases import is_forward
from members.models import Membership
from members.prefill import ApplicationPrefill
from startup import checklist
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
from startup.signals import contact_erasing

# The start-up track -----------------------------------------------------------------


@transaction.atomic
def checklist_item_save(
    *,
    council: Ketenoverleg,
    key: str,
    done: bool,
    note: str,
    by: User,
    attachment=None,
    remove_attachment: bool = False,
) -> ChecklistItem:
    """Tick (or untick) an item of the start-up checklist, with a note and a document."""
    if key not in checklist.ITEMS:
        raise ValidationError(_("Dit punt staat niet op de opstartlijst."))
    item, _created = ChecklistItem.objects.select_for_update().get_or_create(
        council=council, key=key
    )
    if done and not item.done:
        item.done_at, item.done_by = timezone.now(), by
    elif not done:
        item.done_at, item.done_by = None, None
    item.done = done
    item.note = note
    old_file = item.attachment.name if item.attachment else ""
    if attachment is not None:
        item.attachment = attachment
    elif remove_attachment:
        item.attachment = None
    item.save()
    new_file = item.attachment.name if item.attachment else ""
    if old_file and old_file != new_file:
        storage = item.attachment.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return item


@transaction.atomic
def vooronderzoek_save(*, council: Ketenoverleg, by: User, **fields) -> Vooronderzoek:
    """Record the vooronderzoek and its advice: start or do not start."""
    study, _created = Vooronderzoek.objects.select_for_update().get_or_create(council=council)
    advice_before = study.advice
    for name, value in fields.items():
        setattr(study, name, value)
    if study.advice and study.advised_on is None:
        raise ValidationError({"advised_on": _("Geef de datum van het advies.")})
    if study.advised_on and study.advised_on > timezone.localdate():
        raise ValidationError({"advised_on": _("Een advies ligt niet in de toekomst.")})
    if study.advice != advice_before:
        study.advised_by = by if study.advice else None
    study.full_clean()
    study.save()
    return study


def vooronderzoek_gate(council: Ketenoverleg, to_phase: str) -> str | None:
    """The gate of the start-up track: without the vooronderzoek's advice to start, a
    council does not move forward (registered in ``ketenoverleg.phases``)."""
    if council.phase not in STARTUP_PHASES or not is_forward(council.phase, to_phase):
        return None
    study = Vooronderzoek.objects.filter(council=council).first()
    if study is None or not study.advice:
        return _(
            "Het vooronderzoek heeft nog geen advies. Leg eerst het advies 'starten' vast: "
            "pas dan gaat het ketenoverleg naar de volgende fase."
        )
    if not study.advises_start:
        return _(
            "Het vooronderzoek adviseert niet te starten. Zolang dat het advies is, gaat "
            "het ketenoverleg niet verder."
        )
    return None


@transaction.atomic
def log_entry_create(*, council: Ketenoverleg, by: User, **fields) -> LogEntry:
    entry = LogEntry(council=council, author=by, **fields)
    if entry.written_on and entry.written_on > timezone.localdate():
        raise ValidationError({"written_on": _("Een logboekregel gaat over wat al gebeurde.")})
    entry.full_clean()
    entry.save()
    return entry


# Relatiebeheer: parties and contact persons -------------------------------------------


@transaction.atomic
def party_save(*, party: Party, by: User) -> Party:
    """Create or change a chain party of the council."""
    party.full_clean()
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError:
        raise ValidationError(
            {"name": _("Er staat al een partij met deze naam in het bestand.")}
        ) from None
    return party


def _consent(contact: ContactPerson, consent: bool, consent_text: str) -> None:
    if consent:
        if contact.consent_at is None or contact.consent_text != consent_text:
            contact.consent_at = timezone.now()
        contact.consent_text = consent_text
    else:
        contact.consent_at = None
        contact.consent_text = ""


@transaction.atomic
def contact_save(
    *, contact: ContactPerson, consent: bool, consent_text: str, by: User
) -> ContactPerson:
    """Create or change a contact person, with the consent that allows keeping and
    mailing them."""
    if contact.erased_at:
        raise ValidationError(_("De gegevens van deze persoon zijn gewist."))
    _consent(contact, consent, consent_text)
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_erase(*, contact: ContactPerson, by: User | None) -> ContactPerson:
    """Erase a contact person on request (or at the end of the retention): every
    personal detail goes, and so do the notes of contacts with them. The empty row
    stays, so a list never mails the same person twice."""
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at:
        return contact
    contact_erasing.send(sender=ContactPerson, contact=contact)
    mail.forget_address(contact.email)
    contact.moments.all().delete()
    for field in ("name", "function", "email", "phone", "purpose", "source", "consent_text"):
        setattr(contact, field, "")
    contact.consent_at = None
    contact.erased_at = timezone.now()
    contact.save()
    contact.mailing_lists.clear()
    audit.record(
        action=audit.Action.CONTACT_ERASED,
        by=by,
        council=contact.party.council,
        target=contact.party,
        summary=gettext_noop("Een contactpersoon van %(party)s gewist (%(why)s)"),
        party=contact.party,
        why=gettext_noop("op verzoek") if by is not None else gettext_noop("bewaartermijn voorbij"),
    )
    return contact


def contacts_erase_expired(*, today: date | None = None) -> int:
    """Erase every contact person whose retention date has passed (daily beat task)."""
    today = today or timezone.localdate()
    expired = ContactPerson.objects.current().filter(retain_until__lt=today)
    count = 0
    for contact in expired:
        contact_erase(contact=contact, by=None)
        count += 1
    return count


@transaction.atomic
def moment_create(*, party: Party, by: User, **fields) -> ContactMoment:
    contact = fields.get("contact")
    if contact is not None and contact.party_id != party.pk:
        raise ValidationError({"contact": _("Deze persoon hoort niet bij deze partij.")})
    moment = ContactMoment(party=party, by=by, **fields)
    if moment.happened_on and moment.happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("Een contactmoment ligt niet in de toekomst.")})
    moment.full_clean()
    moment.save()
    return moment


def prospect_add(
    *,
    council: Ketenoverleg,
    name: str,
    organisation: str,
    email: str,
    geleding: str,
    source: str,
    consent_text: str,
    status: str = PartyStatus.GEINTERESSEERD,
    by: User,
) -> ContactPerson:
    """A person who wants to be involved (at a workshop, say) becomes a prospect: their
    organisation (or they themselves) as a party, they as its contact person, with the
    consent they gave. Called inside the caller's transaction."""
    party_name = (organisation or name)[:200]
    party, created = Party.objects.get_or_create(
        council=council, name=party_name, defaults={"geleding": geleding, "status": status}
    )
    if not created and party.status in {PartyStatus.GEVONDEN, PartyStatus.KOPLOPER}:
        party.status = status
        party.save(update_fields=["status", "updated_at"])
    known = party.contacts.current().filter(name__iexact=name.strip()).first()
    if known is not None:
        # The same person, already in the file: record the consent they gave now.
        if not known.email and email:
            known.email = email
        if not known.has_consent:
            known.consent_at = timezone.now()
            known.consent_text = consent_text[:300]
        known.full_clean()
        known.save()
        return known
    contact = ContactPerson(
        party=party,
        name=name[:120],
        email=email,
        purpose=_("Betrekken bij het ketenoverleg in oprichting")[:300],
        source=source[:200],
        consent_at=timezone.now(),
        consent_text=consent_text[:300],
    )
    contact.full_clean()
    contact.save()
    return contact


# Lists to mail ------------------------------------------------------------------------


@transaction.atomic
def mailing_list_save(*, mailing_list: MailingList, recipients, by: User) -> MailingList:
    package = mailing_list.package
    if package is not None and package.council_id != mailing_list.council_id:
        raise ValidationError({"package": _("Kies een actiepakket van dit ketenoverleg.")})
    if mailing_list.purpose == MailingList.Purpose.PAKKET and package is None:
        raise ValidationError({"package": _("Kies het actiepakket waarvoor u oproept.")})
    foreign = [c for c in recipients if c.party.council_id != mailing_list.council_id]
    if foreign:
        raise ValidationError({"recipients": _("Kies contactpersonen van dit ketenoverleg.")})
    if mailing_list.pk is None:
        mailing_list.created_by = by
    mailing_list.full_clean(exclude=["recipients"])
    mailing_list.save()
    mailing_list.recipients.set(recipients)
    return mailing_list


@transaction.atomic
def mailing_list_send(*, mailing_list: MailingList, by: User) -> int:
    """Mail every recipient who may be mailed and has not had this list yet.

    The list is locked while it is sent and each mail is recorded once (a unique row
    per list and person) before it is queued, so a double click or two people pressing
    'send' at once never mail anyone twice. Returns how many mails were queued.
    """
    mailing_list = MailingList.objects.select_for_update().get(pk=mailing_list.pk)
    already = set(mailing_list.sends.values_list("contact_id", flat=True))
    recipients = [
        c for c in mailing_list.recipients.mailable().select_related("party") if c.pk not in already
    ]
    site = settings.SITE_URL.rstrip("/")
    package_url = site + mailing_list.package.get_absolute_url() if mailing_list.package else ""
    sent = 0
    for contact in recipients:
        try:
            with transaction.atomic():
                ListSend.objects.create(mailing_list=mailing_list, contact=contact)
        except IntegrityError:
            continue  # someone else's send recorded this person first
        queue_email(
            to=[contact.email],
            template="startup/email/mailing",
            context={
                "mailing_list": mailing_list,
                "contact": contact,
                "council": mailing_list.council,
                "package_url": package_url,
            },
        )
        sent += 1
    if sent:
        audit.record(
            action=audit.Action.MAILING_SENT,
            by=by,
            council=mailing_list.council,
            target=mailing_list,
            summary=gettext_noop("Mailing %(list)s naar %(count)s contactpersonen"),
            list=mailing_list,
            count=sent,
        )
    return sent


# From prospect to member ---------------------------------------------------------------

APPLY_SALT = "startup.apply-invitation"
APPLY_MAX_AGE = 90 * 24 * 3600  # an invitation to apply stays valid for 90 days


@transaction.atomic
def contact_invite_to_apply(*, contact: ContactPerson, by: User) -> ContactPerson:
    """Mail a contact person a link to the membership application, pre-filled with
    what relatiebeheer knows about their organisation. Once per person."""
    contact = (
        ContactPerson.objects.select_for_update()
        .select_related("party__council")
        .get(pk=contact.pk)
    )
    council = contact.party.council
    if not council.is_published:
        raise ValidationError(
            _("Lid worden kan pas als het ketenoverleg openbaar is; publiceer het eerst.")
        )
    if contact.erased_at or not contact.email or not contact.has_consent:
        raise ValidationError(
            _(
                "Alleen een contactpersoon met een e-mailadres en toestemming kan worden uitgenodigd."
            )
        )
    if contact.invited_to_apply_at:
        raise ValidationError(
            _("%(name)s is al uitgenodigd op %(date)s.")
            % {
                "name": contact.name,
                "date": f"{timezone.localtime(contact.invited_to_apply_at):%d-%m-%Y}",
            }
        )
    token = signing.dumps({"c": contact.pk}, salt=APPLY_SALT, compress=True)
    link = (
        settings.SITE_URL.rstrip("/")
        + reverse("members:apply", kwargs={"slug": council.slug})
        + f"?via={token}"
    )
    contact.invited_to_apply_at = timezone.now()
    contact.save(update_fields=["invited_to_apply_at"])
    ContactMoment.objects.create(
        party=contact.party,
        contact=contact,
        channel=ContactMoment.Channel.EMAIL,
        summary=_("Uitnodiging gestuurd om lid te worden (aanvraag vooraf ingevuld)."),
        by=by,
    )
    if contact.party.status in {PartyStatus.GEVONDEN, PartyStatus.KOPLOPER}:
        contact.party.status = PartyStatus.BENADERD
        contact.party.save(update_fields=["status", "updated_at"])
    queue_email(
        to=[contact.email],
        template="startup/email/apply_invitation",
        context={"contact": contact, "council": council, "link": link},
    )
    return contact


def _contact_for_reference(council: Ketenoverleg, reference: str) -> ContactPerson | None:
    try:
        data = signing.loads(reference, salt=APPLY_SALT, max_age=APPLY_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    return (
        ContactPerson.objects.current()
        .select_related("party")
        .filter(pk=data["c"], party__council=council)
        .first()
    )


def application_prefill(council: Ketenoverleg, reference: str) -> ApplicationPrefill | None:
    """The members app's pre-fill provider: the party's details for the application."""
    contact = _contact_for_reference(council, reference)
    if contact is None:
        return None
    party = contact.party
    return ApplicationPrefill(
        organisation={
            "name": party.name,
            "place": party.place,
            "website": party.website,
            "email": contact.email,
            "phone": contact.phone,
        },
        geledingen=[party.geleding],
    )


def application_link(*, membership: Membership, reference: str) -> None:
    """An application came in through an invitation: link the party to the applying
    organisation, so relatiebeheer shows it as a member once it is admitted."""
    contact = _contact_for_reference(membership.council, reference)
    if contact is None:
        return
    party = contact.party
    party.organisation = membership.organisation
    if party.status in {PartyStatus.GEVONDEN, PartyStatus.KOPLOPER, PartyStatus.BENADERD}:
        party.status = PartyStatus.GEINTERESSEERD
    party.save(update_fields=["organisation", "status", "updated_at"])
