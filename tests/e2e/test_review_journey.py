"""A report reviewed in Chromium, from the citizen's report to the RMS case number.

The citizen sends a report; a reviewer logs in, claims it from the queue at /workflow/ and asks
the citizen a question; the citizen answers on their status page (the signed link emailed to
them); the reviewer reads the answer and sends the report for approval; a supervisor approves;
the reference RMS receiver (a real HTTP server, on loopback) records it, with the citizen's
photos, the question, the answer and the note (incident record 2.0), and returns a case number,
which the citizen's status page then shows.

Every step of the journey is a click or a keystroke in the browser. The staff accounts, their
groups and their agency are set up in Python first, as an administrator would. Everything the
test reads or clicks is in ``TEXT``, by language: French is one more dict and one more value of
``lang``. Staff screens follow the staff member's own language (their Wagtail account
setting); public pages follow their address.
"""

import hashlib
import io
import re
import threading

import pytest
from django.core import mail
from PIL import Image

from tests.e2e.conftest import enter_second_factor, screening_questions, staff_authenticator

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.e2e,
    pytest.mark.usefixtures("one_request_at_a_time"),
]

PASSWORD = "review-Journey-passw0rd"

TEXT = {
    "en": {
        "browser_locale": "en-CA",
        # The citizen's report
        "home": "/",
        "form_link": "Report a theft under $5,000",
        "yes": "Yes",
        "no": "No",
        "jurisdiction_question": "in our region",  # the one screening question answered "yes"
        "continue": "Continue",
        "answers": [
            ("Date it happened", "2026-11-20"),
            ("Street address or nearest intersection", "123 Lakeshore Rd E"),
            ("Town or city", "Oakville"),
            ("What is it?", "Bicycle"),
            ("Value ($)", "850"),
            ("What happened?", "Taken from the rack outside the library."),
            ("First name", "Jean"),
            ("Last name", "Tremblay"),
            ("Email address", "jean@example.org"),
            ("Phone number", "905 555 0199"),
        ],
        "photos": "Photos or documents",
        "check_heading": "Check your answers before sending your report",
        "send": "Send report",
        "sent_heading": "Report sent",
        # Staff screens
        "username": "Username",
        "password": "Password",
        "sign_in": "Sign in",
        "verify_heading": "Two-step verification",
        "code": "Code",
        "verify": "Verify",
        "claim": "Assign and continue",
        "task_heading": "Report {reference}",
        "request_info": "Ask the citizen for more information",
        "question_label": "Question for the citizen",
        "question": "Where exactly was the bicycle locked?",
        "record": "Record the decision",
        "info_requested": "Report {reference}: more information requested.",
        "citizen_added": "Added by the citizen after sending",
        "send_for_approval": "Send for approval",
        "sent_for_approval": "Report {reference}: sent for approval.",
        "approve": "Approve and send to the RMS",
        "approved": "Report {reference}: approved.",
        # The citizen's status page
        "status_heading": "Report {reference}",
        "question_heading": "We need more information",
        "answer_label": "Your answer",
        "answer_files": "Add photos or documents (optional)",
        "answer": "To the rack by the side door.",
        "add": "Send my answer",
        "added": "Thank you. What you added is now part of your report.",
        "case_number": "Police case number",
        "exported": "Accepted: case number issued",
    },
    "fr": {
        "browser_locale": "fr-CA",
        # The citizen's report
        "home": "/fr/",
        "form_link": "Signaler un vol de 5 000 $ ou moins",
        "yes": "Oui",
        "no": "Non",
        "jurisdiction_question": "dans notre région",
        "continue": "Continuer",
        "answers": [
            ("Date de l’incident", "2026-11-20"),
            ("Adresse ou intersection la plus proche", "123 Lakeshore Rd E"),
            ("Ville ou municipalité", "Oakville"),
            ("De quoi s’agit-il ?", "Vélo"),
            ("Valeur ($)", "850"),
            ("Que s’est-il passé?", "Volé au support devant la bibliothèque."),
            ("Prénom", "Jean"),
            ("Nom de famille", "Tremblay"),
            ("Adresse courriel", "jean@example.org"),
            ("Numéro de téléphone", "905 555 0199"),
        ],
        "photos": "Photos ou documents",
        "check_heading": "Vérifiez vos réponses avant d’envoyer votre rapport",
        "send": "Envoyer le rapport",
        "sent_heading": "Rapport envoyé",
        # Staff screens
        "username": "Nom d’utilisateur",
        "password": "Mot de passe",
        "sign_in": "S'identifier",
        "verify_heading": "Vérification en deux étapes",
        "code": "Code",
        "verify": "Vérifier",
        "claim": "Attribuer et poursuivre",
        "task_heading": "Rapport {reference}",
        "request_info": "Demander plus de renseignements au citoyen",
        "question_label": "Question au citoyen",
        "question": "Où exactement le vélo était-il attaché?",
        "record": "Enregistrer la décision",
        "info_requested": "Rapport {reference} : renseignements supplémentaires demandés.",
        "citizen_added": "Ajouté par le citoyen après l’envoi",
        "send_for_approval": "Envoyer pour approbation",
        "sent_for_approval": "Rapport {reference} : envoyé pour approbation.",
        "approve": "Approuver et envoyer au SGD",
        "approved": "Rapport {reference} : approuvé.",
        # The citizen's status page
        "status_heading": "Rapport {reference}",
        "question_heading": "Nous avons besoin de plus de renseignements",
        "answer_label": "Votre réponse",
        "answer_files": "Ajoutez des photos ou des documents (facultatif)",
        "answer": "Au support près de la porte de côté.",
        "add": "Envoyer ma réponse",
        "added": "Merci. Ce que vous avez ajouté fait maintenant partie de votre rapport.",
        "case_number": "Numéro de dossier de police",
        "exported": "Accepté : numéro de dossier attribué",
    },
}


