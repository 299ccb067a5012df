"""The one way to ask "may this user do this in this council?".

Views use :class:`CouncilRoleRequiredMixin` (or :func:`require_role` in a function
view); templates use ``{% has_role council "secretaris" as can_edit %}``. All of them
read :func:`roles_for`, which looks the user's active role records up once per
request and council, and keeps what it found in the shared cache until something that
grants a role changes (:func:`roles_changed`) or the day does.
"""

import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ketenoverleg.models import KERNTEAM_HELD_ROLES, Ketenoverleg, Role, RoleAssignment, User

KERNTEAM_ROLES = frozenset(
    {Role.KERNTEAMLID, Role.VOORZITTER, Role.SECRETARIS, Role.PENNINGMEESTER}
)
MEMBER_ROLES = frozenset({Role.LID}) | KERNTEAM_ROLES
# Those who keep a council's lists and pages up to date.
SECRETARIAT_ROLES = frozenset({Role.SECRETARIS, Role.KETENSECRETARIS, Role.KWARTIERMAKER})
# Everyone who may read members-only material of a council (the procesbegeleider sits
# with the kernteam without a vote).
INSIDER_ROLES = MEMBER_ROLES | SECRETARIAT_ROLES | {Role.PROCESBEGELEIDER}


def roles_for(user, council: Ketenoverleg) -> frozenset[str]:
    """The roles ``user`` holds today in ``council`` (a superuser holds them all)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Role.values)
    known = user.__dict__.setdefault("_council_roles", {})
    if council.pk not in known:
        known[council.pk] = _kept_roles(user, council)
    return known[council.pk]


# The roles found for a person in a council are kept in the shared cache, so a page
# costs one cache read instead of the four queries of the lookup. Each entry carries the
# generation it was found in; every change to what grants a role starts a new
# generation (a random token, so a generation key lost from the cache cannot bring old
# entries back), and the day is part of the key (roles start and end on a date). The
# entries' lifetime (settings.ROLES_KEPT_SECONDS; 0 looks up on every request) bounds
# what a change made past the models' save and delete (a queryset update that forgot to
# call roles_changed) could leave behind.
ROLES_GENERATION_KEY = "roles:generation"


def _kept_roles(user, council: Ketenoverleg) -> frozenset[str]:
    if not settings.ROLES_KEPT_SECONDS:
        return _lookup_roles(user, council)
    key = f"roles:{user.pk}:{council.pk}:{timezone.localdate().isoformat()}"
    found = cache.get_many([ROLES_GENERATION_KEY, key])
    generation = found.get(ROLES_GENERATION_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        if not cache.add(ROLES_GENERATION_KEY, generation, timeout=None):
            generation = cache.get(ROLES_GENERATION_KEY, generation)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return frozenset(entry[1])
    roles = _lookup_roles(user, council)
    cache.set(key, (generation, sorted(roles)), settings.ROLES_KEPT_SECONDS)
    return roles


def roles_changed() -> None:
    """Forget every kept role set: call after changing what grants a role in a way the
    models' save and delete do not see (a queryset ``update``). At once, and again when
    the transaction commits, so a lookup that read the old rows in between does not
    outlive it. (Nothing to forget when roles are not kept.)"""
    if not settings.ROLES_KEPT_SECONDS:
        return
    _new_generation()
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    cache.set(ROLES_GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def _saved_or_deleted(sender, **kwargs) -> None:
    roles_changed()


def register_role_source(*models: type[Model]) -> None:
    """Models whose rows grant roles (the owning app registers them in ready()): saving
    or deleting one forgets the kept role sets."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                _saved_or_deleted, sender=model, dispatch_uid=f"roles:{model._meta.label}"
            )


register_role_source(RoleAssignment)


# Roles that follow from data the core does not own (membership, a kernteam seat or
# function) come from providers that the owning app registers in its AppConfig.ready():
# one answers "which roles does this user hold?", the other "who holds these roles?".
RoleProvider = Callable[[object, Ketenoverleg], Iterable[str]]
HolderProvider = Callable[[Ketenoverleg, frozenset[str]], Iterable[QuerySet]]
CouncilProvider = Callable[[object], Iterable[QuerySet]]
_role_providers: list[RoleProvider] = []
_holder_providers: list[HolderProvider] = []
_council_providers: list[CouncilProvider] = []


def register_role_provider(provider: RoleProvider) -> None:
    """Add a function ``(user, council) -> roles`` whose roles a user holds as well."""
    if provider not in _role_providers:
        _role_providers.append(provider)


def register_holder_provider(provider: HolderProvider) -> None:
    """Add a function ``(council, roles) -> querysets of user ids``: the people who hold
    one of ``roles`` today through the registering app's data (``council`` ``None``: in
    any council)."""
    if provider not in _holder_providers:
        _holder_providers.append(provider)


