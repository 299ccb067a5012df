"""The notifications of members (registered in ``apps.ready()``, sent through
``ketenoverleg.notifications``): an application received (kernteam) and decided
(applicant), an election opened and its result (the members of that geleding), and
published news (followers and members: members own who follows a council)."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ketenoverleg import notifications
from ketenoverleg.models import Delivery, Ketenoverleg, NewsItem, User
from ketenoverleg.roles import KERNTEAM_ROLES, MEMBER_ROLES, SECRETARIAT_ROLES, users_holding
from members.models import Election, Membership, MembershipStatus, Representative

APPLICATION_RECEIVED = "application_received"
APPLICATION_DECIDED = "application_decided"
ELECTION_OPENED = "election_opened"
ELECTION_RESULT = "election_result"
NEWS_PUBLISHED = "news_published"

# News older than this when the announcing task first sees it is not mailed any more
# (the task was down for long, or the item was back-dated).
NEWS_FRESH_FOR = timedelta(days=7)

KINDS = [
    notifications.Kind(
        key=APPLICATION_RECEIVED,
        label=_("Een nieuwe aanmelding wacht op beoordeling (kernteam)"),
        template="members/email/notify_application_received",
    ),
    notifications.Kind(
        key=APPLICATION_DECIDED,
        label=_("Het besluit over de aanmelding van uw organisatie"),
        template="members/email/notify_application_decided",
        personal=True,
    ),
    notifications.Kind(
        key=ELECTION_OPENED,
        label=_("Een verkiezing in uw geleding is geopend"),
        template="members/email/notify_election_opened",
    ),
    notifications.Kind(
        key=ELECTION_RESULT,
        label=_("De uitslag van een verkiezing in uw geleding"),
        template="members/email/notify_election_result",
        default=Delivery.DIGEST,
    ),
    notifications.Kind(
        key=NEWS_PUBLISHED,
        label=_("Nieuws van een ketenoverleg dat u volgt of waarvan u lid bent"),
        template="members/email/notify_news_published",
        default=Delivery.DIGEST,
    ),
]


def _people(organisations, *, contacts_only: bool = False) -> list[User]:
    representatives = Representative.objects.filter(organisation__in=organisations)
    if contacts_only:
        representatives = representatives.filter(is_contact=True)
    return [r.user for r in representatives.select_related("user")]


def application_received(membership: Membership) -> bool:
    """The kernteam (and secretariat) hear of a new application, with a link to it;
    False when the council has nobody in those roles yet (the caller then mails the
    council's own address)."""
    council = membership.council
    reviewers = list(users_holding(council, KERNTEAM_ROLES | SECRETARIAT_ROLES))
    if not reviewers:
        return False
    notifications.notify(
        kind=APPLICATION_RECEIVED,
        event=f"membership:{membership.pk}:applied:{membership.applied_at:%Y%m%d%H%M%S}",
        users=reviewers,
        path=reverse("members:membership", kwargs={"slug": council.slug, "pk": membership.pk}),
        context={"m": membership},
        council=council,
    )
    return True


def application_decided(membership: Membership) -> int:
    """The applicant's contact people hear of the decision (admitted or refused)."""
    return notifications.notify(
        kind=APPLICATION_DECIDED,
        event=f"membership:{membership.pk}:{membership.status}",
        users=_people([membership.organisation_id], contacts_only=True),
        path=membership.get_absolute_url(),
        context={"m": membership},
        council=membership.council,
    )


def _geleding_members(election: Election) -> list[User]:
    organisations = Membership.objects.filter(
        council=election.council,
        status=MembershipStatus.TOEGELATEN,
        geleding_rows__geleding=election.geleding,
    ).values("organisation_id")
    return _people(organisations)


def _election_path(election: Election) -> str:
    return reverse("members:election", kwargs={"slug": election.council.slug, "pk": election.pk})


def election_opened(election: Election) -> int:
    return notifications.notify(
        kind=ELECTION_OPENED,
        event=f"election:{election.pk}:opened",
        users=_geleding_members(election),
        path=_election_path(election),
        context={"election": election},
        council=election.council,
    )


def election_result(election: Election) -> int:
    return notifications.notify(
        kind=ELECTION_RESULT,
        event=f"election:{election.pk}:result",
        users=_geleding_members(election),
        path=_election_path(election),
        context={"election": election},
        council=election.council,
    )


def _news_readers(council: Ketenoverleg) -> list[User]:
    followers = Membership.objects.filter(council=council, status=MembershipStatus.VOLGER).values(
        "organisation_id"
    )
    return list(users_holding(council, MEMBER_ROLES)) + _people(followers)


def news_announce(*, now=None) -> int:
    """Tell followers and members of news whose publication time has come (a beat
    task); each item once, under a lock (a parallel run skips it). Returns how many
    items were announced."""
    now = now or timezone.now()
    announced = 0
    due = NewsItem.objects.filter(announced_at__isnull=True, published_at__lte=now)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            item = (
                NewsItem.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, announced_at__isnull=True)
                .select_related("council")
                .first()
            )
            if item is None:
                continue
            if item.published_at >= now - NEWS_FRESH_FOR:
                notifications.notify(
                    kind=NEWS_PUBLISHED,
                    event=f"news:{item.pk}",
                    users=_news_readers(item.council),
                    path=item.get_absolute_url(),
                    context={"item": item},
                    council=item.council,
                )
                announced += 1
            item.announced_at = now
            item.save(update_fields=["announced_at"])
    return announced
