"""The links from a package's, project's or meeting's page to its documents in the
library (see ketenoverleg.related): only the documents the reader may open."""

from django.utils.translation import gettext as _

from ketenoverleg.related import RelatedLink
from library.models import LibraryDocument
from library.selectors import readable_levels

FIELDS = {"package": "packages", "project": "projects", "meeting": "meetings"}


def library_links(obj, user) -> list[RelatedLink]:
    field = FIELDS[obj._meta.model_name]
    documents = (
        LibraryDocument.objects.filter(**{field: obj})
        .at_levels(readable_levels(user, obj.council))
        .select_related("council")
        .order_by("-document_date", "-pk")
    )
    return [
        RelatedLink(
            _("Bibliotheek: %(t)s") % {"t": d.title},
            d.get_absolute_url(),
            f"{d.get_kind_display()}, {d.document_date:%d-%m-%Y}",
        )
        for d in documents
    ]
