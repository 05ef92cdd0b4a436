"""Editors (communications staff) keep the taxonomy and municipality profiles and export subscribers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_approach", "change_approach", "delete_approach",
    "add_municipality", "change_municipality", "delete_municipality",
    "view_subscriber",
]  # fmt: skip


def grant(apps, schema_editor):
    # Permissions are normally created after the last migration; this one needs them now.
    app_config = apps.get_app_config("knowledge_base")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="knowledge_base", codename__in=EDITOR_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge_base", "0001_initial"), ("wagtailcore", "0002_initial_data")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
