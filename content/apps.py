from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """The shared vocabulary of the leerstof: blocks, Markdown, search helpers. No models."""

    name = "content"
    verbose_name = _("Shared content blocks")

    def ready(self):
        from .spreadsheet import guard_wagtail_exports

        guard_wagtail_exports()