@pytest.fixture
def rms_receiver(demo_site, tmp_path):
    """The reference RMS receiver in a thread on a free loopback port, and the demo agency's
    RMS destination pointed at it: approved reports are really sent and acknowledged."""
    from rms_export.models import Destination
    from rms_export.receiver import ReceiverServer

    server = ReceiverServer(("127.0.0.1", 0), tmp_path / "rms")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/incidents"
    assert Destination.objects.filter(active=True, site__is_default_site=True).update(options={"url": url}) == 1
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def make_staff(username, group, lang):
    """A member of staff of the demo agency, in ``group``, working in ``lang``."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.models import Site
    from wagtail.users.models import UserProfile

    from website.models import AgencyMembership

    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.invalid", password=PASSWORD, first_name=username.title()
    )
    user.groups.add(Group.objects.get(name=group))
    AgencyMembership.objects.create(user=user, site=Site.objects.get(is_default_site=True))
    if lang != settings.LANGUAGE_CODE:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = lang
        profile.save()
    return user


def path_of(url):
    """The path of a link in an email: the links name the site's configured host, for which the
    live server stands in here."""
    return re.sub(r"^https?://[^/]+", "", url)


def status_link(message):
    return path_of(re.search(r"https?://\S+/report/status/\S+/", message.body).group(0))


def photo(path, colour):
    """A small JPEG at ``path``; returns its path."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def send_report(page, base, text, photos=None):
    page.goto(base + text["home"])
    page.get_by_role("link", name=text["form_link"]).click()
    for fieldset in screening_questions(page):
        in_region = text["jurisdiction_question"] in fieldset.locator("legend").inner_text()
        fieldset.get_by_label(text["yes"] if in_region else text["no"], exact=True).check()
    page.get_by_role("button", name=text["continue"], exact=True).click()
    for label, value in text["answers"]:
        page.get_by_label(label).fill(value)
    if photos:
        page.get_by_label(text["photos"]).set_input_files(photos)
    page.get_by_role("button", name=text["continue"], exact=True).click()
    page.get_by_role("heading", name=text["check_heading"]).wait_for()
    page.get_by_role("button", name=text["send"]).click()
    page.get_by_role("heading", name=text["sent_heading"]).wait_for()
    return page.locator(".reference").inner_text()


