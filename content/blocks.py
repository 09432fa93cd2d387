"""Shared StreamField blocks: the vocabulary every lesson is written in."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .markdown import markdown_to_text, normalise_newlines, render_markdown


class MarkdownBlock(blocks.TextBlock):
    """Markdown, rendered and sanitised by :func:`content.markdown.render_markdown`. Line ends
    are stored as ``\\n`` whatever the browser sends, so revisions differ only where the text does."""

    def clean(self, value):
        return super().clean(normalise_newlines(value))

    def to_python(self, value):
        return super().to_python(normalise_newlines(value))

    def render_basic(self, value, context=None):
        return render_markdown(value)

    def get_searchable_content(self, value):
        # Index the words a learner reads, not the Markdown syntax around them.
        return [markdown_to_text(value)] if self.search_index and value else []

    class Meta:
        icon = "code"
        label = _("Markdown")
        group = _("Text")
        description = _("Text in Markdown: ## headings, lists, **bold**, [links](https://…), tables.")
        preview_value = "## Kop\n\nEen alinea met **vette** tekst en een [link](https://www.zoetermeer.nl)."


CALLOUT_KINDS = [
    ("tip", _("Tip")),
    ("let-op", _("Let op")),
    ("definitie", _("Definitie")),
    ("voorbeeld", _("Voorbeeld")),
]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=CALLOUT_KINDS, default="tip", label=_("Kind"))
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = MarkdownBlock(label=_("Text"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["kind_label"] = dict(CALLOUT_KINDS).get(value.get("kind"), _("Tip"))
        return context

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout.html"
        group = _("Text")
        description = _("A highlighted box: tip, let op, definitie or voorbeeld.")
        preview_value = {
            "kind": "definitie",
            "title": "Voorliggend veld",
            "text": "Hulp en steun die je **zonder beschikking** kunt gebruiken.",
        }


class CasusBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    situation = MarkdownBlock(label=_("Situation"))
    question = MarkdownBlock(label=_("Reflection question"))
    answer = MarkdownBlock(label=_("Worked answer"), help_text=_("Shown behind “Bekijk een uitwerking”."))

    class Meta:
        icon = "group"
        label = _("Casus")
        template = "blocks/casus.html"
        group = _("Learning")
        description = _("A case: situation, reflection question and a worked answer behind a toggle.")
        preview_value = {
            "title": "Een vader met een vraag",
            "situation": "Een vader belt over zijn dochter (14), die niet meer naar school wil.",
            "question": "Wat vraag je als eerste?",
            "answer": "Je vraagt eerst wat er volgens hem en zijn dochter aan de hand is.",
        }


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(label=_("Alt text"), help_text=_("Describe what the image shows."))
    caption = blocks.CharBlock(label=_("Caption"), help_text=_("What the reader should notice in the image."))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"
        group = _("Media")
        description = _("An image with a text alternative and a caption, both required.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"))
    title = blocks.CharBlock(label=_("Title"))
    transcript = MarkdownBlock(required=False, label=_("Transcript"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video.html"
        group = _("Media")
        description = _("An embedded video (YouTube, Vimeo) with a title and a transcript.")
