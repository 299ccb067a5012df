"""Values every page's navigation shows."""

from ketenoverleg import worklist


def my_work(request) -> dict:
    """The number of lines on the person's "Mijn werk", as kept in the session
    (``ketenoverleg.worklist``): no query."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"my_work_count": worklist.navigation_count(request)}
