"""Communications staff keep their agency's rejection reasons: their group (when this install
has it, as ``seed_demo`` makes it) may add, change and view them; the snippet's views keep each
agency's reasons to its own staff (website/agency_admin.py)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Communications"
CODENAMES = ["add_rejectionreason", "change_rejectionreason", "view_rejectionreason"]


def grant(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:
        return
    # Django makes permissions after the last migration (post_migrate): make these now, from the
    # app's models (the historical app registry would make none).
    create_permissions(global_apps.get_app_config("workflows"), apps=apps, verbosity=0)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="workflows", codename__in=CODENAMES))


def revoke(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="workflows", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("workflows", "0002_agency_access_moves_to_website"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