def log_in_to_tasks(page, base, username, text):
    """Open /workflow/; not logged in yet, staff get Wagtail's login page, then the second
    factor's (a code from their authenticator app, computed here), and come back."""
    device = staff_authenticator(username)
    page.goto(base + "/workflow/")
    page.get_by_label(text["username"]).fill(username)
    page.get_by_label(text["password"]).fill(PASSWORD)
    page.get_by_role("button", name=text["sign_in"]).click()
    enter_second_factor(page, device, text)
    page.wait_for_url(re.compile(re.escape(base) + r"/workflow/"))


def claim(page, reference, text, screenshot=None, name=None):
    """Claim the report's open task from the queue and open it."""
    page.get_by_role("row", name=re.compile(re.escape(reference))).get_by_role("link").click()
    page.get_by_role("button", name=text["claim"]).wait_for()
    if screenshot:
        screenshot(name, of=page)
    page.get_by_role("button", name=text["claim"]).click()
    page.get_by_role("heading", name=text["task_heading"].format(reference=reference)).wait_for()


def decide(page, decision, text, reference, outcome):
    page.get_by_label(text[decision], exact=True).check()
    page.get_by_role("button", name=text["record"]).click()
    page.get_by_text(text[outcome].format(reference=reference)).wait_for()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_report_is_reviewed_answered_approved_and_sent_to_the_rms(
    lang, page, new_page, demo_site, rms_receiver, screenshot, tmp_path
):
    from forms_app.models import Report, ReportStatus
    from rms_export.formats import xml21_format
    from rms_export.models import Delivery, DeliveryStatus

    text = TEXT[lang]
    base = demo_site.url
    shot = f"review-{lang}-{{:02d}}-{{}}".format
    make_staff(f"reviewer-{lang}", "Reviewers", lang)
    make_staff(f"supervisor-{lang}", "Supervisors", lang)

    # The citizen sends a report and is emailed its reference and the link to its status page.
    bike = photo(tmp_path / "bike.jpg", "#aa3300")
    reference = send_report(page, base, text, photos=[bike])
    screenshot(shot(1, "receipt"))
    (receipt,) = mail.outbox
    assert reference in receipt.subject
    assert status_link(receipt)

    # A reviewer logs in on /workflow/, claims the report from the queue and asks a question.
    reviewer = new_page(text["browser_locale"])
    log_in_to_tasks(reviewer, base, f"reviewer-{lang}", text)
    reviewer.get_by_role("row", name=re.compile(re.escape(reference))).wait_for()
    screenshot(shot(2, "queue"), of=reviewer)
    claim(reviewer, reference, text, screenshot, shot(3, "claim"))
    screenshot(shot(4, "task"), of=reviewer)
    reviewer.get_by_label(text["request_info"], exact=True).check()
    reviewer.get_by_label(text["question_label"]).fill(text["question"])
    reviewer.get_by_role("button", name=text["record"]).click()
    reviewer.get_by_text(text["info_requested"].format(reference=reference)).wait_for()
    screenshot(shot(5, "question-sent"), of=reviewer)

    # The citizen is emailed the question; the link opens their status page, where they answer.
    (question_email,) = [m for m in mail.outbox if text["question"] in m.body]
    assert question_email.to == receipt.to
    page.goto(base + status_link(question_email))
    page.get_by_role("heading", name=text["status_heading"].format(reference=reference)).wait_for()
    callout = page.get_by_role("region", name=text["question_heading"])
    assert text["question"] in callout.inner_text()
    screenshot(shot(6, "status-question"))
    page.get_by_label(text["answer_label"]).fill(text["answer"])
    rack = photo(tmp_path / "rack.jpg", "#3366aa")
    page.get_by_label(text["answer_files"]).set_input_files(rack)
    page.get_by_role("button", name=text["add"]).click()
    page.get_by_role("status").filter(has_text=text["added"]).wait_for()
    assert page.get_by_role("region", name=text["question_heading"]).count() == 0
    screenshot(shot(7, "status-answered"))

    # The report is back in the queue: the reviewer reads the answer and sends it for approval.
    reviewer.goto(base + "/workflow/")
    claim(reviewer, reference, text)
    reviewer.get_by_role("heading", name=text["citizen_added"]).wait_for()
    reviewer.get_by_text(text["answer"]).wait_for()
    screenshot(shot(8, "task-answered"), of=reviewer)
    decide(reviewer, "send_for_approval", text, reference, "sent_for_approval")

    # A supervisor, in their own browser, approves: the report goes to the RMS.
    supervisor = new_page(text["browser_locale"])
    log_in_to_tasks(supervisor, base, f"supervisor-{lang}", text)
    claim(supervisor, reference, text)
    screenshot(shot(9, "approval"), of=supervisor)
    decide(supervisor, "approve", text, reference, "approved")
    screenshot(shot(10, "approved"), of=supervisor)

    # The reference receiver recorded the document once and answered with a case number.
    case_number = rms_receiver.store.index[reference]
    assert list(rms_receiver.store.index) == [reference]
    delivery = Delivery.objects.get(report__reference=reference)
    assert (delivery.status, delivery.case_number, delivery.attempts) == (DeliveryStatus.DELIVERED, case_number, 1)
    report = Report.objects.get(reference=reference)
    assert (report.status, report.case_number) == (ReportStatus.EXPORTED, case_number)
    (case_number_email,) = [m for m in mail.outbox if case_number in m.subject]
    assert case_number_email.to == receipt.to

    # What the RMS stored: the whole report, its photos (checked by their SHA-256) and the
    # question with the citizen's answer and its photo.
    (document,) = rms_receiver.store.directory.glob(f"{case_number}.xml")
    record = xml21_format.parse(document.read_bytes())  # the demo destination's version
    assert record["reference"] == reference
    (request,) = record["information_requests"]
    assert (request["question"], request["answer"], request["note"]) == (text["question"], text["answer"], 1)
    assert [(n["number"], n["text"]) for n in record["notes"]] == [(1, text["answer"])]
    assert [(a["name"], a["note"]) for a in record["attachments"]] == [("bike.jpg", None), ("rack.jpg", 1)]
    stored = sorted(rms_receiver.store.files_of(case_number).iterdir())
    assert [f.name for f in stored] == ["01-bike.jpg", "02-rack.jpg"]
    assert [hashlib.sha256(f.read_bytes()).hexdigest() for f in stored] == [a["sha256"] for a in record["attachments"]]
    assert [hashlib.sha256(f.read_bytes()).hexdigest() for f in stored] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (bike, rack)
    ]

    # The citizen's status page shows the case number.
    page.goto(base + status_link(receipt))
    summary = page.locator(".summary")
    summary.get_by_text(text["case_number"]).wait_for()
    assert case_number in summary.inner_text()
    assert text["exported"] in summary.inner_text()
    screenshot(shot(11, "status-case-number"))


