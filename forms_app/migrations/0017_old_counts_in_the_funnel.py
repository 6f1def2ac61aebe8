"""The stops and drafts are counted in the funnel now (``FunnelCount``, migration 0014 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0016_funnel_counts"),
    ]

    operations = [
        migrations.DeleteModel(name="DraftCount"),
        migrations.DeleteModel(name="ScreeningStopCount"),
    ]
