from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import views

app_name = "events"
urlpatterns = [
    path(_("members/meetings/<int:meeting_id>/"), views.meeting, name="meeting"),
    path(_("members/<int:body_id>/meetings/new/"), views.meeting_plan, name="meeting_plan"),
    path(_("members/meetings/<int:meeting_id>/change/"), views.meeting_change, name="meeting_change"),
    path(_("members/meetings/<int:meeting_id>/cancel/"), views.meeting_cancel, name="meeting_cancel"),
    path(_("members/meetings/<int:meeting_id>/remind/"), views.invitation_remind, name="invitation_remind"),
    path(_("members/meetings/<int:meeting_id>/attendance-sheet/"), views.attendance_sheet, name="attendance_sheet"),
    path(_("members/meetings/<int:meeting_id>/items/new/"), views.item_edit, name="item_add"),
    path(_("members/meetings/<int:meeting_id>/items/<int:item_id>/"), views.item_edit, name="item_edit"),
    path(_("members/meetings/items/<int:item_id>/decide/"), views.item_decide, name="item_decide"),
    path(_("members/meetings/items/<int:item_id>/withdraw/"), views.item_withdraw, name="item_withdraw"),
    path(_("members/meetings/items/<int:item_id>/move/"), views.item_move, name="item_move"),
    # The named routes before the catch-all `<str:action>` of the same prefix (it would swallow "print").
    path(_("members/meetings/<int:meeting_id>/agenda/print/"), views.agenda_print, name="agenda_print"),
    path(
        _("members/meetings/<int:meeting_id>/agenda/approve/confirm/"),
        views.agenda_approve_confirm,
        name="agenda_approve_confirm",
    ),
    path(_("members/meetings/<int:meeting_id>/agenda/<str:action>/"), views.agenda_action, name="agenda_action"),
    path(_("members/meetings/<int:meeting_id>/answer/"), views.respond, name="respond"),
    path(_("members/meetings/<int:meeting_id>/pack/"), views.invitation_pack, name="invitation_pack"),
    path(_("members/meetings/<int:meeting_id>/live/"), views.live_room, name="live_room"),
    path(_("members/meetings/<int:meeting_id>/live/open/"), views.live_open, name="live_open"),
    path(_("members/meetings/<int:meeting_id>/live/close/"), views.live_close, name="live_close"),
    path(_("members/meetings/<int:meeting_id>/minutes/"), views.minutes, name="minutes"),
    path(_("members/meetings/<int:meeting_id>/minutes/edit/"), views.minutes_edit, name="minutes_edit"),
    path(_("members/meetings/<int:meeting_id>/minutes/comment/"), views.minutes_comment, name="minutes_comment"),
    path(_("members/meetings/<int:meeting_id>/minutes/changes/"), views.minutes_changes, name="minutes_changes"),
    path(_("members/meetings/<int:meeting_id>/minutes/print/"), views.minutes_print, name="minutes_print"),
    path(_("members/meetings/<int:meeting_id>/minutes/pdf/"), views.minutes_pdf, name="minutes_pdf"),
    path(
        _("members/meetings/<int:meeting_id>/minutes/approve/confirm/"),
        views.minutes_approve_confirm,
        name="minutes_approve_confirm",
    ),
    path(_("members/meetings/<int:meeting_id>/minutes/<str:action>/"), views.minutes_action, name="minutes_action"),
    path(_("members/documents/<int:document_id>/"), views.document, name="document"),
    path(_("members/tasks/"), views.my_tasks, name="my_tasks"),
    path(_("members/tasks/<int:task_id>/status/"), views.task_status, name="task_status"),
    path(_("members/<int:body_id>/plan/"), views.plan, name="plan"),
    path(_("members/<int:body_id>/plan/<int:year>/"), views.plan, name="plan_year"),
    path(_("members/<int:body_id>/meetings/"), views.body_meetings, name="body_meetings"),
    path(_("members/<int:body_id>/meetings/<int:year>/"), views.body_meetings, name="body_meetings_year"),
    path(_("members/<int:body_id>/tasks/"), views.body_tasks, name="body_tasks"),
    path(_("members/calendar/"), views.calendar_settings, name="calendar_settings"),
    path(_("answer/<str:token>/"), views.rsvp, name="rsvp"),
    path(_("meetings/<int:meeting_id>/"), views.meeting_public, name="meeting_public"),
    path(_("meetings/<int:meeting_id>/minutes.pdf"), views.public_minutes_pdf, name="public_minutes_pdf"),
    path(_("meetings/archive/<int:body_id>/"), views.meeting_archive, name="archive"),
    path(_("calendar/<int:body_id>.ics"), views.body_calendar, name="body_calendar"),
    path(_("calendar/personal/<str:token>.ics"), views.personal_calendar, name="personal_calendar"),
]
