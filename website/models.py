"""The public site's pages and the agency's settings, all editable in the Wagtail admin; who
works for which agency, and the append-only audit of what staff saw and did."""

import re
from email.utils import formataddr

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock
from .boundary_admin import AgencySettingsForm, BoundaryPreviewPanel

NEWS_PER_PAGE = 10
LATEST_NEWS_ON_HOME = 3

phone_validator = RegexValidator(
    r"^(\+?[0-9]|\()[0-9 ().-]{1,28}[0-9](\s*(x|ext\.?)\s*[0-9]{1,6})?$",
    _("Enter a phone number using digits, spaces, dashes or brackets, e.g. 905-555-0100."),
)
reference_prefix_validator = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,7}$",
    _("Use 2 to 8 capital letters or digits, starting with a letter, e.g. DRPS."),
)


def _luminance(hex_colour):
    """WCAG relative luminance of "#rrggbb"."""

    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_with_white(hex_colour):
    return 1.05 / (_luminance(hex_colour) + 0.05)


def brand_colour_validator(value):
    """The header's colour: "#rrggbb", dark enough for its white text (WCAG AA, 4.5:1)."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValidationError(_("Enter a colour as # and six hexadecimal digits, e.g. #0b3d6b."))
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise ValidationError(
            _(
                "White text on this colour has a contrast of %(ratio).1f:1; it needs at least 4.5:1 to be "
                "readable (WCAG AA). Choose a darker colour."
            )
            % {"ratio": ratio}
        )


# Canadian postal codes never use D, F, I, O, Q or U; W and Z never start one.
POSTAL_PREFIX_RE = re.compile(r"^[ABCEGHJ-NPRSTVXY](?:[0-9](?:[ABCEGHJ-NPRSTV-Z])?)?$")


def normalise_postal_code(value):
    """'l6h 2r4' -> 'L6H2R4': upper case, no spaces."""
    return re.sub(r"\s+", "", value or "").upper()


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register_setting(icon="site")
class AgencySettings(BaseSiteSetting):
    """Who the police service is, how to call it, and where it serves (one per Wagtail site)."""

    select_related = ["logo", "privacy_page", "report_online_page"]

    agency_name = models.CharField(_("agency name"), max_length=200)
    agency_name_fr = models.CharField(
        _("agency name in French"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the French pages and in French emails. Leave blank if the name is the same."),
    )
    emergency_phone = models.CharField(
        _("emergency number"), max_length=32, default="911", validators=[phone_validator]
    )
    non_emergency_phone = models.CharField(_("non-emergency number"), max_length=32, validators=[phone_validator])
    address = models.TextField(_("address"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    brand_colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[brand_colour_validator],
        help_text=_(
            "The colour of the site's header and accents, e.g. #0b3d6b. It must be dark enough for white "
            "text. Leave blank for the standard blue."
        ),
    )
    email_sender = models.EmailField(
        _("emails' sender"),
        blank=True,
        help_text=_(
            "The address emails to citizens come from, with the agency's name, e.g. "
            "online-reporting@police.example.ca. Leave blank for the install's address."
        ),
    )
    quick_exit_url = models.URLField(
        _("quick-exit address"),
        blank=True,
        help_text=_(
            "Where “Leave this site quickly” on the report forms leads: a harmless site such as a weather "
            "page. Leave blank for the install's."
        ),
    )
    reference_prefix = models.CharField(
        _("reference-number prefix"),
        max_length=8,
        default="OR",
        validators=[reference_prefix_validator],
        help_text=_("Starts every report's reference number, e.g. DRPS-2026-000123."),
    )
    municipalities = models.TextField(
        _("municipalities served"),
        blank=True,
        help_text=_("One municipality name a line."),
    )
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_(
            "The area the agency serves, as a GeoJSON Polygon or MultiPolygon in longitude and latitude (WGS 84). "
            "When it is set, an incident located at a point is checked against it."
        ),
    )
    postal_code_prefixes = models.TextField(
        _("postal-code prefixes served"),
        blank=True,
        help_text=_("One prefix a line: a letter, a letter and digit, or a full area (e.g. L6H)."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    report_online_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("“Report online” page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Where “Report online” in the site menu and on the home page leads, e.g. “What can I report "
            "online?”; it takes that page’s place in the menu. Leave blank for the list of report forms on "
            "the home page."
        ),
    )

    # The boundary is uploaded as a file, checked, and drawn (website/boundary_admin.py).
    base_form_class = AgencySettingsForm

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldPanel("agency_name_fr"),
                FieldPanel("logo"),
                FieldPanel("brand_colour"),
                FieldPanel("address"),
            ],
            heading=_("Agency"),
        ),
        MultiFieldPanel(
            [FieldPanel("email_sender"), FieldPanel("quick_exit_url")],
            heading=_("Emails and quick exit"),
        ),
        MultiFieldPanel(
            [FieldPanel("emergency_phone"), FieldPanel("non_emergency_phone")],
            heading=_("Phone numbers"),
        ),
        MultiFieldPanel(
            [FieldPanel("municipalities"), FieldPanel("postal_code_prefixes")],
            heading=_("Jurisdiction"),
        ),
        MultiFieldPanel(
            [BoundaryPreviewPanel(), FieldPanel("boundary_file"), FieldPanel("remove_boundary")],
            heading=_("Boundary"),
        ),
        FieldPanel("reference_prefix"),
        FieldPanel("privacy_page"),
        FieldPanel("report_online_page"),
    ]

    class Meta:
        verbose_name = _("agency settings")

    def __str__(self):
        return self.agency_name

    @property
    def name(self):
        """The agency's name in the language being used."""
        if self.agency_name_fr and translation.get_language() == "fr":
            return self.agency_name_fr
        return self.agency_name

    @property
    def from_email(self):
        """The sender of emails to citizens: the agency's name (in the active language) and its
        address, or the install's ``DEFAULT_FROM_EMAIL``."""
        if not self.email_sender:
            return settings.DEFAULT_FROM_EMAIL
        return formataddr((self.name, self.email_sender))

    @property
    def quick_exit(self):
        return self.quick_exit_url or settings.QUICK_EXIT_URL

    def clean(self):
        super().clean()
        errors = {}
        bad = [p for p in _lines(self.postal_code_prefixes) if not POSTAL_PREFIX_RE.match(normalise_postal_code(p))]
        if bad:
            errors["postal_code_prefixes"] = _("These are not Canadian postal-code prefixes: %(bad)s") % {
                "bad": ", ".join(bad)
            }
        # Reference numbers count per prefix: two agencies with one prefix would share a sequence.
        other = AgencySettings.objects.filter(reference_prefix=self.reference_prefix).exclude(pk=self.pk).first()
        if self.reference_prefix and other is not None:
            errors["reference_prefix"] = _("%(agency)s already uses this prefix: choose another.") % {
                "agency": other.agency_name
            }
        if errors:
            raise ValidationError(errors)
        self.postal_code_prefixes = "\n".join(normalise_postal_code(p) for p in _lines(self.postal_code_prefixes))
        self.municipalities = "\n".join(_lines(self.municipalities))

    @property
    def municipality_list(self):
        return _lines(self.municipalities)

    @property
    def postal_prefix_list(self):
        return [normalise_postal_code(p) for p in _lines(self.postal_code_prefixes)]

    def covers_postal_code(self, postal_code):
        code = normalise_postal_code(postal_code)
        return bool(code) and any(code.startswith(prefix) for prefix in self.postal_prefix_list)

    def covers_municipality(self, name):
        wanted = (name or "").strip().casefold()
        return bool(wanted) and any(m.casefold() == wanted for m in self.municipality_list)

    def covers_point(self, latitude, longitude):
        """Whether the point is inside the agency's boundary (or on its edge); None with no boundary."""
        from .geo import covers

        return covers(self.boundary, latitude, longitude)


