"""A council's navigation, rendered once per council, role set and language.

Every page of a council shows the same menu to everyone with the same roles there; only
the current page differs. Rendering it (some thirty URLs reversed, a dozen texts
translated) cost several milliseconds on every request, so the menu is rendered once
per process for each combination and the current page is marked in the stored HTML.
What the menu shows depends on nothing else: a council's slug is part of the key, the
URLs and texts change only with a deploy, which starts new processes.
"""

from functools import lru_cache
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ketenoverleg.models import Ketenoverleg, Role
from ketenoverleg.roles import KERNTEAM_ROLES, MEMBER_ROLES, SECRETARIAT_ROLES, roles_for

# Who sees which group of the menu.
MENU_GROUPS = {
    "is_insider": MEMBER_ROLES | SECRETARIAT_ROLES,
    "is_reviewer": KERNTEAM_ROLES | {Role.KETENSECRETARIS, Role.KWARTIERMAKER},
    "can_edit": SECRETARIAT_ROLES | {Role.VOORZITTER},
    "is_treasury": frozenset({Role.PENNINGMEESTER, Role.SECRETARIS, Role.KWARTIERMAKER}),
}


def menu_groups(roles: frozenset[str]) -> tuple[str, ...]:
    """The groups of the menu that ``roles`` open (the key the menu is kept under)."""
    return tuple(name for name, group in MENU_GROUPS.items() if not roles.isdisjoint(group))


@lru_cache(maxsize=4096)
def _menu(slug: str, groups: tuple[str, ...], language: str) -> str:
    with translation.override(language):
        return render_to_string(
            "includes/council_nav.html",
            {"council": SimpleNamespace(slug=slug), **dict.fromkeys(groups, True)},
        )


def council_menu(user, council: Ketenoverleg, path: str) -> SafeString:
    """The menu of ``council`` for ``user``, with the link to ``path`` marked current."""
    html = _menu(council.slug, menu_groups(roles_for(user, council)), translation.get_language())
    link = f'<a href="{escape(path)}">'
    return mark_safe(html.replace(link, f'{link[:-1]} aria-current="page">', 1))
