"""Communications staff keep the list of incident types: their group (when this install has
it, as ``seed_demo`` makes it) may add, change and view them, as ``seed_demo`` now sets up."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Communications"
CODENAMES = ["add_incidenttype", "change_incidenttype", "view_incidenttype"]


def grant(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    # Django makes permissions after the last migration (post_migrate): make these now, from the
    # app's models (the historical app registry would make none).
    create_permissions(global_apps.get_app_config("forms_app"), apps=apps, verbosity=0)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="forms_app", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="forms_app", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("forms_app", "0004_reportstatuschange_emailed_at"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
