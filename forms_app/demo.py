"""The five demo report forms that ``manage.py seed_demo`` publishes (through
``FormsAppConfig.seed_demo``). Like the rest of the demo, they are content that staff edit
afterwards; the UCR codes are examples to check against the service's own UCR manual."""

from decimal import Decimal

from .mapping import Element as E
from .models import IncidentType, PropertyStatus, ReportFormField, ReportFormPage, ScreeningQuestion
from .models.pages import STANDARD_SCREENING

INCIDENT_TYPES = [
    ("THEFT-UNDER", "Theft under $5,000", "2140", "Theft $5,000 or under", PropertyStatus.STOLEN),
    ("THEFT-FROM-VEHICLE", "Theft from a vehicle", "2142", "Theft from motor vehicle", PropertyStatus.STOLEN),
    ("MISCHIEF", "Mischief / damage to property", "2170", "Mischief", PropertyStatus.DAMAGED),
    ("LOST-PROPERTY", "Lost property", "8120", "Lost property", PropertyStatus.LOST),
    ("FRAUD-UNDER", "Fraud under $5,000", "2160", "Fraud $5,000 or under", PropertyStatus.NONE),
]

PROVINCES = "Ontario\nQuebec\nBritish Columbia\nAlberta\nManitoba\nSaskatchewan\nNova Scotia\nNew Brunswick\n"
PROVINCES += "Newfoundland and Labrador\nPrince Edward Island\nYukon\nNorthwest Territories\nNunavut\nOutside Canada"
PAYMENT_METHODS = "Gift cards\nBank transfer\nCredit card\nCryptocurrency\nCash\nOther"


def f(label, field_type, element="", required=True, help_text="", choices=""):
    return {
        "label": label,
        "field_type": field_type,
        "rms_element": element,
        "required": required,
        "help_text": help_text,
        "choices": choices,
    }


WHEN_WHERE = [
    f("Date it happened", "date", E.OCCURRED_FROM, help_text="If you are not sure, the earliest it could have been."),
    f("Time it happened", "time", E.OCCURRED_FROM_TIME, required=False, help_text="An approximate time is fine."),
    f("Latest date it could have happened", "date", E.OCCURRED_TO, required=False),
    f("Street address or nearest intersection", "singleline", E.LOCATION_STREET),
    f("Town or city", "singleline", E.LOCATION_MUNICIPALITY),
    f("Postal code", "postal_code", E.LOCATION_POSTAL_CODE, required=False, help_text="For example L6H 2R4."),
]
NARRATIVE = [
    f(
        "What happened?",
        "multiline",
        E.NARRATIVE,
        help_text="Tell us in your own words, in the order things happened.",
    )
]
REPORTER = [
    f("First name", "singleline", E.REPORTER_FIRST_NAME),
    f("Last name", "singleline", E.REPORTER_LAST_NAME),
    f("Email address", "email", E.REPORTER_EMAIL, help_text="We send your reference number and a copy here."),
    f("Phone number", "phone", E.REPORTER_PHONE, help_text="In case an officer needs to call you."),
]
PHOTOS = [
    f(
        "Photos or documents",
        "upload",
        E.ATTACHMENTS,
        required=False,
        help_text="Receipts, photos of the items or the damage, screenshots.",
    )
]


def items(label="Items", help_text="Describe each item; add its serial number if you have it."):
    return [f(label, "property", E.PROPERTY_ITEMS, help_text=help_text)]


