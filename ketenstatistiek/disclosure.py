"""Statistical disclosure control: which aggregate cells of a ketenstatistiek table
may be published, and why the others may not.

Pure Python, no Django and no database, so that the rules can be read, tested and
attacked on their own. The shape of a table:

- *atoms* are the rows that partition the contributors: one per geleding asked. Every
  contributor (an organisation) reports once per question, under one geleding, so an
  organisation is in at most one atom.
- *cells* are what a table shows: each atom on its own, and sums of atoms (a subtotal
  for the fysieke keten, the total of all geledingen). A cell is the sum over the
  contributors of its atoms; its count, mean and median are shown with it.

A cell is **unsafe** (primary suppression) when

1. it has fewer than ``k`` contributors (threshold rule), or
2. one contributor gives more than ``p`` % of its total, or the total is zero, which
   would reveal that every contribution is zero (dominance rule), or
3. its contributor set differs from a set that was published before (another period
   or another group of the same question) by at least one and fewer than ``k``
   contributors (differencing rule: the two totals would nearly isolate those few).

Publishing safe cells is not enough: from published sums an attacker can compute
every sum whose atom-vector lies in their linear span (total minus all rows but one
gives that row). **Secondary suppression** therefore audits the whole table: every
union of atoms that can be derived from the published cells must itself be safe by
the three rules above. The table is small (six geledingen, two sums), so the audit
is exact: it enumerates every union of atoms and tests span membership over the
rationals, and the search for extra cells to suppress tries the cheapest
combinations first (fewest cells, then fewest contributors in them), which always
ends because suppressing everything is safe.

Counts, means and medians add nothing an attacker can use beyond the sum: the count
is published with the sum, so mean x count is the sum; the median is rounded to two
significant digits and only given for published cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction
from itertools import combinations

DEFAULT_MIN_CONTRIBUTORS = 5
DEFAULT_DOMINANCE_PERCENT = 50
MEDIAN_SIGNIFICANT_DIGITS = 2


class Reason(StrEnum):
    """Why a cell is not published; the values are stored with the published table."""

    THRESHOLD = "drempel"
    DOMINANCE = "dominantie"
    SECONDARY = "secundair"
    DIFFERENCING = "verschil"


@dataclass(frozen=True)
class Policy:
    min_contributors: int = DEFAULT_MIN_CONTRIBUTORS  # k
    dominance_percent: int = DEFAULT_DOMINANCE_PERCENT  # p

    def __post_init__(self):
        if self.min_contributors < 2:
            raise ValueError("k must be at least 2")
        if not 0 < self.dominance_percent < 100:
            raise ValueError("p must lie between 0 and 100")


@dataclass(frozen=True)
class CellSpec:
    """A cell of the table: its key and the atoms (rows) it adds up."""

    key: str
    atoms: frozenset[str]


@dataclass(frozen=True)
class CellResult:
    key: str
    atoms: frozenset[str]
    contributors: frozenset[int]
    reason: Reason | None  # None: published
    count: int | None = None
    total: Decimal | None = None
    mean: Decimal | None = None
    median: Decimal | None = None

    @property
    def published(self) -> bool:
        return self.reason is None


Atoms = Mapping[str, Mapping[int, Decimal]]


def unsafe_reason(
    values: Mapping[int, Decimal], policy: Policy, known_sets: Iterable[frozenset[int]] = ()
) -> Reason | None:
    """The first rule that a sum over ``values`` (contributor -> value) breaks, or None."""
    if len(values) < policy.min_contributors:
        return Reason.THRESHOLD
    total = sum(values.values(), Decimal(0))
    if total <= 0 or max(values.values()) * 100 > total * policy.dominance_percent:
        return Reason.DOMINANCE
    contributors = frozenset(values)
    for known in known_sets:
        if 0 < len(contributors ^ known) < policy.min_contributors:
            return Reason.DIFFERENCING
    return None


def _check_atoms(atoms: Atoms) -> None:
    seen: set[int] = set()
    for values in atoms.values():
        if seen & set(values):
            raise ValueError("a contributor may appear in one atom only")
        if any(v < 0 for v in values.values()):
            raise ValueError("values must not be negative")
        seen |= set(values)


def _vector(atom_order: Sequence[str], atoms: frozenset[str]) -> list[Fraction]:
    return [Fraction(1) if a in atoms else Fraction(0) for a in atom_order]


class _Span:
    """The rational span of some 0/1 vectors, in row echelon form."""

    def __init__(self, vectors: Iterable[list[Fraction]]):
        self.rows: list[tuple[int, list[Fraction]]] = []  # (pivot column, row)
        for vector in vectors:
            self.add(vector)

    def reduce(self, vector: list[Fraction]) -> list[Fraction]:
        vector = list(vector)
        for pivot, row in self.rows:
            if vector[pivot]:
                factor = vector[pivot] / row[pivot]
                vector = [v - factor * r for v, r in zip(vector, row, strict=True)]
        return vector

    def add(self, vector: list[Fraction]) -> None:
        reduced = self.reduce(vector)
        pivot = next((i for i, v in enumerate(reduced) if v), None)
        if pivot is not None:
            self.rows.append((pivot, reduced))

    def contains(self, vector: list[Fraction]) -> bool:
        return not any(self.reduce(vector))


def _all_unions(atom_order: Sequence[str]) -> list[frozenset[str]]:
    return [
        frozenset(combo)
        for size in range(1, len(atom_order) + 1)
        for combo in combinations(atom_order, size)
    ]


def derivable_unions(
    atom_order: Sequence[str], published: Iterable[frozenset[str]]
) -> list[frozenset[str]]:
    """Every union of atoms whose sum follows from the published cells' sums."""
    span = _Span(_vector(atom_order, cell) for cell in published)
    if not span.rows:
        return []
    return [u for u in _all_unions(atom_order) if span.contains(_vector(atom_order, u))]


