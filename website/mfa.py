"""A second factor for every staff account (ADR 0009).

Staff sign in with their password on Wagtail's sign-in page, then prove a second factor: a code
from an authenticator app (TOTP) or one of their one-time recovery codes (django-otp's devices).
``SecondFactorMiddleware`` enforces it for every staff address, whichever view signed them in:
a session with a password alone reaches only the pages that verify or set up the second factor
(and sign-out); on ``/admin/`` (sign-in page included) and ``/workflow/`` it is sent there, and
everywhere else it is treated as a visitor who has not signed in.
"""

from functools import lru_cache

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django_otp import user_has_device

from .middleware import STAFF_PATH_PREFIXES

# The demo's accounts (website/management/commands/seed_demo.py), which MFA_EXEMPT_DEMO_USERS
# lets in with a password alone, for a demo on a laptop only (check --deploy warns).
DEMO_USERNAMES = frozenset(
    {"comms", "reviewer", "supervisor", "admin", "lakeshore-comms", "lakeshore-reviewer", "lakeshore-supervisor"}
)


@lru_cache
def open_paths():
    """What a session with a password alone may still reach: the second factor's pages, sign-out,
    and what Wagtail's page styling loads (its icons and its translated JavaScript strings)."""
    names = (
        "mfa_verify",
        "mfa_enrol",
        "mfa_recovery_codes",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
    )
    return frozenset(reverse(name) for name in names)


def exempt(user):
    return settings.MFA_EXEMPT_DEMO_USERS and user.get_username() in DEMO_USERNAMES


def second_factor_url(user):
    """Where a signed-in user without a verified second factor goes: to set one up when they
    have none yet, else to enter a code."""
    return reverse("mfa_verify" if user_has_device(user) else "mfa_enrol")


class SecondFactorMiddleware:
    """After OTPMiddleware (which says whether the session's second factor is verified) and
    StaffSessionMiddleware (an ended session is anonymous before it gets here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and not exempt(user):
            path = request.path_info
            if path not in open_paths():
                if path.startswith(STAFF_PATH_PREFIXES):
                    return redirect_to_login(request.get_full_path(), second_factor_url(user))
                # The public site: a password alone is not a staff sign-in there either.
                request.user = AnonymousUser()
        return self.get_response(request)
