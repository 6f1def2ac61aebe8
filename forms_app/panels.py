"""The report form's inline panels (fields, screening questions): the rows the editor sends are
the whole list, so a save can never add rows beside the ones the officer sees.

Wagtail's inline formsets (django-modelcluster's ``BaseChildFormSet``) add the rows sent without
an id and keep every row the page already has that the browser did not mention. A browser learns
a new row's id only from the answer to the save that made it: a Publish (or the same POST again
after "Continue" in the "saved in another window" dialog) sent before the background save's
answer came back repeats those rows without ids, and the page then has each of them twice
(docs/adr/0007-form-builder-integrity.md).
"""

from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import InlinePanel


class WholeChildFormSet(BaseChildFormSet):
    """Saves the relation as exactly the rows sent (less those marked deleted). A row sent without
    an id that repeats a saved row the browser did not mention (same ``integrity_key()``: a
    field's name, a question's text) takes that row's id: it is the same row, whose id the browser
    never received, and keeps it."""

    def _with_sources(self, form):
        """Give the form's "show only if" lists the questions the page has (``forms_app.rules``)."""
        field = form.fields.get("show_if")
        if field is not None and hasattr(field.widget, "set_sources"):
            from .rules import sources_of

            if not hasattr(self, "_sources"):
                self._sources = sources_of(getattr(self.instance, self.rel_name).all())
            field.widget.set_sources(self._sources)
        return form

    def _construct_form(self, i, **kwargs):
        return self._with_sources(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._with_sources(super().empty_form)

    def save(self, commit=True):
        saved = super().save(commit=False)
        manager = getattr(self.instance, self.rel_name)
        deleted = self.deleted_forms
        sent_ids = {form.instance.pk for form in self.forms if form.instance.pk is not None}
        kept_ids = {form.instance.pk for form in self.forms if form.instance.pk is not None and form not in deleted}
        unmentioned = [row for row in manager.all() if row.pk is not None and row.pk not in sent_ids]
        # Rows marked deleted were removed by the base formset; the unmentioned ones go too.
        manager.remove(*[row for row in unmentioned if row.pk not in kept_ids])
        by_key = {}
        for row in unmentioned:
            by_key.setdefault(row.integrity_key(), row)
        for instance in saved:
            if instance.pk is None and (same := by_key.pop(instance.integrity_key(), None)) is not None:
                instance.pk = same.pk
                # Its name in the answers and in conditions stays too.
                for name in ("clean_name", "name"):
                    if hasattr(same, name):
                        setattr(instance, name, getattr(same, name))
        if commit:
            manager.commit()
        return saved


class WholeInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose formset is a ``WholeChildFormSet``."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = WholeChildFormSet
        return options