class Address(models.Model):
    """One civic address of an agency's address register (imported by staff, e.g. from Statistics
    Canada's National Address Register): what the "Address" question offers as the citizen types."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE, related_name="addresses"
    )
    # The register's own identifier (the NAR's ADDR_GUID): a re-import updates the row that has it.
    source_id = models.CharField(_("register identifier"), max_length=64)
    civic_number = models.CharField(_("civic number"), max_length=16)
    street = models.CharField(_("street"), max_length=120)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120)
    province = models.CharField(_("province"), max_length=2, default="ON")
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    # Lower case, no accents or punctuation: "12 main st w unit 4 oakville l6h2r4". Searched.
    search_text = models.CharField(max_length=255, editable=False, db_index=False)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [models.UniqueConstraint(fields=["site", "source_id"], name="address_unique_per_register")]
        indexes = [models.Index(fields=["site", "search_text"], name="address_search_prefix")]
        permissions = [("manage_address_register", _("Can import and export the address register"))]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        from .addresses import search_text_for

        self.search_text = search_text_for(self)
        super().save(*args, **kwargs)

    @property
    def street_line(self):
        """ "12 Main Street West" (and ", unit 4" when it has one)."""
        line = f"{self.civic_number} {self.street}".strip()
        return f"{line}, {_('unit')} {self.unit}" if self.unit else line

    @property
    def label(self):
        """How the address is offered and shown: "12 Main Street West, Oakville L6H 2R4"."""
        place = " ".join(part for part in [self.municipality, self.postal_code] if part)
        return ", ".join(part for part in [self.street_line, place] if part)


class AddressImport(models.Model):
    """One import of a CSV file into an agency's address register: the file staff uploaded, the
    column each address field is read from, and how far the import has come (website/address_import.py)."""

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Waiting for the column mapping")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE, related_name="address_imports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # Where the upload waits (under PRIVATE_MEDIA_ROOT); removed once the import has run.
    path = models.CharField(max_length=500, editable=False)
    columns = models.JSONField(_("columns of the file"), default=list)
    mapping = models.JSONField(_("column of each address field"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.MAPPING)
    total_rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("addresses added"), default=0)
    updated = models.PositiveIntegerField(_("addresses updated"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    outside = models.PositiveIntegerField(_("rows outside the boundary"), default=0)
    # The first rows refused: [[line number, reason], ...].
    errors = models.JSONField(_("rows refused"), default=list, blank=True)
    message = models.TextField(_("why it failed"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("address import")
        verbose_name_plural = _("address imports")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.processed * 100 // self.total_rows) if self.total_rows else 0


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)
    reporting_intro = models.TextField(
        _("online reporting introduction"),
        blank=True,
        help_text=_("Shown above the list of report forms."),
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("Shown below the introduction: headings, text, images, “Report online” buttons."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body"), FieldPanel("reporting_intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def report_forms(self):
        """Every live, public form page under this home page, whatever app defines it."""
        return Page.objects.live().public().descendant_of(self).type(AbstractForm).order_by("path").specific()

    def latest_news(self):
        return NewsPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")[:LATEST_NEWS_ON_HOME]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["report_forms"] = self.report_forms()
        context["latest_news"] = self.latest_news()
        return context


class NewsIndexPage(RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def news_items(self):
        return NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.news_items(), NEWS_PER_PAGE)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        return context

    @path("feed/", name="feed")
    def rss_feed(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPage(Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), max_length=300, help_text=_("One or two sentences."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")


class StandardPage(Page):
    """FAQ, "What can I report online?", privacy notice, accessibility statement..."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["website.HomePage", "website.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


