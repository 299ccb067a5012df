"""The disclosure rules on their own: threshold, dominance, secondary suppression and
differencing, attacked by hand and by random tables with an independent attacker."""

from decimal import Decimal
from itertools import product

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ketenstatistiek.disclosure import (
    CellSpec,
    Policy,
    Reason,
    audit,
    derivable_sets,
    derivable_unions,
    protect,
    round_significant,
    unsafe_reason,
)

D = Decimal
GELEDINGEN = ["aanbod", "vraag", "recycling", "kennis", "overheid", "transitie"]
FYSIEK = {"aanbod", "vraag", "recycling"}


def table_cells(atoms) -> list[CellSpec]:
    """The cells the product shows: each row, the fysieke keten subtotal, the total."""
    names = sorted(atoms)
    cells = [CellSpec(a, frozenset({a})) for a in names]
    fysiek = frozenset(FYSIEK & set(names))
    if 1 < len(fysiek) < len(names):
        cells.append(CellSpec("fysiek", fysiek))
    if len(names) > 1:
        cells.append(CellSpec("totaal", frozenset(names)))
    return cells


def members(start: int, values: list) -> dict[int, Decimal]:
    """Contributors numbered from ``start`` with the given values."""
    return {start + i: D(str(v)) for i, v in enumerate(values)}


EVEN = [10, 11, 12, 13, 14, 15]


# Primary rules ---------------------------------------------------------------------


def test_a_cell_with_fewer_than_k_contributors_is_suppressed():
    result = protect(
        {"aanbod": members(1, [10, 11, 12, 13])}, [CellSpec("a", frozenset({"aanbod"}))]
    )

    assert result["a"].reason == Reason.THRESHOLD
    assert result["a"].total is None and result["a"].mean is None and result["a"].median is None


def test_five_even_contributors_are_published_with_sum_mean_and_rounded_median():
    result = protect(
        {"aanbod": members(1, [10, 11, 12, 13, 14])}, [CellSpec("a", frozenset({"aanbod"}))]
    )

    cell = result["a"]
    assert cell.published
    assert (cell.count, cell.total, cell.mean, cell.median) == (5, D(60), D("12.000"), D(12))


@pytest.mark.parametrize("k, published", [(5, True), (6, True), (7, False), (10, False)])
def test_k_can_be_raised_per_council(k, published):
    result = protect(
        {"aanbod": members(1, [10, 11, 12, 13, 14, 15])},
        [CellSpec("a", frozenset({"aanbod"}))],
        Policy(min_contributors=k),
    )

    assert result["a"].published is published


def test_one_contributor_above_p_percent_of_the_total_dominates():
    # 60 of 100 is 60 % > 50 %.
    result = protect(
        {"aanbod": members(1, [60, 10, 10, 10, 10])}, [CellSpec("a", frozenset({"aanbod"}))]
    )

    assert result["a"].reason == Reason.DOMINANCE


def test_exactly_p_percent_is_not_dominance_but_a_stricter_p_suppresses_it():
    atoms = {"aanbod": members(1, [50, 20, 10, 10, 10])}  # 50 of 100
    cells = [CellSpec("a", frozenset({"aanbod"}))]

    assert protect(atoms, cells)["a"].published
    assert protect(atoms, cells, Policy(dominance_percent=40))["a"].reason == Reason.DOMINANCE


def test_a_total_of_zero_would_reveal_every_value_and_is_suppressed():
    assert unsafe_reason(members(1, [0, 0, 0, 0, 0]), Policy()) == Reason.DOMINANCE


def test_a_contributor_set_close_to_a_known_one_is_suppressed_for_differencing():
    values = members(1, EVEN)
    known_same = frozenset(values)
    known_one_more = frozenset(values) | {99}
    known_far = frozenset(range(100, 110))

    assert unsafe_reason(values, Policy(), [known_same]) is None
    assert unsafe_reason(values, Policy(), [known_far]) is None
    assert unsafe_reason(values, Policy(), [known_one_more]) == Reason.DIFFERENCING


def test_policy_refuses_nonsense():
    with pytest.raises(ValueError):
        Policy(min_contributors=1)
    with pytest.raises(ValueError):
        Policy(dominance_percent=100)


