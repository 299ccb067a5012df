"""Writes with consequences for vraag & aanbod: listings, answers, sharing contact
details by mutual consent, closing with a result, and the daily expiry."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange import selectors
from exchange.models import MAX_LISTING_DAYS, Listing, Notice, Response
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Ketenoverleg, User
from members.models import Organisation, Representative

LISTING_FIELDS = {
    "kind",
    "category",
    "geleding",
    "material",
    "quantity",
    "unit",
    "frequency",
    "description",
    "region",
    "reach",
    "available_from",
    "available_until",
    "expires_on",
    "is_public",
    "contact_name",
    "contact_email",
    "contact_phone",
}


def notify_once(*, key: str, to: list[str], template: str, context: dict) -> bool:
    """Queue one e-mail for an event, unless one with this key was already queued."""
    recipients = [address for address in to if address]
    if not recipients:
        return False
    _notice, created = Notice.objects.get_or_create(key=key)
    if created:
        queue_email(to=recipients, template=template, context=context)
    return created


def _link(obj) -> str:
    return settings.SITE_URL.rstrip("/") + obj.get_absolute_url()


def _require_representative(organisation: Organisation, user: User) -> None:
    if not Representative.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(_("U kunt alleen handelen namens uw eigen organisatie."))


def _check_listing(listing: Listing, *, today: date) -> None:
    own = selectors.organisation_geledingen(listing.organisation, listing.council)
    if not own:
        raise ValidationError(_("Alleen toegelaten leden plaatsen vraag en aanbod."))
    if listing.geleding not in own:
        raise ValidationError({"geleding": _("Kies een geleding waarin uw organisatie lid is.")})
    if listing.expires_on < today:
        raise ValidationError({"expires_on": _("Deze datum is al voorbij.")})
    if listing.expires_on > today + timedelta(days=MAX_LISTING_DAYS):
        raise ValidationError({"expires_on": _("Kies een datum binnen een jaar.")})
    listing.full_clean()


@transaction.atomic
def listing_create(
    *, council: Ketenoverleg, organisation: Organisation, by: User, **fields
) -> Listing:
    _require_representative(organisation, by)
    listing = Listing(
        council=council,
        organisation=organisation,
        created_by=by,
        **{k: v for k, v in fields.items() if k in LISTING_FIELDS},
    )
    _check_listing(listing, today=timezone.localdate())
    listing.save()
    return listing


@transaction.atomic
def listing_update(*, listing: Listing, by: User, **fields) -> Listing:
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_representative(listing.organisation, by)
    if listing.status != Listing.Status.OPEN:
        raise ValidationError(
            _("Een gesloten of verlopen vermelding kan niet meer worden gewijzigd.")
        )
    for name, value in fields.items():
        if name in LISTING_FIELDS:
            setattr(listing, name, value)
    _check_listing(listing, today=timezone.localdate())
    listing.save()
    return listing


@transaction.atomic
def listing_close(
    *, listing: Listing, by: User, result: str, response: Response | None = None, note: str = ""
) -> Listing:
    """Close a listing with its result. A deal names the accepted answer it came from,
    on this listing or one that answered with this listing as its own."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_representative(listing.organisation, by)
    if listing.status == Listing.Status.GESLOTEN:
        raise ValidationError(_("Deze vermelding is al gesloten."))
    if result == Listing.Result.DEAL:
        if response is None:
            raise ValidationError({"response": _("Kies met welke reactie de deal is gemaakt.")})
        response = Response.objects.get(pk=response.pk)
        belongs = response.listing_id == listing.pk or response.counter_listing_id == listing.pk
        if not belongs or response.status != Response.Status.ACCEPTED:
            raise ValidationError(
                {"response": _("Kies een geaccepteerde reactie bij deze vermelding.")}
            )
        listing.deal_response = response
    elif result != Listing.Result.GEEN_MATCH:
        raise ValidationError({"result": _("Kies deal of geen match.")})
    listing.status = Listing.Status.GESLOTEN
    listing.result = result
    listing.closed_note = note
    listing.closed_at = timezone.now()
    listing.full_clean()
    listing.save()
    return listing


