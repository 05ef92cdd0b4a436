"""The public tracker (served by the concept page's routes) and the members' screens for progress
updates. Thin: look up, check `action_plan.permissions`, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from action_plan import exporting, forms, importing, permissions, report, selectors, services
from action_plan.charts import indicator_chart
from action_plan.models import (
    ConceptPage,
    Evidence,
    Measure,
    MeasureLink,
    PlanChange,
    PlanRevision,
    ProgressUpdate,
    Status,
)
from groups import permissions as groups_permissions
from groups.workflow_history import approval_history
from portal import page_cache, public_parts, tabular
from portal.accounts import require_fresh_authentication
from portal.downloads import attachment_response
from portal.forms import add_service_errors

# --- Public ------------------------------------------------------------------------------------


def tracker(request, page: ConceptPage):
    """The plan's measures under their goals; as it first opens (no filter, first page) the same for every
    visitor, so kept (`portal.public_parts.listing_html`)."""
    article = public_parts.listing_html(
        request, "tracker", page, "action_plan/includes/tracker_article.html", lambda: _tracker_shown(request, page)
    )
    return TemplateResponse(request, "action_plan/tracker.html", {"page": page, "self": page, "article": article})


def _tracker_shown(request, page: ConceptPage) -> dict:
    filters = selectors.TrackerFilters.from_query(request.GET)
    tracked = selectors.tracker(page, filters, request.GET.get("strana"))
    return {
        "goals": tracked.goals,
        "all_goals": tracked.all_goals,
        "measures_page": tracked.measures,
        "filters": filters,
        "organisations": selectors.responsible_organisations(page),
        "statuses": [*Status.choices, (selectors.NOT_REPORTED, selectors.NOT_REPORTED_LABEL)],
        "measure_count": tracked.measures.paginator.count,
    }


def measure_detail(request, page: ConceptPage, slug: str):
    """A measure's public page: its article is the same for every visitor (approved data, the meetings as
    the public sees them), so it is kept with its title (`portal.public_parts`), and a rendered page reads
    none of the measure's eleven queries. A measure not found is not kept."""
    key = public_parts.key(request, "measure", page.pk, slug)
    measure = page_cache.remember(key, lambda: _measure_shown(request, page, slug))
    if measure is None:
        raise Http404
    return TemplateResponse(request, "action_plan/measure.html", {"page": page, "self": page, "measure": measure})


def _measure_shown(request, page: ConceptPage, slug: str) -> dict | None:
    measure = selectors.public_measure(page, slug)
    if measure is None:
        return None
    context = {
        "page": page,
        "measure": measure,
        "links": selectors.meeting_links(measure, AnonymousUser()),
        "indicators": [
            (indicator, indicator_chart(indicator, indicator.values.all())) for indicator in measure.indicators.all()
        ],
    }
    article = public_parts.render(request, "action_plan/includes/measure_article.html", context)
    return {"code": measure.code, "title": measure.title, "description": measure.description, "article": article}


EXPORTS = {
    "csv": (tabular.CSV_CONTENT_TYPE, exporting.as_csv),
    "xlsx": (tabular.XLSX_CONTENT_TYPE, exporting.as_xlsx),
    "json": ("application/json", exporting.as_json),
}


def export(request, page: ConceptPage, format: str):
    """The approved plan as open data; only approved updates and values (`exporting`)."""
    content_type, build = EXPORTS[format]
    return attachment_response(build(page), filename=f"akcni-plan.{format}", content_type=content_type, private=False)


# --- Members' area -----------------------------------------------------------------------------

MEMBERS_PLAN_PAGE_SIZE = 50  # a city's plan may hold hundreds of measures


def _measure_for(request, measure_id: int) -> Measure:
    measure = get_object_or_404(
        Measure.objects.select_related("goal__concept__body", "lead_organisation"), pk=measure_id
    )
    concept = measure.goal.concept
    if not (permissions.can_follow_plan(request.user, concept) or permissions.can_report_on(request.user, measure)):
        raise Http404
    return measure


def _update_for(request, update_id: int) -> ProgressUpdate:
    """An update this person may read (`visible_to`), in the members' area of its measure."""
    related = ProgressUpdate.objects.select_related("measure__goal__concept__body", "organisation", "author")
    update = get_object_or_404(related.visible_to(request.user), pk=update_id)
    _measure_for(request, update.measure_id)  # the members' area of the plan: its followers and reporters
    return update


