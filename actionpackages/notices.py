"""The notifications of action packages (registered in ``apps.ready()``, sent through
``ketenoverleg.notifications``): consultation opened, open for signing, started, and a
commitment review that is due. Invited non-members have no account: they get the
"open" and "started" news as a plain mail to their address, once per invitation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actionpackages.models import SIGNABLE, Package, Signature
from ketenoverleg import notifications
from ketenoverleg.mail import queue_email
from ketenoverleg.models import Delivery
from ketenoverleg.roles import MEMBER_ROLES, users_holding
from members.models import Representative

CONSULTATION_OPENED = "consultation_opened"
PACKAGE_OPEN = "package_open"
PACKAGE_STARTED = "package_started"
REVIEW_DUE = "commitment_review_due"

KINDS = [
    notifications.Kind(
        key=CONSULTATION_OPENED,
        label=_("Een actiepakket ligt ter consultatie"),
        template="actionpackages/email/notify_consultation_opened",
    ),
    notifications.Kind(
        key=PACKAGE_OPEN,
        label=_("Een actiepakket staat open voor ondertekening"),
        template="actionpackages/email/notify_package_open",
    ),
    notifications.Kind(
        key=PACKAGE_STARTED,
        label=_("Een actiepakket gaat van start"),
        template="actionpackages/email/notify_package_started",
        default=Delivery.DIGEST,
    ),
    notifications.Kind(
        key=REVIEW_DUE,
        label=_("De jaarlijkse voortgang van uw toezeggingen is gevraagd"),
        template="actionpackages/email/notify_review_due",
        personal=True,
    ),
]


def _members(package: Package):
    return users_holding(package.council, MEMBER_ROLES)


def _site(path: str) -> str:
    return notifications.site_url(path)


def consultation_opened(package: Package) -> int:
    return notifications.notify(
        kind=CONSULTATION_OPENED,
        event=f"package:{package.pk}:consultation",
        users=_members(package),
        path=package.get_absolute_url(),
        context={"package": package},
        council=package.council,
    )


def _invitees(package: Package, what: str, context: dict) -> None:
    """Tell the invited non-members (those already invited) once per event."""
    apply_url = _site(reverse("members:apply", kwargs={"slug": package.council.slug}))
    for invitation in package.invitations.filter(sent_at__isnull=False):
        queue_email(
            to=[invitation.email],
            template="actionpackages/email/invitation_update",
            context={
                **context,
                "package": package,
                "invitation": invitation,
                "what": what,
                "package_url": _site(package.get_absolute_url()),
                "apply_url": apply_url,
            },
            key=f"invitation:{invitation.pk}:{what}:{context.get('version', '')}",
        )


def package_opened(package: Package, version: int) -> int:
    """Open for signing; a revised text opens again as a new version, told again."""
    context = {"package": package, "version": version}
    _invitees(package, "open", context)
    return notifications.notify(
        kind=PACKAGE_OPEN,
        event=f"package:{package.pk}:open:{version}",
        users=_members(package),
        path=_sign_path(package),
        context=context,
        council=package.council,
    )


def new_member_can_sign(membership) -> int:
    """The representatives of a newly admitted member hear of every package they can
    sign now, as the "open for signing" notification of its current version (so who
    heard of it before hears nothing twice)."""
    people = [r.user for r in membership.organisation.representatives.select_related("user")]
    notified = 0
    signable = Package.objects.filter(council=membership.council, status__in=SIGNABLE)
    for package in signable.select_related("council"):
        version = package.versions.order_by("-number").first()
        if version is None:
            continue
        notified += notifications.notify(
            kind=PACKAGE_OPEN,
            event=f"package:{package.pk}:open:{version.number}",
            users=people,
            path=_sign_path(package),
            context={"package": package, "version": version.number},
            council=package.council,
        )
    return notified


def _sign_path(package: Package) -> str:
    return reverse("actionpackages:sign", kwargs={"slug": package.council.slug, "pk": package.pk})


def package_started(package: Package) -> int:
    context = {"package": package}
    _invitees(package, "started", context)
    return notifications.notify(
        kind=PACKAGE_STARTED,
        event=f"package:{package.pk}:started",
        users=_members(package),
        path=package.get_absolute_url(),
        context=context,
        council=package.council,
    )


def review_due(package: Package, review, signature: Signature, reminder: str) -> int:
    """A reminder (``voor``/``na`` the due date) to the signatory's contact people."""
    people = [
        r.user
        for r in Representative.objects.filter(
            organisation=signature.organisation, is_contact=True
        ).select_related("user")
    ]
    path = reverse(
        "actionpackages:signature",
        kwargs={"slug": package.council.slug, "pk": package.pk, "signature": signature.pk},
    )
    return notifications.notify(
        kind=REVIEW_DUE,
        event=f"review:{signature.pk}:{review.number}:{reminder}",
        users=people,
        path=path,
        context={
            "package": package,
            "review": review,
            "signature": signature,
            "signature_url": _site(path),
            "reminder": reminder,
        },
        council=package.council,
    )