# Agency access and audit: the bottom layer, so that every app asks one rule ------------------


class AgencyMembership(models.Model):
    """The agencies (Wagtail sites) a member of staff works for: they see only those reports."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="agency_memberships"
    )
    site = models.ForeignKey("wagtailcore.Site", verbose_name=_("agency site"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("agency membership")
        constraints = [models.UniqueConstraint(fields=["user", "site"], name="website_unique_agency_membership")]

    def __str__(self):
        return f"{self.user} @ {self.site}"


class AuditEventQuerySet(models.QuerySet):
    def about(self, target):
        """The events of one record (a report, a delivery...)."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)


class AuditEvent(models.Model):
    """Who saw or did what, to which record of which agency, when, from where. Appended, never
    changed or deleted. The record is generic (a report, a delivery, a task's process...), so
    that this bottom layer knows no other app's models."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed the report")
        DOWNLOAD = "download", _("Downloaded an attachment")
        EXPORT = "export", _("Exported reports")
        CLAIM = "claim", _("Claimed a task")
        RELEASE = "release", _("Released a task")
        REASSIGN = "reassign", _("Gave a task to someone else")
        DECIDE = "decide", _("Made a decision")
        CANCEL = "cancel", _("Cancelled a task or process")
        UNDO = "undo", _("Undid a task")
        REVIVE = "revive", _("Revived a task")
        RESEND = "resend", _("Asked for a delivery to be sent again")
        CHANGE = "change", _("Changed a record")
        DENIED = "denied", _("Was refused access")
        # One row for each agency: the one the report left and the one it went to.
        REFERRED = "referred", _("Referred a report to another police service")
        # By a periodic job, no user: how many records it removed, nothing about them.
        PURGED = "purged", _("Removed expired records")
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Failed to sign in")
        LOCKED_OUT = "locked_out", _("Was locked out")
        SIGN_OUT = "sign_out", _("Signed out")
        MFA_ENROLLED = "mfa_enrolled", _("Set up a second factor")
        MFA_VERIFIED = "mfa_verified", _("Confirmed sign-in with a second factor")
        MFA_RECOVERY = "mfa_recovery", _("Signed in with a recovery code")
        MFA_FAILED = "mfa_failed", _("Entered a wrong second-factor code")
        MFA_RESET = "mfa_reset", _("Reset a second factor")
        MFA_NEW_CODES = "mfa_new_codes", _("Made new recovery codes")
        PASSWORD_RESET_ASKED = "pw_reset_asked", _("Asked for a password reset")
        PASSWORD_RESET = "pw_reset", _("Reset their password")
        MEMBERSHIP_ADDED = "member_added", _("Gave someone access to an agency")
        MEMBERSHIP_REMOVED = "member_removed", _("Took away someone's access to an agency")
        # By the citizen, no user: the satisfaction survey after their report closed.
        SURVEY_ANSWERED = "survey_answered", _("Answered the satisfaction survey")
        BOUNDARY_CHANGED = "boundary_changed", _("Changed an agency's boundary")
        IMPORT_STARTED = "import_started", _("Started an import")
        IMPORT_FINISHED = "import_done", _("Finished an import")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("agency site"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind of record"), null=True, on_delete=models.PROTECT
    )
    target_id = models.PositiveBigIntegerField(_("record"), null=True)
    target = GenericForeignKey("target_type", "target_id")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=64, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["target_type", "target_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.target_type_id}:{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted")
