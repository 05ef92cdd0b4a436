"""A plan at city scale for the query-count test and the benchmark: measures, each with approved
progress updates and indicators with values, written in bulk (the rows the approval would leave)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from action_plan.models import Goal, Indicator, IndicatorValue, Measure, ProgressUpdate, Status


def build_plan(concept, organisation, *, measures: int, updates: int = 8, indicators: int = 3, values: int = 20):
    first = 100 + Goal.objects.filter(concept=concept).count()  # a second call adds to the first
    goals = Goal.objects.bulk_create(
        Goal(concept=concept, number=first + n, title=f"Cíl v měřítku {n}") for n in range(max(1, measures // 30))
    )
    rows = Measure.objects.bulk_create(
        Measure(goal=goal, code=f"{goal.number}.{n}", slug=f"{goal.number}-{n}", title=f"Opatření v měřítku {n}",
                lead_organisation=organisation)
        for n in range(measures)
        for goal in [goals[n % len(goals)]]
    )  # fmt: skip
    made = Indicator.objects.bulk_create(
        Indicator(measure=measure, name=f"Ukazatel {i}", unit="bytů", baseline_value=100, baseline_year=2023)
        for measure in rows
        for i in range(indicators)
    )
    now = timezone.now()
    reports = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            measure=measure, organisation=organisation, status=Status.ON_TRACK, narrative="Plní se.",
            period_start=datetime.date(2020 + u // 2, 1 if u % 2 == 0 else 7, 1),
            period_end=datetime.date(2020 + u // 2, 6 if u % 2 == 0 else 12, 30 if u % 2 == 0 else 31),
            live=True, has_unpublished_changes=False, first_published_at=now, last_published_at=now,
            spent=Decimal(1000),
        )
        for measure in rows
        for u in range(updates)
    )  # fmt: skip
    by_measure = {}
    for report in reports:
        by_measure.setdefault(report.measure_id, []).append(report)
    IndicatorValue.objects.bulk_create(
        IndicatorValue(update=by_measure[indicator.measure_id][v % updates], indicator=indicator,
                       value=Decimal(100 + v), date=datetime.date(2020 + v // 4, 1 + (v % 4) * 3, 1))
        for indicator in made
        for v in range(values)
    )  # fmt: skip
    return rows
