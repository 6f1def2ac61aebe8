"""Agency membership and the audit move to ``website`` (the bottom layer every app uses): their
rows are copied to the new tables, then the old ones dropped. Rejection reasons become each
agency's own: the existing ones go to the default site (else the first)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_to_website(apps, schema_editor):
    OldMembership = apps.get_model("workflows", "AgencyMembership")
    OldEvent = apps.get_model("workflows", "AuditEvent")
    Membership = apps.get_model("website", "AgencyMembership")
    Event = apps.get_model("website", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Membership.objects.bulk_create(
        Membership(user_id=m.user_id, site_id=m.site_id) for m in OldMembership.objects.all()
    )
    report_type, _created = ContentType.objects.get_or_create(app_label="forms_app", model="report")
    events = OldEvent.objects.select_related("report").order_by("pk")
    Event.objects.bulk_create(
        (
            Event(
                at=e.at,
                user_id=e.user_id,
                site_id=e.report.site_id if e.report_id else None,
                target_type=report_type if e.report_id else None,
                target_id=e.report_id,
                action=e.action,
                detail=e.detail,
                outcome=e.outcome,
                address=e.address,
            )
            for e in events.iterator()
        ),
        batch_size=1000,
    )


def reasons_to_an_agency(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    RejectionReason = apps.get_model("workflows", "RejectionReason")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        RejectionReason.objects.all().delete()  # no agency at all: nobody could use them
    else:
        RejectionReason.objects.update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("forms_app", "0002_incidenttype_name_fr"),
        ("website", "0004_agency_access_and_audit"),
        ("workflows", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_website, migrations.RunPython.noop),
        migrations.DeleteModel(name="AgencyMembership"),
        migrations.DeleteModel(name="AuditEvent"),
        migrations.AddField(
            model_name="rejectionreason",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="agency site",
            ),
        ),
        migrations.RunPython(reasons_to_an_agency, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="rejectionreason",
            name="site",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.site",
                verbose_name="agency site",
            ),
        ),
    ]
