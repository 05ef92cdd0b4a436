from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views
from portal.sitemaps import SiteSitemap

urlpatterns = [
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SiteSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The address people (and allauth's docs) expect; ours is /ucet/login/ in Czech.
    path("accounts/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
]

if settings.BENCHMARK_REFERENCE_VIEW:
    urlpatterns.append(path("_bench/reference/", views.bench_reference))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Czech at the root, English under /en/; Wagtail's catch-all comes last.
urlpatterns += i18n_patterns(
    path(_("account/"), include("allauth.urls")),
    path(_("notifications/"), views.notification_list, name="notifications"),
    path(_("notifications/count/"), views.notification_count, name="notification_count"),
    path("", include("events.urls")),
    path(_("members/"), include("groups.urls")),
    path("", include("knowledge_base.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
