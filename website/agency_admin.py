"""Wagtail snippets whose rows each belong to one agency (an RMS destination, a rejection
reason...): every view, chooser and bulk action of the snippet shows and reaches the user's
agencies' rows only, another agency's row is not found (404, recorded as a refused access), and
the agency field offers the user's agencies only.

A snippet whose rows may also belong to no agency (shared by the whole install) sets
``shared_rows`` on its read-only views (index, inspect, usage, history, copy, chooser): those
rows are shown to every member of staff, and are reached by the edit and delete views only as
the permission policy (``SharedRowsPermissionPolicy``) allows.

``AgencySnippetViewSet`` is the snippet viewset to subclass; ``agency_bulk_delete(Model)`` the
bulk delete to register for it; register ``AgencyPermissionPolicy`` for the model too (before
the viewset), so that Wagtail's permission checks of single rows ask the agency.
"""

from django.contrib.admin.utils import unquote
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Site
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser, snippets

from .access import get_in_my_agencies_or_404, in_my_agencies


class AgencyForm(WagtailAdminModelForm):
    """The agency field offers only the agencies of the member of staff."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "site" in self.fields:
            self.fields["site"].queryset = in_my_agencies(Site.objects.all(), self.for_user, site_path="pk")


class MyAgenciesObjectMixin:
    """The row of the URL only if it is of one of the user's agencies (else 404, recorded);
    then Wagtail's own lookup, which knows about revisions and locks."""

    shared_rows = False

    def get_object(self, *args, **kwargs):
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        get_in_my_agencies_or_404(self.request, self.model._default_manager.all(), pk, shared=self.shared_rows)
        return super().get_object(*args, **kwargs)


class IndexView(snippets.IndexView):
    shared_rows = False

    def get_base_queryset(self):
        # Each row names its agency (the "site" column): read with the rows, not one query a row
        # (a superuser's listing of 50 agencies' rejection reasons or destinations).
        rows = in_my_agencies(super().get_base_queryset(), self.request.user, shared=self.shared_rows)
        return rows.select_related("site")


class EditView(MyAgenciesObjectMixin, snippets.EditView):
    pass


class CopyView(MyAgenciesObjectMixin, snippets.CopyView):
    pass


class DeleteView(MyAgenciesObjectMixin, snippets.DeleteView):
    pass


class UsageView(MyAgenciesObjectMixin, snippets.UsageView):
    pass


class HistoryView(MyAgenciesObjectMixin, snippets.HistoryView):
    pass


class InspectView(MyAgenciesObjectMixin, snippets.InspectView):
    pass


class MyAgenciesChooseMixin:
    shared_rows = False

    def get_object_list(self):
        return in_my_agencies(super().get_object_list(), self.request.user, shared=self.shared_rows)


class ChooseView(MyAgenciesChooseMixin, chooser.ChooseView):
    pass


class ChooseResultsView(MyAgenciesChooseMixin, chooser.ChooseResultsView):
    pass


class ChosenView(chooser.SnippetChosenView):
    shared_rows = False

    def get_object(self, pk):
        return get_in_my_agencies_or_404(self.request, self.model._default_manager.all(), pk, shared=self.shared_rows)


class ChosenMultipleView(chooser.SnippetChosenMultipleView):
    shared_rows = False

    def get_objects(self, pks):
        return in_my_agencies(super().get_objects(pks), self.request.user, shared=self.shared_rows)


class ChooserCreateView(chooser.SnippetCreateView):
    """These rows are made on their own form, where the agency is chosen, not in a chooser."""

    def can_create(self):
        return False


class AgencyChooserViewSet(chooser.SnippetChooserViewSet):
    create_view_class = ChooserCreateView
    choose_view_class = ChooseView
    choose_results_view_class = ChooseResultsView
    chosen_view_class = ChosenView
    chosen_multiple_view_class = ChosenMultipleView


class AgencySnippetViewSet(snippets.SnippetViewSet):
    """A snippet whose ``site`` is its agency: scoped in every view and in its chooser."""

    index_view_class = IndexView
    edit_view_class = EditView
    copy_view_class = CopyView
    delete_view_class = DeleteView
    usage_view_class = UsageView
    history_view_class = HistoryView
    inspect_view_class = InspectView
    chooser_viewset_class = AgencyChooserViewSet


def agency_bulk_delete(model):
    """The snippets' bulk delete of ``model``, for rows of the user's agencies only."""

    def get_queryset(self, model, object_ids):
        return in_my_agencies(model.objects.filter(pk__in=object_ids), self.request.user)

    return type(
        f"{model.__name__}DeleteBulkAction", (DeleteBulkAction,), {"models": [model], "get_queryset": get_queryset}
    )
