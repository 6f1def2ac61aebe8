"""Checking citizens' uploads by their content, and keeping them in private storage."""

import io
import os
import re
import stat
from decimal import ROUND_FLOOR

import pillow_heif
import pytest
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.utils import timezone
from PIL import Image

from forms_app.uploads import (
    CONTENT_TYPES,
    DEFAULT_ALLOWED_TYPES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_FILES,
    PrivateStorage,
    get_private_storage,
    human_size,
    private_storage,
    private_upload_path,
    safe_display_name,
    sniff_content_type,
    validate_upload,
    validate_upload_count,
)

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"xref\n0 4\n"
    b"0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120


def picture():
    """A small picture with some detail, so that its compressed data is not trivial."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    for y in range(48):
        for x in range(0, 64, 3):
            image.putpixel((x, y), (x * 4 % 256, y * 5 % 256, 100))
    return image


def image_bytes(pillow_format):
    buffer = io.BytesIO()
    if pillow_format == "HEIF":
        pillow_heif.from_pillow(picture()).save(buffer, quality=60)
    else:
        picture().save(buffer, format=pillow_format)
    return buffer.getvalue()


JPEG = image_bytes("JPEG")
PNG = image_bytes("PNG")
HEIC = image_bytes("HEIF")


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(file, **kwargs):
    with pytest.raises(ValidationError) as caught:
        validate_upload(file, **kwargs)
    return caught.value


# --- What is accepted ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("photo.jpg", JPEG, "image/jpeg"),
        ("screenshot.png", PNG, "image/png"),
        ("IMG_0001.HEIC", HEIC, "image/heic"),
        ("receipt.pdf", PDF, "application/pdf"),
    ],
)
def test_each_allowed_type_is_accepted_and_the_file_is_left_usable(name, content, expected):
    file = upload(name, content)
    file.seek(7)

    assert validate_upload(file) == expected

    assert file.tell() == 7
    assert not file.closed
    file.seek(0)
    assert file.read() == content


def test_the_defaults():
    assert DEFAULT_ALLOWED_TYPES == ("image/jpeg", "image/png", "image/heic", "application/pdf")
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    assert DEFAULT_MAX_FILES == 5
    assert CONTENT_TYPES["image/jpeg"][0] == ".jpg"
    assert str(CONTENT_TYPES["image/jpeg"][1]) == "JPEG"
    assert {t: ext for t, (ext, _label) in CONTENT_TYPES.items()} == {
        "image/jpeg": ".jpg",
        "image/png": ".png",
        "image/heic": ".heic",
        "application/pdf": ".pdf",
    }


def test_a_file_of_exactly_the_limit_is_accepted():
    assert validate_upload(upload("scan.pdf", PDF), max_bytes=len(PDF)) == "application/pdf"


# --- Sniffing ------------------------------------------------------------------------------


def test_sniff_ignores_the_name_and_the_browsers_content_type():
    assert sniff_content_type(upload("holiday.exe", PNG, "application/x-msdownload")) == "image/png"
    assert sniff_content_type(upload("photo.jpg", PDF, "image/jpeg")) == "application/pdf"
    assert sniff_content_type(upload("photo.jpg", EXE, "image/jpeg")) is None
    assert validate_upload(upload("notes.txt", JPEG, "text/plain")) == "image/jpeg"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xdb", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"%PDF-1.7", "application/pdf"),
        *[(b"\x00\x00\x00\x18ftyp" + brand, "image/heic") for brand in (b"heic", b"heix", b"hevc", b"hevx")],
        *[(b"\x00\x00\x00\x18ftyp" + brand, "image/heic") for brand in (b"heim", b"heis", b"mif1", b"msf1")],
        (b"\x00\x00\x00\x18ftypisom", None),  # an MP4 video
        (b"\x00\x00\x00\x18ftypavif", None),
        (b"\x89PNG\r\n", None),  # not the whole signature
        (b"\xff\xd8", None),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),  # a ZIP, or an Office document
        (b"", None),
    ],
)
def test_sniff_reads_the_magic_bytes(head, expected):
    assert sniff_content_type(io.BytesIO(head + b"\x00" * 100)) == expected


def test_sniff_reads_at_most_64_bytes_from_the_start_and_puts_the_position_back():
    class Recorder(io.BytesIO):
        asked = []

        def read(self, size=-1):
            self.asked.append(size)
            return super().read(size)

    file = Recorder(PNG)
    file.seek(20)

    assert sniff_content_type(file) == "image/png"

    assert file.tell() == 20
    assert file.asked and all(0 <= size <= 64 for size in file.asked)


# --- What is refused -----------------------------------------------------------------------


@pytest.mark.parametrize("content", [EXE, ELF], ids=["windows", "elf"])
@pytest.mark.parametrize("name", ["photo.jpg", "scan.pdf", "program.exe"])
def test_an_executable_is_refused_whatever_its_name(name, content):
    error = refusal(upload(name, content, "image/jpeg"))

    assert error.code == "type_not_allowed"
    assert error.messages == [f"“{name}” is not a photo or a PDF. You can upload JPEG, PNG, HEIC or PDF files."]


def test_a_type_outside_allowed_types_is_refused_and_the_message_lists_the_allowed_ones():
    images = ("image/jpeg", "image/png", "image/heic")

    error = refusal(upload("receipt.pdf", PDF), allowed_types=images)
    assert error.code == "type_not_allowed"
    assert error.messages == ["“receipt.pdf” is not a photo. You can upload JPEG, PNG or HEIC files."]

    error = refusal(upload("photo.png", PNG), allowed_types=("application/pdf",))
    assert error.messages == ["“photo.png” is not a PDF. You can upload PDF files."]


def test_an_empty_file_is_refused():
    error = refusal(upload("photo.jpg", b""))

    assert error.code == "empty"
    assert "“photo.jpg”" in error.messages[0]
    assert "empty" in error.messages[0]


def test_a_file_over_the_limit_is_refused_before_its_content_is_read():
    error = refusal(upload("scan.pdf", b"\x00" * 3000), max_bytes=2048)

    assert error.code == "too_large"
    assert error.messages == ["“scan.pdf” is 3 KB. Select a file smaller than 2 KB."]


def test_a_file_one_byte_over_the_limit_never_looks_as_big_as_the_limit():
    error = refusal(upload("scan.pdf", PDF), max_bytes=len(PDF) - 1)

    assert error.code == "too_large"
    size, limit = re.fullmatch(r"“scan\.pdf” is (.+)\. Select a file smaller than (.+)\.", error.messages[0]).groups()
    assert size != limit


@pytest.mark.parametrize(
    ("num_bytes", "rounding", "expected"),
    [
        (1, None, "1 byte"),
        (512, None, "512 bytes"),
        (1024, None, "1 KB"),
        (1536, None, "1.5 KB"),
        (1537, None, "1.6 KB"),
        (1537, ROUND_FLOOR, "1.5 KB"),
        (1024 * 1024 - 1, None, "1 MB"),
        (int(14.2 * 1024 * 1024), None, "14.2 MB"),
        (10 * 1024 * 1024, ROUND_FLOOR, "10 MB"),
        (10 * 1024 * 1024 + 1, None, "10.1 MB"),
    ],
)
def test_human_size(num_bytes, rounding, expected):
    kwargs = {"rounding": rounding} if rounding else {}
    assert human_size(num_bytes, **kwargs) == expected


def test_the_default_limit_is_shown_in_megabytes():
    file = upload("scan.pdf", PDF)
    file.size = int(14.2 * 1024 * 1024)  # the size the upload handler counted; no 14 MB file needed

    error = refusal(file)

    assert error.code == "too_large"
    assert error.messages == ["“scan.pdf” is 14.2 MB. Select a file smaller than 10 MB."]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", JPEG[: len(JPEG) // 2]),
        ("photo.jpg", JPEG[:-2]),  # no end-of-image marker
        ("photo.jpg", JPEG[:40]),
        ("photo.png", PNG[: len(PNG) // 2]),
        ("photo.png", PNG[:-12]),  # no IEND chunk
        ("photo.png", PNG[:40]),
        ("photo.heic", HEIC[: len(HEIC) // 2]),
        ("photo.heic", HEIC[:-2]),
    ],
)
def test_a_truncated_image_is_refused(name, content):
    error = refusal(upload(name, content))

    assert error.code == "bad_image"
    assert error.messages[0].startswith(f"“{name}” could not be opened as a photo.")


def test_a_png_with_a_corrupt_chunk_is_refused():
    corrupt = bytearray(PNG)
    corrupt[len(PNG) // 2] ^= 0xFF  # inside the image data: its CRC no longer matches

    assert refusal(upload("photo.png", bytes(corrupt))).code == "bad_image"


def test_a_jpeg_header_on_png_data_is_refused():
    assert refusal(upload("photo.jpg", b"\xff\xd8\xff" + PNG)).code == "bad_image"


def test_a_picture_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 2_000_000 // 1000)  # the picture has 3072

    with pytest.warns(Image.DecompressionBombWarning):
        error = refusal(upload("photo.jpg", JPEG))
    assert error.code == "bad_image"
    assert "too big a picture" in error.messages[0]

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow itself refuses past twice the limit

    error = refusal(upload("photo.png", PNG))
    assert error.code == "bad_image"
    assert "too big a picture" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        PDF.replace(b"%%EOF", b""),
        PDF[: len(PDF) // 2],
        PDF + b"\n" * 2100,  # %%EOF is there, but not in the last 2 KiB
    ],
    ids=["no-eof", "truncated", "eof-too-early"],
)
def test_a_pdf_without_eof_at_its_end_is_refused(content):
    error = refusal(upload("scan.pdf", content))

    assert error.code == "bad_pdf"
    assert error.messages[0].startswith("“scan.pdf” could not be opened as a PDF.")


def test_a_pdf_with_eof_in_its_last_2_kib_is_accepted():
    assert validate_upload(upload("scan.pdf", PDF + b"\n" * 1500)) == "application/pdf"


def test_the_checks_run_in_order():
    # An empty file is "empty", not "type_not_allowed"; a big executable is "too_large".
    assert refusal(upload("x.exe", b"")).code == "empty"
    assert refusal(upload("x.exe", EXE), max_bytes=10).code == "too_large"
    assert refusal(upload("x.jpg", JPEG[:100]), allowed_types=("application/pdf",)).code == "type_not_allowed"


def test_messages_show_a_safe_display_name():
    error = refusal(upload("holiday.exe", EXE))
    assert error.messages == ["“holiday.exe” is not a photo or a PDF. You can upload JPEG, PNG, HEIC or PDF files."]

    file = upload("x", EXE)
    file.name = "C:\\Users\\me\\holiday\u202egpj.exe\n"  # a right-to-left override hides ".exe"
    error = refusal(file)
    assert error.messages[0].startswith("“holidaygpj.exe” is not a photo")
    assert error.params["name"] == "holidaygpj.exe"


# --- How many files ------------------------------------------------------------------------


def test_too_many_files_are_refused():
    with pytest.raises(ValidationError) as caught:
        validate_upload_count(list(range(7)))

    assert caught.value.code == "too_many"
    assert caught.value.messages == ["You can upload at most 5 files here; you chose 7."]


def test_the_file_count_limit_can_be_set_and_is_inclusive():
    validate_upload_count(list(range(5)))
    validate_upload_count([], max_files=0)
    validate_upload_count(["a"], max_files=1)

    with pytest.raises(ValidationError) as caught:
        validate_upload_count(["a", "b"], max_files=1)
    assert caught.value.messages == ["You can upload at most 1 file here; you chose 2."]


# --- Display names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("/var/www/index.html", "index.html"),
        ("C:\\Users\\me\\Desktop\\scan.pdf", "scan.pdf"),
        ("a\x00b\nc\td.jpg", "abcd.jpg"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ("  photo.jpg  ", "photo.jpg"),
        ("Café.jpg", "Café.jpg"),
        ("", "file"),
        (None, "file"),
        ("..", "file"),
        ("dir/", "file"),
        ("\x00\x01", "file"),
    ],
)
def test_safe_display_name(name, expected):
    assert safe_display_name(name) == expected


def test_safe_display_name_caps_the_length_and_keeps_the_extension():
    name = safe_display_name("x" * 300 + ".jpeg")

    assert len(name) == 120
    assert name.endswith("….jpeg")
    assert len(safe_display_name("y" * 300)) == 120
    assert safe_display_name("z" * 120) == "z" * 120


# --- Private storage -----------------------------------------------------------------------


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private"


def test_private_storage_saves_under_private_media_root_with_private_permissions(private_root, settings):
    name = private_storage.save(private_upload_path("image/png"), ContentFile(PNG))

    path = private_root / name
    assert path.read_bytes() == PNG
    assert private_storage.path(name) == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(private_root.stat().st_mode) == 0o700
    assert not str(path).startswith(str(settings.MEDIA_ROOT))


def test_private_storage_follows_the_setting(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "one"
    assert private_storage.location == str(tmp_path / "one")
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "two"
    assert private_storage.location == str(tmp_path / "two")


def test_private_files_have_no_url(private_root):
    name = private_storage.save("reports/a.pdf", ContentFile(PDF))

    assert private_storage.base_url is None
    with pytest.raises(ValueError, match="no public URL"):
        private_storage.url(name)
    with pytest.raises(ValueError, match="no public URL"):
        PrivateStorage(base_url="/media/").url(name)


def test_private_storage_refuses_paths_outside_its_root(private_root):
    with pytest.raises(SuspiciousFileOperation):
        private_storage.save("../escape.pdf", ContentFile(PDF))
    assert not (private_root.parent / "escape.pdf").exists()


def test_private_storage_serialises_as_a_reference_for_migrations():
    field = models.FileField(storage=get_private_storage)

    assert field.storage is private_storage
    _path, _args, kwargs = field.deconstruct()[1:]
    assert kwargs["storage"] is get_private_storage
    assert MigrationWriter.serialize(kwargs["storage"])[0] == "forms_app.uploads.get_private_storage"
    assert PrivateStorage().deconstruct()[0] == "forms_app.uploads.PrivateStorage"


def test_an_uploaded_file_is_stored_under_a_random_name(private_root):
    file = upload("Holiday at the lake.png", PNG, "image/png")
    content_type = validate_upload(file)

    first = private_storage.save(private_upload_path(content_type), file)
    second = private_storage.save(private_upload_path(content_type), file)

    assert first != second
    for name in (first, second):
        assert "Holiday" not in name and "lake" not in name
        assert name.endswith(".png")
        assert (private_root / name).read_bytes() == PNG


# --- Upload paths --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "extension"),
    [("image/jpeg", ".jpg"), ("image/png", ".png"), ("image/heic", ".heic"), ("application/pdf", ".pdf")],
)
def test_private_upload_path(content_type, extension):
    now = timezone.now()
    path = private_upload_path(content_type)

    assert re.fullmatch(rf"reports/{now:%Y}/{now:%m}/[0-9a-f]{{32}}{re.escape(extension)}", path)
    assert path != private_upload_path(content_type)
    assert os.path.normpath(path) == path


def test_private_upload_path_refuses_an_unknown_type():
    with pytest.raises(ValueError, match="image/gif"):
        private_upload_path("image/gif")
