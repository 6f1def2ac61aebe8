"""Checking and keeping the files citizens upload with a report.

A file is judged by its content, never by its name or by the Content-Type the browser sent:
its first bytes must be those of a JPEG, PNG, HEIC or PDF file, and an image must open in
Pillow. Accepted files go to ``PrivateStorage`` (``PRIVATE_MEDIA_ROOT``), under a new random
name: they have no public URL, and staff download them through permission-checked views only.
The citizen's name for the file is kept for display (``safe_display_name``), never as a path.
"""

import os
import unicodedata
import uuid
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

pillow_heif.register_heif_opener()

DEFAULT_ALLOWED_TYPES = ("image/jpeg", "image/png", "image/heic", "application/pdf")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILES = 5

# Content type -> (extension of the stored file, name shown to the citizen).
CONTENT_TYPES = {
    "image/jpeg": (".jpg", _("JPEG")),
    "image/png": (".png", _("PNG")),
    "image/heic": (".heic", _("HEIC")),
    "application/pdf": (".pdf", _("PDF")),
}
# The extensions a file of each type may already carry, in any case: its name is then left as is.
EXTENSIONS = {
    "image/jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    "image/png": {".png"},
    "image/heic": {".heic", ".heif"},
    "application/pdf": {".pdf"},
}
KNOWN_EXTENSIONS = frozenset().union(*EXTENSIONS.values())
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/heic"})
# The Pillow plugin that must read each image type: no other plugin is tried.
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/heic": "HEIF"}

SNIFF_BYTES = 64
PDF_TAIL_BYTES = 2048
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
MAX_DISPLAY_NAME = 120
FALLBACK_DISPLAY_NAME = "file"


