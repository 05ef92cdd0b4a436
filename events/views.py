"""Meeting pages of the members' area. Thin: look up, check `events.permissions`, call a service, render."""

import contextlib
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from events import calendar, documents, forms, live, permissions, rules, selectors, services
from events.models import (
    MEETING_ITEM_SECTIONS_HOOK,
    AgendaDocument,
    AgendaItem,
    Attendance,
    ItemStatus,
    MeetingPage,
    Minutes,
    MinutesComment,
    Task,
    TaskStatus,
    Visibility,
    entry_is_confidential,
)
from events.text import notes_as_lines
from groups import permissions as groups_permissions
from groups.models import AgendaKind, BodyPage
from groups.workflow_history import approval_history
from portal import public_parts
from portal.accounts import require_fresh_authentication
from portal.downloads import attachment_response
from portal.forms import add_service_errors
from portal.hooks import sections_by_key
from portal.locales import language_of
from portal.models import User
from portal.pagination import CountedPaginator


def _internal_meeting(request, meeting_id: int) -> MeetingPage:
    meeting = get_object_or_404(MeetingPage.objects.select_related("agenda", "minutes", "live_room"), pk=meeting_id)
    if not permissions.can_view_internal(request.user, meeting):
        raise Http404
    return meeting


def _back(meeting: MeetingPage):
    return redirect("events:meeting", meeting_id=meeting.pk)


