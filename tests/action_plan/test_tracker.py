"""The public tracker: filters, the indicator chart with its table, constant query counts."""

import datetime
from decimal import Decimal

import pytest

from action_plan.charts import indicator_chart
from action_plan.models import Status
from tests.factories import IndicatorFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def _grow(plan, measures: int) -> None:
    """More measures, each with an indicator and an approved update with its value."""
    for number in range(measures):
        measure = MeasureFactory(goal=plan.goal, code=f"1.{number + 2}", lead_organisation=plan.responsible)
        IndicatorFactory(measure=measure)
    for year in (2024, 2025):
        plan.approved(period=(datetime.date(year, 1, 1), datetime.date(year, 6, 30)), value=Decimal(200 + year % 10))


def test_tracker_and_measure_page_cost_the_same_queries_at_3_and_at_30_measures(
    client, plan, django_assert_max_num_queries
):
    _grow(plan, 2)
    with django_assert_max_num_queries(30) as small:
        client.get(plan.concept.url)
    with django_assert_max_num_queries(30) as small_measure:
        client.get(plan.concept.measure_url(plan.measure))
    _grow_more = [MeasureFactory(goal=plan.goal, code=f"2.{n}", lead_organisation=plan.responsible) for n in range(27)]
    assert len(_grow_more) == 27
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(plan.concept.url).status_code == 200
    with django_assert_max_num_queries(len(small_measure.captured_queries)):
        assert client.get(plan.concept.measure_url(plan.measure)).status_code == 200


def test_filters_by_status_and_words(client, plan):
    plan.approved()
    other = MeasureFactory(goal=plan.goal, code="1.9", title="Kontaktní místo pro bydlení")
    at_risk = client.get(plan.concept.url, {"stav": Status.ON_TRACK}).content.decode()
    assert plan.measure.title in at_risk and other.title not in at_risk
    unreported = client.get(plan.concept.url, {"stav": "not_reported"}).content.decode()
    assert other.title in unreported and plan.measure.title not in unreported
    found = client.get(plan.concept.url, {"q": "kontaktní"}).content.decode()
    assert other.title in found and plan.measure.title not in found
    assert client.get(plan.concept.url, {"cil": "x'; --", "stav": "<script>"}).status_code == 200


def test_the_chart_is_drawn_with_a_title_and_the_values_are_in_a_table(client, plan):
    plan.approved(value=Decimal(1234))
    page = client.get(plan.concept.measure_url(plan.measure)).content.decode()
    assert 'role="img"' in page and "<title id=" in page
    assert "1\u00a0234" in page and "215" in page  # the approved value and the baseline, in the table
    assert indicator_chart(plan.indicator, []).startswith("<svg")


def test_the_english_page_shows_the_same_plan(client, plan):
    from wagtail.models import Locale

    english = plan.concept.copy_for_translation(Locale.objects.get(language_code="en"))
    english.save_revision().publish()
    english.refresh_from_db()
    page = client.get(english.url).content.decode()
    assert plan.measure.title in page and "/measures/1-1/" in page
