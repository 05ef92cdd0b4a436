"""The public tracker: filters, the indicator chart with its table, constant query counts."""

import pickle
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from action_plan import services
from action_plan.charts import indicator_chart
from action_plan.models import Status
from portal import page_cache
from tests.action_plan.scale import build_plan
from tests.conftest import sign_in_fresh
from tests.factories import IndicatorFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def _page_queries(client, url, django_assert_max_num_queries) -> int:
    client.get(url)  # the site frame's cached parts warm, as on a live site
    with django_assert_max_num_queries(60) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.slow
def test_tracker_measure_page_and_export_cost_the_same_queries_at_30_and_at_300_measures(
    client, plan, django_assert_max_num_queries
):
    """Each measure with 8 approved updates and 3 indicators of 20 values. A session cookie keeps the
    whole-page cache out of it (as the benchmark does); the site frame's cached parts stay warm. The
    tracker is asked with a query string, which is rendered each time (as it first opens, it is kept)."""
    client.cookies["sessionid"] = "bypass-page-cache"
    measures = build_plan(plan.concept, plan.responsible, measures=30)
    urls = [f"{plan.concept.url}?strana=1", plan.concept.measure_url(measures[0]), f"{plan.concept.url}export/json/"]
    small = [_page_queries(client, url, django_assert_max_num_queries) for url in urls]
    assert small[0] > 3 and small[2] > 3  # the pages were rendered, not served from the page cache
    assert small[1] == 1  # the page only: the measure's article is kept (action_plan.views.measure_detail)
    assert _page_queries(client, plan.concept.url, django_assert_max_num_queries) == 1  # the tracker kept
    build_plan(plan.concept, plan.responsible, measures=270)
    for url, count in zip(urls, small, strict=True):
        client.get(url)
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


@pytest.mark.slow
def test_the_home_keeps_the_plans_state_the_same_size_at_30_and_at_300_measures(client, plan):
    """An uncached request reads the home's sections back from the cache: what is kept must not grow with
    the plan (it once held every measure, and the other sections' query sets and pages)."""
    client.cookies["sessionid"] = "bypass-page-cache"

    def kept_sections(measures: int) -> tuple[str, int]:
        build_plan(plan.concept, plan.responsible, measures=measures, updates=1, indicators=0)
        page_cache.invalidate_public_pages()
        with mock.patch.object(page_cache, "store", wraps=page_cache.store) as store:
            html = client.get("/").content.decode()
        kept = [call.args[1] for call in store.call_args_list if "home-sections" in call.args[0]]
        return html, len(pickle.dumps(kept))

    html, small = kept_sections(30)
    assert "Opatření v měřítku" not in html and "home-plan-share" in html
    html, large = kept_sections(270)
    assert "home-plan-share" in html
    assert large < small * 1.05


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


def test_the_sitemap_lists_the_measure_pages(client, plan):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"{plan.concept.url}opatreni/1-1/" in sitemap


def test_a_goals_indicator_is_reported_with_a_measures_update_and_shown_by_its_goal(client, plan):
    goal_indicator = IndicatorFactory(
        measure=None, goal=plan.goal, name="Domácnosti v bytové nouzi", unit="domácností",
        baseline_value=3000, target_value=2500, target_year=2027,
    )  # fmt: skip
    sign_in_fresh(client, plan.reporter)
    form = plan.form(**{f"value_{goal_indicator.pk}": "2900"})
    client.post(reverse("action_plan:update_new", args=[plan.measure.pk]), form)
    update = plan.measure.updates.get()
    assert update.values.get(indicator=goal_indicator).value == Decimal(2900)
    services.update_approve(update=services.update_submit(update=update, user=plan.reporter), user=plan.chair)
    client.logout()
    overview = client.get(plan.concept.url).content.decode()
    assert "Domácnosti v bytové nouzi: <strong>2\u00a0900&nbsp;domácností</strong>" in overview


