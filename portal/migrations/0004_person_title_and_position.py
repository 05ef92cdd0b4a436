from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="position",
            field=models.CharField(
                blank=True,
                help_text="E.g. head of the social affairs department.",
                max_length=150,
                verbose_name="position",
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="title",
            field=models.CharField(
                blank=True, help_text="E.g. Mgr., Ing., Bc.", max_length=40, verbose_name="academic title"
            ),
        ),
    ]
