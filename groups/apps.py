from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    """Organisations, bodies (working group, round tables, sub-groups) and memberships."""

    name = "groups"
    label = "groups"
    verbose_name = _("Working groups")

    def ready(self):
        from groups import receivers

        receivers.connect()