def test_the_measure_page_sums_what_approved_updates_spent_by_year(client, plan):
    import datetime

    from action_plan.models import ProgressUpdate

    periods = [
        ((datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)), Decimal("1000")),
        ((datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)), Decimal("2500.50")),
        ((datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)), Decimal("400")),
    ]
    for period, spent in periods:
        update = plan.approved(period=period)
        ProgressUpdate.objects.filter(pk=update.pk).update(spent=spent)  # the row holds the approved version
    draft = plan.draft(period=(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)))
    ProgressUpdate.objects.filter(pk=draft.pk).update(spent=Decimal("99999"))
    page = client.get(plan.concept.measure_url(plan.measure)).content.decode()
    assert "2025: 3\u00a0500,50&nbsp;Kč; 2026: 400&nbsp;Kč" in page
    assert "99\u00a0999" not in page


def _measures(goal, count: int, organisation) -> None:
    for n in range(count):
        MeasureFactory(
            goal=goal, code=f"{goal.number}.{n + 2:03d}", title=f"Opatření {n}", lead_organisation=organisation
        )


def test_a_long_plan_is_shown_fifty_measures_a_page_under_goals_with_all_their_figures(client, plan):
    """Goal 1 holds 60 measures (one approved on track), goal 2 none, goal 3 45: three pages. A goal
    spans pages as its measures do, with the figures of all of them on each; the empty goal stands
    after goal 1's last measure; the first page is as large at twice the measures."""
    from action_plan.selectors import NOT_REPORTED, TRACKER_PAGE_SIZE, tracker
    from tests.factories import GoalFactory

    plan.approved()
    _measures(plan.goal, 59, plan.responsible)
    GoalFactory(concept=plan.concept, number=2, title="Cíl bez opatření")
    _measures(GoalFactory(concept=plan.concept, number=3, title="Prevence ztráty bydlení"), 45, plan.responsible)

    def shown(number):
        return [(g.goal.number, len(g.measures), g.total) for g in tracker(plan.concept, page_number=number).goals]

    assert shown(1) == [(1, TRACKER_PAGE_SIZE, 60)]
    assert shown(2) == [(1, 10, 60), (2, 0, 0), (3, 40, 45)]
    assert shown(3) == [(3, 5, 45)]
    first_goal = tracker(plan.concept).goals[0]
    assert first_goal.statuses == {Status.ON_TRACK: 1, NOT_REPORTED: 59}
    html = client.get(plan.concept.url).content.decode()
    assert html.count('class="plan-code"') == TRACKER_PAGE_SIZE and "Strana 1 z 3" in html
    assert "Zatím bez schválené zprávy: 59" in html
    assert "2. Cíl bez opatření</h2>" not in html
    assert "2. Cíl bez opatření</h2>" in client.get(plan.concept.url, {"strana": 2}).content.decode()
    for n in range(100):
        MeasureFactory(goal=plan.goal, code=f"1.{n + 200}", title=f"Opatření {n}", lead_organisation=plan.responsible)
    larger = client.get(plan.concept.url).content.decode()
    assert larger.count('class="plan-code"') == TRACKER_PAGE_SIZE and "Strana 1 z 5" in larger
    assert abs(len(larger) - len(html)) < 100


def test_the_filtered_count_covers_every_page(client, plan):
    _measures(plan.goal, 79, plan.responsible)
    html = client.get(plan.concept.url, {"q": "Opatření"}).content.decode()
    assert "Filtrům odpovídá 79 opatření." in html
    assert html.count('class="plan-code"') == 50


def test_money_spent_shows_both_digits_of_the_hellers(client, plan):
    from action_plan.models import ProgressUpdate

    update = plan.approved()
    ProgressUpdate.objects.filter(pk=update.pk).update(spent=Decimal("1500.50"))
    html = client.get(plan.concept.measure_url(plan.measure)).content.decode()
    assert "2026: 1\u00a0500,50&nbsp;Kč" in html and "1\u00a0500,5&nbsp;" not in html


