"""Indicator charts drawn on the server as SVG: no JavaScript, readable by a screen reader (a title
and a description; the page puts the data table beside it), sharp at any zoom."""

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.numbers import format_number

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 32


def indicator_chart(indicator, values) -> SafeString:
    """The approved values over time as a line, the baseline as the first point and the target as a
    dashed line to its year. Empty when there is nothing to draw."""
    points = [(datetime.date(indicator.baseline_year, 1, 1), indicator.baseline_value, "baseline")] if (
        indicator.baseline_year and indicator.baseline_value is not None
    ) else []  # fmt: skip
    points += [(value.date, value.value, "value") for value in values]
    target = (
        (datetime.date(indicator.target_year, 12, 31), indicator.target_value)
        if indicator.target_year and indicator.target_value is not None
        else None
    )
    if not points and target is None:
        return SafeString("")
    dates = [point[0] for point in points] + ([target[0]] if target else [])
    numbers = [float(point[1]) for point in points] + ([float(target[1])] if target else [])
    first, last = min(dates), max(dates)
    low, high = min(0.0, *numbers), max(numbers) or 1.0
    span_days = max((last - first).days, 1)

    def x(day: datetime.date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span_days, 1)

    def y(number) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - (float(number) - low) / ((high - low) or 1)), 1)

    line = " ".join(f"{x(day)},{y(number)}" for day, number, _kind in points)
    years = sorted({day.year for day in dates})
    axis_years = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x(datetime.date(year, 7, 1) if len(years) > 1 else first), HEIGHT - 10, year) for year in years),
    )
    marks = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" class="{}"/>',
        ((x(day), y(number), f"chart-{kind}") for day, number, kind in points),
    )
    target_mark = (
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-target"/>'
            '<text x="{}" y="{}" text-anchor="end">{}</text>',
            LEFT, y(target[1]), x(target[0]), y(target[1]), x(target[0]), y(target[1]) - 6,
            _("target %(value)s") % {"value": format_number(target[1])},
        )
        if target
        else ""
    )  # fmt: skip
    description = _("From %(first)s to %(last)s; the table beside gives every value.") % {
        "first": first.year,
        "last": last.year,
    }
    return format_html(
        '<svg class="indicator-chart" viewBox="0 0 {w} {h}" role="img"'
        ' aria-labelledby="chart-{id}-title chart-{id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-{id}-title">{title}</title><desc id="chart-{id}-desc">{desc}</desc>'
        '<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" class="chart-axis"/>'
        '<text x="{label_x}" y="{top_label}" text-anchor="end">{high}</text>'
        '<text x="{label_x}" y="{bottom}" text-anchor="end">{low}</text>'
        "{years}{target}"
        '<polyline points="{line}" class="chart-line"/>{marks}</svg>',
        w=WIDTH, h=HEIGHT, id=indicator.pk, title=f"{indicator.name} ({indicator.unit})", desc=description,
        left=LEFT, right=WIDTH - RIGHT, bottom=HEIGHT - BOTTOM, label_x=LEFT - 6, top_label=TOP + 4,
        high=format_number(high), low=format_number(low), years=axis_years, target=target_mark, line=line, marks=marks,
    )  # fmt: skip
