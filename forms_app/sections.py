"""A report form's sections: the steps its questions are split into by "Section break" rows.

Staff add a "Section break" field in the form builder where a new section begins: its label is
the section's title, its help text the section's introduction. The questions before the first
break (all of them, on a form with no break) make the first section, titled by the page itself.
A break with no question after it makes no step. See docs/adr/0013-form-sections.md.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# The key of the section before any break (a break's key is its name in the form).
OPENING = ""


@dataclass
class Section:
    number: int  # its place among all the form's sections, from 1: its address, details/<number>/
    key: str  # what the draft remembers it by: "" for the opening one, else the break's name
    title: str  # "" for an opening section before any break: the page's title stands for it
    intro: str
    fields: list = field(default_factory=list)  # its questions (``ReportFormField`` rows)

    @property
    def names(self):
        return [f.clean_name for f in self.fields]

    def owns(self, key):
        """Is ``key`` (a key of the data a browser sends) one of this section's answers? A
        property group's rows come as ``<name>-<n>-<part>`` and its counts as ``<name>-TOTAL_FORMS``."""
        return any(key == name or key.startswith(f"{name}-") for name in self.names)


def page_sections(page):
    """The sections of ``page``, in order; a form with no break is one section."""
    sections = []
    current = Section(number=1, key=OPENING, title="", intro="")
    for row in page.form_rows():
        if row.is_section_break:
            if current.fields:
                sections.append(current)
            key = row.clean_name or row.get_field_clean_name()
            current = Section(number=0, key=key, title=row.label, intro=row.help_text)
        else:
            current.fields.append(row)
    if current.fields or not sections:
        sections.append(current)
    for number, section in enumerate(sections, start=1):
        section.number = number
    return sections


def visible_sections(sections, shown=None):
    """The sections the citizen is asked: those with at least one question in ``shown`` (the
    names of the questions whose conditions hold for the answers so far,
    ``forms_app.steps.shown_names``); a section whose questions are all hidden is skipped.
    ``shown`` None: every question is asked."""
    if shown is None:
        return list(sections)
    return [section for section in sections if any(name in shown for name in section.names)]


def progress(position, total):
    """ "Section 2 of 4", as the progress indicator and the step's title say it."""
    return _("Section %(number)d of %(total)d") % {"number": position, "total": total}
