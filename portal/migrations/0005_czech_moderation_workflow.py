"""Wagtail's default moderation workflow and its task in Czech.

Wagtail's own migration (wagtailcore 0048) names both after the group, in English: "Moderators approval".
Editors then read "Potvrdit Moderators approval" and "Čeká se Moderators approval" in the admin, and the
task's name goes into the review notices (portal/workflow_mail.py). Only rows that still carry Wagtail's
default name are renamed: a workflow or task an administrator has named stays as it is.
"""

from django.db import migrations

WAGTAIL_DEFAULT = "Moderators approval"
CZECH = "Schválení moderátorem"


def _rename(apps, old: str, new: str) -> None:
    Workflow = apps.get_model("wagtailcore", "Workflow")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow.objects.filter(name=old).update(name=new)
    GroupApprovalTask.objects.filter(name=old).update(name=new)


def to_czech(apps, schema_editor):
    _rename(apps, WAGTAIL_DEFAULT, CZECH)


def to_english(apps, schema_editor):
    _rename(apps, CZECH, WAGTAIL_DEFAULT)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_person_title_and_position"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_czech, to_english)]
