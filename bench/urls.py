"""The project's URLs with the bare view mounted in front of them."""

from django.urls import path

from bench.baseline.views import bare_form, bare_thanks
from website.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("bench/bare/", bare_form, name="bench_bare"),
    path("bench/bare/thanks/", bare_thanks, name="bench_bare_thanks"),
    *project_urlpatterns,
]
