from allauth.mfa.models import Authenticator
from django import template

from ketenoverleg.adapters import next_destination
from ketenoverleg.navigation import council_menu
from ketenoverleg.related import links_for
from ketenoverleg.roles import has_role as user_has_role
from ketenoverleg.services import document_for, document_offer

register = template.Library()


@register.simple_tag(takes_context=True)
def has_role(context, council, *roles) -> bool:
    """``{% has_role council "secretaris" "ketensecretaris" as can_edit %}``"""
    return user_has_role(context["request"].user, council, roles)


@register.simple_tag
def latest_document(kind: str, obj):
    """``{% latest_document "notulen" meeting as doc %}``: the newest PDF of that object."""
    return document_for(kind, obj)


@register.simple_tag(takes_context=True)
def document_offer_for(context, kind: str, obj) -> dict:
    """``{% document_offer_for "statuut" statute as offer %}``: the ready PDF anyone may
    download, the one being made, and whether this user may ask for a new one."""
    return document_offer(kind, obj, context["request"].user)


@register.filter
def get_item(mapping, key):
    """``{{ forms|get_item:obj.pk }}``: look a value up in a dict by key."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def related_links(context, obj) -> list:
    """``{% related_links package as links %}``: links that higher apps add to obj's page."""
    return links_for(obj, context["request"].user)


@register.simple_tag(takes_context=True)
def destination(context) -> dict:
    """``{% destination as dest %}`` on the login and sign-up pages: where the visitor
    goes afterwards (the ``next`` address), and the council it belongs to, so the page
    can say "to apply for membership of <council>"."""
    return next_destination(context["request"])


@register.filter
def authenticator_types(user) -> set[str]:
    """The kinds of second factor ``user`` has set up ("totp", "webauthn", ...): the
    second login step offers only the ways that person can use."""
    if user is None or not user.pk:
        return set()
    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))


@register.simple_tag(takes_context=True)
def council_nav(context):
    """The council's menu for this person, the current page marked (rendered once per
    council, role set and language: ketenoverleg.navigation)."""
    request = context["request"]
    return council_menu(request.user, context["council"], request.path)
