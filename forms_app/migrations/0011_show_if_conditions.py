"""Conditional questions: "show only if" on fields and screening questions, and each screening
question's name in conditions (docs/adr/0012-conditional-questions.md)."""

import uuid

from django.db import migrations, models

import forms_app.models.pages


def name_each_question(apps, schema_editor):
    """AddField gives every existing row the same default: each question gets its own name."""
    question = apps.get_model("forms_app", "ScreeningQuestion")
    for row in question.objects.only("pk"):
        question.objects.filter(pk=row.pk).update(name=f"q{uuid.uuid4().hex[:12]}")


class Migration(migrations.Migration):
    dependencies = [
        ("forms_app", "0010_section_break_field_type"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportformfield",
            name="show_if",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Ask this question only when earlier answers say so. Leave empty to always ask it.",
                verbose_name="show only if",
            ),
        ),
        migrations.AddField(
            model_name="screeningquestion",
            name="name",
            field=models.CharField(
                blank=True,
                default=forms_app.models.pages.new_question_name,
                editable=False,
                max_length=16,
                verbose_name="name",
            ),
        ),
        migrations.AddField(
            model_name="screeningquestion",
            name="show_if",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Ask this question only when earlier answers say so. Leave empty to always ask it.",
                verbose_name="show only if",
            ),
        ),
        migrations.RunPython(name_each_question, migrations.RunPython.noop),
    ]
