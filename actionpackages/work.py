"""What actionpackages adds to "Mijn werk": packages to sign or comment on, and the
yearly reports on commitments that are due."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionpackages import selectors
from ketenoverleg.roles import INSIDER_ROLES, councils_where
from ketenoverleg.worklist import Task, WorkKind, overdue_first


def package_tasks(user) -> list[Task]:
    tasks = [
        Task(
            council=row["package"].council,
            text=_("%(package)s ondertekenen") % {"package": row["package"].title},
            url=reverse(
                "actionpackages:sign",
                kwargs={"slug": row["package"].council.slug, "pk": row["package"].pk},
            ),
            detail=_("namens %(orgs)s") % {"orgs": ", ".join(o.name for o in row["organisations"])},
        )
        for row in selectors.packages_to_sign(user)
    ]
    councils = councils_where(user, INSIDER_ROLES)
    if councils:
        tasks += [
            Task(
                council=package.council,
                text=_("Reageren op %(package)s (consultatie)") % {"package": package.title},
                url=package.get_absolute_url() + "#wijzigingsvoorstellen",
            )
            for package in selectors.packages_in_consultation(councils, user)
        ]
    return tasks


def review_tasks(user) -> list[Task]:
    return overdue_first(
        [
            Task(
                council=row["signature"].package.council,
                text=_("Jaarlijkse melding over %(package)s")
                % {"package": row["signature"].package.title},
                url=reverse(
                    "actionpackages:signature",
                    kwargs={
                        "slug": row["signature"].package.council.slug,
                        "pk": row["signature"].package_id,
                        "signature": row["signature"].pk,
                    },
                ),
                due_on=row["review"].due_on,
                detail=_("namens %(org)s, %(done)s van %(total)s acties gemeld")
                % {
                    "org": row["signature"].organisation.name,
                    "done": row["reported"],
                    "total": row["total"],
                },
            )
            for row in selectors.signatory_tasks(user)
            if row["todo"]
        ]
    )


KINDS = [
    WorkKind(
        "packages",
        gettext_lazy("Actiepakketten ondertekenen of becommentariëren"),
        40,
        package_tasks,
    ),
    WorkKind(
        "commitment_reviews",
        gettext_lazy("Jaarlijkse meldingen over toezeggingen"),
        50,
        review_tasks,
    ),
]
