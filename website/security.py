"""Staff sessions that end, and the headers every answer carries.

``StaffSessionMiddleware`` ends a signed-in staff member's session after
``STAFF_SESSION_IDLE_MINUTES`` without activity or ``STAFF_SESSION_MAX_HOURS`` after sign-in,
whichever comes first, on the server (the cookie's own age is not trusted). Wagtail's editor
pings the server in the background while a page is open; that ping is not activity.

``SecurityHeadersMiddleware`` adds a ``Permissions-Policy`` (no camera, microphone, location...
except where a view allows the camera for a file upload, see ``allow_camera``) and
``Cache-Control: no-store`` on every staff screen: ``/admin/`` and ``/workflow/`` show reports.
Citizens' pages with personal data mark their own answers (``never_cache``).

``ContentSecurityPolicyMiddleware`` is django-csp's, with ``STAFF_CONTENT_SECURITY_POLICY``
added to ``CONTENT_SECURITY_POLICY`` on the staff screens that need it.
"""

import time
from functools import wraps

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import user_logged_in
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .middleware import STAFF_PATH_PREFIXES

LOGIN_AT = "_staff_login_at"
SEEN_AT = "_staff_seen_at"
# Wagtail's editor calls this every few seconds while an edit screen is open.
BACKGROUND_PREFIXES = ("/admin/editing-sessions/ping/",)
# Activity is written to the session at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60

POLICY_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)


def permissions_policy(*, camera=False):
    return ", ".join(f"{f}=(self)" if camera and f == "camera" else f"{f}=()" for f in POLICY_FEATURES)


PERMISSIONS_POLICY = permissions_policy()
CAMERA_PERMISSIONS_POLICY = permissions_policy(camera=True)


def allow_camera(response):
    """A page with a file upload: the citizen may take the photo with their camera."""
    response["Permissions-Policy"] = CAMERA_PERMISSIONS_POLICY
    return response


def camera_allowed(view):
    """``allow_camera`` on every answer of ``view``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return allow_camera(view(request, *args, **kwargs))

    return wrapped


def now():
    return time.time()


@receiver(user_logged_in)
def start_staff_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        moment = now()
        request.session[LOGIN_AT] = moment
        request.session[SEEN_AT] = moment


def session_expired(session, moment):
    login_at = session.get(LOGIN_AT)
    seen_at = session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return False
    idle = moment - seen_at > settings.STAFF_SESSION_IDLE_MINUTES * 60
    too_old = moment - login_at > settings.STAFF_SESSION_MAX_HOURS * 3600
    return idle or too_old


class StaffSessionMiddleware:
    """After AuthenticationMiddleware, LocaleMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            moment = now()
            session = request.session
            if session_expired(session, moment):
                session.flush()
                request.user = AnonymousUser()
                if request.path_info.startswith(STAFF_PATH_PREFIXES):
                    messages.warning(request, _("Your session has ended. Please sign in again."))
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            elif not request.path_info.startswith(BACKGROUND_PREFIXES):
                session.setdefault(LOGIN_AT, moment)  # a session from before this middleware
                if moment - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
                    session[SEEN_AT] = moment
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        if request.path_info.startswith(STAFF_PATH_PREFIXES):
            # Reports, attachments and exports: no browser or proxy cache may keep them.
            add_never_cache_headers(response)
        return response


# What the staff screens add to CONTENT_SECURITY_POLICY (settings), by path: the least each one
# was found to need in Chromium (tests/e2e/test_csp.py). No outside host, no 'unsafe-eval'.
STAFF_CONTENT_SECURITY_POLICY = {
    "/admin/": {
        # Inline <script> elements: Wagtail's widgets start themselves with one beside their
        # HTML (initDateChooser in the listings' date filters, InlinePanel and SnippetChooser
        # in the page editor), and jQuery (wagtailadmin/js/vendor.js) runs those of the panels
        # it inserts. They carry no nonce. Inline event handlers (script-src-attr) stay refused.
        "script-src-elem": [SELF, UNSAFE_INLINE],
        # Inline <style> elements: Draftail, the rich-text editor (vendor.js), renders its
        # placeholders and list counters in <style>. Style attributes stay refused.
        "style-src-elem": [SELF, UNSAFE_INLINE],
    },
    "/workflow/": {
        # Viewflow's material templates lay out their screens with style attributes
        # (viewflow/workflow/task_list.html, task_base.html, base_page.html...), and Turbo
        # (viewflow/js/turbo.es2017-umd.js) adds its progress bar's <style> and sets style
        # attributes as it swaps pages. No inline script is needed here.
        "style-src": [UNSAFE_INLINE],
    },
}


def staff_policy(path):
    """The sources a staff screen adds to the policy, or None on any other page."""
    for prefix, extra in STAFF_CONTENT_SECURITY_POLICY.items():
        if path.startswith(prefix):
            return extra
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; on a staff screen the policy also gets that screen's sources,
    besides any a view added itself (``csp_update``)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        extra = None if report_only else staff_policy(request.path_info)
        if extra:
            update = {key: list(value) for key, value in extra.items()}
            for key, value in (parts.update or {}).items():
                update[key] = [*update.get(key, []), *([value] if isinstance(value, str) else value)]
            parts.update = update
        return parts