def register_council_provider(provider: CouncilProvider) -> None:
    """Add a function ``user -> querysets of council ids`` in which the user may hold a
    role through the registering app's data (for "Mijn werk": where to look)."""
    if provider not in _council_providers:
        _council_providers.append(provider)


def councils_of(user) -> QuerySet[Ketenoverleg]:
    """The councils in which ``user`` may hold a role today (all of them for a superuser
    or a programme-wide kwartiermaker): one query."""
    if not user.is_authenticated or not user.is_active:
        return Ketenoverleg.objects.none()
    records = RoleAssignment.objects.active().filter(user=user)
    if user.is_superuser or records.filter(council__isnull=True).exists():
        return Ketenoverleg.objects.order_by("name")
    where = Q(pk__in=records.values("council_id"))
    for provider in _council_providers:
        for council_ids in provider(user):
            where |= Q(pk__in=council_ids)
    return Ketenoverleg.objects.filter(where).order_by("name")


def councils_where(user, roles: Iterable[str]) -> list[Ketenoverleg]:
    """The councils in which ``user`` holds one of ``roles`` today."""
    roles = frozenset(roles)
    if "_councils_of" not in user.__dict__:
        user.__dict__["_councils_of"] = list(councils_of(user))
    return [c for c in user.__dict__["_councils_of"] if has_role(user, c, roles)]


def _lookup_roles(user, council: Ketenoverleg) -> frozenset[str]:
    """Role records, plus what the registered providers imply (members: ``lid``, and the
    kernteam's seats and functions). A stray record of a kernteam role counts for nothing:
    only the kernteam's own records do."""
    roles = set(
        RoleAssignment.objects.active()
        .for_council(council)
        .filter(user=user)
        .exclude(role__in=KERNTEAM_HELD_ROLES)
        .values_list("role", flat=True)
    )
    for provider in _role_providers:
        roles.update(provider(user, council))
    return frozenset(roles)


def users_holding(council: Ketenoverleg | None, roles: Iterable[str]) -> QuerySet[User]:
    """The active users who hold one of ``roles`` in ``council`` today (in any council
    for ``None``), by the same rules as :func:`roles_for`, for mailing lists and names on
    pages. Superusers and programme-wide kwartiermakers are not on a council's lists."""
    roles = frozenset(roles)
    records = RoleAssignment.objects.active().filter(role__in=roles - KERNTEAM_HELD_ROLES)
    if council is not None:
        records = records.filter(council=council)
    holders = Q(pk__in=records.values("user_id"))
    for provider in _holder_providers:
        for user_ids in provider(council, roles):
            holders |= Q(pk__in=user_ids)
    return User.objects.filter(holders, is_active=True)


def has_role(user, council: Ketenoverleg, roles: Iterable[str]) -> bool:
    return not roles_for(user, council).isdisjoint(roles)


def require_role(request, council: Ketenoverleg, roles: Iterable[str]):
    """Send an anonymous visitor to the login page; refuse a user without the role.

    Returns ``None`` when allowed, or the redirect response for an anonymous user;
    raises PermissionDenied (403) for a logged-in user without one of ``roles``.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not has_role(request.user, council, roles):
        raise PermissionDenied
    return None


def may_see_council(user, council: Ketenoverleg) -> bool:
    """A published council is for everyone; one in start-up that is not published yet
    only for those who hold a role in it: its kwartiermaker(s), the people they invited
    (``genodigde``) and, later, its members and kernteam."""
    return council.is_published or bool(roles_for(user, council))


def refuse_hidden_council(request, council: Ketenoverleg):
    """``None`` when the user may see the council; a login redirect for an anonymous
    visitor (an invited person who is not logged in yet); 404 for anyone else."""
    if may_see_council(request.user, council):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


class CouncilMixin:
    """Loads the council named by the ``slug`` URL argument into ``self.council``."""

    council_url_kwarg = "slug"

    def dispatch(self, request, *args, **kwargs):
        self.council = get_object_or_404(Ketenoverleg, slug=kwargs[self.council_url_kwarg])
        hidden = refuse_hidden_council(request, self.council)
        if hidden is not None:
            return hidden
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["council"] = self.council
        context["council_roles"] = roles_for(self.request.user, self.council)
        return context


class CouncilRoleRequiredMixin(CouncilMixin):
    """Only users holding one of ``required_roles`` in the council get through."""

    required_roles: Iterable[str] = ()

    def get_required_roles(self) -> Iterable[str]:
        return self.required_roles

    def dispatch(self, request, *args, **kwargs):
        self.council = get_object_or_404(Ketenoverleg, slug=kwargs[self.council_url_kwarg])
        denied = refuse_hidden_council(request, self.council) or require_role(
            request, self.council, self.get_required_roles()
        )
        if denied is not None:
            return denied
        return super(CouncilMixin, self).dispatch(request, *args, **kwargs)