@login_required
def plan(request):
    """The measures a person reports on (and, for the monitoring body's people, all of them), with the
    state of their latest update, a page at a time."""
    concepts = [
        concept
        for concept in ConceptPage.objects.live().filter(locale__language_code="cs").select_related("body")
        if permissions.can_follow_plan(request.user, concept)
        or permissions.reporting_organisation_ids(request.user, concept)
    ]
    followed = [concept for concept in concepts if permissions.can_follow_plan(request.user, concept)]
    mine = {concept.pk: permissions.reporting_organisation_ids(request.user, concept) for concept in concepts}
    measures = selectors.members_measures(followed, {concept: mine[concept.pk] for concept in concepts})
    page = Paginator(measures, MEMBERS_PLAN_PAGE_SIZE).get_page(request.GET.get("strana"))
    responsible = Measure.responsible_organisations_of(page.object_list)
    rows = [(measure, bool(responsible[measure.pk] & mine[measure.concept_id])) for measure in page]
    context = {
        "rows": rows,
        "measures_page": page,
        "managed": [concept for concept in concepts if groups_permissions.can_manage(request.user, concept.body)],
        "followed": [
            (concept, range(concept.period_from, min(concept.period_to, timezone.localdate().year) + 1))
            for concept in followed
        ],
    }
    return render(request, "action_plan/members_plan.html", context)