def _error_message(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def meeting(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    user = request.user
    can_manage = permissions.can_manage_meeting(user, meeting)
    invitations = list(selectors.invitations_of(meeting)) if can_manage else None
    invitation = selectors.my_invitation(meeting, user, among=invitations)
    # First: the rules below ask its state. Read with the meeting; its first view creates the draft.
    meeting.agenda = meeting.agenda if hasattr(meeting, "agenda") else services.agenda_for(meeting)
    can_approve_agenda = permissions.can_approve_agenda(user, meeting)
    items = selectors.agenda_items_for(meeting, user)
    return render(
        request,
        "events/meeting_internal.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "agenda": meeting.agenda,
            "pack_state": selectors.invitation_pack_for(meeting, user),
            "items": items,
            "item_sections": sections_by_key(MEETING_ITEM_SECTIONS_HOOK, request, meeting, items),
            "proposals": selectors.proposals_of(meeting)
            if can_manage
            else selectors.proposals_of(meeting).filter(proposed_by=user),
            "invitation": invitation,
            "rsvp_form": forms.RsvpForm(
                initial={"response": invitation.response, "substitute_name": invitation.substitute_name}
            )
            if invitation and permissions.can_respond(user, invitation)
            else None,
            "invitations": invitations,
            "rsvp_summary": selectors.rsvp_summary(invitations) if can_manage else None,
            "can_remind": permissions.can_remind_invitees(user, meeting),
            "invitation_mail": selectors.invitation_mail_status(meeting) if can_manage else None,
            "can_manage": can_manage,
            "can_edit_agenda": permissions.can_edit_agenda(user, meeting),
            "can_change_meeting": permissions.can_change_meeting(user, meeting),
            "can_cancel_meeting": permissions.can_cancel_meeting(user, meeting),
            "can_submit_agenda": permissions.can_submit_agenda(user, meeting),
            "agenda_history": approval_history(meeting.agenda)
            if can_manage or permissions.can_approve_for(user, meeting)
            else (),
            "can_propose": permissions.can_propose_item(user, meeting),
            "can_approve_agenda": can_approve_agenda,
            "approval_audience": len(selectors.agenda_approval_audience(meeting)) if can_approve_agenda else 0,
            # The way to write the minutes, for a meeting that has none yet (otherwise the page links to them).
            "can_write_minutes": not hasattr(meeting, "minutes") and permissions.can_edit_minutes(user, meeting),
            # The room from half an hour before the start, and afterwards while it has been held.
            "live_room_shown": hasattr(meeting, "live_room") or live.open_refusal(meeting) is None,
            "return_form": forms.CommentForm(),
            "close_form": forms.CloseCommentsForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, meeting_id: int, item_id: int | None = None):
    meeting = _internal_meeting(request, meeting_id)
    managing = permissions.can_edit_agenda(request.user, meeting)
    if not managing and not (item_id is None and permissions.can_propose_item(request.user, meeting)):
        raise PermissionDenied
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting) if item_id else None
    form = forms.AgendaItemForm(request.POST or None, request.FILES or None, instance=item, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            if managing:
                services.agenda_item_save(
                    meeting=meeting,
                    user=request.user,
                    values=form.values(),
                    files=form.cleaned_data["files"],
                    item=item,
                )
                if services.agenda_for(meeting).approved_at:  # a change to an approved agenda goes back to the chair
                    messages.success(request, _("The agenda was saved; it needs the chair's approval again."))
                else:
                    messages.success(request, _("The item is saved in the draft agenda."))
            else:
                services.agenda_item_propose(
                    meeting=meeting, user=request.user, values=form.values(), files=form.cleaned_data["files"]
                )
                messages.success(request, _("Your proposal was sent to the manager."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _back(meeting)
    return render(
        request, "events/item_form.html", {"meeting": meeting, "form": form, "item": item, "managing": managing}
    )


@login_required
@require_POST
def item_decide(request, item_id: int):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id)
    if not permissions.can_edit_agenda(request.user, item.meeting):
        raise groups_permissions.refuse(request.user, item.meeting.body)
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.agenda_item_decide(
            item=item, user=request.user, accept=request.POST.get("decision") == "accept", reason=reason
        )
    except ValidationError as error:
        _error_message(request, error)
    return _back(item.meeting)


@login_required
@require_POST
def item_withdraw(request, item_id: int):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id, status=ItemStatus.ACCEPTED)
    if not permissions.can_edit_agenda(request.user, item.meeting):
        raise groups_permissions.refuse(request.user, item.meeting.body)
    services.agenda_item_withdraw(item=item, user=request.user)
    messages.success(request, _("The item was taken off the agenda."))
    return _back(item.meeting)


@login_required
@require_POST
def item_move(request, item_id: int):
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=item_id, status=ItemStatus.ACCEPTED)
    if not permissions.can_edit_agenda(request.user, item.meeting):
        raise groups_permissions.refuse(request.user, item.meeting.body)
    services.agenda_item_move(item=item, user=request.user, up=request.POST.get("direction") == "up")
    return _back(item.meeting)


@login_required
@require_POST
def agenda_action(request, meeting_id: int, action: str):
    meeting = _internal_meeting(request, meeting_id)
    user = request.user
    try:
        if action == "submit" and permissions.can_edit_agenda(user, meeting):
            services.agenda_submit(meeting=meeting, user=user)
            messages.success(request, _("The agenda was sent to the chair for approval."))
        elif action == "approve" and permissions.can_approve_agenda(user, meeting):
            require_fresh_authentication(request)
            services.agenda_approve(meeting=meeting, user=user)
            messages.success(request, _("The agenda is approved; the invitations are being sent."))
        elif action == "return" and permissions.can_approve_agenda(user, meeting):
            require_fresh_authentication(request)
            services.agenda_return(meeting=meeting, user=user, comment=request.POST.get("comment", ""))
            messages.success(request, _("The agenda was returned to the manager."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        _error_message(request, error)
    return _back(meeting)


def _confirm_approval(request, meeting: MeetingPage, **context):
    """The chair's second step before an approval that e-mails people: who gets what, by name."""
    return render(request, "events/approve_confirm.html", {"meeting": meeting, **context})


@login_required
def agenda_approve_confirm(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    if not permissions.can_approve_agenda(request.user, meeting):
        raise PermissionDenied
    return _confirm_approval(
        request,
        meeting,
        kind="agenda",
        what=_("Approve the agenda"),
        audience=selectors.agenda_approval_audience(meeting),
        items=meeting.agenda_items.filter(status=ItemStatus.ACCEPTED),
        action_url=reverse("events:agenda_action", args=[meeting.pk, "approve"]),
        back_url=reverse("events:meeting", args=[meeting.pk]),
    )


@login_required
def minutes_approve_confirm(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    minutes = _minutes_or_404(meeting)
    if not permissions.can_approve_minutes(request.user, minutes):
        raise PermissionDenied
    return _confirm_approval(
        request,
        meeting,
        kind="minutes",
        what=_("Approve and publish the minutes"),
        audience=selectors.body_people(meeting.body),
        action_url=reverse("events:minutes_action", args=[meeting.pk, "approve"]),
        back_url=reverse("events:minutes", args=[meeting.pk]),
    )


def meeting_public(request, meeting_id: int):
    """A meeting's public page in the visitor's language (the page itself is in Czech: `MeetingPage.
    language_urls`). In Czech this address leads to the page."""
    meeting = get_object_or_404(MeetingPage.objects.live(), pk=meeting_id)
    if translation.get_language() == language_of(meeting):
        return redirect(meeting.get_url(request))
    if not permissions.can_view_meeting(request.user, meeting):
        if not request.user.is_authenticated and meeting.visibility == Visibility.MEMBERS:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return meeting.serve(request)


def _answer(request, invitation, *, done_url: str):
    """Record an invitee's answer; a refused one comes back on the answer page with what was chosen
    and the reason next to the field."""
    if request.method == "POST":
        form = forms.RsvpForm(request.POST)
        if form.is_valid():
            try:
                services.invitation_respond(invitation=invitation, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you, your answer is recorded."))
                return redirect(done_url)
    else:
        form = forms.RsvpForm(initial={"response": request.GET.get("odpoved") or invitation.response})
    return render(
        request,
        "events/rsvp.html",
        {"invitation": invitation, "meeting": invitation.meeting, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def respond(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    invitation = selectors.my_invitation(meeting, request.user)
    if invitation is None:
        raise PermissionDenied
    return _answer(request, invitation, done_url=reverse("events:meeting", args=[meeting.pk]))


@never_cache  # a personal link: the answer page is the invitee's own
@require_http_methods(["GET", "POST"])
def rsvp(request, token: str):
    """The link from the invitation e-mail: answers without signing in, for this invitation only."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    return _answer(request, invitation, done_url=request.path)


@login_required
def document(request, document_id: int):
    # Whether a confidential annex exists is itself confidential: 404 for whoever may not read it.
    annex = get_object_or_404(AgendaDocument.objects.visible_to(request.user), pk=document_id)
    return attachment_response(annex.file.open("rb"), filename=annex.filename)


@login_required
def invitation_pack(request, meeting_id: int):
    """The pack the worker built for what this reader may see; never built here (it takes seconds)."""
    meeting = _internal_meeting(request, meeting_id)
    pack_state = selectors.invitation_pack_for(meeting, request.user)
    if pack_state.state == selectors.PackState.READY:
        return attachment_response(
            pack_state.pack.file.open("rb"), filename=documents.pack_filename(meeting), content_type="application/zip"
        )
    if pack_state.state == selectors.PackState.PREPARING:
        messages.info(request, _("The invitation pack is being prepared; it will be ready in a moment."))
    else:
        messages.info(request, _("The invitation pack will be ready once the chair approves the agenda."))
    return _back(meeting)


@login_required
def agenda_print(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    return render(
        request,
        "events/print/agenda.html",
        documents.agenda_context(meeting, selectors.agenda_items_for(meeting, request.user)),
    )


# --- Minutes -----------------------------------------------------------------------------------


def _minutes_or_404(meeting: MeetingPage) -> Minutes:
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        raise Http404
    return minutes


@login_required
def minutes(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    minutes = _minutes_or_404(meeting)
    minutes.keep_approved_records()
    user = request.user
    # The working copy and the approved version, resolved together: items, names and numbers read once.
    draft, approved = selectors.minutes_versions_rows(
        meeting,
        [
            minutes.content if permissions.can_read_minutes_draft(user, minutes) else None,
            minutes.approved_content or None,
        ],
        public=False,
        confidential=permissions.can_view_confidential(user, meeting),
    )
    return render(
        request,
        "events/minutes.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "minutes": minutes,
            "draft": draft,
            "approved": approved,
            # Comments show beside the working version's entries this reader may see, by the same rule
            # as the entries; approved minutes with no correction under way show no working version.
            "threads": selectors.comment_threads(minutes, user) if draft and not minutes.stands_approved else {},
            "can_comment": permissions.can_comment_minutes(user, minutes),
            "can_edit": permissions.can_edit_minutes(user, meeting),
            "can_circulate": permissions.can_circulate_minutes(user, minutes),
            "can_submit": permissions.can_submit_minutes(user, minutes),
            "can_approve": permissions.can_approve_minutes(user, minutes),
            "can_close_comments": permissions.can_close_comments_early(user, minutes),
            "circulate_form": forms.CirculateForm(),
            "return_form": forms.CommentForm(),
            "close_form": forms.CloseCommentsForm(),
            "history": approval_history(minutes),
        },
    )


def _people_names(meeting: MeetingPage, content: dict) -> dict:
    ids = [row["person"] for row in content.get("attendance", [])]
    return {user.pk: str(user) for user in User.objects.filter(pk__in=ids)}


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    if not permissions.can_edit_minutes(request.user, meeting):
        if not permissions.can_manage_meeting(request.user, meeting):
            raise PermissionDenied
        # The manager is told why not now (before the meeting, or while the chair has them), not refused.
        messages.info(request, rules.refusal(rules.MINUTES, "edit", meeting, permissions.minutes_state(meeting)))
        return _back(meeting)
    minutes = services.minutes_for(meeting)
    items = {item.pk: item for item in meeting.agenda_items.all()}
    form = forms.MinutesForm(
        request.POST or None,
        meeting=meeting,
        content=minutes.content,
        items=items,
        people=_people_names(meeting, minutes.content),
        based_on=minutes.latest_revision_id,
        numbered=dict(minutes.decisions.values_list("key", "number")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                minutes=minutes,
                user=request.user,
                content=form.content_from_input(),
                based_on=form.cleaned_data["based_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("events:minutes", meeting_id=meeting.pk)
    return render(request, "events/minutes_form.html", {"meeting": meeting, "minutes": minutes, "form": form})


@login_required
@require_POST
def minutes_action(request, meeting_id: int, action: str):
    meeting = _internal_meeting(request, meeting_id)
    minutes = _minutes_or_404(meeting)
    user = request.user
    try:
        if action == "circulate" and permissions.can_circulate_minutes(user, minutes):
            form = forms.CirculateForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors["deadline"])
            deadline = form.cleaned_data["deadline"]
            services.minutes_circulate(minutes=minutes, user=user, deadline=deadline)
            messages.success(request, _("The minutes were sent to the members for comments."))
        elif action == "submit" and permissions.can_submit_minutes(user, minutes):
            services.minutes_submit(minutes=minutes, user=user)
            messages.success(request, _("The minutes were sent to the chair for approval."))
        elif action == "approve" and permissions.can_approve_minutes(user, minutes):
            require_fresh_authentication(request)
            services.minutes_approve(minutes=minutes, user=user)
            messages.success(request, _("The minutes are approved and published."))
        elif action == "return" and permissions.can_approve_minutes(user, minutes):
            require_fresh_authentication(request)
            services.minutes_return(minutes=minutes, user=user, comment=request.POST.get("comment", ""))
            messages.success(request, _("The minutes were returned to the manager."))
        elif action == "close-comments" and permissions.can_close_comments_early(user, minutes):
            require_fresh_authentication(request)
            services.minutes_close_comments(minutes=minutes, user=user, reason=request.POST.get("comment", ""))
            messages.success(request, _("The comment period is closed; the minutes wait for your approval."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        _error_message(request, error)
    return redirect("events:minutes", meeting_id=meeting.pk)


@login_required
@require_POST
def minutes_comment(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    minutes = _minutes_or_404(meeting)
    if not permissions.can_participate_in(request.user, meeting):
        raise PermissionDenied
    form = forms.MinutesCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a comment."))
        return redirect("events:minutes", meeting_id=meeting.pk)
    item_id, parent_id = form.cleaned_data["agenda_item"], form.cleaned_data["parent"]
    item = AgendaItem.objects.visible_to(request.user).filter(pk=item_id, meeting=meeting).first() if item_id else None
    if item_id is not None and item is None:
        raise PermissionDenied
    parent = get_object_or_404(MinutesComment, pk=parent_id, minutes=minutes) if parent_id else None
    try:
        services.minutes_comment(
            minutes=minutes,
            user=request.user,
            text=form.cleaned_data["text"],
            agenda_item=item,
            parent=parent,
        )
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("Your comment was added."))
    return redirect("events:minutes", meeting_id=meeting.pk)


@login_required
def minutes_changes(request, meeting_id: int):
    """What changed between the version circulated to members and the approved (or current) one."""
    meeting = _internal_meeting(request, meeting_id)
    minutes = _minutes_or_404(meeting)
    if not permissions.can_read_minutes_draft(request.user, minutes) or minutes.circulated_revision is None:
        raise Http404
    before = minutes.circulated_revision.as_object().records()
    after_revision = minutes.latest_revision if minutes.has_unpublished_changes else minutes.live_revision
    after = after_revision.as_object().records()
    confidential = permissions.can_view_confidential(request.user, meeting)
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if not confidential:
        before, after = _without_confidential(before, items), _without_confidential(after, items)
    titles = {pk: item.title for pk, item in items.items()}
    names = _people_names(meeting, after) | _people_names(meeting, before)
    lines = services.minutes_diff(before, after, lambda content: notes_as_lines(content, titles, names))
    return render(
        request,
        "events/minutes_changes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "lines": lines,
            "before": minutes.circulated_revision,
            "after": after_revision,
        },
    )


def _without_confidential(content: dict, items: dict) -> dict:
    kept = [e for e in content.get("items", []) if not entry_is_confidential(e, items.get(e["agenda_item"]))]
    return {**content, "items": kept}


@login_required
def minutes_print(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    minutes = _minutes_or_404(meeting)
    if not minutes.approved_content and not permissions.can_read_minutes_draft(request.user, minutes):
        raise Http404
    return render(request, "events/print/minutes.html", documents.minutes_context(meeting, minutes, request.user))


@login_required
def minutes_pdf(request, meeting_id: int):
    """The approved minutes as a tagged PDF (PDF/UA-1, Czech): the copy that is signed and filed."""
    meeting = _internal_meeting(request, meeting_id)
    minutes = _minutes_or_404(meeting)
    if not minutes.approved_content:
        raise Http404
    pdf = documents.minutes_pdf(meeting, minutes, request.user)
    return attachment_response(pdf, filename=documents.minutes_filename(meeting), content_type="application/pdf")


def public_minutes_pdf(request, meeting_id: int):
    """The public version of approved minutes as PDF, for anyone: public items only, no names. Built
    once per approval and kept in the cache (WeasyPrint takes a second or two)."""
    meeting = get_object_or_404(selectors.public_meetings(), pk=meeting_id)
    minutes = _minutes_or_404(meeting)
    if not minutes.approved_content:
        raise Http404
    key = f"events:public-minutes-pdf:{minutes.pk}:{minutes.approved_at.timestamp() if minutes.approved_at else 0}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = documents.minutes_pdf(meeting, minutes, AnonymousUser(), public=True)
        cache.set(key, pdf, 60 * 60 * 24 * 30)
    filename = documents.minutes_filename(meeting)
    return attachment_response(pdf, filename=filename, content_type="application/pdf", private=False)


def meeting_archive(request, body_id: int):
    """The public archive of a body's held meetings, a year at a time, with links to public minutes. As it
    first opens (its latest year) it is the same for every visitor, so kept (`portal.public_parts`)."""
    archive = public_parts.as_first_opened(request, ("meeting-archive", body_id), lambda: _archive(request, body_id))
    if archive is None:
        raise Http404
    return render(request, "events/archive.html", archive)


def _archive(request, body_id: int) -> dict | None:
    body = BodyPage.objects.live().public().filter(pk=body_id).first()
    if body is None:
        return None
    meetings = selectors.held(selectors.public_meetings_of(body))
    years = [moment.year for moment in meetings.dates("start", "year", order="DESC")]
    try:
        year = int(request.GET.get("rok") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        return None
    context = {"body": body, "meetings": meetings.filter(start__year=year), "years": years, "year": year}
    return {
        "title": body.title,
        "article": public_parts.render(request, "events/includes/archive_article.html", context),
    }


# --- Tasks, plan, calendars --------------------------------------------------------------------


@login_required
def my_tasks(request):
    """One's tasks from every body, unfinished ones unless another state is asked for, a page at a time."""
    tasks, states = selectors.tasks_in_state(
        selectors.task_rows(selectors.my_tasks(request.user)), request.GET.get("stav", "")
    )
    return render(
        request,
        "events/my_tasks.html",
        {"tasks": _tasks_page(request, tasks, states), "states": states, "status_choices": TaskStatus.choices},
    )


@login_required
@require_POST
def task_status(request, task_id: int):
    task = get_object_or_404(Task.objects.select_related("body"), pk=task_id)
    if not permissions.can_change_task(request.user, task):
        raise groups_permissions.refuse(request.user, task.body)
    form = forms.TaskStatusForm(request.POST)
    if form.is_valid():
        services.task_set_status(task=task, user=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("The task's status was changed."))
    else:
        messages.error(request, _("Choose a valid status."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("events:my_tasks")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan(request, body_id: int):
    """The manager plans a meeting here, not in the CMS: the page is made behind the scenes."""
    body = get_object_or_404(BodyPage, pk=body_id)
    if not groups_permissions.can_manage(request.user, body):
        raise PermissionDenied
    initial = {}
    if day := request.GET.get("den"):  # from the year plan: a day in the period still without a meeting
        with contextlib.suppress(ValueError):
            initial["date"] = max(datetime.date.fromisoformat(day), timezone.localdate() + datetime.timedelta(days=1))
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(body=body, user=request.user, values=form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meeting is planned. Add the agenda items and send it to the chair."))
            return _back(meeting)
    return render(request, "events/meeting_form.html", {"body": body, "form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_change(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    if not permissions.can_change_meeting(request.user, meeting):
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_change(meeting=meeting, user=request.user, values=form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The meeting is saved; whoever was invited has been told of the change."))
            return _back(meeting)
    context = {"body": meeting.body, "meeting": meeting, "form": form}
    return render(request, "events/meeting_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def meeting_cancel(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    if not permissions.can_cancel_meeting(request.user, meeting):
        raise PermissionDenied
    if request.POST.get("confirm") != "yes":  # the form says who will be told; the box says it was read
        messages.error(request, _("Tick the box to confirm that the meeting is cancelled."))
        return _back(meeting)
    try:
        services.meeting_cancel(meeting=meeting, user=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The meeting is cancelled; whoever was invited has been told."))
    return _back(meeting)


@login_required
@require_POST
def invitation_remind(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    if not permissions.can_remind_invitees(request.user, meeting):
        raise PermissionDenied
    try:
        count = services.invitation_remind(meeting=meeting, user=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        if count:
            messages.success(request, _("A reminder is on its way to those who have not answered."))
        else:
            messages.info(request, _("Nobody to remind: everyone has answered or was reminded in the last day."))
    return _back(meeting)


@login_required
def attendance_sheet(request, meeting_id: int):
    """The printable attendance sheet (prezenční listina): names, organisations, a line to sign."""
    meeting = _internal_meeting(request, meeting_id)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    context = {**documents.agenda_context(meeting, ()), "rows": selectors.attendance_sheet_rows(meeting)}
    context["blank_rows"] = range(len(context["rows"]) + 1, len(context["rows"]) + 6)  # guests who come unannounced
    return render(request, "events/print/attendance.html", context)


@login_required
def plan(request, body_id: int, year: int | None = None):
    body = get_object_or_404(BodyPage, pk=body_id)
    if not groups_permissions.can_view_internal(request.user, body):
        raise Http404
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    return render(
        request,
        "events/plan.html",
        {
            "body": body,
            "plan": selectors.year_plan(body, year),
            "can_manage": groups_permissions.can_manage(request.user, body),
            "previous_year": year - 1,
            "next_year": year + 1,
        },
    )


def body_calendar(request, body_id: int):
    """The body's public meetings as an iCalendar feed."""
    body = get_object_or_404(BodyPage.objects.live().public(), pk=body_id)
    meetings = selectors.public_meetings_of(body).filter(start__gte=timezone.now() - datetime.timedelta(days=365))
    return _ics(calendar.calendar_bytes(meetings, body.title))


def personal_calendar(request, token: str):
    person = calendar.person_for_token(token)
    if person is None:
        raise Http404
    meetings = selectors.meetings_for_person(person)
    return _ics(calendar.calendar_bytes(meetings, _("My meetings")), private=True)


def _ics(content: bytes, private: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kalendar.ics"'
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    if request.method == "POST":
        calendar.feed_reset(request.user)
        messages.success(request, _("Your calendar has a new address; the old one no longer works."))
        return redirect("events:calendar_settings")
    token = calendar.feed_token(request.user)
    url = request.build_absolute_uri(_personal_calendar_path(token))
    return render(request, "events/calendar_settings.html", {"feed_url": url})


def _personal_calendar_path(token: str) -> str:
    return reverse("events:personal_calendar", kwargs={"token": token})


# --- The live meeting room ---------------------------------------------------------------------


@login_required
@never_cache
def live_room(request, meeting_id: int):
    """The room: the page shows the agenda and what was recorded (enough without JavaScript, with a
    reload button); `events/live_room.js` keeps it live over the room's socket."""
    meeting = _internal_meeting(request, meeting_id)
    room = getattr(meeting, "live_room", None)
    access = live.room_access(request.user, meeting, room)
    state = live.room_state(meeting, core=access.core)
    current = next((item for item in state["items"] if item["id"] == state["room"]["current"]), None)
    return render(
        request,
        "events/live_room.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "state": state,
            "current": current,
            "access": access,
            "can_open": live.can_open_room(request.user, meeting),
            "can_close": live.can_close_room(request.user, meeting),
            "open_refusal": live.open_refusal(meeting) if access.manages else None,
            "can_go_public": access.manages and live.may_be_public(meeting),
            "socket_path": f"/ws/meetings/{meeting.pk}/live/?lang={translation.get_language()}",
            "labels": _live_labels(),
        },
    )


def _live_labels() -> dict:
    """The words `live_room.js` needs, in the page's language (%s and %(name)s are filled in there)."""
    return {
        "kinds": dict(AgendaKind.choices),
        "attendance": {"": _("not recorded"), **dict(Attendance.choices)},
        "connecting": _("Connecting…"),
        "connected": _("Connected: the page updates itself."),
        "lost": _("Connection lost – reconnecting…"),
        "ended": _("Your access to the room has ended. Reload the page."),
        "queued": _("%s changes wait for the connection and will be sent once it is back."),
        "confidential": _("Confidential item"),
        "now": _("Now discussing: %s"),
        "floor": _("%s has the floor."),
        "no_floor": _("Nobody has the floor."),
        "give_floor": _("Give the floor"),
        "withdraw": _("Withdraw"),
        "ask": _("Ask to speak"),
        "queue_closed": _("The queue is closed."),
        "close_queue": _("Close the queue"),
        "open_queue": _("Open the queue"),
        "present": _("%(present)s of %(total)s present"),
        "check_in": _("I am here"),
        "checked_in": _("You are checked in."),
        "discuss": _("Discuss now"),
        "minutes": _("%s min"),
        "elapsed": _("%(elapsed)s of %(planned)s min"),
        "over": _("over time"),
        "notes": _("Notes"),
        "decisions": _("Decisions"),
        "tasks": _("Tasks"),
        "due": _("due %s"),
        "poll": _("Poll"),
        "anonymous": _("anonymous"),
        "named": _("named"),
        "vote": _("Vote"),
        "voted": _("You have voted."),
        "ballots": _("Voted: %s"),
        "close_poll": _("Close the poll"),
        "results": _("Results"),
        "remove": _("Remove"),
        "sending": _("Sending…"),
        "show_public": _("Let the public follow the agenda"),
        "hide_public": _("Stop the public view"),
    }


def live_public(request, meeting_id: int):
    """A public round table as it goes, for anyone, while its manager lets the public follow it: the
    public items and which one is discussed (`events/live_room.js` keeps it current)."""
    meeting = get_object_or_404(selectors.public_meetings().select_related("live_room"), pk=meeting_id)
    room = getattr(meeting, "live_room", None)
    if room is None or not room.public or not live.may_be_public(meeting):
        raise Http404
    state = live.RoomView(meeting).public_state()
    current = next((item for item in state["items"] if item["id"] == state["room"]["current"]), None)
    labels = _live_labels()
    labels["ended"] = _("The meeting is no longer followed live. The minutes are published once approved.")
    return render(
        request,
        "events/live_public.html",
        {
            "meeting": meeting,
            "state": state,
            "current": current,
            "socket_path": f"/ws/meetings/{meeting.pk}/live/public/",
            "labels": labels,
        },
    )


@login_required
@require_POST
def live_open(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    try:
        live.room_open(meeting=meeting, user=request.user)
    except ValidationError as error:
        _error_message(request, error)
    else:
        messages.success(request, _("The meeting is in session. Members can join the room from the meeting's page."))
    return redirect("events:live_room", meeting_id=meeting.pk)


@login_required
@require_POST
def live_close(request, meeting_id: int):
    meeting = _internal_meeting(request, meeting_id)
    if not live.can_close_room(request.user, meeting):
        raise PermissionDenied
    try:
        live.room_close(meeting=meeting, user=request.user)
    except ValidationError as error:
        _error_message(request, error)
        return redirect("events:live_room", meeting_id=meeting.pk)
    messages.success(request, _("The meeting has ended. What the room recorded is in the minutes draft below."))
    return redirect("events:minutes_edit", meeting_id=meeting.pk)


# --- Lists that grow over the years, a page at a time: a body's meetings by year, its tasks --------

TASKS_PER_PAGE = 25
MEETINGS_PER_PAGE = 30


def _page(request, items, per_page: int, count: int | None = None):
    """One page of a list (`?strana=`); a page past the end shows the last one. A total already known
    (`count`) is not counted again."""
    paginator = Paginator(items, per_page) if count is None else CountedPaginator(items, per_page, count=count)
    return paginator.get_page(request.GET.get("strana"))


def _tasks_page(request, tasks, states):
    """A page of a task list filtered by state: the state chosen was counted with the filter's choices."""
    return _page(request, tasks, TASKS_PER_PAGE, count=next(state.count for state in states if state.current))


def _internal_body(request, body_id: int) -> BodyPage:
    body = get_object_or_404(BodyPage, pk=body_id)
    if not groups_permissions.can_view_internal(request.user, body):
        raise Http404
    return body


@login_required
def body_meetings(request, body_id: int, year: int | None = None):
    """Every meeting of a body for its members, a year at a time, with how many each year had."""
    body = _internal_body(request, body_id)
    meetings = selectors.meetings_of(body)
    years = selectors.meeting_years(meetings)
    if year is None:
        this_year = timezone.localdate().year
        year = this_year if this_year in years or not years else next(iter(years))
    if not 2000 <= year <= 2100:
        raise Http404
    in_year = selectors.listed_meetings(meetings.filter(start__year=year)).order_by("start")
    context = {
        "body": body,
        "year": year,
        "years": years,
        "meetings": _page(request, in_year, MEETINGS_PER_PAGE),
        "can_manage": groups_permissions.can_manage(request.user, body),
    }
    return render(request, "events/body_meetings.html", context)


@login_required
def body_tasks(request, body_id: int):
    """A body's tasks this person may see, unfinished ones unless another state is asked for."""
    body = _internal_body(request, body_id)
    tasks, states = selectors.tasks_in_state(selectors.body_tasks(body, request.user), request.GET.get("stav", ""))
    context = {
        "body": body,
        "tasks": _tasks_page(request, tasks, states),
        "states": states,
        "status_choices": TaskStatus.choices,
        "can_manage": groups_permissions.can_manage(request.user, body),
    }
    return render(request, "events/body_tasks.html", context)
