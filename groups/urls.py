from django.urls import path
from django.utils.translation import gettext_lazy as _

from groups import views

app_name = "groups"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:body_id>/", views.body_internal, name="body_internal"),
    path(_("<int:body_id>/invite/"), views.invite, name="invite"),
    path(_("<int:body_id>/register.<str:file_format>"), views.register_export, name="register_export"),
    path(_("invitation/<str:token>/"), views.invitation, name="invitation"),
    path(_("invitations/<int:pk>/revoke/"), views.invitation_revoke, name="invitation_revoke"),
    path(_("memberships/<int:pk>/end/"), views.membership_end, name="membership_end"),
]