FORMS = [
    {
        "slug": "report-theft",
        "title": "Report a theft under $5,000",
        "type": "THEFT-UNDER",
        "summary": "Something was stolen from you, your home or your business, and it is worth $5,000 or less.",
        "fields": [*WHEN_WHERE, *items("Stolen items"), *NARRATIVE, *PHOTOS, *REPORTER],
    },
    {
        "slug": "report-theft-from-vehicle",
        "title": "Report a theft from a vehicle",
        "type": "THEFT-FROM-VEHICLE",
        "summary": "Something was stolen from inside or from the outside of your vehicle (not the vehicle itself).",
        "fields": [
            *WHEN_WHERE,
            f("Licence plate", "singleline", E.VEHICLE_PLATE),
            f("Province of the plate", "dropdown", E.VEHICLE_PROVINCE, choices=PROVINCES),
            f("Make", "singleline", E.VEHICLE_MAKE, help_text="For example Honda."),
            f("Model", "singleline", E.VEHICLE_MODEL, required=False),
            f("Colour", "singleline", E.VEHICLE_COLOUR, required=False),
            f("Was the vehicle locked?", "radio", choices="Yes\nNo\nI don't know"),
            *items("Stolen items"),
            *NARRATIVE,
            *PHOTOS,
            *REPORTER,
        ],
    },
    {
        "slug": "report-damage",
        "title": "Report mischief or damage to property",
        "type": "MISCHIEF",
        "summary": "Someone damaged your property on purpose: graffiti, broken windows, keyed cars.",
        "fields": [
            *WHEN_WHERE,
            *items("Damaged property", "Describe each damaged thing."),
            f("Estimated cost of repairs", "money", E.TOTAL_LOSS, required=False),
            *NARRATIVE,
            *PHOTOS,
            *REPORTER,
        ],
    },
    {
        "slug": "report-lost-property",
        "title": "Report lost property",
        "type": "LOST-PROPERTY",
        "summary": "You lost something and need a police report, for example for your insurer or a new passport.",
        "fields": [
            *WHEN_WHERE,
            f("Where you think you lost it", "singleline", E.LOCATION_DESCRIPTION, required=False),
            *items("Lost items"),
            *NARRATIVE,
            *REPORTER,
        ],
    },
    {
        "slug": "report-fraud",
        "title": "Report a fraud under $5,000",
        "type": "FRAUD-UNDER",
        "summary": "You were tricked into paying or giving information, and lost $5,000 or less.",
        "fields": [
            *WHEN_WHERE,
            f(
                "How did they contact you?",
                "dropdown",
                E.FRAUD_METHOD,
                choices="Phone call\nText message\nEmail\nWebsite or app\nSocial media\nIn person",
            ),
            f("Amount lost", "money", E.TOTAL_LOSS),
            f("How did you pay?", "dropdown", choices=PAYMENT_METHODS),
            *NARRATIVE,
            *PHOTOS,
            *REPORTER,
        ],
    },
]

INTRO = "<p>Use this form only if no one is in danger and the incident is over.</p>"
RECEIPT = "<p>Thank you. Keep your reference number: you will need it if you contact us about this report.</p>"
EMAIL = "Thank you for reporting online. This message confirms that we received your report."


def seed(home):
    """Create what is missing; return the number of forms created."""
    types = {}
    for code, name, ucr, rms, status in INCIDENT_TYPES:
        types[code], _created = IncidentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "ucr_code": ucr,
                "rms_occurrence_type": rms,
                "property_status": status,
                "property_value_limit": Decimal("5000.00"),
            },
        )
    created = 0
    for spec in FORMS:
        if ReportFormPage.objects.child_of(home).filter(slug=spec["slug"]).exists():
            continue
        page = ReportFormPage(
            title=spec["title"],
            slug=spec["slug"],
            search_description=spec["summary"],
            intro=INTRO,
            reportable_text=f"<p>{spec['summary']}</p>",
            incident_type=types[spec["type"]],
            receipt_text=RECEIPT,
            email_text=EMAIL,
            screening_questions=[
                ScreeningQuestion(sort_order=n, **{k: str(v) for k, v in q.items()})
                for n, q in enumerate(STANDARD_SCREENING)
            ],
            form_fields=[ReportFormField(sort_order=n, **field) for n, field in enumerate(spec["fields"])],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created
