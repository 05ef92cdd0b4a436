"""Importing an action plan from a spreadsheet laid out as municipalities keep it: one row per measure
(goal, code, title, responsible, timeframe, budget, indicator, baseline, target). A measure with more
indicators repeats its code on further rows that fill in only the indicator columns.

Everything is checked first and nothing is saved if any row fails; each error names its row and
column. Cells are read as values: a formula is refused, never evaluated. The file's size and the
unpacked size of an XLSX are bounded before it is opened.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from action_plan.models import Activity, ConceptPage, Direction, Goal, Indicator, Measure
from groups.models import Organisation

MAX_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
LIST_SEPARATOR = ";"

# (key, Czech heading, required) in the template's order; headings are matched without regard to case.
COLUMNS = [
    ("goal_number", gettext_lazy("Goal number"), True),
    ("goal_title", gettext_lazy("Goal"), True),
    ("code", gettext_lazy("Measure code"), True),
    ("title", gettext_lazy("Measure"), True),
    ("description", gettext_lazy("Description"), False),
    ("lead", gettext_lazy("Responsible organisation"), True),
    ("partners", gettext_lazy("Partners (separated by ;)"), False),
    ("start_year", gettext_lazy("From (year)"), False),
    ("end_year", gettext_lazy("To (year)"), False),
    ("planned_budget", gettext_lazy("Planned budget (CZK)"), False),
    ("funding_source", gettext_lazy("Funding source"), False),
    ("expected_outputs", gettext_lazy("Expected outputs"), False),
    ("activities", gettext_lazy("Activities (separated by ;)"), False),
    ("indicator", gettext_lazy("Indicator"), False),
    ("unit", gettext_lazy("Unit"), False),
    ("baseline_value", gettext_lazy("Baseline"), False),
    ("baseline_year", gettext_lazy("Baseline year"), False),
    ("baseline_source", gettext_lazy("Baseline source"), False),
    ("target_value", gettext_lazy("Target"), False),
    ("target_year", gettext_lazy("Target year"), False),
    ("direction", gettext_lazy("Direction (higher / lower is better)"), False),
]
MEASURE_KEYS = ("goal_number", "goal_title", "title", "lead")
DIRECTIONS = {"vyšší": Direction.HIGHER, "higher": Direction.HIGHER, "nižší": Direction.LOWER, "lower": Direction.LOWER}


class ImportRefused(Exception):
    """The file as a whole cannot be read (too big, not a spreadsheet, wrong headings)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedMeasure:
    row: int
    code: str
    goal_number: int
    goal_title: str
    values: dict
    lead: Organisation
    partners: list[Organisation]
    activities: list[str]
    indicators: list[dict] = field(default_factory=list)


@dataclass
class ImportResult:
    measures: list[ParsedMeasure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --- Reading the file ----------------------------------------------------------------------------


def read_rows(upload) -> list[list]:
    """The sheet's rows as lists of cell values (first sheet of an XLSX, or a CSV in UTF-8)."""
    if upload.size > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 2 MB; an action plan fits in far less."))
    data = upload.read()
    name = (upload.name or "").lower()
    if name.endswith(".csv"):
        return _csv_rows(data)
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    raise ImportRefused(_("Upload the plan as XLSX or CSV (the template is an XLSX)."))


def _csv_rows(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(_("The CSV file is not in UTF-8; save it again as “CSV UTF-8”.")) from error
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)  # Czech spreadsheets save CSV with semicolons
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [row for _number, row in zip(range(MAX_ROWS + 2), rows, strict=False)]
    except csv.Error as error:
        raise ImportRefused(_("The CSV file could not be read: %(error)s") % {"error": error}) from error


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook  # only where it is used (a heavy import)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportRefused(_("The file unpacks to more than 20 MB; it is not an action plan."))
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportRefused(_("The file could not be read as an XLSX spreadsheet.")) from error
    sheet = book.worksheets[0]
    rows = []
    for row in sheet.iter_rows(max_row=MAX_ROWS + 2):
        rows.append([_FORMULA if cell.data_type == "f" else cell.value for cell in row])
    book.close()
    return rows


class _Formula:
    """A cell that holds a formula: refused, never evaluated."""


_FORMULA = _Formula()


# --- Checking it ----------------------------------------------------------------------------------


def parse(rows: list[list]) -> ImportResult:
    """Check every row; nothing is looked up twice (organisations are read once)."""
    rows = [row for row in rows if any(_text(cell) for cell in row)]
    if not rows:
        raise ImportRefused(_("The file is empty."))
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused(_("The file has more than %(count)s rows.") % {"count": MAX_ROWS})
    positions = _header_positions(rows[0])
    organisations = _organisations()
    result = ImportResult()
    by_code: dict[str, ParsedMeasure] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: row[index] if index < len(row) else None for key, index in positions.items()}
        reader = _Row(number, cells, result.errors)
        code = reader.text("code", required=True)
        if code is None:
            continue
        measure = by_code.get(code)
        if measure is None:
            measure = _measure(reader, code, organisations)
            if measure is not None:
                by_code[code] = measure
                result.measures.append(measure)
        indicator = _indicator(reader)
        if indicator and measure is not None:
            measure.indicators.append(indicator)
    return result


