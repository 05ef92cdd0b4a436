"""Atom feed of new good practices, myth pages and materials, in the request's language."""

from django.contrib.syndication.views import Feed
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from knowledge_base.search import visible_entries

FEED_LENGTH = 30


class KnowledgeBaseFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Social housing: new good practice and materials")

    def subtitle(self):
        return _("Good practice from municipalities, myths and facts, and materials on social housing.")

    def link(self):
        return self.request.build_absolute_uri("/" if translation.get_language() == "cs" else "/en/")

    def items(self):
        # The same visibility rule as the search: live, public, allowlisted types only.
        return (
            visible_entries(translation.get_language())
            .exclude(kind="page")
            .select_related("page")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.text[:500]

    def item_link(self, item):
        return item.page.get_url(self.request)

    def item_guid(self, item):
        return f"page-{item.page_id}"

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [str(item.get_kind_display())]
