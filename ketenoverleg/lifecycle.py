"""The one way the apps' state machines take a step: check the transition table,
record the step in the object's history, move the status."""

from django.core.exceptions import ValidationError


def apply_transition(
    obj, action: str, transitions: dict, *, by, note: str = "", refusal: str
) -> None:
    """Move ``obj.status`` along ``transitions[action]`` (allowed from, goes to).

    The step is recorded in ``obj.events`` with who took it and why. A step from a
    status the table does not allow is refused with ``refusal``, a message that may
    use ``%(status)s`` (the current status) and ``%(allowed)s`` (where it is allowed).
    The caller saves ``obj``.
    """
    allowed_from, to_status = transitions[action]
    if obj.status not in allowed_from:
        choices = obj._meta.get_field("status").choices
        allowed = ", ".join(str(label) for value, label in choices if value in allowed_from)
        raise ValidationError(refusal % {"status": obj.get_status_display(), "allowed": allowed})
    obj.events.create(by=by, from_status=obj.status, to_status=to_status, note=note)
    obj.status = to_status
