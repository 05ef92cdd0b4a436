from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    """The housing concept, its action plan and the public progress tracker."""

    name = "action_plan"
    label = "action_plan"
    verbose_name = _("Action plan")

    def ready(self):
        from action_plan import receivers, snippets

        receivers.connect()
        snippets.register()