def test_atoms_must_not_share_contributors_or_hold_negative_values():
    with pytest.raises(ValueError):
        protect({"a": members(1, [1]), "b": members(1, [2])}, [CellSpec("a", frozenset({"a"}))])
    with pytest.raises(ValueError):
        protect({"a": {1: D(-1)}}, [CellSpec("a", frozenset({"a"}))])


# Secondary suppression -----------------------------------------------------------------


def test_a_row_suppressed_alone_takes_a_second_cell_with_it():
    atoms = {
        "aanbod": members(1, EVEN),
        "vraag": members(11, EVEN),
        "recycling": members(21, [10, 11]),  # too few
    }
    result = protect(atoms, table_cells(atoms))

    assert result["recycling"].reason == Reason.THRESHOLD
    secondary = [k for k, c in result.items() if c.reason == Reason.SECONDARY]
    assert len(secondary) == 1
    # Whatever was chosen, the small row can no longer be computed from the rest.
    published = [c.atoms for c in result.values() if c.published]
    assert frozenset({"recycling"}) not in derivable_unions(sorted(atoms), published)


def test_secondary_suppression_prefers_the_cell_that_hides_the_fewest_contributors():
    atoms = {
        "aanbod": members(1, [10, 11, 12, 13, 14, 15, 16, 17]),
        "vraag": members(11, EVEN),
        "recycling": members(21, [10, 11]),
    }
    result = protect(atoms, table_cells(atoms))

    assert result["vraag"].reason == Reason.SECONDARY
    assert result["aanbod"].published and result["totaal"].published


def test_two_small_rows_together_still_below_k_force_a_third_suppression():
    # vraag + recycling = 4 contributors: total - aanbod would reveal their sum.
    atoms = {
        "aanbod": members(1, EVEN),
        "vraag": members(11, [10, 11]),
        "recycling": members(21, [10, 11]),
    }
    result = protect(atoms, table_cells(atoms))

    assert result["vraag"].reason == result["recycling"].reason == Reason.THRESHOLD
    assert not (result["aanbod"].published and result["totaal"].published)


def test_two_small_rows_that_together_reach_k_may_leave_the_total_published():
    atoms = {
        "aanbod": members(1, EVEN),
        "vraag": members(11, [10, 11, 12]),
        "recycling": members(21, [10, 11, 12]),
    }
    result = protect(atoms, table_cells(atoms))

    assert result["aanbod"].published and result["totaal"].published
    assert not audit(atoms, [c.atoms for c in result.values() if c.published], Policy())


def test_all_versus_all_but_one_geleding_cannot_isolate_the_small_geleding():
    # The subtotal of the fysieke keten and the total differ by kennis alone.
    atoms = {
        "aanbod": members(1, EVEN),
        "vraag": members(11, EVEN),
        "recycling": members(21, EVEN),
        "kennis": members(31, [500]),
    }
    result = protect(atoms, table_cells(atoms))

    assert result["kennis"].reason == Reason.THRESHOLD
    assert not (result["fysiek"].published and result["totaal"].published)
    published = [c.atoms for c in result.values() if c.published]
    assert frozenset({"kennis"}) not in derivable_unions(sorted(atoms), published)


def test_a_derivable_union_with_enough_contributors_is_still_checked_for_dominance():
    # vraag and recycling are too small on their own; together they have six
    # contributors, but one of them gives almost everything: total - aanbod must not
    # reveal their sum.
    atoms = {
        "aanbod": members(1, EVEN),
        "vraag": members(11, [1000, 1, 1]),
        "recycling": members(21, [1, 1, 1]),
    }
    result = protect(atoms, table_cells(atoms))

    published = [c.atoms for c in result.values() if c.published]
    assert frozenset({"vraag", "recycling"}) not in derivable_unions(sorted(atoms), published)


# Differencing across periods -------------------------------------------------------------


def test_a_member_leaving_between_periods_is_not_revealed_by_the_two_totals():
    last_year = {
        "aanbod": members(1, EVEN),
        "vraag": members(11, EVEN),
    }
    first = protect(last_year, table_cells(last_year))
    assert all(c.published for c in first.values())
    known = derivable_sets(
        {a: frozenset(v) for a, v in last_year.items()},
        [c.atoms for c in first.values() if c.published],
    )

    # Contributor 6 (aanbod) left; everybody else reported again.
    this_year = {"aanbod": members(1, EVEN[:5]), "vraag": members(11, EVEN)}
    second = protect(this_year, table_cells(this_year), known_sets=known)

    assert second["aanbod"].reason == Reason.DIFFERENCING
    assert second["totaal"].reason == Reason.DIFFERENCING
    assert second["vraag"].published  # the same six as last year: nothing isolated


