"""Request middleware of the site core: the content security policy and the two-factor rule."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from portal import page_cache, page_routes, view_restrictions
from portal.accounts import has_second_factor, requires_two_factor
from portal.resilient_cache import CacheUnavailable

ADMIN_PREFIX = "/admin/"

# The Wagtail admin still ships inline scripts and styles and shows page previews in a same-origin
# frame, so it gets a looser policy than the public site, which needs neither.
ADMIN_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
ADMIN_POLICY_REPLACE = {"frame-ancestors": ["'self'"]}


class SiteContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_POLICY_UPDATE, **(parts.update or {})}
            parts.replace = {**ADMIN_POLICY_REPLACE, **(parts.replace or {})}
        return parts


# Views a user without two-factor may still reach: sign-in, sign-out, setting up two-factor.
TWO_FACTOR_SETUP_VIEW_PREFIXES = ("account_", "mfa_")


class RequireStaffTwoFactorMiddleware:
    """Sends users who must use two-factor authentication to set it up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not requires_two_factor(user):
            return None
        url_name = request.resolver_match.url_name or ""
        if url_name.startswith(TWO_FACTOR_SETUP_VIEW_PREFIXES):
            return None
        if has_second_factor(user):
            return None
        messages.warning(request, _("Your role requires two-factor authentication. Please set it up first."))
        return redirect("mfa_activate_totp")


# Views whose anonymous responses are the same for everybody.
CACHEABLE_VIEWS = frozenset({"wagtail_serve", "sitemap", "robots_txt"})


class KeptSiteMiddleware:
    """The views Wagtail does not serve (search, members' pages) find the Wagtail site in the page cache
    (`page_routes.attach_site`); Wagtail's own serving reads it with the route."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("GET", "HEAD") and view_func is not page_routes.serve:
            page_routes.attach_site(request)


class HeldWhileReadingMiddleware:
    """Within a GET (or HEAD), what is read once and held for the rest of the request: the pages under view
    restrictions, however many public lists the page shows (`view_restrictions.kept_while_reading`), and
    what the page cache reads ahead (the site frame's parts, read with the route or the site) until the
    templates ask for it (`page_cache.held_for_request`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with view_restrictions.kept_while_reading(), page_cache.held_for_request():
            return self.get_response(request)


class AnonymousPageCacheMiddleware:
    """Serves public pages to visitors without a session from the cache, keyed by host and path
    (the path carries the language). Responses that set a cookie are never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._anonymous_read(request):
            return self.get_response(request)
        cache_key, response = page_cache.lookup("page", request.get_host(), request.path)
        if response is not None:
            return response
        response = self.get_response(request)
        if request.method == "GET" and self._shareable(request, response):
            page_cache.store(cache_key, response)
        return response

    @staticmethod
    def _anonymous_read(request) -> bool:
        # Query strings are not cached: each would be a new entry, and any visitor could flood the cache.
        return (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
        )

    @staticmethod
    def _shareable(request, response) -> bool:
        match = getattr(request, "resolver_match", None)
        cache_control = response.get("Cache-Control", "")
        return (
            match is not None
            and match.url_name in CACHEABLE_VIEWS
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
        )


RETRY_AFTER_OUTAGE_SECONDS = 30


class CacheOutageMiddleware:
    """A view that needed the cache while it is unavailable answers 503 in the site's layout, never
    500. This is how sign-in, sign-up, password reset and re-authentication fail closed: allauth keeps
    their rate limits in the cache, and without the limits it must not let anybody try."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CacheUnavailable):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.func.__module__.startswith("allauth."):
            message = _("Signing in is unavailable right now. Please try again in a moment.")
        else:
            message = _("This is unavailable right now. Please try again in a moment.")
        response = render(request, "503.html", {"message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_OUTAGE_SECONDS)
        add_never_cache_headers(response)
        return response


class PersonalResponseMiddleware:
    """Whatever is answered to a signed-in person depends on who asks (their name in the header, their
    meetings, their files): no cache, shared or the browser's, may keep it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
