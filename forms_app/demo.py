"""The five demo report forms that ``manage.py seed_demo`` publishes (through
``FormsAppConfig.seed_demo``). Like the rest of the demo, they are content that staff edit
afterwards; the UCR codes are examples to check against the service's own UCR manual."""

from decimal import Decimal

from django.utils import translation
from wagtail.models import Locale

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

FRENCH_INCIDENT_NAMES = {
    "THEFT-UNDER": "Vol de 5 000 $ ou moins",
    "THEFT-FROM-VEHICLE": "Vol dans un véhicule",
    "MISCHIEF": "Méfait / dommages aux biens",
    "LOST-PROPERTY": "Objet perdu",
    "FRAUD-UNDER": "Fraude de 5 000 $ ou moins",
}

PROVINCES = "Ontario\nQuebec\nBritish Columbia\nAlberta\nManitoba\nSaskatchewan\nNova Scotia\nNew Brunswick\n"
PROVINCES += "Newfoundland and Labrador\nPrince Edward Island\nYukon\nNorthwest Territories\nNunavut\nOutside Canada"
YES_NO = "Yes\nNo"
PAYMENT_METHODS = "Gift cards\nBank transfer\nCredit card\nCryptocurrency\nCash\nOther"


def f(label, field_type, element="", required=True, help_text="", choices="", show_if=None):
    return {
        "label": label,
        "field_type": field_type,
        "rms_element": element,
        "required": required,
        "help_text": help_text,
        "choices": choices,
        "show_if": show_if or {},
    }


def section(title, intro=""):
    """A "Section break" row: a new step, titled ``title``, introduced by ``intro``."""
    return f(title, "section", required=False, help_text=intro)


# The theft form's branch: the vehicle's details only when a vehicle was involved ("Yes", the
# first choice: conditions compare choices by position, in every language).
VEHICLE_QUESTION = "was_a_vehicle_involved"
IF_VEHICLE = {"combine": "all", "conditions": [{"field": VEHICLE_QUESTION, "operator": "is", "value": "1"}]}
VEHICLE_BRANCH = [
    f(
        "Was a vehicle involved?",
        "radio",
        required=False,
        choices="Yes\nNo",
        help_text="For example, a car.",
    ),
    # Not mapped to the RMS vehicle (a theft under $5,000 is not a theft from a vehicle): their
    # answers go into the narrative.
    f("Licence plate", "singleline", show_if=IF_VEHICLE),
    f("Make", "singleline", help_text="For example Honda.", show_if=IF_VEHICLE),
    f("Model", "singleline", required=False, show_if=IF_VEHICLE),
    f("Was it locked?", "radio", required=False, choices="Yes\nNo\nI don't know", show_if=IF_VEHICLE),
]

# The fraud form's two sections: what happened, then the money lost, only after "Yes" (the first choice).
FRAUD_FIRST_SECTION = section(
    "What happened", "When and where it happened, how they reached you, and how we can reach you."
)
LOST_MONEY = f("Did you lose money?", "radio", choices=YES_NO)
IF_LOST_MONEY = {"combine": "all", "conditions": [{"field": "did_you_lose_money", "operator": "is", "value": "1"}]}
MONEY_LOST = [
    section("Money lost", "How much you lost and how you paid."),
    f("Amount lost", "money", E.TOTAL_LOSS, show_if=IF_LOST_MONEY),
    f("How did you pay?", "dropdown", choices=PAYMENT_METHODS, show_if=IF_LOST_MONEY),
]


