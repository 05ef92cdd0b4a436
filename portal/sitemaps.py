from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class SiteSitemap(Sitemap):
    """Wagtail's sitemap lists only the default-language tree; ours lists every translation too."""

    def items(self):
        in_any_tree = Q()
        for root in self.get_wagtail_site().root_page.get_translations(inclusive=True):
            in_any_tree |= Q(path__startswith=root.path)
        return Page.objects.filter(in_any_tree).live().public().order_by("path").defer_streamfields().specific()