def sniff_content_type(fileobj):
    """The content type that the first bytes of ``fileobj`` show, or None.

    Reads at most ``SNIFF_BYTES`` from the start of the file and puts the file position back
    where it was. The file's name and the browser's Content-Type play no part."""
    position = fileobj.tell()
    try:
        fileobj.seek(0)
        head = fileobj.read(SNIFF_BYTES)
    finally:
        fileobj.seek(position)
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def safe_display_name(name):
    """The citizen's name for a file, fit to show on a page: its last path component, without
    control or formatting characters (such as right-to-left overrides), at most 120 characters.

    Only ever displayed: stored files get a random name (``private_upload_path``)."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Zl", "Zp"})
    name = name.strip()
    if name in {"", ".", ".."}:
        return FALLBACK_DISPLAY_NAME
    if len(name) > MAX_DISPLAY_NAME:
        stem, ext = os.path.splitext(name)
        if not 1 < len(ext) <= 16:
            stem, ext = name, ""
        name = stem[: MAX_DISPLAY_NAME - len(ext) - 1].rstrip() + "…" + ext
    return name


def download_name(name, content_type):
    """The name to download a file under: ``name`` with the extension of the type found in the
    file's content. A PNG sent as "notes.pdf" is "notes.png", so that it opens in the right
    program; a right extension stays as the citizen wrote it, and one of another type we know is
    replaced; any other is kept and ours added ("holiday.final.jpg")."""
    stem, extension = os.path.splitext(name)
    if extension.lower() in EXTENSIONS.get(content_type, ()):
        return name
    if extension.lower() in KNOWN_EXTENSIONS:
        name = stem
    return name + CONTENT_TYPES[content_type][0]


def human_size(num_bytes, *, rounding=ROUND_CEILING):
    """``num_bytes`` as the citizen reads it: "512 bytes", "8.3 KB", "14.2 MB".

    One decimal, dropped when it is 0. File sizes round up and limits round down (pass
    ``ROUND_FLOOR``), so a file over the limit never looks as big as the limit."""
    if num_bytes < 1024:
        return ngettext("%(size)s byte", "%(size)s bytes", num_bytes) % {"size": num_bytes}
    value = Decimal(num_bytes) / 1024
    unit = "KB"
    if value.quantize(Decimal("0.1"), rounding=rounding) >= 1024:
        value /= 1024
        unit = "MB"
    value = value.quantize(Decimal("0.1"), rounding=rounding)
    shown = number_format(value.to_integral_value()) if value == value.to_integral_value() else number_format(value, 1)
    if unit == "KB":
        return gettext("%(size)s KB") % {"size": shown}
    return gettext("%(size)s MB") % {"size": shown}


def _or_list(items):
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return gettext("%(items)s or %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _type_not_allowed(name, allowed_types):
    labels = [str(CONTENT_TYPES[t][1]) if t in CONTENT_TYPES else t for t in allowed_types]
    params = {"name": name, "types": _or_list(labels)}
    images = any(t in IMAGE_TYPES for t in allowed_types)
    pdf = "application/pdf" in allowed_types
    others = any(t not in IMAGE_TYPES and t != "application/pdf" for t in allowed_types)
    if not labels:
        message = gettext("“%(name)s” is not a type of file you can upload here.")
    elif images and pdf and not others:
        message = gettext("“%(name)s” is not a photo or a PDF. You can upload %(types)s files.")
    elif images and not pdf and not others:
        message = gettext("“%(name)s” is not a photo. You can upload %(types)s files.")
    elif pdf and not images and not others:
        message = gettext("“%(name)s” is not a PDF. You can upload %(types)s files.")
    else:
        message = gettext("“%(name)s” is not a type of file you can upload here. You can upload %(types)s files.")
    return ValidationError(message, code="type_not_allowed", params=params)


def _check_image(uploaded_file, content_type, name):
    """Open the image with the Pillow plugin for its type and read it through."""
    pillow_format = PILLOW_FORMATS[content_type]
    too_big = ValidationError(
        gettext(
            "“%(name)s” is too big a picture: more than %(limit)s megapixels. "
            "Save a smaller copy of it, then try again."
        ),
        code="bad_image",
        params={"name": name, "limit": number_format((Image.MAX_IMAGE_PIXELS or 0) // 1_000_000)},
    )
    try:
        with Image.open(uploaded_file, formats=[pillow_format]) as image:
            width, height = image.size
            image.verify()
        if Image.MAX_IMAGE_PIXELS and width * height > Image.MAX_IMAGE_PIXELS:
            raise too_big
        if content_type != "image/png":
            # verify() reads PNG chunks through to IEND and checks their CRCs; it does nothing
            # for JPEG or HEIC, whose data must be decoded to find a truncated file. JPEG
            # decodes at 1/8 scale: every byte is still read, in a fraction of the memory.
            uploaded_file.seek(0)
            with Image.open(uploaded_file, formats=[pillow_format]) as image:
                if content_type == "image/jpeg":
                    image.draft(None, (1, 1))
                image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise too_big from error
    except Exception as error:  # Pillow and libheif raise many kinds of error for a bad file.
        raise ValidationError(
            gettext(
                "“%(name)s” could not be opened as a photo. It may be damaged or incomplete: "
                "check that it opens on your device, then try again."
            ),
            code="bad_image",
            params={"name": name},
        ) from error


def _check_pdf(uploaded_file, name):
    """A complete PDF ends with ``%%EOF`` (a little trailing whitespace or padding allowed)."""
    uploaded_file.seek(0, os.SEEK_END)
    end = uploaded_file.tell()
    uploaded_file.seek(max(end - PDF_TAIL_BYTES, 0))
    if b"%%EOF" not in uploaded_file.read(PDF_TAIL_BYTES):
        raise ValidationError(
            gettext(
                "“%(name)s” could not be opened as a PDF. It may be damaged or incomplete: "
                "check that it opens on your device, then try again."
            ),
            code="bad_pdf",
            params={"name": name},
        )


def validate_upload(uploaded_file, *, allowed_types=DEFAULT_ALLOWED_TYPES, max_bytes=DEFAULT_MAX_BYTES):
    """Return the content type of ``uploaded_file`` from its content, or raise ``ValidationError``.

    Checks, in order: not empty ("empty"), at most ``max_bytes`` ("too_large"), first bytes of
    one of ``allowed_types`` ("type_not_allowed"), then that an image opens and reads through
    ("bad_image") or that a PDF ends properly ("bad_pdf"). The file position is put back."""
    name = safe_display_name(getattr(uploaded_file, "name", ""))
    size = uploaded_file.size
    if not size:
        raise ValidationError(
            gettext("“%(name)s” is empty. Check the file on your device, or choose another one."),
            code="empty",
            params={"name": name},
        )
    if size > max_bytes:
        raise ValidationError(
            gettext("“%(name)s” is %(size)s. Select a file smaller than %(limit)s."),
            code="too_large",
            params={"name": name, "size": human_size(size), "limit": human_size(max_bytes, rounding=ROUND_FLOOR)},
        )
    content_type = sniff_content_type(uploaded_file)
    if content_type not in allowed_types:
        raise _type_not_allowed(name, allowed_types)
    position = uploaded_file.tell()
    try:
        if content_type in IMAGE_TYPES:
            _check_image(uploaded_file, content_type, name)
        elif content_type == "application/pdf":
            _check_pdf(uploaded_file, name)
    finally:
        uploaded_file.seek(position)
    return content_type


def validate_upload_count(files, max_files=DEFAULT_MAX_FILES):
    """Raise ``ValidationError`` ("too_many") when ``files`` holds more than ``max_files``."""
    count = len(files)
    if count > max_files:
        raise ValidationError(
            ngettext(
                "You can upload at most %(max)s file here; you chose %(count)s.",
                "You can upload at most %(max)s files here; you chose %(count)s.",
                max_files,
            ),
            code="too_many",
            params={"max": max_files, "count": count},
        )


@deconstructible(path="forms_app.uploads.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under ``PRIVATE_MEDIA_ROOT`` (read when used, so ``override_settings`` works),
    readable by the server's user only, with no URL."""

    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(location=location, base_url=None, **kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")


private_storage = PrivateStorage()


def get_private_storage():
    """``FileField(storage=get_private_storage)``: migrations refer to this function."""
    return private_storage


def private_upload_path(content_type):
    """A new random path for a file of ``content_type``: ``reports/<year>/<month>/<uuid><ext>``."""
    try:
        extension = CONTENT_TYPES[content_type][0]
    except KeyError:
        raise ValueError(f"no stored extension for content type {content_type!r}") from None
    now = timezone.now()
    return f"reports/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{extension}"