def listings_expire(*, today: date | None = None) -> int:
    """Mark open listings past their expiry date as expired and tell their owners once.
    Run daily by beat; running it twice changes nothing."""
    today = today or timezone.localdate()
    expired = 0
    ids = list(
        Listing.objects.filter(status=Listing.Status.OPEN, expires_on__lt=today).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            listing = (
                Listing.objects.select_for_update()
                .select_related("council")
                .filter(pk=pk, status=Listing.Status.OPEN, expires_on__lt=today)
                .first()
            )
            if listing is None:
                continue
            listing.status = Listing.Status.VERLOPEN
            listing.save(update_fields=["status"])
            notify_once(
                key=f"listing-{listing.pk}-expired",
                to=[listing.contact_email],
                template="exchange/email/expired",
                context={"listing": listing, "url": _link(listing)},
            )
            expired += 1
    return expired


@transaction.atomic
def response_create(
    *,
    listing: Listing,
    organisation: Organisation,
    by: User,
    message: str,
    contact_name: str,
    contact_email: str,
    contact_phone: str = "",
    counter_listing: Listing | None = None,
) -> Response:
    """Answer a listing. By answering, the member agrees to share the contact details
    given here with the listing's owner, once the owner accepts."""
    listing = Listing.objects.select_for_update().select_related("council").get(pk=listing.pk)
    _require_representative(organisation, by)
    if not listing.is_open:
        raise ValidationError(_("Op deze vermelding kan niet meer worden gereageerd."))
    if organisation.pk == listing.organisation_id:
        raise ValidationError(_("U kunt niet op uw eigen vermelding reageren."))
    if not selectors.organisation_geledingen(organisation, listing.council):
        raise ValidationError(_("Alleen toegelaten leden kunnen reageren."))
    if counter_listing is not None and (
        counter_listing.organisation_id != organisation.pk
        or counter_listing.council_id != listing.council_id
        or counter_listing.kind == listing.kind
    ):
        raise ValidationError(
            {"counter_listing": _("Kies een eigen vermelding van de andere soort.")}
        )
    live = [Response.Status.OPEN, Response.Status.ACCEPTED]
    if listing.responses.filter(organisation=organisation, status__in=live).exists():
        raise ValidationError(_("Uw organisatie heeft al op deze vermelding gereageerd."))
    response = Response(
        listing=listing,
        organisation=organisation,
        counter_listing=counter_listing,
        created_by=by,
        message=message,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    response.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError(_("Uw organisatie heeft al op deze vermelding gereageerd.")) from None
    notify_once(
        key=f"response-{response.pk}-received",
        to=[listing.contact_email],
        template="exchange/email/response_received",
        context={"listing": listing, "response": response, "url": _link(listing)},
    )
    return response


def _answer(response: Response, by: User, status: str, note: str) -> Response:
    response = (
        Response.objects.select_for_update()
        .select_related("listing__council", "listing__organisation")
        .get(pk=response.pk)
    )
    _require_representative(response.listing.organisation, by)
    if response.status != Response.Status.OPEN:
        raise ValidationError(_("Op deze reactie is al geantwoord."))
    response.status = status
    response.answer_note = note
    response.answered_at = timezone.now()
    response.full_clean(validate_constraints=False)
    response.save(update_fields=["status", "answer_note", "answered_at"])
    return response


@transaction.atomic
def response_accept(*, response: Response, by: User, note: str = "") -> Response:
    """The owner accepts: from now on both sides see each other's contact details."""
    response = _answer(response, by, Response.Status.ACCEPTED, note)
    notify_once(
        key=f"response-{response.pk}-accepted",
        to=[response.contact_email],
        template="exchange/email/response_accepted",
        context={"listing": response.listing, "response": response, "url": _link(response.listing)},
    )
    return response


@transaction.atomic
def response_decline(*, response: Response, by: User, note: str = "") -> Response:
    response = _answer(response, by, Response.Status.DECLINED, note)
    notify_once(
        key=f"response-{response.pk}-declined",
        to=[response.contact_email],
        template="exchange/email/response_declined",
        context={"listing": response.listing, "response": response, "url": _link(response.listing)},
    )
    return response


@transaction.atomic
def response_withdraw(*, response: Response, by: User) -> Response:
    response = Response.objects.select_for_update().get(pk=response.pk)
    _require_representative(response.organisation, by)
    if response.status != Response.Status.OPEN:
        raise ValidationError(_("Alleen een reactie zonder antwoord kan worden ingetrokken."))
    response.status = Response.Status.WITHDRAWN
    response.save(update_fields=["status"])
    return response