def _header_positions(header: list) -> dict[str, int]:
    wanted = {str(label).casefold(): key for key, label, _required in COLUMNS}
    positions = {}
    for index, cell in enumerate(header):
        key = wanted.get(_text(cell).casefold())
        if key:
            positions[key] = index
    missing = [str(label) for key, label, required in COLUMNS if required and key not in positions]
    if missing:
        raise ImportRefused(
            _("The first row must name the columns as the template does; missing: %(columns)s.")
            % {"columns": ", ".join(f"„{name}“" for name in missing)}
        )
    return positions


def _organisations() -> dict[str, Organisation]:
    found = {}
    for organisation in Organisation.objects.all():
        for name in (organisation.name, organisation.short_name):
            if name:
                found[name.casefold()] = organisation
    return found


def _text(cell) -> str:
    if cell is None or isinstance(cell, _Formula):
        return ""
    return str(cell).strip()


class _Row:
    """One row's cells, read with the errors recorded against the row and the column's heading."""

    def __init__(self, number: int, cells: dict, errors: list[RowError]):
        self.number_of_row, self.cells, self.errors = number, cells, errors

    def error(self, key: str, message: str) -> None:
        label = next(str(label) for column, label, _required in COLUMNS if column == key)
        self.errors.append(RowError(self.number_of_row, label, message))

    def _cell(self, key: str):
        cell = self.cells.get(key)
        if isinstance(cell, _Formula):
            self.error(key, _("the cell holds a formula; put in its value instead (formulas are not evaluated)."))
            return None
        return cell

    def text(self, key: str, *, required: bool = False, limit: int = 255) -> str | None:
        value = _text(self._cell(key))
        if not value:
            if required:
                self.error(key, _("it must be filled in."))
            return None if required else ""
        if len(value) > limit:
            self.error(key, _("it is longer than %(limit)s characters.") % {"limit": limit})
            return None
        return value

    def number(self, key: str) -> Decimal | None:
        cell = self._cell(key)
        if cell is None or _text(cell) == "":
            return None
        if isinstance(cell, bool):
            cell = str(cell)
        if isinstance(cell, int | float | Decimal):
            return Decimal(str(cell))
        text = str(cell).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.error(key, _("“%(value)s” is not a number.") % {"value": _text(cell)})
            return None
        if not value.is_finite() or abs(value) >= Decimal("1e12"):
            self.error(key, _("“%(value)s” is not a number.") % {"value": _text(cell)})
            return None
        return value

    def year(self, key: str) -> int | None:
        value = self.number(key)
        if value is None:
            return None
        if value != value.to_integral_value() or not 1900 <= value <= 2100:
            self.error(key, _("a year is a whole number such as 2026."))
            return None
        return int(value)


