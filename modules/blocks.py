"""The blocks a lesson is written in: the shared vocabulary plus the sociale kaart's entries."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from content.blocks import CalloutBlock, CasusBlock, ImageBlock, MarkdownBlock, VideoBlock
from content.kaart.blocks import VoorzieningenBlock


class LessonStreamBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        label=_("Rich text"),
        group=_("Text"),
        description=_("Formatted text written in the editor."),
    )
    markdown = MarkdownBlock()
    callout = CalloutBlock()
    casus = CasusBlock()
    image = ImageBlock()
    video = VideoBlock()
    voorzieningen = VoorzieningenBlock()
