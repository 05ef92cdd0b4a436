"""Members' area: dashboard, a body's internal page, invitations. Thin: check, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from groups import exporting, permissions, selectors, services, workflows
from groups.forms import InvitationForm
from groups.models import (
    BODY_INTERNAL_LINKS_HOOK,
    BODY_INTERNAL_SECTIONS_HOOK,
    DASHBOARD_SECTIONS_HOOK,
    BodyPage,
    Invitation,
    Membership,
)
from portal import tabular
from portal.downloads import attachment_response
from portal.hooks import sections


def _body_or_404(body_id: int) -> BodyPage:
    return get_object_or_404(BodyPage, pk=body_id)


@login_required
def dashboard(request):
    memberships = selectors.my_memberships(request.user)
    return render(
        request,
        "groups/dashboard.html",
        {
            "memberships": memberships,
            "invitations": selectors.my_pending_invitations(request.user),
            # The one queue of what waits for this person's decision, whatever it is (groups/workflows.py).
            "awaiting": workflows.awaiting(request.user),
            "dashboard_sections": sections(DASHBOARD_SECTIONS_HOOK, request),
            "managed_ids": {m.body_id for m in memberships if permissions.can_manage(request.user, m.body)},
        },
    )


@login_required
def body_internal(request, body_id: int):
    body = _body_or_404(body_id)
    if not permissions.can_view_internal(request.user, body):
        raise permissions.refuse(request.user, body)
    can_manage = permissions.can_manage(request.user, body)
    return render(
        request,
        "groups/body_internal.html",
        {
            "body": body,
            "roster": selectors.body_roster(body),
            "can_manage": can_manage,
            "can_see_contacts": permissions.can_see_contacts(request.user, body),
            "history": selectors.recent_history(body) if can_manage else None,
            "invitations": selectors.body_invitations(body) if can_manage else None,
            "grantable_roles": permissions.grantable_roles(request.user, body),
            "body_links": sections(BODY_INTERNAL_LINKS_HOOK, request, body),
            "body_sections": sections(BODY_INTERNAL_SECTIONS_HOOK, request, body),
        },
    )


REGISTER_FORMATS = {"csv": tabular.CSV_CONTENT_TYPE, "xlsx": tabular.XLSX_CONTENT_TYPE}


@login_required
def register_export(request, body_id: int, file_format: str):
    """The membership register (with ended memberships and e-mails) for whoever runs the body."""
    body = _body_or_404(body_id)
    if file_format not in REGISTER_FORMATS:
        raise Http404
    if not permissions.can_manage(request.user, body):
        raise permissions.refuse(request.user, body)
    return attachment_response(
        exporting.register_file(body, file_format),
        filename=f"rejstrik-{body.slug}-{timezone.localdate():%Y-%m-%d}.{file_format}",
        content_type=REGISTER_FORMATS[file_format],
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, body_id: int):
    body = _body_or_404(body_id)
    if not permissions.can_invite(request.user, body):
        raise permissions.refuse(request.user, body)
    form = InvitationForm(request.POST or None, roles=permissions.grantable_roles(request.user, body))
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(body=body, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("groups:body_internal", body_id=body.pk)
    return render(request, "groups/invite.html", {"body": body, "form": form})


@never_cache  # a personal link
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    found = services.invitation_for_token(token)
    if found is None:
        return render(request, "groups/invitation_invalid.html", status=404)
    refusal = services.INVITATION_REFUSALS.get(found.status)
    if refusal:
        return render(request, "groups/invitation_invalid.html", {"reason": refusal()}, status=410)
    if not request.user.is_authenticated:
        services.invitation_remember_for_signup(request, found)
        return render(request, "groups/invitation.html", {"invitation": found})
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=found, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Welcome to %(body)s.") % {"body": found.body.title})
            return redirect("groups:body_internal", body_id=found.body_id)
    return render(request, "groups/invitation.html", {"invitation": found})


@login_required
@require_POST
def invitation_revoke(request, pk: int):
    found = get_object_or_404(Invitation.objects.select_related("body"), pk=pk)
    if not permissions.can_invite(request.user, found.body):
        raise permissions.refuse(request.user, found.body)
    try:
        services.invitation_revoke(invitation=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation for %(email)s was revoked.") % {"email": found.email})
    return redirect("groups:body_internal", body_id=found.body_id)


@login_required
@require_POST
def membership_end(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("body", "person"), pk=pk)
    if not permissions.can_edit_membership(request.user, membership):
        raise permissions.refuse(request.user, membership.body)
    try:
        services.membership_end(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The membership of %(person)s has ended.") % {"person": membership.person})
    return redirect("groups:body_internal", body_id=membership.body_id)