WHEN_WHERE = [
    f("Date it happened", "date", E.OCCURRED_FROM, help_text="If you are not sure, the earliest it could have been."),
    f("Time it happened", "time", E.OCCURRED_FROM_TIME, required=False, help_text="An approximate time is fine."),
    f("Latest date it could have happened", "date", E.OCCURRED_TO, required=False),
    f("Street address or nearest intersection", "singleline", E.LOCATION_STREET),
    f("Town or city", "singleline", E.LOCATION_MUNICIPALITY),
    f("Postal code", "postal_code", E.LOCATION_POSTAL_CODE, required=False, help_text="For example L6H 2R4."),
]
# The theft-from-a-vehicle form asks the place with one "Address" question (from the agency's
# address list, or typed when it is not there) instead of the three location questions.
WHEN = WHEN_WHERE[:3]
ADDRESS_QUESTION = f(
    "Where did it happen?",
    "address",
    E.LOCATION_ADDRESS,
    help_text="Start typing the address, then choose it from the list.",
)
LOCATION_QUESTIONS = ("street_address_or_nearest_intersection", "town_or_city", "postal_code")
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
        "fields": [*WHEN_WHERE, *VEHICLE_BRANCH, *items("Stolen items"), *NARRATIVE, *PHOTOS, *REPORTER],
    },
    {
        "slug": "report-theft-from-vehicle",
        "title": "Report a theft from a vehicle",
        "type": "THEFT-FROM-VEHICLE",
        "summary": "Something was stolen from inside or from the outside of your vehicle (not the vehicle itself).",
        "fields": [
            *WHEN,
            ADDRESS_QUESTION,
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
            FRAUD_FIRST_SECTION,
            *WHEN_WHERE,
            f(
                "How did they contact you?",
                "dropdown",
                E.FRAUD_METHOD,
                choices="Phone call\nText message\nEmail\nWebsite or app\nSocial media\nIn person",
            ),
            *NARRATIVE,
            *PHOTOS,
            *REPORTER,
            LOST_MONEY,
            # Its questions are asked only after a "Yes": with all of them hidden, the section is skipped.
            *MONEY_LOST,
        ],
    },
]

# Fields added to a demo form after demos were made: seed_demo adds them to those too.
ADDED_LATER = {
    "report-theft": VEHICLE_BRANCH,
    "report-fraud": [FRAUD_FIRST_SECTION, LOST_MONEY, *MONEY_LOST],
    "report-theft-from-vehicle": [ADDRESS_QUESTION],
}
# Fields a field added later replaces: they go when it comes (never after, if staff add them back).
REPLACED_LATER = {"report-theft-from-vehicle": LOCATION_QUESTIONS}

