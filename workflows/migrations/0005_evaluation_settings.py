"""Each agency's evaluation settings and its monthly report totals; the supervisors (the groups
that may approve reports) may change their agencies' evaluation settings."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models


def grant(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    create_permissions(global_apps.get_app_config("workflows"), apps=apps, verbosity=0)
    change = Permission.objects.filter(content_type__app_label="workflows", codename="change_evaluationsettings")
    for group in Group.objects.filter(permissions__codename="approve_report").distinct():
        group.permissions.add(*change)


def revoke(apps, schema_editor):
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    change = Permission.objects.filter(content_type__app_label="workflows", codename="change_evaluationsettings")
    for group in Group.objects.filter(permissions__codename="approve_report").distinct():
        group.permissions.remove(*change)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
        ('workflows', '0004_callback_process'),
    ]

    operations = [
        migrations.CreateModel(
            name='EvaluationSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('target_working_days', models.PositiveSmallIntegerField(default=2, help_text='The share of reports reviewed, decided and given a case number within this many working days (weekends and Ontario holidays not counted) is shown.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='target, in working days')),
                ('minutes_per_report', models.PositiveSmallIntegerField(default=45, help_text='An officer takes a report in about 60 minutes; one sent online takes about 15 to review.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(600)], verbose_name='officer minutes saved per report')),
                ('cost_per_report', models.DecimalField(decimal_places=2, default=Decimal('55.00'), help_text='What one report taken by an officer costs the agency, in dollars.', max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='cost avoided per report ($)')),
                ('survey_delay_days', models.PositiveSmallIntegerField(default=3, help_text='How many days after a report closes the citizen is asked about it.', validators=[django.core.validators.MaxValueValidator(60)], verbose_name='days before the satisfaction survey')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'evaluation settings',
                'verbose_name_plural': 'evaluation settings',
            },
        ),
        migrations.CreateModel(
            name='MonthlyReportTotal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(help_text='The first day of the month.', verbose_name='month')),
                ('total', models.PositiveIntegerField(verbose_name='reports taken, all means')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='agency site')),
            ],
            options={
                'verbose_name': 'reports taken in a month',
                'verbose_name_plural': 'reports taken per month',
                'ordering': ['site', 'month'],
                'constraints': [models.UniqueConstraint(fields=('site', 'month'), name='one_total_per_agency_and_month')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
