from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import page_routes, views
from portal.sitemaps import SiteSitemap

PUBLIC_MEDIA_FOLDERS = ("images", "original_images")

# Wagtail's own front-end URLs minus its password login (`_util/login/`, Django's LoginView, which
# skips two-factor and allauth's rate limits): every sign-in goes through allauth. The name stays,
# pointing at allauth, because Wagtail reverses it.
wagtail_site_urls = [
    path(
        "_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True), name="wagtailcore_login"
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    re_path(r"^((?:[\w\-]+/)*)$", page_routes.serve, name="wagtail_serve"),
]

urlpatterns = [
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SiteSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # The address people (and allauth's docs) expect; ours is /ucet/login/ in Czech.
    path("accounts/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
]

if settings.DEBUG:
    # Images only, as the production proxy does: documents are never served from MEDIA_ROOT directly,
    # only through Wagtail's view, which checks their collection's privacy.
    for folder in PUBLIC_MEDIA_FOLDERS:
        urlpatterns += static(f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT) / folder)

# Czech at the root, English under /en/; Wagtail's catch-all comes last.
urlpatterns += i18n_patterns(
    path(_("account/profile/"), views.profile, name="account_profile"),
    path(_("account/"), include("allauth.urls")),
    path(_("notifications/"), views.notification_list, name="notifications"),
    path(_("notifications/count/"), views.notification_count, name="notification_count"),
    path("userbar/<int:page_id>/", views.userbar, name="userbar"),
    path("", include("events.urls")),
    path("", include("action_plan.urls")),
    path(_("members/"), include("groups.urls")),
    path("", include("knowledge_base.urls")),
    path("", include(wagtail_site_urls)),
    prefix_default_language=False,
)