def derivable_sets(
    atom_contributors: Mapping[str, frozenset[int]], published: Iterable[frozenset[str]]
) -> list[frozenset[int]]:
    """The contributor sets of everything an attacker can compute from a published
    table: used as ``known_sets`` when another table of the same question is protected."""
    order = sorted(atom_contributors)
    sets = []
    for union in derivable_unions(order, published):
        contributors = frozenset().union(*(atom_contributors[a] for a in union))
        if contributors and contributors not in sets:
            sets.append(contributors)
    return sets


def _union_values(atoms: Atoms, union: frozenset[str]) -> dict[int, Decimal]:
    values: dict[int, Decimal] = {}
    for atom in union:
        values.update(atoms[atom])
    return values


def audit(
    atoms: Atoms,
    published: Iterable[frozenset[str]],
    policy: Policy,
    known_sets: Sequence[frozenset[int]] = (),
) -> list[tuple[frozenset[str], Reason]]:
    """The derivable unions of atoms that are unsafe, with the rule each breaks.

    An empty list means the published cells reveal nothing the rules forbid.
    """
    order = sorted(atoms)
    problems = []
    for union in derivable_unions(order, list(published)):
        values = _union_values(atoms, union)
        if not values:
            continue  # a sum over nobody says nothing about anybody
        reason = unsafe_reason(values, policy, known_sets)
        if reason is not None:
            problems.append((union, reason))
    return problems


def round_significant(value: Decimal, digits: int = MEDIAN_SIGNIFICANT_DIGITS) -> Decimal:
    """``value`` rounded to ``digits`` significant digits (half up), as a plain Decimal."""
    if value == 0:
        return Decimal(0)
    exponent = value.adjusted() - digits + 1
    rounded = value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    return rounded if exponent < 0 else Decimal(int(rounded))


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def protect(
    atoms: Atoms,
    cells: Sequence[CellSpec],
    policy: Policy = Policy(),
    known_sets: Sequence[frozenset[int]] = (),
) -> dict[str, CellResult]:
    """Decide for every cell whether it is published, and compute what is published.

    ``atoms`` maps each row to its contributors' values; ``cells`` are the cells the
    table shows; ``known_sets`` are contributor sets already derivable from published
    tables of the same question (other periods, other groups).
    """
    _check_atoms(atoms)
    for cell in cells:
        if not cell.atoms or not cell.atoms <= set(atoms):
            raise ValueError(f"cell {cell.key} names atoms the table does not have")
    known = [frozenset(s) for s in known_sets]
    values = {cell.key: _union_values(atoms, cell.atoms) for cell in cells}
    reasons: dict[str, Reason] = {}
    for cell in cells:
        reason = unsafe_reason(values[cell.key], policy, known)
        if reason is not None:
            reasons[cell.key] = reason

    candidates = [cell for cell in cells if cell.key not in reasons]
    # Cheapest first: fewest extra cells, then the fewest contributors hidden by them.
    options = sorted(
        (combo for size in range(len(candidates) + 1) for combo in combinations(candidates, size)),
        key=lambda combo: (
            len(combo),
            sum(len(values[c.key]) for c in combo),
            [c.key for c in combo],
        ),
    )
    for combo in options:
        hidden = {c.key for c in combo}
        published = [c.atoms for c in candidates if c.key not in hidden]
        if not audit(atoms, published, policy, known):
            for cell in combo:
                reasons[cell.key] = Reason.SECONDARY
            break

    results = {}
    for cell in cells:
        cell_values = values[cell.key]
        reason = reasons.get(cell.key)
        if reason is not None:
            results[cell.key] = CellResult(
                key=cell.key, atoms=cell.atoms, contributors=frozenset(cell_values), reason=reason
            )
            continue
        total = sum(cell_values.values(), Decimal(0))
        count = len(cell_values)
        results[cell.key] = CellResult(
            key=cell.key,
            atoms=cell.atoms,
            contributors=frozenset(cell_values),
            reason=None,
            count=count,
            total=total,
            mean=(total / count).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP),
            median=round_significant(_median(list(cell_values.values()))),
        )
    return results