# The French copies: (label, help text) by English label; choices by English choices; the rest
# by form slug. Field names (clean_name) stay those of the English form, as with "Translate".
FRENCH_FIELDS = {
    "Date it happened": ("Date de l’incident", "Si vous n’êtes pas certain, la date la plus ancienne possible."),
    "Time it happened": ("Heure de l’incident", "Une heure approximative suffit."),
    "Latest date it could have happened": ("Date la plus tardive possible", ""),
    "Street address or nearest intersection": ("Adresse ou intersection la plus proche", ""),
    "Town or city": ("Ville ou municipalité", ""),
    "Where did it happen?": ("Où est-ce arrivé?", "Commencez à taper l’adresse, puis choisissez-la dans la liste."),
    "Postal code": ("Code postal", "Par exemple L6H 2R4."),
    "What happened?": ("Que s’est-il passé?", "Racontez dans vos mots, dans l’ordre où les choses se sont passées."),
    "First name": ("Prénom", ""),
    "Last name": ("Nom de famille", ""),
    "Email address": ("Adresse courriel", "Nous y envoyons votre numéro de référence et une copie."),
    "Phone number": ("Numéro de téléphone", "Au cas où un agent aurait besoin de vous appeler."),
    "Photos or documents": (
        "Photos ou documents",
        "Reçus, photos des objets ou des dommages, captures d’écran.",
    ),
    "Stolen items": ("Objets volés", "Décrivez chaque objet; ajoutez son numéro de série si vous l’avez."),
    "Lost items": ("Objets perdus", "Décrivez chaque objet; ajoutez son numéro de série si vous l’avez."),
    "Damaged property": ("Biens endommagés", "Décrivez chaque bien endommagé."),
    "Licence plate": ("Plaque d’immatriculation", ""),
    "Province of the plate": ("Province de la plaque", ""),
    "Make": ("Marque", "Par exemple Honda."),
    "Model": ("Modèle", ""),
    "Colour": ("Couleur", ""),
    "Was the vehicle locked?": ("Le véhicule était-il verrouillé?", ""),
    "Was a vehicle involved?": ("Un véhicule était-il en cause?", "Par exemple, une voiture."),
    "Was it locked?": ("Était-il verrouillé?", ""),
    "Estimated cost of repairs": ("Coût estimé des réparations", ""),
    "Where you think you lost it": ("Où pensez-vous l’avoir perdu?", ""),
    "How did they contact you?": ("Comment vous a-t-on contacté?", ""),
    "Amount lost": ("Montant perdu", ""),
    "How did you pay?": ("Comment avez-vous payé?", ""),
    "Did you lose money?": ("Avez-vous perdu de l’argent?", ""),
    "What happened": (
        "Ce qui s’est passé",
        "Quand et où c’est arrivé, comment on vous a joint et comment nous pouvons vous joindre.",
    ),
    "Money lost": ("Argent perdu", "Combien vous avez perdu et comment vous avez payé."),
}
FRENCH_CHOICES = {
    PROVINCES: (
        "Ontario\nQuébec\nColombie-Britannique\nAlberta\nManitoba\nSaskatchewan\nNouvelle-Écosse\n"
        "Nouveau-Brunswick\nTerre-Neuve-et-Labrador\nÎle-du-Prince-Édouard\nYukon\nTerritoires du Nord-Ouest\n"
        "Nunavut\nHors du Canada"
    ),
    PAYMENT_METHODS: "Cartes-cadeaux\nVirement bancaire\nCarte de crédit\nCryptomonnaie\nArgent comptant\nAutre",
    "Yes\nNo\nI don't know": "Oui\nNon\nJe ne sais pas",
    YES_NO: "Oui\nNon",
    "Phone call\nText message\nEmail\nWebsite or app\nSocial media\nIn person": (
        "Appel téléphonique\nTexto\nCourriel\nSite Web ou application\nMédias sociaux\nEn personne"
    ),
}
FRENCH_FORMS = {
    "report-theft": {
        "slug": "signaler-un-vol",
        "title": "Signaler un vol de 5 000 $ ou moins",
        "summary": "On vous a volé quelque chose, chez vous ou à votre entreprise, d’une valeur de 5 000 $ ou moins.",
    },
    "report-theft-from-vehicle": {
        "slug": "signaler-un-vol-dans-un-vehicule",
        "title": "Signaler un vol dans un véhicule",
        "summary": "On a volé quelque chose dans votre véhicule ou sur celui-ci (pas le véhicule lui-même).",
    },
    "report-damage": {
        "slug": "signaler-un-mefait",
        "title": "Signaler un méfait ou des dommages aux biens",
        "summary": "Quelqu’un a endommagé vos biens volontairement : graffitis, vitres brisées, voiture rayée.",
    },
    "report-lost-property": {
        "slug": "signaler-un-objet-perdu",
        "title": "Signaler un objet perdu",
        "summary": (
            "Vous avez perdu quelque chose et il vous faut un rapport de police, par exemple pour votre "
            "assureur ou un nouveau passeport."
        ),
    },
    "report-fraud": {
        "slug": "signaler-une-fraude",
        "title": "Signaler une fraude de 5 000 $ ou moins",
        "summary": (
            "On vous a amené par la ruse à payer ou à donner des renseignements, et vous avez perdu 5 000 $ ou moins."
        ),
    },
}
FRENCH_INTRO = "<p>N’utilisez ce formulaire que si personne n’est en danger et que l’incident est terminé.</p>"
FRENCH_RECEIPT = (
    "<p>Merci. Conservez votre numéro de référence : vous en aurez besoin si vous communiquez avec nous "
    "au sujet de ce rapport.</p>"
)
FRENCH_EMAIL = "Merci d’avoir fait votre signalement en ligne. Ce message confirme que nous avons reçu votre rapport."

INTRO = "<p>Use this form only if no one is in danger and the incident is over.</p>"
RECEIPT = "<p>Thank you. Keep your reference number: you will need it if you contact us about this report.</p>"
EMAIL = "Thank you for reporting online. This message confirms that we received your report."


# Communications staff keep their agency's incident types and its settings of the install-wide
# ones (no deleting: a type no longer used is made inactive). Also forms_app migrations 0005, 0008.
# What Communications staff need of this app (website/agencies.py grants it to each agency's group).
COMMUNICATIONS_PERMISSIONS = [
    "add_incidenttype",
    "change_incidenttype",
    "view_incidenttype",
    "add_agencyincidenttype",
    "change_agencyincidenttype",
    "view_agencyincidenttype",
]


