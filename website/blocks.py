"""StreamField blocks for the home, news and standard pages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "website/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "website/blocks/quote.html"


class FigureBlock(blocks.StructBlock):
    # Wagtail's ImageBlock asks for alternative text (or "decorative") on every use.
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "website/blocks/figure.html"


class QuestionBlock(blocks.StructBlock):
    """A question and its answer, as on an FAQ page."""

    question = blocks.CharBlock(label=_("Question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")
        template = "website/blocks/question.html"


# Named, never imported: the public site's pages link to the report forms without this bottom
# layer importing ``forms_app``.
REPORT_FORM_PAGE = "forms_app.ReportFormPage"


class ReportFormChooserBlock(blocks.PageChooserBlock):
    """Chooses a report form page, and refuses any other page with a message that says so."""

    def __init__(self, **kwargs):
        super().__init__(page_type=REPORT_FORM_PAGE, **kwargs)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs.pop("page_type", None)
        return path, args, kwargs

    def clean(self, value):
        if value is not None and not isinstance(value.specific, self.target_model):
            raise ValidationError(_("Choose a report form page."))
        return super().clean(value)


class ReportOnlineBlock(blocks.StructBlock):
    """A "Report online" button that leads to one report form, in the reader's language."""

    form_page = ReportFormChooserBlock(label=_("Report form"))
    button_text = blocks.CharBlock(
        label=_("Button text"),
        max_length=80,
        help_text=_("Say what the reader can do, e.g. “Report a theft online”."),
    )

    class Meta:
        icon = "form"
        label = _("Report online")
        template = "website/blocks/report_online.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Paragraph"), icon="pilcrow")
    image = FigureBlock()
    quote = QuoteBlock()
    question = QuestionBlock()
    report_online = ReportOnlineBlock()
