"""Importing an agency's address register: the National Address Register's columns, a mapping of
other columns, streamed batches upserted (a re-import updates), bad rows and bad files named,
rows outside the boundary counted; the Statistics Canada Lambert points."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from tests.factories import DEMO_SQUARE, demo_site, make_agency
from website import address_import
from website.address_import import STATCAN_LAMBERT, ImportFileError, LambertConic
from website.models import Address, AgencySettings

pytestmark = pytest.mark.django_db

NAR_HEADER = (
    "LOC_GUID,ADDR_GUID,APT_NO_LABEL,CIVIC_NO,CIVIC_NO_SUFFIX,OFFICIAL_STREET_NAME,OFFICIAL_STREET_TYPE,"
    "OFFICIAL_STREET_DIR,PROV_CODE,CSD_ENG_NAME,CSD_FRE_NAME,CSD_TYPE_ENG_CODE,CSD_TYPE_FRE_CODE,"
    "MAIL_STREET_NAME,MAIL_STREET_TYPE,MAIL_STREET_DIR,MAIL_MUN_NAME,MAIL_PROV_ABVN,MAIL_POSTAL_CODE,"
    "BG_X,BG_Y,BU_N_CIVIC_ADD,BU_USE"
)


def nar_row(
    guid, number, name, street_type, direction, municipality, postal, latitude, longitude, *, unit="", suffix=""
):
    x, y = STATCAN_LAMBERT.forward(latitude, longitude)
    return (
        f"L-{guid},{guid},{unit},{number},{suffix},{name},{street_type},{direction},35,{municipality},"
        f"{municipality},T,VILLE,{name},{street_type},{direction},{municipality.upper()},ON,{postal},"
        f"{x:.4f},{y:.4f},1,1"
    )


def write(tmp_path, text, name="addresses.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def nar_file(tmp_path, rows):
    return write(tmp_path, "\n".join([NAR_HEADER, *rows]) + "\n")


def test_the_lambert_projection_matches_iogps_worked_example_and_statistics_canadas_origin():
    # IOGP Guidance Note 7-2, Lambert conic conformal (2SP): NAD27 / Texas South Central.
    foot = 0.3048006096012192
    texas = LambertConic(6378206.4, 294.978698213898, 27 + 50 / 60, -99, 28 + 23 / 60, 30 + 17 / 60, 2e6 * foot, 0)
    easting, northing = texas.forward(28.5, -96)
    assert (round(easting / foot, 2), round(northing / foot, 2)) == (2963503.91, 254759.80)
    assert texas.inverse(easting, northing) == pytest.approx((28.5, -96), abs=1e-9)
    # EPSG:3347's origin is its false easting and northing.
    assert STATCAN_LAMBERT.forward(63.390675, -91.86666666666666) == pytest.approx((6.2e6, 3e6), abs=1e-3)
    x, y = STATCAN_LAMBERT.forward(43.45, -79.70)
    assert 7.1e6 < x < 7.3e6 and 0.8e6 < y < 1.0e6  # southern Ontario
    assert STATCAN_LAMBERT.inverse(x, y) == pytest.approx((43.45, -79.70), abs=1e-9)


def test_a_national_address_register_file_imports_with_its_own_column_names(tmp_path):
    site = make_agency()
    path = nar_file(
        tmp_path,
        [
            nar_row("G1", "12", "MAIN", "ST", "W", "Oakville", "L6H2R4", 43.45, -79.68),
            nar_row("G2", "7", "Lakeshore", "Rd", "E", "Oakville", "l6j 1a1", 43.44, -79.66, unit="4", suffix="A"),
            nar_row("G3", "5", "Principale", "Rue", "", "Oakville", "L6H 2R5", 43.46, -79.69),
        ],
    )
    info = address_import.inspect(path)
    mapping = address_import.guess_mapping(info.columns)
    assert mapping == {
        "source_id": "ADDR_GUID",
        "civic_number": "CIVIC_NO",
        "civic_suffix": "CIVIC_NO_SUFFIX",
        "street": "OFFICIAL_STREET_NAME",
        "street_type": "OFFICIAL_STREET_TYPE",
        "street_direction": "OFFICIAL_STREET_DIR",
        "unit": "APT_NO_LABEL",
        "municipality": "CSD_ENG_NAME",
        "province": "MAIL_PROV_ABVN",
        "postal_code": "MAIL_POSTAL_CODE",
        "x": "BG_X",
        "y": "BG_Y",
    }
    counts = address_import.run(site, path, mapping)
    assert (counts.processed, counts.created, counts.updated, counts.errors) == (3, 3, 0, 0)
    first, second, third = Address.objects.filter(site=site).order_by("source_id")
    assert first.label == "12 Main St W, Oakville L6H 2R4"
    assert (first.latitude, first.longitude) == pytest.approx((43.45, -79.68), abs=1e-7)
    assert (second.civic_number, second.unit, second.postal_code) == ("7A", "4", "L6J 1A1")
    assert third.street == "Rue Principale"
    assert first.search_text == "12 main st w oakville l6h2r4"  # searched as if saved one by one


def test_other_columns_are_mapped_and_a_reimport_updates_instead_of_duplicating(tmp_path):
    site = make_agency()
    text = (
        "Ref;No;Road;Town;Post;Lat;Long\n"
        "A1;12;Main Street;Milton;L9T 1A1;43.52;-79.88\n"
        "A2;14;Main Street;Milton;;43.5;-79.9\n"
    )
    path = write(tmp_path, text)
    info = address_import.inspect(path)
    assert info.delimiter == ";" and info.rows == 2
    guessed = address_import.guess_mapping(info.columns)
    assert guessed == {"latitude": "Lat", "municipality": "Town"}  # the names it knows
    problems = address_import.check_mapping(guessed, info.columns)
    assert "Choose the column that holds: Register identifier." in problems
    assert any("longitude" in p for p in problems)
    mapping = {"source_id": "Ref", "civic_number": "No", "street": "Road", "municipality": "Town"}
    mapping |= {"postal_code": "Post", "latitude": "Lat", "longitude": "Long"}
    assert address_import.check_mapping(mapping, info.columns) == []
    assert address_import.check_mapping({**mapping, "street": "Nope"}, info.columns) == [
        "The file has no column “Nope”."
    ]
    assert address_import.run(site, path, mapping).created == 2
    path = write(tmp_path, text.replace("Main Street;Milton;;", "Main Street;Milton;L9T 9Z9;"))
    counts = address_import.run(site, path, mapping)
    assert (counts.created, counts.updated) == (0, 2)
    assert Address.objects.filter(site=site).count() == 2
    assert Address.objects.get(site=site, source_id="A2").postal_code == "L9T 9Z9"


def test_bad_rows_are_counted_and_named_by_line_and_the_good_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(address_import, "BATCH_SIZE", 2)
    site = make_agency()
    text = "\n".join(
        [
            "source_id,civic_number,street,municipality,postal_code,latitude,longitude",
            "B1,1,Main Street,Milton,L9T 1A1,43.5,-79.9",
            "B2,2,Main Street,Milton,L9T 1A1,43.5",  # a value missing
            "B3,3,Main Street,Milton,L9T 1A1,north,-79.9",
            "B4,4,Main Street,Milton,12345,43.5,-79.9",
            "B5,5,Main Street,Milton,L9T 1A1,95,-79.9",
            "B6,,Main Street,Milton,L9T 1A1,43.5,-79.9",
            "B7,7,Main Street,Milton,L9T 1A1,43.5,-79.9",
            "B8,8,Main Street,Milton,L9T 1A1,43.5,-79.9",
        ]
    )
    path = write(tmp_path, text)
    seen = []
    counts = address_import.run(
        site, path, address_import.guess_mapping(address_import.inspect(path).columns), progress=seen.append
    )
    assert (counts.processed, counts.created, counts.errors) == (8, 3, 5)
    assert counts.listed == [
        [3, "It has 6 values where the first line names 7 columns."],
        [4, "latitude “north” is not a number."],
        [5, "“12345” is not a Canadian postal code (e.g. L6H 2R4)."],
        [6, "latitude 95 is not between -90 and 90."],
        [7, "civic_number is empty."],
    ]
    assert len(seen) >= 2  # after each batch, and at the end
    assert set(Address.objects.filter(site=site).values_list("source_id", flat=True)) == {"B1", "B7", "B8"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04\x14\x00\x06\x00", "This is not a CSV file"),
        ("source_id,street\nA1,Côte-Sainte-Catherine\n".encode("latin-1"), "The file is not UTF-8 text (near line 2)"),
        (b"source_id,civic_number,street\n", "The file names its columns but has no rows."),
        (b"just one column\nA\n", "The first line must name the columns"),
        (b"street,Street,x\n1,2,3\n", "These columns are named twice: Street, street."),
    ],
)
def test_a_file_that_cannot_be_imported_says_why(tmp_path, content, message):
    with pytest.raises(ImportFileError) as error:
        address_import.inspect(write(tmp_path, content))
    assert message in str(error.value)


def test_rows_outside_the_agencys_boundary_are_counted_not_imported(tmp_path):
    site = make_agency()
    site.agencysettings.boundary = DEMO_SQUARE
    site.agencysettings.save()
    path = write(
        tmp_path,
        "source_id,civic_number,street,municipality,latitude,longitude\n"
        "C1,1,Main Street,Oakville,43.4,-79.7\n"
        "C2,2,Main Street,Toronto,43.65,-79.38\n"
        "C3,3,Main Street,Oakville,43.3,-79.8\n",  # on the boundary's corner: inside
    )
    counts = address_import.run(site, path, address_import.guess_mapping(address_import.inspect(path).columns))
    assert (counts.created, counts.outside, counts.errors) == (2, 1, 0)
    assert not Address.objects.filter(site=site, source_id="C2").exists()


def test_the_command_imports_with_a_mapping_and_a_progress_bar(tmp_path):
    site = make_agency()
    path = write(tmp_path, "Ref,No,Road,Town,lat,lon\nD1,12,Main Street,Milton,43.5,-79.9\n")
    out, err = io.StringIO(), io.StringIO()
    maps = ["--map", "source_id=Ref", "--map", "civic_number=No", "--map", "street=Road", "--map", "municipality=Town"]
    call_command("import_addresses", str(path), "--site", site.hostname, *maps, stdout=out, stderr=err)
    assert "[##############################] 1/1 rows" in out.getvalue()
    assert "1 added, 0 updated, 0 refused, 0 outside the boundary" in out.getvalue()
    assert Address.objects.get(site=site, source_id="D1").street_line == "12 Main Street"
    with pytest.raises(CommandError, match="Choose the column that holds: Register identifier"):
        call_command("import_addresses", str(path), "--site", site.hostname, stdout=out)
    with pytest.raises(CommandError, match=r"No agency at nowhere\.localhost"):
        call_command("import_addresses", str(path), "--site", "nowhere.localhost", stdout=out)


def test_an_export_imports_back_unchanged(tmp_path):
    from wagtail.models import Site

    from website.address_resources import AddressResource

    site = Site.objects.get(hostname="lakeshore.localhost")  # its demo register
    before = list(Address.objects.filter(site=site).order_by("source_id").values())
    resource = AddressResource()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(resource.get_export_headers())
    for address in Address.objects.filter(site=site):
        writer.writerow(resource.export_resource(address))
    path = write(tmp_path, buffer.getvalue())
    counts = address_import.run(site, path, address_import.guess_mapping(address_import.inspect(path).columns))
    assert (counts.created, counts.updated, counts.errors) == (0, len(before), 0)
    assert list(Address.objects.filter(site=site).order_by("source_id").values()) == before
    other = demo_site()
    Address.objects.filter(site=other).delete()
    # Lakeshore's addresses lie outside the demo agency's boundary: without one, all are taken.
    AgencySettings.objects.filter(site=other).update(boundary=None)
    counts = address_import.run(other, path, address_import.guess_mapping(address_import.inspect(path).columns))
    assert counts.created == len(before)