def test_a_group_that_changed_by_k_or_more_is_published_again():
    known = [frozenset(range(1, 7))]
    values = members(20, EVEN)  # six new contributors: differs by 12

    assert unsafe_reason(values, Policy(), known) is None


# Rounding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, rounded",
    [
        ("987654.321", "990000"),
        ("7.35", "7.4"),
        ("0.0456", "0.046"),
        ("12", "12"),
        ("0", "0"),
    ],
)
def test_medians_are_rounded_to_two_significant_digits(value, rounded):
    assert round_significant(D(value)) == D(rounded)


# Random tables against an independent attacker ---------------------------------------------


def attacker_learns(atoms, published_cells) -> list[frozenset[str]]:
    """A brute-force attacker: every combination of published sums with coefficients
    -1, 0 or 1 whose result is the sum over a set of whole rows."""
    names = sorted(atoms)
    learned = []
    for coefficients in product((-1, 0, 1), repeat=len(published_cells)):
        if not any(coefficients):
            continue
        weights = {
            a: sum(c for c, cell in zip(coefficients, published_cells, strict=True) if a in cell)
            for a in names
        }
        if all(w in (0, 1) for w in weights.values()) and any(weights.values()):
            learned.append(frozenset(a for a, w in weights.items() if w == 1))
    return learned


def is_safe(values, policy, known) -> bool:
    return unsafe_reason(values, policy, known) is None


value_strategy = st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False)


@st.composite
def tables(draw):
    names = draw(st.lists(st.sampled_from(GELEDINGEN), min_size=1, max_size=6, unique=True))
    atoms, next_id = {}, 1
    for name in names:
        size = draw(st.integers(min_value=0, max_value=9))
        values = draw(st.lists(value_strategy, min_size=size, max_size=size))
        atoms[name] = {next_id + i: v for i, v in enumerate(values)}
        next_id += size
    policy = Policy(
        min_contributors=draw(st.integers(min_value=2, max_value=7)),
        dominance_percent=draw(st.integers(min_value=20, max_value=80)),
    )
    everyone = list(range(1, next_id + 3))
    known = draw(
        st.lists(st.frozensets(st.sampled_from(everyone), min_size=1), max_size=2)
        if len(everyone) > 0
        else st.just([])
    )
    return atoms, policy, known


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_random_tables_never_let_the_attacker_compute_an_unsafe_group(table):
    atoms, policy, known = table
    cells = table_cells(atoms)

    result = protect(atoms, cells, policy, known)

    published = [c.atoms for c in result.values() if c.published]
    for union in attacker_learns(atoms, published):
        values = {}
        for a in union:
            values.update(atoms[a])
        if values:
            assert is_safe(values, policy, known), (union, result)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_random_tables_suppress_every_unsafe_cell_and_show_nothing_of_a_suppressed_one(table):
    atoms, policy, known = table
    cells = table_cells(atoms)

    result = protect(atoms, cells, policy, known)

    for cell in cells:
        values = {}
        for a in cell.atoms:
            values.update(atoms[a])
        outcome = result[cell.key]
        if not is_safe(values, policy, known):
            assert outcome.reason in {Reason.THRESHOLD, Reason.DOMINANCE, Reason.DIFFERENCING}
        if not outcome.published:
            assert outcome.total is outcome.mean is outcome.median is outcome.count is None
        else:
            assert outcome.total == sum(values.values(), D(0))
            assert outcome.count == len(values) >= policy.min_contributors


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_random_tables_suppress_no_more_than_needed(table):
    """Publishing any one secondarily suppressed cell again would break the audit."""
    atoms, policy, known = table
    cells = table_cells(atoms)

    result = protect(atoms, cells, policy, known)

    published = [c.atoms for c in result.values() if c.published]
    for cell in result.values():
        if cell.reason == Reason.SECONDARY:
            assert audit(atoms, [*published, cell.atoms], policy, known)
