import django.db.models.deletion
from django.db import migrations, models

import events.storage


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_approval_submitted_by"),
    ]

    operations = [
        migrations.CreateModel(
            name="InvitationPack",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("levels", models.CharField(max_length=60)),
                ("sequence", models.PositiveIntegerField()),
                (
                    "file",
                    models.FileField(storage=events.storage.private_storage_of_field, upload_to="packs/%Y/"),
                ),
                ("built_at", models.DateTimeField()),
                (
                    "meeting",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="invitation_packs",
                        to="events.meetingpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "invitation pack",
                "verbose_name_plural": "invitation packs",
                "constraints": [
                    models.UniqueConstraint(fields=("meeting", "levels"), name="one_invitation_pack_per_readers")
                ],
            },
        ),
    ]