def test_measures_are_in_the_plans_order_with_2_9_before_2_10(client, plan):
    """Codes sort by their numbers wherever the plan is listed: the tracker, the members' list, the
    open-data export (as text, "1.10" came before "1.9")."""
    import csv
    import io
    import re

    from action_plan.models import code_order

    for code in ("1.10", "1.9", "1.2b", "1.2a"):
        MeasureFactory(goal=plan.goal, code=code, title=f"Opatření {code}", lead_organisation=plan.responsible)
    expected = ["1.1", "1.2a", "1.2b", "1.9", "1.10"]

    def codes(html: str) -> list[str]:
        return re.findall(r'<span class="plan-code">([^<]+)</span>', html)

    assert codes(client.get(plan.concept.url).content.decode()) == expected
    export = client.get(f"{plan.concept.url}export/csv/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(export), delimiter=";"))
    column = next(index for index, label in enumerate(rows[0]) if label.lower().startswith("kód"))
    assert [row[column] for row in rows[1:]] == expected
    client.force_login(plan.reporter)
    assert codes(client.get(reverse("action_plan:plan")).content.decode()) == expected
    assert sorted(["10.1", "9.4", "2.10", "2.9"], key=code_order) == ["2.9", "2.10", "9.4", "10.1"]


def test_a_measure_page_is_kept_for_whoever_asks_until_the_plan_changes(client, plan):
    """Its article is the same for every visitor, so a rendered page (a session's) reads it from the page
    cache; an approval retires it like every public page."""
    client.cookies["sessionid"] = "bypass-page-cache"
    url = plan.concept.measure_url(plan.measure)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "Sociální bydlení v obecních bytech" in html and "<title>1.1 Sociální bydlení" in html
    assert len(queries) == 1 and '"action_plan_conceptpage"' in queries[0]["sql"]  # the page itself only
    plan.approved(narrative="Zpráva odboru za pololetí")
    assert "Zpráva odboru za pololetí" in client.get(url).content.decode()
    client.force_login(plan.other_member)
    assert "Zpráva odboru za pololetí" in client.get(url).content.decode()


def test_an_unknown_measure_is_not_found_each_time_and_costs_no_key(client, plan):
    """Any address below the tracker names a measure: one not found must not leave a key behind."""
    url = f"{plan.concept.url}opatreni/9-9/"
    with mock.patch("django.core.cache.cache.set", wraps=page_cache.cache.set) as stored:
        assert client.get(url).status_code == 404
        assert client.get(url).status_code == 404
    assert not [call for call in stored.call_args_list if ":measure:" in call.args[0]]


def test_the_tracker_as_it_first_opens_is_kept_until_the_plan_changes_and_a_filtered_one_never(client, plan):
    """Without a query string the tracker is the same for every visitor: a rendered page (a session's)
    reads it from the page cache, and an approval retires it. A filter or a page number is rendered
    each time and leaves no key (a visitor may type as many as they like)."""
    client.cookies["sessionid"] = "bypass-page-cache"
    url = plan.concept.url
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert 'class="plan-code">1.1</span>' in html and "Zatím bez schválené zprávy: 1" in html
    assert len(queries) == 1 and '"action_plan_conceptpage"' in queries[0]["sql"]  # the page itself only
    plan.approved()  # on track
    client.force_login(plan.other_member)
    assert "Zatím bez schválené zprávy: 1" not in client.get(url).content.decode()
    with mock.patch("django.core.cache.cache.set", wraps=page_cache.cache.set) as stored:
        filtered = client.get(url, {"stav": Status.ON_TRACK}).content.decode()
        assert 'class="plan-code">1.1</span>' in filtered and "Filtrům odpovídá 1 opatření." in filtered
        assert 'class="plan-code"' not in client.get(url, {"stav": Status.DELAYED}).content.decode()
    assert not [call for call in stored.call_args_list if ":tracker:" in call.args[0]]
