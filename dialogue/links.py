"""The link from a package's or an issue's page to its discussion (see ketenoverleg.related)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialogue.models import Discussion, Post
from dialogue.selectors import is_moderator
from ketenoverleg.related import RelatedLink


def discussion_links(obj, user) -> list[RelatedLink]:
    """The discussion about ``obj`` (a package or an issue); for moderators, an offer to
    open one when there is none yet."""
    field = "package" if obj._meta.model_name == "package" else "issue"
    discussion = Discussion.objects.filter(**{field: obj}).select_related("council").first()
    if discussion is not None:
        count = discussion.posts.filter(status=Post.Status.PUBLISHED).count()
        detail = ngettext("%(n)d bijdrage", "%(n)d bijdragen", count) % {"n": count}
        if discussion.is_closed:
            detail = _("%(posts)s, gesloten") % {"posts": detail}
        return [
            RelatedLink(
                _("Openbare discussie: %(t)s") % {"t": discussion.title},
                discussion.get_absolute_url(),
                detail,
            )
        ]
    if is_moderator(user, obj.council):
        param = "pakket" if field == "package" else "vraagstuk"
        url = reverse("dialogue:create", kwargs={"slug": obj.council.slug})
        return [RelatedLink(_("Een openbare discussie hierover openen"), f"{url}?{param}={obj.pk}")]
    return []
