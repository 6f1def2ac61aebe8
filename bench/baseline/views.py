"""The bare baseline: a plain Django view, a plain form, one row inserted, a redirect."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import redirect, render

from .forms import BareReportForm
from .models import BareReport


def bare_form(request):
    form = BareReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        BareReport.objects.create(form_data=json.loads(json.dumps(form.cleaned_data, cls=DjangoJSONEncoder)))
        return redirect("bench_bare_thanks")
    return render(request, "baseline/bare_form.html", {"form": form})


def bare_thanks(request):
    return render(request, "baseline/bare_thanks.html")
