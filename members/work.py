"""What members adds to "Mijn werk": applications to review and elections to vote in."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES, councils_where
from ketenoverleg.worklist import Task, WorkKind
from members import selectors
from members.models import MembershipStatus

REVIEWER_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES


def application_tasks(user) -> list[Task]:
    councils = councils_where(user, REVIEWER_ROLES)
    if not councils:
        return []
    return [
        Task(
            council=m.council,
            text=(
                _("Beroep van %(org)s beoordelen")
                if m.status == MembershipStatus.IN_BEROEP
                else _("Aanmelding van %(org)s beoordelen")
            )
            % {"org": m.organisation.name},
            url=reverse("members:membership", kwargs={"slug": m.council.slug, "pk": m.pk}),
            detail=_("aangevraagd op %(date)s")
            % {"date": date_format(timezone.localtime(m.applied_at).date())},
        )
        for m in selectors.applications_to_review(councils)
    ]


def election_tasks(user) -> list[Task]:
    return [
        Task(
            council=row["election"].council,
            text=_("Stemmen voor de zetel van de geleding %(geleding)s")
            % {"geleding": row["election"].get_geleding_display()},
            url=reverse(
                "members:election",
                kwargs={"slug": row["election"].council.slug, "pk": row["election"].pk},
            ),
            due_on=row["election"].closes_on,
            detail=_("namens %(orgs)s") % {"orgs": ", ".join(o.name for o in row["organisations"])},
        )
        for row in selectors.elections_to_vote_in(user)
    ]


KINDS = [
    WorkKind("applications", gettext_lazy("Aanmeldingen beoordelen"), 10, application_tasks),
    WorkKind("elections", gettext_lazy("Verkiezingen waarin u kunt stemmen"), 70, election_tasks),
]
