"""Small server-side SVG charts. Each chart has a title and description for screen
readers; the pages show the same numbers in a table next to it."""

from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 24, 40


def _fmt(value) -> str:
    """A number as the tables show it: Dutch decimal comma, up to three decimals."""
    number = Decimal(str(value)).quantize(Decimal("0.001")).normalize()
    text = f"{number:f}"
    return text.replace(".", ",")


def line_chart(
    *,
    title: str,
    unit: str,
    points: list[tuple[date, Decimal]],
    baseline: Decimal,
    target: Decimal | None,
    chart_id: str,
) -> str:
    values = [float(v) for _d, v in points] + [float(baseline)]
    if target is not None:
        values.append(float(target))
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    days = [d.toordinal() for d, _v in points]
    first, last = min(days), max(days)
    span = (last - first) or 1

    def x(day: date) -> float:
        return LEFT + (day.toordinal() - first) / span * (WIDTH - LEFT - RIGHT)

    def y(value) -> float:
        return TOP + (high - float(value)) / (high - low) * (HEIGHT - TOP - BOTTOM)

    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(points, unit, baseline, target))}</desc>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" class="axis"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" class="axis"/>',
        f'<text x="{LEFT - 6}" y="{y(high - pad) + 4:.1f}" class="tick" text-anchor="end">{_fmt(high - pad)}</text>',
        f'<text x="{LEFT - 6}" y="{y(low + pad) + 4:.1f}" class="tick" text-anchor="end">{_fmt(low + pad)}</text>',
        f'<text x="{LEFT}" y="{HEIGHT - 12}" class="tick">{points[0][0]:%d-%m-%Y}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 12}" class="tick" text-anchor="end">{points[-1][0]:%d-%m-%Y}</text>',
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(baseline):.1f}" y2="{y(baseline):.1f}" class="baseline"/>',
        f'<text x="{WIDTH - RIGHT}" y="{y(baseline) - 4:.1f}" class="tick" text-anchor="end">nulmeting {_fmt(baseline)}</text>',
    ]
    if target is not None:
        parts += [
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(target):.1f}" y2="{y(target):.1f}" class="target"/>',
            f'<text x="{WIDTH - RIGHT}" y="{y(target) - 4:.1f}" class="tick" text-anchor="end">streefwaarde {_fmt(target)}</text>',
        ]
    parts.append(f'<polyline points="{path}" class="series"/>')
    parts += [f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="4" class="point"/>' for d, v in points]
    parts.append("</svg>")
    return "".join(parts)


def _describe(points, unit, baseline, target) -> str:
    text = f"Nulmeting {_fmt(baseline)} {unit}; laatste meting {_fmt(points[-1][1])} {unit} op {points[-1][0]:%d-%m-%Y}"
    if target is not None:
        text += f"; streefwaarde {_fmt(target)} {unit}"
    return text + "."


def participation_chart(*, title: str, rows: list[dict], chart_id: str) -> str:
    """Horizontal bars per geleding: members (light) and signatories (dark)."""
    bar_h, gap = 26, 12
    height = TOP + len(rows) * (bar_h + gap) + 8
    top = max([r["members"] for r in rows] + [1])
    scale = (WIDTH - 140 - RIGHT - 60) / top
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + escape("; ".join(f"{r['label']}: {r['signed']} van {r['members']} leden" for r in rows))
        + "</desc>",
    ]
    for i, row in enumerate(rows):
        y = TOP + i * (bar_h + gap)
        parts += [
            f'<text x="130" y="{y + bar_h * 0.7:.1f}" class="tick" text-anchor="end">{escape(row["label"])}</text>',
            f'<rect x="140" y="{y}" width="{row["members"] * scale:.1f}" height="{bar_h}" class="bar-members"/>',
            f'<rect x="140" y="{y + 5}" width="{row["signed"] * scale:.1f}" height="{bar_h - 10}" class="bar-signed"/>',
            f'<text x="{140 + max(row["members"], row["signed"]) * scale + 6:.1f}" y="{y + bar_h * 0.7:.1f}" class="tick">'
            f"{row['signed']}/{row['members']}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)
