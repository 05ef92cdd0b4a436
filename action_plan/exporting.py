"""The approved plan as open data (CSV, XLSX, JSON) and the import template. Only approved progress
updates and their values are read (`selectors.export_measures`), like the public pages."""

import json

from django.utils.translation import gettext as _

from action_plan import selectors
from action_plan.importing import COLUMNS
from action_plan.models import ConceptPage, Status
from portal import tabular

EXPORT_COLUMNS = [
    ("goal_number", "Číslo cíle"),
    ("goal", "Cíl"),
    ("code", "Kód opatření"),
    ("measure", "Opatření"),
    ("responsible", "Odpovědná organizace"),
    ("partners", "Partneři"),
    ("from", "Od (rok)"),
    ("to", "Do (rok)"),
    ("planned_budget", "Plánovaný rozpočet (Kč)"),
    ("spent", "Vynaloženo (Kč)"),
    ("status", "Stav"),
    ("reported_until", "Zpráva ke dni"),
    ("indicator", "Ukazatel"),
    ("unit", "Jednotka"),
    ("baseline", "Výchozí hodnota"),
    ("baseline_year", "Rok výchozí hodnoty"),
    ("target", "Cílová hodnota"),
    ("target_year", "Cílový rok"),
    ("latest_value", "Poslední hodnota"),
    ("latest_value_date", "Ke dni"),
]


def plan_data(concept: ConceptPage) -> dict:
    """The approved plan as nested data: goals, measures, indicators and their approved values."""
    goals: dict[int, dict] = {}
    for measure in selectors.export_measures(concept):
        goal = goals.setdefault(
            measure.goal_id, {"number": measure.goal.number, "title": measure.goal.title, "measures": []}
        )
        goal["measures"].append(
            {
                "code": measure.code,
                "title": measure.title,
                "responsible": measure.lead_organisation.name,
                "partners": [partner.name for partner in measure.partners.all()],
                "from": measure.start_year,
                "to": measure.end_year,
                "planned_budget": _number(measure.planned_budget),
                "spent": _number(measure.spent_total),
                "status": measure.public_status,
                "reported_until": measure.reported_until.isoformat() if measure.reported_until else None,
                "indicators": [
                    {
                        "name": indicator.name,
                        "unit": indicator.unit,
                        "direction": indicator.direction,
                        "baseline": _number(indicator.baseline_value),
                        "baseline_year": indicator.baseline_year,
                        "baseline_source": indicator.baseline_source,
                        "target": _number(indicator.target_value),
                        "target_year": indicator.target_year,
                        "values": [
                            {"date": value.date.isoformat(), "value": _number(value.value), "source": value.source}
                            for value in indicator.values.all()
                        ],
                    }
                    for indicator in measure.indicators.all()
                ],
            }
        )
    return {
        "concept": concept.plan.title,
        "period": [concept.plan.period_from, concept.plan.period_to],
        "note": _("Only progress updates approved by the working group's chair."),
        "goals": list(goals.values()),
    }


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def plan_rows(data: dict) -> list[list]:
    """One row per measure and indicator (a measure without indicators has one row)."""
    labels = dict(Status.choices)
    rows = []
    for goal in data["goals"]:
        for measure in goal["measures"]:
            base = [
                goal["number"], goal["title"], measure["code"], measure["title"], measure["responsible"],
                "; ".join(measure["partners"]), measure["from"], measure["to"], measure["planned_budget"],
                measure["spent"], str(labels.get(measure["status"], "")), measure["reported_until"],
            ]  # fmt: skip
            for indicator in measure["indicators"] or [None]:
                if indicator is None:
                    rows.append(base + [None] * 8)
                    continue
                latest = indicator["values"][-1] if indicator["values"] else {}
                rows.append(
                    base
                    + [
                        indicator["name"],
                        indicator["unit"],
                        indicator["baseline"],
                        indicator["baseline_year"],
                        indicator["target"],
                        indicator["target_year"],
                        latest.get("value"),
                        latest.get("date"),
                    ]  # fmt: skip
                )
    return rows


def as_json(concept: ConceptPage) -> bytes:
    return json.dumps(plan_data(concept), ensure_ascii=False, indent=2).encode()


def as_csv(concept: ConceptPage) -> bytes:
    return tabular.csv_bytes([label for _key, label in EXPORT_COLUMNS], plan_rows(plan_data(concept)))


def as_xlsx(concept: ConceptPage) -> bytes:
    return tabular.xlsx_bytes(
        [label for _key, label in EXPORT_COLUMNS], plan_rows(plan_data(concept)), _("Action plan")
    )


def import_template() -> bytes:
    """The layout the import reads, with one sample row."""
    sample = [
        1, "Bydlení pro domácnosti v bytové nouzi", "1.1", "Sociální bydlení v obecních bytech",
        "Byty z obecního fondu pro domácnosti v bytové nouzi, se sociální prací.", "Název organizace z rejstříku",
        "Partner 1; Partner 2", 2024, 2027, 1500000, "rozpočet města", "byty zařazené do projektů",
        "Vyčlenění bytů; Sociální práce v bytech", "Byty v projektech", "bytů", 215, 2023, "zdroj výchozí hodnoty",
        None, None, "vyšší",
    ]  # fmt: skip
    return tabular.xlsx_bytes([label for _key, label, _required in COLUMNS], [sample], _("Action plan"))
