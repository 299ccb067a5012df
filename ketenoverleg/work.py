"""What the core adds to "Mijn werk": documents whose rendering failed."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenoverleg.models import Document, Role
from ketenoverleg.roles import SECRETARIAT_ROLES, councils_where
from ketenoverleg.worklist import Task, WorkKind

DOCUMENT_KEEPERS = SECRETARIAT_ROLES | {Role.VOORZITTER}


def failed_documents(user):
    """Failed documents that ``user`` asked for or whose council they keep the papers
    of, unless a later attempt for the same object succeeded or is under way."""
    councils = councils_where(user, DOCUMENT_KEEPERS)
    later = Document.objects.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=OuterRef("object_id"),
        kind=OuterRef("kind"),
        pk__gt=OuterRef("pk"),
    ).exclude(status=Document.Status.FAILED)
    return (
        Document.objects.filter(Q(council__in=councils) | Q(requested_by=user))
        .filter(status=Document.Status.FAILED)
        .exclude(Exists(later))
        .select_related("council")
        .order_by("-updated_at", "-pk")
    )


def document_tasks(user) -> list[Task]:
    return [
        Task(
            council=document.council,
            text=_("%(title)s opnieuw laten maken") % {"title": document.title},
            url=document.get_absolute_url(),
            detail=_("mislukt na %(n)s pogingen") % {"n": document.attempts},
        )
        for document in failed_documents(user)
    ]


KINDS = [WorkKind("documents", gettext_lazy("Mislukte documenten"), 80, document_tasks)]
