"""Login first, then viewflow.

Viewflow's ``SiteMiddleware`` answers a visitor who may not see its site with a bare 403,
before its views' own ``login_required`` can run. Staff who are simply not logged in yet
should land on the login page instead, and come back afterwards.
"""

from django.contrib.auth.views import redirect_to_login


class WorkflowLoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from .viewsets import site

        match = request.resolver_match
        extra = getattr(match.url_name, "extra", None) if match else None
        if extra and extra.get("site") is site and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return None
