"""The funnel counts (``FunnelCount``), and the counts kept before them copied in: the people a
screening question stopped (``ScreeningStopCount``, by the question's text: its name when the
form still has it, else the text) and the reports saved and resumed (``DraftCount``), each under
its form's agency and language. Migration 0015 then removes the old tables."""

import django.db.models.deletion
from django.db import migrations, models


def _places(apps):
    """{page id: (site id, language)} of every report form, by the site whose tree holds it."""
    Page, Site = apps.get_model("wagtailcore", "Page"), apps.get_model("wagtailcore", "Site")
    roots = list(Site.objects.values_list("root_page__path", "pk"))
    default = Site.objects.order_by("-is_default_site", "pk").values_list("pk", flat=True).first()
    places = {}
    for pk, path, language in Page.objects.filter(
        content_type__app_label="forms_app", content_type__model="reportformpage"
    ).values_list("pk", "path", "locale__language_code"):
        holding = [(len(root), site) for root, site in roots if path.startswith(root)]
        places[pk] = (max(holding)[1] if holding else default, language)
    return places


def copy_old_counts(apps, schema_editor):
    FunnelCount = apps.get_model("forms_app", "FunnelCount")
    StopCount, DraftCount = apps.get_model("forms_app", "ScreeningStopCount"), apps.get_model("forms_app", "DraftCount")
    Question = apps.get_model("forms_app", "ScreeningQuestion")
    places = _places(apps)
    names = {(q.page_id, q.question[:255]): q.name for q in Question.objects.exclude(name="")}
    totals = {}
    for row in StopCount.objects.all():
        detail = names.get((row.page_id, row.question), row.question)
        key = (row.page_id, row.date, "stopped", detail)
        totals[key] = totals.get(key, 0) + row.count
    for row in DraftCount.objects.all():
        key = (row.page_id, row.date, row.kind, "")
        totals[key] = totals.get(key, 0) + row.count
    rows = []
    for (page_id, day, step, detail), count in totals.items():
        site_id, language = places.get(page_id, (None, None))
        if site_id is None:
            continue  # no site at all on the install: no agency to count it for
        rows.append(
            FunnelCount(
                site_id=site_id, page_id=page_id, language=language, day=day, step=step, detail=detail, count=count
            )
        )
    FunnelCount.objects.bulk_create(rows, batch_size=500)


def copy_back(apps, schema_editor):
    """Undone: the stops and drafts counted since go back to the old tables (by the question's
    text when the form still has the question)."""
    FunnelCount = apps.get_model("forms_app", "FunnelCount")
    StopCount, DraftCount = apps.get_model("forms_app", "ScreeningStopCount"), apps.get_model("forms_app", "DraftCount")
    Question = apps.get_model("forms_app", "ScreeningQuestion")
    texts = {(q.page_id, q.name): q.question[:255] for q in Question.objects.exclude(name="")}
    stops, drafts = {}, {}
    for row in FunnelCount.objects.filter(step="stopped"):
        key = (row.page_id, texts.get((row.page_id, row.detail), row.detail), row.day)
        stops[key] = stops.get(key, 0) + row.count
    for row in FunnelCount.objects.filter(step__in=["saved", "resumed"]):
        key = (row.page_id, row.step, row.day)
        drafts[key] = drafts.get(key, 0) + row.count
    StopCount.objects.all().delete()
    DraftCount.objects.all().delete()
    StopCount.objects.bulk_create(
        [StopCount(page_id=p, question=q, date=d, count=n) for (p, q, d), n in stops.items()], batch_size=500
    )
    DraftCount.objects.bulk_create(
        [DraftCount(page_id=p, kind=k, date=d, count=n) for (p, k, d), n in drafts.items()], batch_size=500
    )



class Migration(migrations.Migration):

    dependencies = [
        ('forms_app', '0015_address_question'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.AddField(
            model_name='saveddraft',
            name='journey',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.CreateModel(
            name='FunnelCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=8, verbose_name='language')),
                ('day', models.DateField(verbose_name='day')),
                ('step', models.CharField(choices=[('opened', 'Form opened'), ('screening_passed', 'Screening questions passed'), ('stopped', 'Stopped by a screening question'), ('section_reached', 'Section of the form reached'), ('saved', 'Saved to finish later'), ('resumed', 'Resumed from the emailed link'), ('check_reached', 'Check your answers reached'), ('sent', 'Report sent')], max_length=20, verbose_name='step')),
                ('detail', models.CharField(blank=True, default='', max_length=255, verbose_name='detail')),
                ('count', models.PositiveIntegerField(default=0, verbose_name='count')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='forms_app.reportformpage', verbose_name='report form')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.site', verbose_name='agency site')),
            ],
            options={
                'verbose_name': 'funnel count',
                'verbose_name_plural': 'funnel counts',
                'indexes': [models.Index(fields=['site', 'day'], name='funnel_site_day')],
                'constraints': [models.UniqueConstraint(fields=('site', 'page', 'language', 'day', 'step', 'detail'), name='unique_funnel_count')],
            },
        ),
        migrations.RunPython(copy_old_counts, copy_back),
    ]
