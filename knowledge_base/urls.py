"""Knowledge-base views outside the page tree; included inside i18n_patterns (Czech slugs in cs)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from knowledge_base import views
from knowledge_base.feeds import KnowledgeBaseFeed

urlpatterns = [
    path(_("search/"), views.search_view, name="kb_search"),
    path(_("feed/"), KnowledgeBaseFeed(), name="kb_feed"),
    path(_("newsletter/"), views.newsletter_signup, name="newsletter_signup"),
    path(_("newsletter/confirm/<str:token>/"), views.newsletter_confirm, name="newsletter_confirm"),
    path(_("newsletter/unsubscribe/<str:token>/"), views.newsletter_unsubscribe, name="newsletter_unsubscribe"),
]
