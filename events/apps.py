from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Meetings: agendas, minutes, invitations, the live meeting room."""

    name = "events"
    label = "events"
    verbose_name = _("Meetings")

    def ready(self):
        from events import receivers, snippets

        receivers.connect()
        snippets.register()
