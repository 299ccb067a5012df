"""Reads of ketenstatistiek that pages, exports, PDFs and higher apps share.

Nothing here returns an individual figure except ``own_figures``, which the view of
the submitting organisation's own page alone calls.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count

from ketenoverleg.models import Geleding, Ketenoverleg
from ketenstatistiek import crypto, disclosure
from ketenstatistiek.models import (
    FYSIEK,
    TOTAL,
    Period,
    PublishedCell,
    Question,
    StatisticsPolicy,
    Submission,
)
from members.models import Membership, MembershipStatus, Organisation

MEASURES = ("total", "mean", "median")


def policy_of(council: Ketenoverleg) -> StatisticsPolicy:
    """The council's rules, or the defaults (unsaved) when it never changed them."""
    policy = StatisticsPolicy.objects.filter(council=council).first()
    return policy or StatisticsPolicy(council=council)


def table_cells(question: Question) -> list[disclosure.CellSpec]:
    """The cells of a question's table: each geleding asked, the fysieke keten where it
    is a true subtotal, and the total where more than one geleding is asked."""
    asked = [g.value for g in Geleding if g.value in question.geledingen]
    cells = [disclosure.CellSpec(g, frozenset({g})) for g in asked]
    fysiek = frozenset(g for g in asked if g in {"aanbod", "vraag", "recycling"})
    if 1 < len(fysiek) < len(asked):
        cells.append(disclosure.CellSpec(FYSIEK, fysiek))
    if len(asked) > 1:
        cells.append(disclosure.CellSpec(TOTAL, frozenset(asked)))
    return cells


def _atoms(question: Question, submissions) -> dict[str, dict[int, Decimal]]:
    """Decrypted figures per geleding asked (organisation id -> value)."""
    atoms: dict[str, dict[int, Decimal]] = {g: {} for g in question.geledingen}
    for submission in submissions:
        if submission.geleding in atoms:
            atoms[submission.geleding][submission.organisation_id] = crypto.unseal(
                submission.sealed,
                question_id=question.pk,
                organisation_id=submission.organisation_id,
            )
    return atoms


def known_sets(period: Period) -> dict[str, list[frozenset[int]]]:
    """Per question code: the contributor sets derivable from the published tables of
    that question in the council's other periods (one query for the whole period)."""
    codes = list(period.questions.values_list("code", flat=True))
    cells = PublishedCell.objects.filter(
        period__council_id=period.council_id,
        period__status=Period.Status.GEPUBLICEERD,
        question__code__in=codes,
    ).exclude(period_id=period.pk)
    tables: dict[tuple[str, int], list[tuple]] = defaultdict(list)
    for cell in cells.values_list(
        "question__code", "question_id", "group", "reason", "atoms", "contributors"
    ):
        code, question_id, group, reason, atoms, contributors = cell
        tables[(code, question_id)].append((group, reason, atoms, contributors))
    sets: dict[str, list[frozenset[int]]] = defaultdict(list)
    for (code, _question_id), table in tables.items():
        atom_contributors = {
            group: frozenset(contributors)
            for group, _reason, _atoms, contributors in table
            if group in Geleding.values
        }
        published = [frozenset(atoms) for _group, reason, atoms, _c in table if not reason]
        for found in disclosure.derivable_sets(atom_contributors, published):
            if found not in sets[code]:
                sets[code].append(found)
    return sets


def protect_question(
    question: Question, policy: disclosure.Policy, known: list[frozenset[int]]
) -> list:
    """The disclosure decision for one question's table, in display order."""
    submissions = list(question.submissions.all())
    cells = table_cells(question)
    results = disclosure.protect(_atoms(question, submissions), cells, policy, known)
    return [results[cell.key] for cell in cells]


def preview(period: Period) -> list[dict]:
    """Before publication, per question and cell: enough contributors or not.

    For the kernteam. It reads only who answered under which geleding, never a figure:
    the dominance rule and the protection against derivation depend on the figures and
    are applied at publication only, so that nobody can learn about others' figures by
    changing their own and watching the preview (close, look, reopen, change, ...).
    """
    k = policy_of(period.council).min_contributors
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for question_id, geleding in Submission.objects.filter(period=period).values_list(
        "question_id", "geleding"
    ):
        counts[(question_id, geleding)] += 1
    rows = []
    for question in period.questions.all():
        cells = []
        for spec in table_cells(question):
            n = sum(counts[(question.pk, g)] for g in spec.atoms)
            cell = PublishedCell(group=spec.key)
            cells.append(
                {
                    "label": cell.group_label,
                    "enough": n >= k,
                    "reason": "" if n >= k else PublishedCell(reason="drempel").reason_text(k),
                }
            )
        rows.append({"question": question, "cells": cells})
    return rows


def published_table(period: Period, *, with_reasons: bool) -> list[dict]:
    """The stored cells of a published period per question. Suppressed cells carry
    their reason only when ``with_reasons`` (the kernteam); they never carry a figure,
    because none is stored."""
    cells = PublishedCell.objects.filter(period=period).select_related("question")
    questions: dict[int, dict] = {}
    for cell in cells:
        row = questions.setdefault(cell.question_id, {"question": cell.question, "cells": []})
        row["cells"].append(
            {
                "cell": cell,
                "label": cell.group_label,
                "reason": cell.reason_text(period.min_contributors or 0) if with_reasons else "",
            }
        )
    return list(questions.values())


