""" "Mijn werk": what needs a person now, across their councils.

The core does not know applications, minutes or packages; the apps that own them
register a :class:`WorkKind` in their ``AppConfig.ready()`` whose ``tasks`` function
returns the person's open :class:`Task` rows (a fixed number of queries, however many
rows). The page and the count in the navigation read :func:`work_for`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class Task:
    """One line on "Mijn werk": what, where it is done, and by when."""

    council: object  # Ketenoverleg
    text: str
    url: str
    due_on: date | None = None
    detail: str = ""

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.due_on < timezone.localdate()


@dataclass(frozen=True)
class WorkKind:
    key: str
    label: str
    order: int
    tasks: Callable[[object], list[Task]] = field(compare=False)


_kinds: dict[str, WorkKind] = {}


def register(kind: WorkKind) -> None:
    _kinds[kind.key] = kind


def overdue_first(tasks: list[Task]) -> list[Task]:
    """Overdue lines first (oldest first), then the rest by due date, undated last."""
    return sorted(
        tasks,
        key=lambda t: (not t.is_overdue, t.due_on is None, t.due_on or date.max),
    )


def work_for(user) -> list[dict]:
    """The kinds of work that have lines for ``user``, in their fixed order, each as
    ``{"kind": WorkKind, "tasks": [Task, ...]}``."""
    if not user.is_authenticated or not user.is_active:
        return []
    found = []
    for kind in sorted(_kinds.values(), key=lambda k: k.order):
        tasks = kind.tasks(user)
        if tasks:
            found.append({"kind": kind, "tasks": tasks})
    return found


def count_for(user) -> int:
    return sum(len(group["tasks"]) for group in work_for(user))


# The number in the navigation is counted when the person logs in, after every form
# they send and on "Mijn werk" itself, and kept in the session in between: the other
# pages read it without a query, so no page's query count depends on it.
SESSION_KEY = "my_work_count"


def remember_count(request, count: int) -> None:
    request.session[SESSION_KEY] = count


def refresh_count(request) -> None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and hasattr(request, "session"):
        remember_count(request, count_for(user))


def navigation_count(request) -> int | None:
    if not request.user.is_authenticated:
        return None
    return request.session.get(SESSION_KEY)


def count_at_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the count is there from the first page on."""
    if request is not None and hasattr(request, "session"):
        request.user = user
        refresh_count(request)
