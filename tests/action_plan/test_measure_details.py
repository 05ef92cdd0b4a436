"""The manager keeps a measure's activities, indicators and sources up to date; reported indicators stay."""

import pytest
from django.urls import reverse

from action_plan.models import Activity, Indicator
from tests.conftest import sign_in_fresh

pytestmark = pytest.mark.django_db


def _data(plan, **extra) -> dict:
    indicator = plan.indicator
    data = {
        "expected_outputs": "Byty zařazené do projektů",
        "funding_source": "rozpočet města",
        "activities-TOTAL_FORMS": "1", "activities-INITIAL_FORMS": "0",
        "activities-0-title": "Vyčlenění bytů", "activities-0-start_year": "2025", "activities-0-end_year": "2026",
        "indicators-TOTAL_FORMS": "2", "indicators-INITIAL_FORMS": "1",
        "indicators-0-id": str(indicator.pk), "indicators-0-measure": str(plan.measure.pk),
        "indicators-0-name": indicator.name, "indicators-0-unit": indicator.unit,
        "indicators-0-baseline_value": "215", "indicators-0-baseline_year": "2023", "indicators-0-direction": "higher",
        "indicators-1-name": "Osoby v projektech", "indicators-1-unit": "osob", "indicators-1-baseline_value": "620",
        "indicators-1-baseline_year": "2023", "indicators-1-target_value": "700,5", "indicators-1-target_year": "2027",
        "indicators-1-direction": "higher",
        "strategies-TOTAL_FORMS": "0", "strategies-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(extra)
    return data


def test_the_manager_adds_an_activity_and_an_indicator(client, plan):
    sign_in_fresh(client, plan.manager)
    response = client.post(reverse("action_plan:measure_details", args=[plan.measure.pk]), _data(plan))
    assert response.status_code == 302
    assert Activity.objects.get(measure=plan.measure).title == "Vyčlenění bytů"
    added = Indicator.objects.get(measure=plan.measure, name="Osoby v projektech")
    assert str(added.target_value) == "700.50"


def test_an_indicator_with_values_is_not_removed_and_bad_years_are_refused(client, plan):
    plan.approved()
    sign_in_fresh(client, plan.manager)
    url = reverse("action_plan:measure_details", args=[plan.measure.pk])
    page = client.post(url, _data(plan, **{"indicators-0-DELETE": "on"})).content.decode()
    assert "má vykázané hodnoty" in page and Indicator.objects.filter(pk=plan.indicator.pk).exists()
    page = client.post(url, _data(plan, **{"indicators-1-target_year": "2020"})).content.decode()
    assert "Cílový rok nemůže být dřív než rok výchozí hodnoty." in page
    assert not Indicator.objects.filter(measure=plan.measure, name="Osoby v projektech").exists()


@pytest.mark.parametrize("role, status", [("reporter", 403), ("chair", 403), ("outsider", 404)])
def test_only_the_manager_edits_the_details(client, plan, role, status):
    sign_in_fresh(client, getattr(plan, role))
    response = client.post(reverse("action_plan:measure_details", args=[plan.measure.pk]), _data(plan))
    assert response.status_code == status and not Activity.objects.filter(measure=plan.measure).exists()
