"""The progress-update form of the members' area: the report, a value for each of the measure's
indicators, and up to a few evidence links. It gives the service an `UpdateContent`."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from action_plan import selectors
from action_plan.models import (
    Activity,
    ConceptPage,
    Evidence,
    Indicator,
    Measure,
    PlanChange,
    PlanRevision,
    ProgressUpdate,
    Status,
    StrategyLink,
    period_label,
)
from action_plan.services import UpdateContent
from groups.models import Organisation
from portal.uploads import validate_upload_content

EVIDENCE_ROWS = 3
# The second half-year first: the list runs newest first (the year is set in `half_years`).
HALVES = (
    (datetime.date(2000, 7, 1), datetime.date(2000, 12, 31)),
    (datetime.date(2000, 1, 1), datetime.date(2000, 6, 30)),
)


def half_years(concept: ConceptPage, today: datetime.date) -> list[tuple[str, str]]:
    """The reporting periods (calendar half-years, the 2+2 rhythm) of the concept's years up to now,
    newest first: one reports on what has begun."""
    periods = []
    for year in range(min(concept.period_to, today.year), concept.period_from - 1, -1):
        second, first = (
            (datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
            (datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
        )
        for start, end in (second, first):
            if start <= today:
                periods.append((f"{start.isoformat()}/{end.isoformat()}", period_label(start, end)))
    return periods


class ProgressUpdateForm(forms.Form):
    period = forms.ChoiceField(label=_("Reporting period"))
    organisation = forms.ModelChoiceField(
        label=_("Reported for"), queryset=Organisation.objects.none(), required=False, empty_label=None
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    narrative = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea({"rows": 6}),
        help_text=_(
            "What was done in the period, what is holding it up, what comes next. It becomes public once approved."
        ),
    )
    spent = forms.DecimalField(
        label=_("Spent in the period (CZK)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        localize=True,
    )

    def __init__(self, *args, measure: Measure, organisations, update: ProgressUpdate | None = None, **kwargs):
        self.measure, self.update = measure, update
        if update is not None:
            kwargs.setdefault("initial", self._initial(update))
        super().__init__(*args, **kwargs)
        concept = measure.goal.concept
        periods = half_years(concept, timezone.localdate())
        if update is not None and self.initial["period"] not in dict(periods):
            periods.insert(0, (self.initial["period"], update.period_label))
        self.fields["period"].choices = periods
        if update is None and len(organisations) > 1:
            self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=organisations)
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]
        self.indicators = measure.reportable_indicators()
        for indicator in self.indicators:
            self.fields[f"value_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                max_digits=14,
                decimal_places=2,
                localize=True,  # "1 234,5" as Czech people write it
                help_text=_("The value at the end of the period; leave empty if it is not known yet."),
            )
            self.fields[f"source_{indicator.pk}"] = forms.CharField(
                label=_("Source of the value"), required=False, max_length=255
            )
        for row in range(EVIDENCE_ROWS):
            self.fields[f"evidence_title_{row}"] = forms.CharField(label=_("Title"), required=False, max_length=255)
            self.fields[f"evidence_url_{row}"] = forms.URLField(
                label=_("Address (https://…)"), required=False, assume_scheme="https"
            )
            self.fields[f"evidence_file_{row}"] = forms.FileField(
                label=_("or a document"),
                required=False,
                help_text=_("PDF, office documents or images, up to the size limit."),
            )
            self.fields[f"evidence_kept_{row}"] = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def _initial(update: ProgressUpdate) -> dict:
        initial = {
            "period": f"{update.period_start.isoformat()}/{update.period_end.isoformat()}",
            "status": update.status,
            "narrative": update.narrative,
            "spent": update.spent,
        }
        for value in update.values.all():
            initial[f"value_{value.indicator_id}"] = value.value
            initial[f"source_{value.indicator_id}"] = value.source
        for row, evidence in enumerate(update.evidence.all()[:EVIDENCE_ROWS]):
            initial[f"evidence_title_{row}"] = evidence.title
            initial[f"evidence_url_{row}"] = evidence.url
            initial[f"evidence_kept_{row}"] = evidence.file.name
        return initial

    def indicator_rows(self):
        return [
            (indicator, self[f"value_{indicator.pk}"], self[f"source_{indicator.pk}"]) for indicator in self.indicators
        ]

    def evidence_rows(self):
        return [
            (self[f"evidence_title_{row}"], self[f"evidence_url_{row}"], self[f"evidence_file_{row}"],
             self[f"evidence_kept_{row}"], self.initial.get(f"evidence_kept_{row}"))
            for row in range(EVIDENCE_ROWS)
        ]  # fmt: skip

    def _kept_files(self) -> set[str]:
        """The documents the update already has: the only names a form may ask to keep."""
        return (
            {evidence.file.name for evidence in self.update.evidence.all() if evidence.file} if self.update else set()
        )

    def clean(self):
        cleaned = super().clean()
        kept_files = self._kept_files()
        for row in range(EVIDENCE_ROWS):
            title, url = cleaned.get(f"evidence_title_{row}"), cleaned.get(f"evidence_url_{row}")
            upload, kept = cleaned.get(f"evidence_file_{row}"), cleaned.get(f"evidence_kept_{row}")
            if kept and kept not in kept_files:
                cleaned[f"evidence_kept_{row}"] = kept = ""  # never a file of someone else's update
            if upload:
                try:
                    validate_upload_content(upload)
                    Evidence._meta.get_field("file").run_validators(upload)
                except forms.ValidationError as error:
                    self.add_error(f"evidence_file_{row}", error)
            if (url or upload) and not title:
                self.add_error(f"evidence_title_{row}", _("Say what the link or document is."))
            if title and not (url or upload or kept) and f"evidence_url_{row}" not in self.errors:
                self.add_error(f"evidence_url_{row}", _("Give the address of the evidence or attach a document."))
        return cleaned

    def content(self) -> UpdateContent:
        data = self.cleaned_data
        start, end = (datetime.date.fromisoformat(part) for part in data["period"].split("/"))
        fields = {
            "period_start": start,
            "period_end": end,
            "status": data["status"],
            "narrative": data["narrative"],
            "spent": data["spent"],
        }
        if data.get("organisation"):
            fields["organisation"] = data["organisation"]
        values = [
            {"indicator": indicator, "value": data[f"value_{indicator.pk}"], "date": end,
             "source": data[f"source_{indicator.pk}"]}
            for indicator in self.indicators
            if data.get(f"value_{indicator.pk}") is not None
        ]  # fmt: skip
        evidence = [
            {"title": data[f"evidence_title_{row}"], "url": data[f"evidence_url_{row}"],
             "file": data.get(f"evidence_file_{row}") or data.get(f"evidence_kept_{row}") or ""}
            for row in range(EVIDENCE_ROWS)
            if data.get(f"evidence_title_{row}")
        ]  # fmt: skip
        return UpdateContent(fields=fields, values=values, evidence=evidence)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea({"rows": 3}),
        help_text=_("The author and the manager read it in their e-mail and here."),
    )


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_("One row per measure, as in the template. Nothing is saved unless every row is right."),
    )


class MeasureLinkForm(forms.Form):
    """Cite the measure at an agenda item, a decision or a task of the monitoring body's meetings."""

    target = forms.ChoiceField(label=_("Cited at"))

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        items, decisions, tasks = selectors.linkable(concept)
        self.targets = {}
        groups = []
        for label, prefix, rows, describe in (
            (_("Agenda items"), "item", items, lambda item: f"{item.meeting.title}: {item.title}"),
            (_("Decisions"), "decision", decisions, lambda decision: f"{decision.number}: {decision.text[:80]}"),
            (_("Tasks"), "task", tasks, lambda task: task.what[:80]),
        ):
            choices = []
            for row in rows:
                key = f"{prefix}:{row.pk}"
                self.targets[key] = row
                choices.append((key, describe(row)))
            if choices:
                groups.append((label, choices))
        self.fields["target"].choices = [("", "—"), *groups]

    def clean_target(self):
        return self.targets[self.cleaned_data["target"]]


