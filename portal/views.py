"""Views of the site core; thin: check, call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from wagtail.admin.userbar import Userbar
from wagtail.models import Page

from portal.forms import ProfileForm
from portal.selectors import recent_notifications, unread_notification_count
from portal.services import notifications_mark_all_read


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    """For browsers that ask for /favicon.ico whatever the page links to: the site's SVG icon."""
    response = redirect(static("portal/favicon.svg"))
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def admin_login(request):
    """The Wagtail admin signs people in through allauth: same rate limits, same second factor."""
    url = reverse("account_login")
    if next_url := request.GET.get("next"):
        url = f"{url}?{urlencode({'next': next_url})}"
    return redirect(url)


@login_required
@require_GET
def notification_count(request):
    """The badge's fallback when WebSockets cannot connect: the page polls this instead."""
    return JsonResponse({"unread": unread_notification_count(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    if request.method == "POST":
        notifications_mark_all_read(user=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications")
    return render(request, "portal/notification_list.html", {"notifications": recent_notifications(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """A person's name, title and position, as registers, attendance, minutes and e-mails give them."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your name and position are saved."))
        return redirect("account_profile")
    return render(request, "account/profile.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@never_cache
def userbar(request, page_id: int):
    """Wagtail's user bar for one page, which `portal_tags.userbar` fetches after the page has loaded:
    what it asks (the editor's profile and page permissions, the page's parent and workflow) then costs
    the page itself nothing. Each item checks the editor's permission on the page, as in place."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        return HttpResponseForbidden()
    page = get_object_or_404(Page, pk=page_id, depth__gt=1).specific  # the root has no bar (nor a parent)
    return HttpResponse(Userbar(object=page).render_html({"request": request}))
