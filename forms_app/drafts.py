"""A citizen's report in progress, kept in their session between the steps.

Only what the citizen typed is kept here (as the browser sent it), plus the key under which
their uploaded files wait in private storage. Nothing is saved to the report tables until the
citizen presses "Send report".
"""

import uuid

from wagtail.models import Site

from .models import Attachment

SESSION_PREFIX = "openreport.draft."
SENT_KEY = "openreport.sent"
IGNORED_POST_KEYS = {"csrfmiddlewaretoken", "add_item", "remove_item", "remove_file", "continue", "save_later"}


def draft_key(page):
    """The same for a form and its translations: a citizen who switches language mid-way keeps
    their answers (a translated form keeps its fields' names)."""
    return str(page.translation_key)


def request_site_id(request):
    site = Site.find_for_request(request)
    return site.pk if site is not None else None


class Draft:
    """The answers in progress of one form (and its translations), kept with the agency (site)
    they were given on: a draft begun on one police service's site is not another's."""

    def __init__(self, request, page):
        self.session = request.session
        self.key = f"{SESSION_PREFIX}{draft_key(page)}"
        self.site_id = request_site_id(request)
        self.data = self.session.get(self.key) or {}

    @property
    def elsewhere(self):
        """Was this draft begun on another agency's site? (A draft kept before drafts recorded
        their site is this site's.)"""
        return self.data.get("site", self.site_id) != self.site_id

    def save(self):
        self.data.setdefault("site", self.site_id)
        self.session[self.key] = self.data
        self.session.modified = True

    # Screening -----------------------------------------------------------------------------

    @property
    def screened(self):
        return bool(self.data.get("screened"))

    @property
    def screening(self):
        return self.data.get("screening") or []

    def set_screening(self, answers):
        self.data["screening"] = answers
        self.data["screened"] = True
        self.save()

    # Answers ----------------------------------------------------------------------------------

    @property
    def answers(self):
        return self.data.get("answers")

    def set_answers(self, post):
        self.data["answers"] = {k: post.getlist(k) for k in post if k not in IGNORED_POST_KEYS}
        self.save()

    def set_section_answers(self, section, post, *, done):
        """Keep ``section``'s answers from ``post`` (the other sections' stay as they are), and
        whether the citizen finished it (``done``: it was valid when they left it)."""
        answers = {k: v for k, v in (self.answers or {}).items() if not section.owns(k)}
        answers.update({k: post.getlist(k) for k in post if k not in IGNORED_POST_KEYS and section.owns(k)})
        self.data["answers"] = answers
        self.data.setdefault("sections", {})[section.key] = bool(done)
        self.save()

    def section_saved(self, section):
        """Has the citizen left ``section`` with its answers kept? A draft kept before forms had
        sections holds the whole form's answers."""
        if "sections" not in self.data:
            return self.answers is not None
        return section.key in self.data["sections"]

    def section_done(self, section):
        if "sections" not in self.data:
            return self.answers is not None
        return bool(self.data["sections"].get(section.key))

    # The step to come back to after "Save and continue later" ------------------------------------

    @property
    def step(self):
        """(route name of the form page, section number or None) of the step saved from."""
        step = self.data.get("step") or {}
        return step.get("route") or "details", step.get("section")

    def set_step(self, route, section=None):
        self.data["step"] = {"route": route, "section": section}
        self.save()

    @property
    def upload_key(self):
        if "upload_key" not in self.data:
            self.data["upload_key"] = uuid.uuid4().hex
            self.save()
        return self.data["upload_key"]

    def staged_files(self, field_name=None):
        if "upload_key" not in self.data:
            # Nothing was uploaded in this draft yet: no query, and no session write on a GET.
            return Attachment.objects.none()
        files = Attachment.objects.filter(draft_key=self.upload_key, report__isnull=True)
        return files.filter(field_name=field_name) if field_name is not None else files

    @property
    def token(self):
        if "token" not in self.data:
            self.data["token"] = str(uuid.uuid4())
            self.save()
        return self.data["token"]

    def clear(self):
        self.session.pop(self.key, None)
        self.data = {}


def remember_sent(request, page, report):
    sent = request.session.get(SENT_KEY) or {}
    sent[draft_key(page)] = report.reference
    request.session[SENT_KEY] = sent


def sent_reference(request, page):
    return (request.session.get(SENT_KEY) or {}).get(draft_key(page))