@login_required
def measure(request, measure_id: int):
    measure = _measure_for(request, measure_id)
    updates = ProgressUpdate.objects.visible_to(request.user).filter(measure=measure).select_related("organisation")
    concept = measure.goal.concept
    can_link = groups_permissions.can_manage(request.user, concept.body)
    return render(
        request,
        "action_plan/members_measure.html",
        {
            "measure": measure,
            "updates": updates,
            "links": selectors.meeting_links(measure, request.user),
            "can_link": can_link,
            "link_form": forms.MeasureLinkForm(concept=concept) if can_link else None,
            "can_report": permissions.can_report_on(request.user, measure),
            "public_url": measure.goal.concept.measure_url(measure, request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_new(request, measure_id: int):
    measure = _measure_for(request, measure_id)
    organisations = permissions.reporting_organisations_for(request.user, measure)
    if not permissions.can_report_on(request.user, measure):
        raise PermissionDenied(services.NOT_RESPONSIBLE)
    form = forms.ProgressUpdateForm(
        request.POST or None, request.FILES or None, measure=measure, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            update = services.update_create(measure=measure, user=request.user, content=form.content())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The update is saved as a draft. Submit it to the chair when it is ready."))
            return redirect("action_plan:update", update_id=update.pk)
    return render(request, "action_plan/update_form.html", {"form": form, "measure": measure, "update": None})


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request, update_id: int):
    update = _update_for(request, update_id)
    if not permissions.can_edit_update(request.user, update):
        raise PermissionDenied
    working = update.working_copy()
    form = forms.ProgressUpdateForm(
        request.POST or None, request.FILES or None, measure=update.measure, organisations=(), update=working
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_save(update=update, user=request.user, content=form.content())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("action_plan:update", update_id=update.pk)
    return render(request, "action_plan/update_form.html", {"form": form, "measure": update.measure, "update": update})


@login_required
def update(request, update_id: int):
    update = _update_for(request, update_id)
    user = request.user
    can_approve = permissions.can_approve_update(user, update)
    return render(
        request,
        "action_plan/update.html",
        {
            "update": update,
            "working": update.working_copy(),
            "measure": update.measure,
            "can_edit": permissions.can_edit_update(user, update),
            "can_approve": can_approve,
            "return_form": forms.ReturnForm(),
            "history": approval_history(update),
            "approver_named": bool(groups_permissions.approver_ids(update.approval_body)),
        },
    )


@login_required
@require_POST
def update_action(request, update_id: int, action: str):
    update = _update_for(request, update_id)
    user = request.user
    try:
        if action == "submit" and permissions.can_edit_update(user, update):
            services.update_submit(update=update, user=user)
            messages.success(request, _("The update was sent to the chair for approval."))
        elif action in ("approve", "return") and permissions.can_approve_update(user, update):
            require_fresh_authentication(request)
            if action == "approve":
                services.update_approve(update=update, user=user)
                messages.success(request, _("The update is approved and public on the tracker."))
            else:
                form = forms.ReturnForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors["comment"])
                services.update_return(update=update, user=user, comment=form.cleaned_data["comment"])
                messages.success(request, _("The update was returned to its author with your comment."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("action_plan:update", update_id=update.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request, concept_id: int):
    """The manager loads the plan's measures from the municipality's spreadsheet."""
    concept = get_object_or_404(ConceptPage.objects.select_related("body"), pk=concept_id)
    if not groups_permissions.can_manage(request.user, concept.body):
        raise groups_permissions.refuse(request.user, concept.body)
    form = forms.PlanImportForm(request.POST or None, request.FILES or None)
    result, refusal = None, None
    if request.method == "POST" and form.is_valid():
        try:
            result = importing.import_plan(concept, form.cleaned_data["file"])
        except importing.ImportRefused as error:
            refusal = str(error)
        else:
            if not result.errors:
                messages.success(request, _("%(count)s measures were imported.") % {"count": len(result.measures)})
                return redirect("action_plan:plan")
    return render(
        request,
        "action_plan/import.html",
        {"concept": concept, "form": form, "result": result, "refusal": refusal, "columns": importing.COLUMNS},
    )


@login_required
def import_template(request):
    content_type = EXPORTS["xlsx"][0]
    return attachment_response(
        exporting.import_template(), filename="akcni-plan-sablona.xlsx", content_type=content_type
    )


REPORT_FORMATS = {
    "pdf": ("application/pdf", report.report_pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", report.report_docx),
}


@login_required
def fulfilment_report(request, concept_id: int, year: int, format: str):
    """The yearly report for the council, from approved data, for the monitoring body's people."""
    concept = get_object_or_404(ConceptPage.objects.select_related("body"), pk=concept_id)
    if not permissions.can_follow_plan(request.user, concept):
        raise groups_permissions.refuse(request.user, concept.body)
    if format not in REPORT_FORMATS or not concept.period_from <= year <= concept.period_to:
        raise Http404
    content_type, build = REPORT_FORMATS[format]
    filename = f"zprava-o-plneni-akcniho-planu-{year}.{format}"
    return attachment_response(build(concept, year), filename=filename, content_type=content_type)


@login_required
@require_POST
def link_add(request, measure_id: int):
    measure = _measure_for(request, measure_id)
    form = forms.MeasureLinkForm(request.POST, concept=measure.goal.concept)
    if not groups_permissions.can_manage(request.user, measure.goal.concept.body):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.link_add(measure=measure, user=request.user, target=form.cleaned_data["target"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The measure is cited there."))
    else:
        messages.error(request, _("Choose an agenda item, a decision or a task from the list."))
    return redirect("action_plan:measure", measure_id=measure.pk)


@login_required
@require_POST
def link_remove(request, link_id: int):
    link = get_object_or_404(MeasureLink.objects.select_related("measure__goal__concept__body"), pk=link_id)
    measure = _measure_for(request, link.measure_id)
    services.link_remove(link=link, user=request.user)
    messages.success(request, _("The citation was removed."))
    return redirect("action_plan:measure", measure_id=measure.pk)


# --- Revisions of the plan ---------------------------------------------------------------------------


def _concept_for(request, concept_id: int) -> ConceptPage:
    concept = get_object_or_404(ConceptPage.objects.select_related("body"), pk=concept_id)
    if not permissions.can_follow_plan(request.user, concept):
        raise groups_permissions.refuse(request.user, concept.body)
    return concept


def _revision_for(request, revision_id: int) -> PlanRevision:
    revision = get_object_or_404(PlanRevision.objects.select_related("concept__body"), pk=revision_id)
    if not permissions.can_follow_plan(request.user, revision.concept):
        raise groups_permissions.refuse(request.user, revision.concept.body)
    return revision


@login_required
@require_http_methods(["GET", "POST"])
def revisions(request, concept_id: int):
    concept = _concept_for(request, concept_id)
    can_manage = groups_permissions.can_manage(request.user, concept.body)
    form = forms.PlanRevisionForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            revision = services.revision_create(concept=concept, user=request.user, **form.cleaned_data)
            return redirect("action_plan:revision", revision_id=revision.pk)
    context = {"concept": concept, "revisions": concept.plan_revisions.all(), "form": form}
    return render(request, "action_plan/revisions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def revision(request, revision_id: int):
    revision = _revision_for(request, revision_id)
    user, concept = request.user, revision.concept
    editable = groups_permissions.can_manage(user, concept.body) and not (
        revision.live or revision.workflow_in_progress
    )
    form = forms.PlanChangeForm(request.POST or None, concept=concept) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_save(revision=revision, user=user, change=form.save(commit=False))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The change is part of the revision."))
                return redirect("action_plan:revision", revision_id=revision.pk)
    return render(
        request,
        "action_plan/revision.html",
        {
            "revision": revision,
            "concept": concept,
            "changes": revision.changes.select_related("measure", "lead_organisation"),
            "form": form,
            "editable": editable,
            "can_approve": permissions.can_approve_revision(user, revision),
            "return_form": forms.ReturnForm(),
            "history": approval_history(revision),
        },
    )


@login_required
@require_POST
def revision_action(request, revision_id: int, action: str):
    revision = _revision_for(request, revision_id)
    user = request.user
    try:
        if action == "submit":
            services.revision_submit(revision=revision, user=user)
            messages.success(request, _("The revision was sent to the chair for approval."))
        elif action in ("approve", "return") and permissions.can_approve_revision(user, revision):
            require_fresh_authentication(request)
            comment = request.POST.get("comment", "").strip()
            services.revision_decide(revision=revision, user=user, approve=action == "approve", comment=comment)
            messages.success(
                request,
                _("The revision is approved and the plan changed.") if action == "approve"
                else _("The revision was returned to the manager with your comment."),
            )  # fmt: skip
        else:
            raise PermissionDenied
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("action_plan:revision", revision_id=revision.pk)


def public_revisions(request, page: ConceptPage):
    """The plan's approved revisions, each with what it added, changed (before and after) and retired."""
    approved = (
        PlanRevision.objects.approved()
        .filter(concept=page.plan)
        .prefetch_related("changes__measure", "changes__lead_organisation")
    )
    context = {"page": page, "self": page, "revisions": approved}
    return TemplateResponse(request, "action_plan/public_revisions.html", context)


@login_required
@require_POST
def change_remove(request, change_id: int):
    change = get_object_or_404(PlanChange.objects.select_related("revision"), pk=change_id)
    revision = _revision_for(request, change.revision_id)
    try:
        services.change_remove(change=change, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("action_plan:revision", revision_id=revision.pk)


def evidence_document(request, evidence_id: int):
    """A document attached to an update: public once the update is approved, before that for the
    monitoring body's people; 404 for whoever may not read it (its existence is not told)."""
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user).exclude(file=""), pk=evidence_id)
    return attachment_response(evidence.file.open("rb"), filename=evidence.filename, private=not evidence.update.live)


@login_required
@require_http_methods(["GET", "POST"])
def measure_details(request, measure_id: int):
    measure = _measure_for(request, measure_id)
    if not groups_permissions.can_manage(request.user, measure.goal.concept.body):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = forms.MeasureDetailsForm(data, instance=measure)
    formsets = [
        forms.ActivityFormSet(data, instance=measure, prefix="activities"),
        forms.IndicatorFormSet(data, instance=measure, prefix="indicators"),
        forms.StrategyLinkFormSet(data, instance=measure, prefix="strategies"),
    ]
    if data is not None and form.is_valid() and all(formset.is_valid() for formset in formsets):
        services.measure_details_save(measure=measure, user=request.user, form=form, formsets=formsets)
        messages.success(request, _("The measure's details are saved."))
        return redirect("action_plan:measure", measure_id=measure.pk)
    context = {"measure": measure, "form": form, "formsets": zip(FORMSET_HEADINGS, formsets, strict=True)}
    return render(request, "action_plan/measure_details.html", context)


FORMSET_HEADINGS = (gettext_lazy("Activities"), gettext_lazy("Indicators"), gettext_lazy("Higher-level strategies"))
