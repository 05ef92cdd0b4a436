"""Wagtail wiring of the events app: the names of our steps in the admin's history and audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_meeting_actions(actions):
    actions.register_action("events.agenda_approved", _("Agenda approved"), _("Agenda approved"))
    actions.register_action("events.minutes_circulated", _("Minutes circulated"), _("Minutes circulated"))
    actions.register_action("events.minutes_submitted", _("Minutes submitted"), _("Minutes submitted"))
    actions.register_action("events.minutes_returned", _("Minutes returned"), _("Minutes returned"))
    actions.register_action("events.minutes_approved", _("Minutes approved"), _("Minutes approved"))