def response_counts(period: Period) -> list[dict]:
    """How many members answered, per geleding: counts only, never who or what."""
    counts = dict(
        Submission.objects.filter(period=period)
        .values("geleding")
        .annotate(n=Count("organisation", distinct=True))
        .values_list("geleding", "n")
    )
    return [{"label": g.label, "count": counts.get(g.value, 0)} for g in Geleding]


def own_organisations(user, council: Ketenoverleg):
    """The admitted member organisations ``user`` acts for in ``council``."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(
            representatives__user=user,
            memberships__council=council,
            memberships__status=MembershipStatus.TOEGELATEN,
        )
        .distinct()
        .order_by("name")
    )


def organisation_geledingen(organisation: Organisation, council: Ketenoverleg) -> list[str]:
    membership = (
        Membership.objects.filter(
            organisation=organisation, council=council, status=MembershipStatus.TOEGELATEN
        )
        .prefetch_related("geleding_rows")
        .first()
    )
    return membership.geledingen if membership else []


def questions_for(period: Period, geledingen: list[str]) -> list[Question]:
    return [q for q in period.questions.all() if set(q.geledingen) & set(geledingen)]


def own_figures(period: Period, organisation: Organisation) -> dict[int, tuple[Decimal, str]]:
    """The organisation's own figures (question id -> value, geleding), decrypted.

    Only for the page of that organisation, shown to its own representatives.
    """
    figures = {}
    for submission in Submission.objects.filter(period=period, organisation=organisation):
        figures[submission.question_id] = (
            crypto.unseal(
                submission.sealed,
                question_id=submission.question_id,
                organisation_id=organisation.pk,
            ),
            submission.geleding,
        )
    return figures


def periods_for(council: Ketenoverleg, *, insider: bool, manager: bool):
    """Managers see every period, members also the open and closed ones, the public
    only the published tables."""
    periods = Period.objects.for_council(council).select_related("council")
    if not manager:
        periods = periods.exclude(status=Period.Status.CONCEPT) if insider else periods.published()
    return periods.annotate(question_count=Count("questions", distinct=True)).order_by(
        "-starts_on", "-pk"
    )


def question_codes(council: Ketenoverleg) -> list[tuple[str, str]]:
    """(code, label) of every question the council ever asked, newest label first."""
    seen: dict[str, str] = {}
    for code, label in (
        Question.objects.filter(period__council=council)
        .order_by("-period__starts_on", "position")
        .values_list("code", "label")
    ):
        seen.setdefault(code, label)
    return sorted(seen.items(), key=lambda item: item[1].lower())


def published_series(council: Ketenoverleg, code: str, group: str, measure: str) -> list[dict]:
    """The published value of one cell of a question over the periods, oldest first:
    what an indicator that follows the question is fed with. Suppressed periods are
    left out."""
    if measure not in MEASURES:
        raise ValueError(measure)
    cells = (
        PublishedCell.objects.filter(
            period__council=council,
            period__status=Period.Status.GEPUBLICEERD,
            question__code=code,
            group=group,
            reason="",
        )
        .select_related("period", "question")
        .order_by("period__ends_on")
    )
    return [
        {"period": c.period, "question": c.question, "value": getattr(c, measure)}
        for c in cells
        if getattr(c, measure) is not None
    ]


def published_cells_for_open_data(period: Period):
    return (
        PublishedCell.objects.filter(period=period, reason="")
        .select_related("question")
        .order_by("question__position", "question_id", "position")
    )


def published_for_year(council: Ketenoverleg, year: int) -> list[dict]:
    """The published tables of the periods that end in ``year``, as plain values for the
    jaarverslag: per question and group the number of contributors and the published
    total, mean and median; a suppressed cell says only that it is not published (no
    reason, no figure: none is stored)."""

    def plain(value):
        return None if value is None else format(value.normalize(), "f")

    periods = (
        Period.objects.published()
        .filter(council=council, ends_on__year=year)
        .order_by("starts_on", "pk")
    )
    cells = (
        PublishedCell.objects.filter(period__in=periods)
        .select_related("question", "period")
        .order_by("period__starts_on", "period_id", "question__position", "question_id", "position")
    )
    tables: dict[int, dict] = {}
    for cell in cells:
        table = tables.setdefault(cell.period_id, {"period": cell.period.name, "questions": {}})
        question = table["questions"].setdefault(
            cell.question_id,
            {"label": cell.question.label, "unit": cell.question.unit, "cells": []},
        )
        question["cells"].append(
            {
                "group": str(cell.group_label),
                "published": cell.published,
                "count": cell.count if cell.published else None,
                "total": plain(cell.total) if cell.published else None,
                "mean": plain(cell.mean) if cell.published else None,
                "median": plain(cell.median) if cell.published else None,
            }
        )
    return [
        {"period": t["period"], "questions": list(t["questions"].values())} for t in tables.values()
    ]
