"""The task permissions of each staff role, and the rejection reasons an agency starts with."""

from wagtail.models import Site

from .models import RejectionReason

# website/agencies.py grants these to each agency's groups.
GROUP_PERMISSIONS = {
    "Reviewers": ["workflows.view_reportprocess", "workflows.review_report"],
    "Supervisors": [
        "workflows.view_reportprocess",
        "workflows.approve_report",
        "workflows.manage_reportprocess",
        "rms_export.view_delivery",
        "rms_export.change_delivery",
        "workflows.add_rejectionreason",
        "workflows.change_rejectionreason",
        "workflows.view_rejectionreason",
        # Their agency's evaluation settings (EvaluationSettings' permission policy keeps them to it).
        "workflows.change_evaluationsettings",
    ],
    # Their agency's rejection reasons (AgencySnippetViewSet keeps them to it). Also workflows
    # migration 0003.
    "Communications": [
        "workflows.add_rejectionreason",
        "workflows.change_rejectionreason",
        "workflows.view_rejectionreason",
    ],
}

REASONS = [
    (
        "Not a police matter",
        "What you described is not a criminal offence, so we cannot take a police report. "
        "If you need advice, call our non-emergency line.",
        "Ce que vous avez décrit n’est pas une infraction criminelle : nous ne pouvons donc pas "
        "prendre de rapport de police. Pour obtenir des conseils, appelez notre ligne non urgente.",
    ),
    (
        "Outside our area",
        "The incident happened outside the area we serve. Please report it to the police service "
        "of the place where it happened.",
        "L’incident s’est produit hors de notre territoire. Veuillez le signaler au service de "
        "police de l’endroit où il s’est produit.",
    ),
    (
        "Needs an officer",
        "This incident needs to be investigated by an officer. Please call our non-emergency line "
        "so that an officer can take your report.",
        "Cet incident doit faire l’objet d’une enquête par un policier. Veuillez appeler notre "
        "ligne non urgente pour qu’un policier prenne votre rapport.",
    ),
    (
        "Duplicate report",
        "We already have a report of this incident from you. We will continue with that report.",
        "Nous avons déjà un rapport de votre part sur cet incident. Nous poursuivrons avec ce rapport.",
    ),
]


def seed(home):
    site = Site.objects.get(root_page=home)
    for title, text_en, text_fr in REASONS:
        RejectionReason.objects.get_or_create(site=site, title=title, defaults={"text_en": text_en, "text_fr": text_fr})
