"""The second factor's pages: set it up (an authenticator app, then recovery codes shown once),
enter a code at sign-in, and, for a superuser, reset the second factor of someone who lost it.

Every step is in the audit with the sign-ins: set up, verified, a recovery code used, a wrong
code, a reset. Wrong codes are throttled by django-otp (1, 2, 4, 8... seconds between tries for a
device, OTP_TOTP_THROTTLE_FACTOR and OTP_STATIC_THROTTLE_FACTOR).
"""

import math
import re
from base64 import b32encode

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import audit

RECOVERY_CODE_COUNT = 10
PENDING_DEVICE_KEY = "_mfa_pending_device"
NEW_CODES_KEY = "_mfa_new_codes"
TOTP_CODE = re.compile(r"^\d{6}$")


def safe_next(request):
    """The page asked for before the second factor, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def to_sign_in(request):
    return redirect_to_login(request.get_full_path())


def go(name, request):
    """To the page ``name``, then on to where the staff member was going."""
    return redirect(f"{reverse(name)}?{urlencode({'next': safe_next(request)})}")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


def throttled_until(device):
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return None
    return data["locked_until"]


def seconds_until(until):
    return max(1, math.ceil((until - timezone.now()).total_seconds()))


def throttled_message(until):
    """A try refused before it was checked: the device waits after wrong codes."""
    seconds = seconds_until(until)
    return ngettext(
        "Too many wrong codes. Wait %(seconds)s second, then try again.",
        "Too many wrong codes. Wait %(seconds)s seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


def wrong_code_message(device):
    """A wrong code, and how long the next try must wait (a second is not worth saying)."""
    until = throttled_until(device)
    seconds = seconds_until(until) if until else 0
    if seconds <= 1:
        return _("That code is not right. Try again.")
    return _("That code is not right. Wait %(seconds)s seconds, then try again.") % {"seconds": seconds}


def verified(request, device, action):
    """The second factor is proven: the session gets a new key (the account's rights grow) and
    remembers the device."""
    request.session.cycle_key()
    otp_login(request, device)
    audit.record(request, None, action, detail=device.name)


def issue_recovery_codes(user):
    """A fresh set of one-time recovery codes (the old ones stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_code_used_message(left):
    return ngettext(
        "You signed in with a recovery code. %(count)s code is left: ask an administrator to reset "
        "your second factor if you no longer have your authenticator app.",
        "You signed in with a recovery code. %(count)s codes are left: ask an administrator to reset "
        "your second factor if you no longer have your authenticator app.",
        left,
    ) % {"count": left}


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not user.is_authenticated:  # the password step first
        return to_sign_in(request)
    if user.is_verified():
        return redirect(safe_next(request))
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if totp is None and recovery is None:
        return go("mfa_enrol", request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = totp if recovery is None or (totp is not None and TOTP_CODE.match(code)) else recovery
        until = throttled_until(device)
        if until is None:
            with transaction.atomic():
                device = type(device).objects.select_for_update().get(pk=device.pk)
                accepted = device.verify_token(code)
            if accepted:
                if isinstance(device, StaticDevice):
                    verified(request, device, audit.Action.MFA_RECOVERY)
                    messages.warning(request, recovery_code_used_message(device.token_set.count()))
                else:
                    verified(request, device, audit.Action.MFA_VERIFIED)
                return redirect(safe_next(request))
            audit.record(request, None, audit.Action.MFA_FAILED, detail=device.name)
            form.add_error("code", wrong_code_message(device))
        else:
            form.add_error("code", throttled_message(until))
    return TemplateResponse(
        request,
        "website/mfa/verify.html",
        {"form": form, "next": safe_next(request), "has_recovery": recovery is not None},
    )


def pending_device(request, user):
    """The authenticator being set up in this session (the same secret on every reload)."""
    device_id = request.session.get(PENDING_DEVICE_KEY)
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first() if device_id else None
    if device is None:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
        request.session[PENDING_DEVICE_KEY] = device.pk
    return device


def qr_code(device):
    """The app's set-up link as an SVG drawn in the page (the page's label names it)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=4, light="#fff")


def grouped(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def enrol(request):
    user = request.user
    if not user.is_authenticated:  # the password step first
        return to_sign_in(request)
    if user_has_device(user):
        # Someone who has a second factor proves it; replacing it starts from a verified session
        # or from a superuser's reset, never from a password alone.
        return go("mfa_verify", request)
    device = pending_device(request, user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        until = throttled_until(device)
        if until is not None:
            form.add_error("code", throttled_message(until))
        else:
            with transaction.atomic():
                device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
                accepted = bool(TOTP_CODE.match(code)) and device.verify_token(code)
                if accepted:
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
                    codes = issue_recovery_codes(user)
            if accepted:
                del request.session[PENDING_DEVICE_KEY]
                request.session.cycle_key()
                otp_login(request, device)
                request.session[NEW_CODES_KEY] = codes
                audit.record(request, None, audit.Action.MFA_ENROLLED, detail=device.name)
                return go("mfa_recovery_codes", request)
            audit.record(request, None, audit.Action.MFA_FAILED, detail=device.name)
            form.add_error("code", wrong_code_message(device))
    secret = b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "website/mfa/enrol.html",
        {"form": form, "next": safe_next(request), "qr_code": qr_code(device), "secret": grouped(secret)},
    )


@never_cache
@require_http_methods(["GET"])
def recovery_codes(request):
    """The recovery codes just made, shown once."""
    user = request.user
    if not user.is_authenticated:  # the password step first
        return to_sign_in(request)
    if not user.is_verified():
        return go("mfa_verify", request)
    codes = request.session.pop(NEW_CODES_KEY, None)
    return TemplateResponse(request, "website/mfa/recovery_codes.html", {"codes": codes, "next": safe_next(request)})


@never_cache
@require_http_methods(["GET", "POST"])
def new_recovery_codes(request):
    """A signed-in staff member replaces their recovery codes (some used, or the paper lost):
    the old ones stop working, the new ones are shown once."""
    user = request.user
    if not user.is_authenticated:
        return to_sign_in(request)
    if not user.is_verified():
        return go("mfa_verify", request)
    if request.method == "POST":
        with transaction.atomic():
            codes = issue_recovery_codes(user)
            audit.record(request, None, audit.Action.MFA_NEW_CODES)
        request.session[NEW_CODES_KEY] = codes
        return redirect(f"{reverse('mfa_recovery_codes')}?{urlencode({'next': reverse('wagtailadmin_account')})}")
    left = StaticToken.objects.filter(device__user=user).count()
    return TemplateResponse(request, "website/mfa/new_recovery_codes.html", {"left": left})


@method_decorator(never_cache, name="dispatch")
class ResetView(WagtailAdminTemplateMixin, TemplateView):
    """A superuser removes a staff member's authenticator and recovery codes (a lost phone):
    they set up new ones at their next sign-in. Recorded with the account it was done to."""

    template_name = "website/mfa/reset.html"
    page_title = gettext_lazy("Reset second factor")
    header_icon = "key"
    http_method_names = ["get", "post"]

    def dispatch(self, request, user_id):
        if not request.user.is_superuser:
            raise PermissionDenied
        self.account = get_object_or_404(get_user_model(), pk=user_id)
        return super().dispatch(request, user_id)

    def get_page_subtitle(self):
        return self.account.get_full_name() or self.account.get_username()

    def get_context_data(self, **kwargs):
        has_device = user_has_device(self.account)
        return super().get_context_data(account=self.account, has_device=has_device, **kwargs)

    def post(self, request, user_id):
        account = self.account
        with transaction.atomic():
            for device in devices_for_user(account, confirmed=None):
                device.delete()
            audit.record(request, account, audit.Action.MFA_RESET, detail=f"account: {account.get_username()}")
        messages.success(
            request,
            _("The second factor of %(name)s is reset: they set up a new one at their next sign-in.")
            % {"name": self.get_page_subtitle()},
        )
        return redirect("wagtailusers_users:index")


urlpatterns = [
    path("verify/", verify, name="mfa_verify"),
    path("set-up/", enrol, name="mfa_enrol"),
    path("recovery-codes/", recovery_codes, name="mfa_recovery_codes"),
    path("recovery-codes/new/", new_recovery_codes, name="mfa_new_recovery_codes"),
]