def test_a_click_on_a_citizens_file_downloads_it_once_and_logs_it_once(page, demo_site):
    """Viewflow's pages run Turbo, which fetched the link once itself and then let the browser
    load it again: one click, two 'downloaded' rows in the access log."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forms_app.models import Attachment
    from tests.factories import make_report
    from tests.test_url_access import PNG
    from website.models import AuditEvent
    from workflows.flows import ReportFlow
    from workflows.models import ReportProcess

    reviewer = make_staff("reviewer-files", "Reviewers", "en")
    report = make_report()
    Attachment.store(SimpleUploadedFile("dot.png", PNG), "image/png", field_name="photos", report=report)
    task = ReportProcess.objects.get(artifact_object_id=report.pk).task_set.get(flow_task=ReportFlow.review)
    task.owner, task.status = reviewer, "ASSIGNED"
    task.save()
    log_in_to_tasks(page, demo_site.url, "reviewer-files", TEXT["en"])
    page.goto(f"{demo_site.url}/workflow/tasks/flows/report/{task.process_id}/review/{task.pk}/execute/")
    with page.expect_download() as download:
        page.get_by_role("link", name="dot.png").click()
    assert download.value.suggested_filename == "dot.png"
    page.wait_for_timeout(500)  # a second request, if any, would land now
    assert AuditEvent.objects.about(report).filter(action="download").count() == 1
