"""Reads of the dialogue that its views, its notifications and the public site share."""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q, QuerySet

from dialogue.models import Discussion, Follow, Post, Report
from ketenoverleg.models import Ketenoverleg, RoleAssignment, User
from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES, has_role
from members.models import BoardAppointment

# Who opens discussions, answers for the kernteam and moderates.
MODERATOR_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES


def is_moderator(user, council: Ketenoverleg) -> bool:
    return has_role(user, council, MODERATOR_ROLES)


def discussions(council: Ketenoverleg, *, moderator: bool) -> QuerySet:
    """The council's discussions, open ones first, each with its number of published
    posts and its latest activity; moderators also get the posts waiting for them."""
    published = Q(posts__status=Post.Status.PUBLISHED)
    qs = (
        Discussion.objects.for_council(council)
        .with_subject()
        .annotate(
            post_count=Count("posts", filter=published),
            last_post_at=Max("posts__created_at", filter=published),
            closed=ExpressionWrapper(Q(closed_at__isnull=False), output_field=BooleanField()),
        )
        .order_by("closed", "-opened_at", "-pk")
    )
    if moderator:
        qs = qs.annotate(waiting=Count("posts", filter=Q(posts__status=Post.Status.PENDING)))
    return qs


def public_discussions() -> QuerySet:
    """Every discussion, for the sitemap: the dialogue is readable by anyone."""
    return Discussion.objects.select_related("council").order_by("council__slug", "pk")


def search(council: Ketenoverleg, query: str) -> list[Discussion]:
    """Discussions whose title or introduction match ``query``, for the site search."""
    found = Discussion.objects.for_council(council).select_related("council")
    if connection.vendor == "postgresql":
        q = SearchQuery(query, config="dutch", search_type="websearch")
        found = found.annotate(s=SearchVector("title", "introduction", config="dutch")).filter(s=q)
    else:
        found = found.filter(Q(title__icontains=query) | Q(introduction__icontains=query))
    return list(found[:25])


def discussion_posts(discussion: Discussion, *, moderator: bool) -> list[Post]:
    """What a reader sees of a discussion: published posts, and a placeholder where a
    published post was hidden later; moderators see every post, the waiting and hidden
    ones marked as such."""
    posts = discussion.posts.with_authors().annotate(
        open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True))
    )
    if not moderator:
        posts = posts.filter(
            Q(status=Post.Status.PUBLISHED)
            | Q(status=Post.Status.HIDDEN, published_at__isnull=False)
        )
    return list(posts)


def discussion_of(obj) -> Discussion | None:
    """The discussion about a package or an issue, if one was opened."""
    field = "package" if obj._meta.model_name == "package" else "issue"
    return Discussion.objects.filter(**{field: obj}).first()


def is_following(discussion: Discussion, user) -> bool:
    return (
        user.is_authenticated and Follow.objects.filter(discussion=discussion, user=user).exists()
    )


def moderation_queue(council: Ketenoverleg) -> dict:
    """Questions waiting for approval, posts readers reported, and hidden posts."""
    posts = (
        Post.objects.for_council(council)
        .with_authors()
        .prefetch_related("reports")
        .annotate(open_reports=Count("reports", filter=Q(reports__handled_at__isnull=True)))
    )
    return {
        "waiting": list(posts.filter(status=Post.Status.PENDING).order_by("created_at", "pk")),
        "reported": list(
            posts.filter(status=Post.Status.PUBLISHED, open_reports__gt=0).order_by(
                "created_at", "pk"
            )
        ),
        "hidden": list(
            posts.filter(status=Post.Status.HIDDEN).order_by("-moderated_at", "-pk")[:50]
        ),
    }


def open_report_count(council: Ketenoverleg) -> int:
    return Report.objects.filter(post__discussion__council=council, handled_at__isnull=True).count()


def moderators(council: Ketenoverleg):
    """The council's kernteam and secretariat, who moderate.

    Programme-wide kwartiermakers are left out: they oversee many councils and do not
    moderate each one's questions.
    """
    by_role = RoleAssignment.objects.active().filter(council=council, role__in=MODERATOR_ROLES)
    by_seat = BoardAppointment.objects.active().filter(council=council)
    return User.objects.filter(
        Q(pk__in=by_role.values("user")) | Q(pk__in=by_seat.values("user")), is_active=True
    )


def followers(discussion: Discussion, *, except_user=None):
    people = User.objects.filter(followed_discussions__discussion=discussion, is_active=True)
    if except_user is not None and except_user.pk:
        people = people.exclude(pk=except_user.pk)
    return people.distinct()