def _measure(reader: _Row, code: str, organisations: dict) -> ParsedMeasure | None:
    errors_before = len(reader.errors)
    if len(code) > 20 or not all(char.isalnum() or char in ".-" for char in code):
        reader.error("code", _("a code is digits and dots, e.g. 2.3."))
    goal_number = reader.number("goal_number")
    if goal_number is None and not reader.errors[errors_before:]:
        reader.error("goal_number", _("it must be filled in."))
    elif goal_number is not None and (goal_number != goal_number.to_integral_value() or not 1 <= goal_number <= 999):
        reader.error("goal_number", _("a goal number is a whole number from 1."))
    goal_title = reader.text("goal_title", required=True)
    title = reader.text("title", required=True)
    lead_name = reader.text("lead", required=True)
    lead = organisations.get(lead_name.casefold()) if lead_name else None
    if lead_name and lead is None:
        reader.error("lead", _("“%(name)s” is not in the register of organisations.") % {"name": lead_name})
    partners = []
    for name in _list(reader.text("partners", limit=2000)):
        partner = organisations.get(name.casefold())
        if partner is None:
            reader.error("partners", _("“%(name)s” is not in the register of organisations.") % {"name": name})
        else:
            partners.append(partner)
    start, end = reader.year("start_year"), reader.year("end_year")
    if start and end and end < start:
        reader.error("end_year", _("the measure cannot end before it starts."))
    budget = reader.number("planned_budget")
    if budget is not None and budget < 0:
        reader.error("planned_budget", _("the budget cannot be negative."))
    values = {
        "title": title,
        "description": reader.text("description", limit=5000),
        "start_year": start,
        "end_year": end,
        "planned_budget": budget,
        "funding_source": reader.text("funding_source"),
        "expected_outputs": reader.text("expected_outputs", limit=5000),
    }
    activities = _list(reader.text("activities", limit=5000))
    if len(reader.errors) > errors_before:
        return None
    return ParsedMeasure(
        row=reader.number_of_row, code=code, goal_number=int(goal_number), goal_title=goal_title, values=values,
        lead=lead, partners=partners, activities=activities,
    )  # fmt: skip


def _list(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


def _indicator(reader: _Row) -> dict | None:
    name = reader.text("indicator")
    if not name:
        return None
    unit = reader.text("unit", required=True, limit=40)
    baseline_year, target_year = reader.year("baseline_year"), reader.year("target_year")
    if baseline_year and target_year and target_year < baseline_year:
        reader.error("target_year", _("the target year cannot be before the baseline year."))
    direction_text = (reader.text("direction") or "vyšší").casefold()
    direction = next((value for word, value in DIRECTIONS.items() if direction_text.startswith(word)), None)
    if direction is None:
        reader.error("direction", _("write “vyšší” (higher is better) or “nižší” (lower is better)."))
    return {
        "name": name,
        "unit": unit or "",
        "baseline_value": reader.number("baseline_value"),
        "baseline_year": baseline_year,
        "baseline_source": reader.text("baseline_source"),
        "target_value": reader.number("target_value"),
        "target_year": target_year,
        "direction": direction or Direction.HIGHER,
    }


# --- Saving it ------------------------------------------------------------------------------------


def refuse_existing_codes(concept: ConceptPage, result: ImportResult) -> None:
    """A measure already in the plan is not overwritten by an import: a change to the plan is a revision."""
    codes = [measure.code for measure in result.measures]
    taken = set(Measure.objects.filter(goal__concept=concept.plan, code__in=codes).values_list("code", flat=True))
    for measure in result.measures:
        if measure.code in taken:
            message = _("the plan already has measure %(code)s.") % {"code": measure.code}
            result.errors.append(RowError(measure.row, str(COLUMNS[2][1]), message))


def import_plan(concept: ConceptPage, upload) -> ImportResult:
    """Read, check and (only if every row is right) save. The result lists the errors, by row."""
    result = parse(read_rows(upload))
    refuse_existing_codes(concept, result)
    if not result.errors:
        save(concept, result)
    return result


@transaction.atomic
def save(concept: ConceptPage, result: ImportResult) -> int:
    """Create the goals (by number) and the measures with their activities and indicators."""
    plan = concept.plan
    goals = {goal.number: goal for goal in Goal.objects.filter(concept=plan)}
    for parsed in result.measures:
        goal = goals.get(parsed.goal_number)
        if goal is None:
            goal = goals[parsed.goal_number] = Goal.objects.create(
                concept=plan, number=parsed.goal_number, title=parsed.goal_title
            )
        measure = Measure.objects.create(goal=goal, code=parsed.code, lead_organisation=parsed.lead, **parsed.values)
        measure.partners.set(parsed.partners)
        Activity.objects.bulk_create(
            [
                Activity(measure=measure, title=title[:255], position=index)
                for index, title in enumerate(parsed.activities)
            ]
        )
        Indicator.objects.bulk_create(
            [Indicator(measure=measure, position=index, **values) for index, values in enumerate(parsed.indicators)]
        )
    return len(result.measures)
