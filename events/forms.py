"""Forms of the meeting pages. The minutes form is built from the minutes' own content."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AgendaItem, Attendance, Response, TaskStatus, Visibility
from events.services import new_key
from groups.models import Membership, Organisation
from portal.models import User
from portal.uploads import validate_upload_content

NEW_DECISION_ROWS = 2
NEW_TASK_ROWS = 2


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(upload, initial) for upload in files]


def member_choices(body) -> list[tuple]:
    people = (
        Membership.objects.active()
        .filter(body=body)
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )
    seen = {}
    for membership in people:
        seen.setdefault(membership.person_id, str(membership.person))
    return [("", "—")] + list(seen.items())


def organisation_choices(body) -> list[tuple]:
    ids = Membership.objects.active().filter(body=body).values("organisation_id")
    return [("", "—")] + [(o.pk, o.display_name) for o in Organisation.objects.filter(pk__in=ids).order_by("name")]


class AgendaItemForm(forms.ModelForm):
    presenter = forms.TypedChoiceField(label=_("presenter"), required=False, coerce=int, empty_value=None)
    presenter_organisation = forms.TypedChoiceField(
        label=_("organisation"), required=False, coerce=int, empty_value=None
    )
    files = MultipleFileField(label=_("annexes"), required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "presenter",
            "presenter_organisation",
            "planned_minutes",
            "confidentiality",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        body = meeting.body
        self.fields["presenter"].choices = member_choices(body)
        self.fields["presenter_organisation"].choices = organisation_choices(body)
        self.fields["kind"].choices = [
            c for c in self.fields["kind"].choices if c[0] in body.agenda_kinds
        ] or self.fields["kind"].choices
        if self.instance.pk:
            self.initial["presenter"] = self.instance.presenter_id
            self.initial["presenter_organisation"] = self.instance.presenter_organisation_id
        # Each annex up to the document limit; all sent at once within the request limit (portal/request_limits.py).
        self.fields["files"].help_text = _("PDF, office documents; up to %(each)s each, %(total)s together.") % {
            "each": filesizeformat(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
            "total": filesizeformat(settings.MAX_REQUEST_BODY_BYTES),
        }

    def clean_files(self):
        files = self.cleaned_data["files"]
        errors = []
        for upload in files:
            try:
                validate_upload_content(upload)  # HTML named .pdf is no PDF
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return files

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["presenter"] = User.objects.filter(pk=data["presenter"]).first() if data["presenter"] else None
        data["presenter_organisation"] = (
            Organisation.objects.filter(pk=data["presenter_organisation"]).first()
            if data["presenter_organisation"]
            else None
        )
        return data

    def _post_clean(self):
        pass  # the service assigns and validates the model (presenter is a member, etc.)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("comment for the manager"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class CloseCommentsForm(forms.Form):
    comment = forms.CharField(
        label=_("reason for closing early"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(value, label) for value, label in Response.choices if value != Response.PENDING],
        widget=forms.RadioSelect,
    )
    substitute_name = forms.CharField(
        label=_("substitute's name"),
        required=False,
        max_length=200,
        help_text=_("Only if you send someone in your place."),
    )


class CirculateForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("comments until"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d. %m. %Y %H:%M", "%d.%m.%Y %H:%M"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("deadline", timezone.localtime() + datetime.timedelta(days=7))


class MinutesCommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    agenda_item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=TaskStatus.choices)


class MinutesForm(forms.Form):
    """One form for the whole minutes: attendance, then per agenda item notes, decisions and tasks.

    Existing decisions and tasks keep their key (so a number given on approval stays with its text);
    blank rows add new ones; emptying a text removes it, except a numbered decision: that one is part of
    the record, and a correction revokes it with a reason.
    """

    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args, meeting, content: dict, items: dict, people: dict, based_on=None, numbered=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.content, self.items = content, items
        self.numbered = numbered or {}  # decision key → its number, for decisions approved before
        self.initial["based_on"] = based_on
        members, organisations = member_choices(meeting.body), organisation_choices(meeting.body)
        self.attendance_rows, self.item_rows = [], []
        for row in content.get("attendance", []):
            prefix = f"att-{row['person']}"
            self.fields[f"{prefix}-status"] = forms.ChoiceField(
                label=people.get(row["person"], "?"),
                choices=[("", "—")] + list(Attendance.choices),
                required=False,
                initial=row.get("status", ""),
            )
            self.fields[f"{prefix}-substitute"] = forms.CharField(
                label=_("substitute"), required=False, max_length=200, initial=row.get("substitute", "")
            )
            self.attendance_rows.append((row, self[f"{prefix}-status"], self[f"{prefix}-substitute"]))
        for entry in content.get("items", []):
            self._add_item(entry, members, organisations)

    def _add_item(self, entry: dict, members, organisations) -> None:
        prefix = f"item-{entry['agenda_item']}"
        self.fields[f"{prefix}-notes"] = forms.CharField(
            label=_("notes"), required=False, widget=forms.Textarea(attrs={"rows": 6}), initial=entry.get("notes", "")
        )
        self.fields[f"{prefix}-confidential"] = forms.BooleanField(
            label=_("confidential (never in the public version)"), required=False, initial=entry.get("confidential")
        )
        decisions = entry.get("decisions", []) + [{"key": f"new{n}", "text": ""} for n in range(NEW_DECISION_ROWS)]
        tasks = entry.get("tasks", []) + [{"key": f"new{n}"} for n in range(NEW_TASK_ROWS)]
        decision_fields, task_rows = [], []
        for decision in decisions:
            name = f"{prefix}-decision-{decision['key']}"
            number = self.numbered.get(decision["key"])
            self.fields[name] = forms.CharField(
                label=_("decision %(number)s") % {"number": number} if number else _("decision"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=decision["text"],
            )
            revoke = None
            if number:
                self.fields[f"{name}-revoked"] = forms.CharField(
                    label=_("revoke %(number)s: the reason") % {"number": number},
                    help_text=_("A numbered decision stays in the register; revoking it records why and when."),
                    required=False,
                    max_length=2000,
                    initial=decision.get("revoked", ""),
                )
                revoke = self[f"{name}-revoked"]
            decision_fields.append((self[name], revoke))
        for task in tasks:
            row = f"{prefix}-task-{task['key']}"
            self.fields[f"{row}-what"] = forms.CharField(label=_("task"), required=False, initial=task.get("what", ""))
            self.fields[f"{row}-owner"] = forms.TypedChoiceField(
                label=_("owner"),
                choices=members,
                required=False,
                coerce=int,
                empty_value=None,
                initial=task.get("owner"),
            )
            self.fields[f"{row}-organisation"] = forms.TypedChoiceField(
                label=_("organisation"),
                choices=organisations,
                required=False,
                coerce=int,
                empty_value=None,
                initial=task.get("organisation"),
            )
            self.fields[f"{row}-due"] = forms.DateField(
                label=_("due"), required=False, initial=task.get("due"), widget=forms.DateInput(attrs={"type": "date"})
            )
            task_rows.append([self[f"{row}-{part}"] for part in ("what", "owner", "organisation", "due")])
        item = self.items.get(entry["agenda_item"])
        self.item_rows.append(
            {
                "item": item,
                "notes": self[f"{prefix}-notes"],
                "confidential": self[f"{prefix}-confidential"],
                "decisions": decision_fields,
                "tasks": task_rows,
            }
        )

    def clean(self):
        cleaned = super().clean()
        for entry in self.content.get("items", []):
            prefix = f"item-{entry['agenda_item']}"
            for decision in entry.get("decisions", []):
                name = f"{prefix}-decision-{decision['key']}"
                if decision["key"] in self.numbered and not (cleaned.get(name) or "").strip():
                    self.add_error(
                        name,
                        _("Decision %(number)s cannot be deleted; to withdraw it, give the reason for revoking it.")
                        % {"number": self.numbered[decision["key"]]},
                    )
            keys = [t["key"] for t in entry.get("tasks", [])] + [f"new{n}" for n in range(NEW_TASK_ROWS)]
            for key in keys:
                row = f"{prefix}-task-{key}"
                has_what = bool((cleaned.get(f"{row}-what") or "").strip())
                has_other = any(cleaned.get(f"{row}-{part}") for part in ("owner", "organisation", "due"))
                if has_other and not has_what:
                    self.add_error(f"{row}-what", _("Say what the task is."))
                if has_what and not (cleaned.get(f"{row}-owner") or cleaned.get(f"{row}-organisation")):
                    self.add_error(f"{row}-owner", _("A task needs an owner: a person or an organisation."))
        return cleaned

    def content_from_input(self) -> dict:
        data = self.cleaned_data
        attendance = []
        for row in self.content.get("attendance", []):
            prefix = f"att-{row['person']}"
            attendance.append(
                {
                    **row,
                    "status": data.get(f"{prefix}-status", ""),
                    "substitute": data.get(f"{prefix}-substitute", "").strip(),
                }
            )
        items = []
        for entry in self.content.get("items", []):
            prefix = f"item-{entry['agenda_item']}"
            decisions, tasks = [], []
            for decision in entry.get("decisions", []) + [{"key": f"new{n}"} for n in range(NEW_DECISION_ROWS)]:
                name = f"{prefix}-decision-{decision['key']}"
                text = (data.get(name) or "").strip()
                if text:
                    key = new_key() if decision["key"].startswith("new") else decision["key"]
                    decisions.append({"key": key, "text": text, "revoked": (data.get(f"{name}-revoked") or "").strip()})
            for task in entry.get("tasks", []) + [{"key": f"new{n}"} for n in range(NEW_TASK_ROWS)]:
                row = f"{prefix}-task-{task['key']}"
                what = (data.get(f"{row}-what") or "").strip()
                if what:
                    due = data.get(f"{row}-due")
                    tasks.append(
                        {
                            "key": new_key() if task["key"].startswith("new") else task["key"],
                            "what": what,
                            "owner": data.get(f"{row}-owner"),
                            "organisation": data.get(f"{row}-organisation"),
                            "due": due.isoformat() if due else None,
                        }
                    )
            items.append(
                {
                    "agenda_item": entry["agenda_item"],
                    "notes": (data.get(f"{prefix}-notes") or "").strip(),
                    "confidential": bool(data.get(f"{prefix}-confidential")),
                    "decisions": decisions,
                    "tasks": tasks,
                }
            )
        return {"attendance": attendance, "items": items}


class MeetingForm(forms.Form):
    """Planning or moving a meeting: a day, the hours, where (a room, a link or both), who may see it."""

    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Empty: the kind of meeting and its date, e.g. “Working-group meeting 16. 12. 2026”."),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False, help_text=_("Room and address."))
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https", help_text=_("For hybrid meetings.")
    )
    visibility = forms.ChoiceField(
        label=_("Who sees the meeting"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.PUBLIC,
        help_text=_("A public meeting is listed on the body's public page; its agenda shows public items only."),
    )

    # The service's refusals name the meeting's fields; they belong next to these.
    FIELD_FOR = {"start": "date", "end": "end_time", "title": "title", "place": "place", "online_url": "online_url"}

    def __init__(self, *args, meeting=None, **kwargs):
        if meeting is not None:
            start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
            kwargs.setdefault("initial", {}).update(
                title=meeting.title, date=start.date(), start_time=start.time(), end_time=end.time(),
                place=meeting.place, online_url=meeting.online_url, visibility=meeting.visibility,
            )  # fmt: skip
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if {"date", "start_time", "end_time"} <= data.keys():
            data["start"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]))
            data["end"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["end_time"]))
            if data["end"] <= data["start"]:
                self.add_error("end_time", _("The meeting must end after it starts."))
            elif data["start"] <= timezone.now():
                self.add_error("date", _("Choose a day and time still ahead."))
        if not data.get("place") and not data.get("online_url") and "online_url" not in self.errors:
            self.add_error("place", _("Give a place, an online link, or both."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        names = ("title", "start", "end", "place", "online_url", "visibility")
        return {name: data[name] for name in names}

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(self.FIELD_FOR.get(name), errors)
        else:
            self.add_error(None, error)
