"""The yearly fulfilment report (zpráva o plnění akčního plánu) that the city submits to its council:
per goal and measure the status, what was done, indicator values against targets, money planned and
spent, who is responsible. Generated from approved data only, as a tagged PDF for the records and as
DOCX for the office to edit (python-docx: maintained, writes Word's format that LibreOffice also opens,
needs no office suite on the server)."""

import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from action_plan.models import ConceptPage, Indicator, IndicatorValue, Measure, ProgressUpdate, Status
from portal.numbers import format_money, format_number
from portal.pdf import letterhead, tagged_pdf


@dataclass
class IndicatorLine:
    indicator: Indicator
    value: IndicatorValue | None  # the latest approved value of the year


@dataclass
class MeasureLine:
    measure: Measure
    updates: list[ProgressUpdate]  # approved, reporting on the year, oldest first
    indicators: list[IndicatorLine]

    @property
    def status(self) -> str:
        return self.updates[-1].status if self.updates else ""

    @property
    def status_label(self) -> str:
        return Status(self.status).label if self.status else _("No approved update")

    @property
    def spent(self):
        amounts = [update.spent for update in self.updates if update.spent is not None]
        return sum(amounts) if amounts else None


@dataclass
class GoalSection:
    goal: object
    measures: list[MeasureLine] = field(default_factory=list)


def fulfilment(concept: ConceptPage, year: int) -> list[GoalSection]:
    """The year's approved picture of the plan, goal by goal. A fixed number of queries."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_year = ProgressUpdate.objects.approved().filter(period_end__gte=start, period_end__lte=end)
    values = IndicatorValue.objects.filter(update__live=True, date__lte=end).order_by("date", "pk")
    measures = (
        Measure.objects.filter(goal__concept=concept.plan)
        .exclude(retired_at__lt=start)
        .select_related("goal", "lead_organisation")
        .prefetch_related(
            "partners",
            Prefetch("updates", in_year.order_by("period_end", "pk"), to_attr="year_updates"),
            Prefetch("indicators", Indicator.objects.prefetch_related(Prefetch("values", values))),
        )
        .order_by("goal__number", "code_order")
    )
    sections: dict[int, GoalSection] = {}
    for measure in measures:
        section = sections.setdefault(measure.goal_id, GoalSection(measure.goal))
        indicators = [IndicatorLine(i, (list(i.values.all()) or [None])[-1]) for i in measure.indicators.all()]
        section.measures.append(MeasureLine(measure, measure.year_updates, indicators))
    return list(sections.values())


def _context(concept: ConceptPage, year: int) -> dict:
    plan = concept.plan
    return {"concept": plan, "year": year, "sections": fulfilment(plan, year), "body": plan.body, **letterhead()}


def report_pdf(concept: ConceptPage, year: int) -> bytes:
    with translation.override("cs"):
        html = render_to_string("action_plan/print/report.html", {**_context(concept, year), "for_pdf": True})
    return tagged_pdf(html)


def report_docx(concept: ConceptPage, year: int) -> bytes:
    from docx import Document  # only where it is used (a heavy import)

    with translation.override("cs"):
        context = _context(concept, year)
        document = Document()
        document.core_properties.title = _("Action plan fulfilment report %(year)s") % {"year": year}
        document.core_properties.language = "cs-CZ"
        document.add_heading(document.core_properties.title, level=0)
        document.add_paragraph(
            f"{context['concept'].title} ({context['concept'].period_from}–{context['concept'].period_to})"
        )
        document.add_paragraph(_("Generated from progress updates approved by the working group's chair."))
        for section in context["sections"]:
            document.add_heading(str(section.goal), level=1)
            for line in section.measures:
                _docx_measure(document, line)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def _docx_measure(document, line: MeasureLine) -> None:
    measure = line.measure
    document.add_heading(f"{measure.code} {measure.title}", level=2)
    partners = ", ".join(partner.name for partner in measure.partners.all())
    facts = [
        (_("Status"), line.status_label),
        (_("Responsible"), measure.lead_organisation.name + (f" ({_('partners')}: {partners})" if partners else "")),
        (_("Planned budget"), _crowns(measure.planned_budget)),
        (_("Spent in the year"), _crowns(line.spent)),
    ]  # fmt: skip
    for label, value in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    for update in line.updates:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{update.period_label}: ").bold = True
        paragraph.add_run(update.narrative)
    if line.indicators:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, (_("Indicator"), _("Baseline"), _("Value"), _("Target")), strict=True
        ):
            cell.text = text
        for item in line.indicators:
            indicator = item.indicator
            row = table.add_row().cells
            row[0].text = f"{indicator.name} ({indicator.unit})"
            row[1].text = _value(indicator.baseline_value, indicator.baseline_year)
            row[2].text = _value(item.value.value, _date(item.value.date)) if item.value else "–"
            row[3].text = _value(indicator.target_value, indicator.target_year)


def _value(number, when) -> str:
    if number is None:
        return "–"
    return f"{format_number(number)} ({when})" if when else format_number(number)


def _crowns(amount) -> str:
    return f"{format_money(amount)}\u00a0Kč" if amount is not None else "–"


def _date(day: datetime.date) -> str:
    return f"{day.day}.\u00a0{day.month}.\u00a0{day.year}"