def standard_incident_types():
    """The five standard incident types, install-wide (every agency's forms use them; only an
    administrator changes them): {code: IncidentType}, made when missing."""
    types = {}
    for code, name, ucr, rms, status in INCIDENT_TYPES:
        types[code], _created = IncidentType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_fr": FRENCH_INCIDENT_NAMES[code],
                "ucr_code": ucr,
                "rms_occurrence_type": rms,
                "property_status": status,
                "property_value_limit": Decimal("5000.00"),
            },
        )
    return types


def seed(home):
    """Create what is missing under ``home`` (an agency's home page); return the number of forms created."""
    types = standard_incident_types()
    created = 0
    for spec in FORMS:
        if (existing := ReportFormPage.objects.child_of(home).filter(slug=spec["slug"]).first()) is not None:
            if spec["slug"] in ADDED_LATER:
                add_missing_fields(
                    existing, spec, ADDED_LATER[spec["slug"]], replaced=REPLACED_LATER.get(spec["slug"], ())
                )
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
    french = Locale.objects.filter(language_code="fr").first()
    if french is not None and home.get_translation_or_none(french) is not None:
        for page in ReportFormPage.objects.child_of(home).filter(slug__in=FRENCH_FORMS):
            translation_of_page = page.get_translation_or_none(french)
            if translation_of_page is None:
                translate_form(page, french)
    return created


def add_missing_fields(page, spec, added, replaced=()):
    """A demo made before the fields ``added`` joined its form (the theft form's vehicle branch)
    gets them too, in their place, in the form and in each translation (in its language, with
    the English field's name, as "Translate" keeps it). Other fields staff removed stay removed.
    The fields named in ``replaced`` (the three location questions the "Address" question
    replaces) go when the fields are added."""
    wanted = [ReportFormField(**field) for field in spec["fields"]]
    added = {ReportFormField(**field).get_field_clean_name() for field in added}
    for copy in [page, *page.get_translations()]:
        copy = copy.specific
        have = {field.clean_name for field in copy.form_fields.all()}
        missing = [n for n, field in enumerate(wanted) if field.get_field_clean_name() in added - have]
        if not missing:
            continue
        french = copy.locale.language_code == "fr"
        rows = {field.clean_name: field for field in copy.form_fields.all()}
        for name in replaced:
            if name in rows:
                rows.pop(name).delete()
        ordered = []
        for n, field in enumerate(wanted):
            name = field.get_field_clean_name()
            if n in missing:
                row = ReportFormField(page=copy, clean_name=name, **spec["fields"][n])
                if french:
                    row.label, row.help_text = FRENCH_FIELDS.get(row.label, (row.label, row.help_text))
                    row.choices = FRENCH_CHOICES.get(row.choices, row.choices)
                ordered.append(row)
            elif name in rows:
                row = rows.pop(name)
                if spec["fields"][n].get("show_if") and not row.show_if:
                    row.show_if = spec["fields"][n]["show_if"]  # a condition the demo gained since
                ordered.append(row)
        ordered.extend(rows.values())  # fields staff added stay, after the demo's
        for n, row in enumerate(ordered):
            row.sort_order = n
            row.save()
        copy.save_revision().publish()


def translate_form(page, locale):
    """The form's French copy, made as staff would: "Translate", then reword each part."""
    words = FRENCH_FORMS[page.slug]
    copy = page.copy_for_translation(locale)
    copy.title, copy.slug = words["title"], words["slug"]
    copy.search_description = words["summary"]
    copy.reportable_text = f"<p>{words['summary']}</p>"
    copy.intro, copy.receipt_text, copy.email_text = FRENCH_INTRO, FRENCH_RECEIPT, FRENCH_EMAIL
    copy.save()
    for field in copy.form_fields.all():
        field.label, field.help_text = FRENCH_FIELDS.get(field.label, (field.label, field.help_text))
        field.choices = FRENCH_CHOICES.get(field.choices, field.choices)
        field.save()
    presets = {str(preset["kind"]): preset for preset in STANDARD_SCREENING}
    with translation.override(locale.language_code):
        for question in copy.screening_questions.all():
            if preset := presets.get(question.kind):
                question.question, question.stop_message = str(preset["question"]), str(preset["stop_message"])
                question.save()
    copy.save_revision().publish()
    return copy
