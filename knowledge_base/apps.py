from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeBaseConfig(AppConfig):
    """Good practice from municipalities, myth-busting, materials and the newsletter."""

    name = "knowledge_base"
    label = "knowledge_base"
    verbose_name = _("Knowledge base")

    def ready(self):
        from knowledge_base import receivers

        receivers.connect()
