from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site core: accounts, pages, settings, notifications, sanitising, demo content."""

    name = "portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from portal import receivers, view_restrictions

        receivers.connect()
        view_restrictions.install()
