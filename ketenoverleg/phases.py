"""A council's phase: the start-up track (verkenning, opiniegesprek, startbeslissing,
oprichting), then operationeel, and rarely beëindigd.

The steps a council may take live here, in one place: one phase forward, one phase
back (a start-up may need to redo a step), or ending. What must be true before a step
forward is known to higher apps (the vooronderzoek's advice lives in ``startup``):
they register a *gate* in their ``AppConfig.ready()`` that may refuse the step.
"""

from collections.abc import Callable

from ketenoverleg.models import STARTUP_PHASES, Ketenoverleg, Phase

# The road a council travels; beëindigd can be reached from every phase.
ROAD = (*STARTUP_PHASES, Phase.OPERATIONEEL)

# A gate: (council, to_phase) -> a refusal for the user, or None to let it pass.
Gate = Callable[[Ketenoverleg, str], "str | None"]
_gates: list[Gate] = []


def register_gate(gate: Gate) -> None:
    if gate not in _gates:
        _gates.append(gate)


def refusals(council: Ketenoverleg, to_phase: str) -> list[str]:
    """What the registered gates say against moving ``council`` to ``to_phase``."""
    return [message for gate in _gates if (message := gate(council, to_phase))]


def next_phase(phase: str) -> str | None:
    if phase not in ROAD or phase == ROAD[-1]:
        return None
    return ROAD[ROAD.index(phase) + 1]


def previous_phase(phase: str) -> str | None:
    if phase not in ROAD or phase == ROAD[0]:
        return None
    return ROAD[ROAD.index(phase) - 1]


def allowed_steps(phase: str) -> list[str]:
    """Where a council in ``phase`` may go: forward, back, or end. An ended council
    stays ended."""
    if phase == Phase.BEEINDIGD:
        return []
    steps = [p for p in (next_phase(phase), previous_phase(phase)) if p]
    return [*steps, Phase.BEEINDIGD]


def is_forward(from_phase: str, to_phase: str) -> bool:
    return from_phase in ROAD and to_phase in ROAD and ROAD.index(to_phase) > ROAD.index(from_phase)
