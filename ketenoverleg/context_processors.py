"""Values every page's navigation shows."""

from django.utils.functional import SimpleLazyObject

from ketenoverleg import worklist


def my_work(request) -> dict:
    """The number of lines on the person's "Mijn werk", counted only when the page
    shows it (for a logged-in user) and kept in the session for a short while."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"my_work_count": SimpleLazyObject(lambda: worklist.navigation_count(request))}