class PlanRevisionForm(forms.ModelForm):
    class Meta:
        model = PlanRevision
        fields = ["title", "reason"]
        widgets = {"reason": forms.Textarea({"rows": 3})}


class PlanChangeForm(forms.ModelForm):
    """One measure added, changed or retired. For a change, the fields left empty stay as they are."""

    class Meta:
        model = PlanChange
        fields = [
            "kind", "measure", "goal_number", "goal_title", "code", "title", "description", "lead_organisation",
            "start_year", "end_year", "planned_budget", "reason",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea({"rows": 3}), "reason": forms.Textarea({"rows": 2})}
        help_texts = {
            "measure": _("For a change or a retirement: which measure."),
            "goal_number": _("For a new measure: the goal it belongs under."),
            "goal_title": _("Only when the goal is new."),
            "code": _("For a new measure, e.g. 2.4."),
            "title": _("For a change, fill in only what changes; empty fields stay as they are."),
            "reason": _("Required for a retirement; the public reads it."),
        }

    def __init__(self, *args, concept, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.current().filter(goal__concept=concept.plan)
        self.fields["planned_budget"].localize = True
        self.fields["planned_budget"].widget.is_localized = True


class MeasureDetailsForm(forms.ModelForm):
    """What the manager keeps up to date about a measure besides what the council approved (its title,
    responsibility, timeframe and budget change through a revision): outputs, funding, inspiration."""

    class Meta:
        model = Measure
        fields = ["expected_outputs", "funding_source", "inspirations"]
        widgets = {"expected_outputs": forms.Textarea({"rows": 3}), "inspirations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from knowledge_base.models import GoodPracticePage

        self.fields["inspirations"].queryset = (
            GoodPracticePage.objects.live().public().filter(locale__language_code="cs").order_by("title")
        )
        self.fields["inspirations"].help_text = _("Good-practice records from other municipalities it builds on.")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name", "unit", "baseline_value", "baseline_year", "baseline_source", "target_value", "target_year",
            "direction",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("baseline_value", "target_value"):
            self.fields[name].localize = True
            self.fields[name].widget.is_localized = True

    def clean(self):
        cleaned = super().clean()
        baseline, target = cleaned.get("baseline_year"), cleaned.get("target_year")
        if baseline and target and target < baseline:
            self.add_error("target_year", _("The target year cannot be before the baseline year."))
        return cleaned


class BaseIndicatorFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and form.instance.values.exists():
                form.add_error(None, _("%(name)s has reported values; it stays.") % {"name": form.instance.name})
                raise forms.ValidationError(_("An indicator with reported values cannot be removed."))


ActivityFormSet = forms.inlineformset_factory(
    Measure, Activity, fields=["title", "description", "start_year", "end_year"], extra=1, can_delete=True,
    widgets={"description": forms.Textarea({"rows": 2})},
)  # fmt: skip
IndicatorFormSet = forms.inlineformset_factory(
    Measure, Indicator, form=IndicatorForm, formset=BaseIndicatorFormSet, fk_name="measure", extra=1, can_delete=True
)


class StrategyLinkForm(forms.ModelForm):
    source = forms.URLField(label=_("source"), required=False, assume_scheme="https")

    class Meta:
        model = StrategyLink
        fields = ["strategy", "goal", "source"]


StrategyLinkFormSet = forms.inlineformset_factory(
    Measure, StrategyLink, form=StrategyLinkForm, extra=1, can_delete=True
)
