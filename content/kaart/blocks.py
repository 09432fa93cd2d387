"""The voorzieningen block: live entries of the sociale kaart inside a lesson."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from content.blocks import MarkdownBlock


def category_choices():
    """The sociale kaart's categories as (slug, name), for the voorzieningen block's list."""
    from .models import Category

    return list(Category.objects.order_by("name").values_list("slug", "name"))


class CategoryChoiceBlock(blocks.ChoiceBlock):
    """The category, chosen from the current categories, stored as its slug (a string).

    Wagtail's ChoiceBlock maps a stored value back to its choice key on every load
    (``normalize_choice``), which asks for the choices: one query per block per page load in
    the editor and on the site. A slug is its own key, so loading needs no choices; only the
    editor's list does (one query for the block definition)."""

    def normalize_choice(self, value):
        return None if value is None else str(value)


class VoorzieningenBlock(blocks.StructBlock):
    """Live entries from the sociale kaart: hand-picked ones first, then those of a category.

    Only published, active entries are shown, so a lesson never points to a stopped service.
    Rendering costs two queries per block, however many entries there are.
    """

    intro = MarkdownBlock(required=False, label=_("Intro"))
    # Stored as the category's slug (stable in URLs and leerstof files); chosen from a list.
    category_slug = CategoryChoiceBlock(
        choices=category_choices,
        required=False,
        label=_("Category"),
        help_text=_(
            "Shows the current entries of this category. Leave empty to show only the entries chosen below."
        ),
    )
    limit = blocks.IntegerBlock(
        default=6, min_value=1, max_value=50, label=_("Maximum number from the category")
    )
    items = blocks.ListBlock(
        SnippetChooserBlock("kaart.Voorziening"),
        required=False,
        default=[],
        label=_("Chosen voorzieningen"),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["voorzieningen"] = self.entries(value)
        context["category_url"] = (
            reverse("kaart:kaart_index") + "?" + urlencode({"categorie": value["category_slug"]})
            if value.get("category_slug")
            else ""
        )
        return context

    def extract_references(self, value):
        """For Wagtail's reference index: the hand-picked entries (the snippet choosers) and the
        chosen category, so the kaart can list the pages that show an entry either way."""
        yield from super().extract_references(value)
        slug = (value.get("category_slug") or "").strip()
        if slug:
            from .models import Category

            category_id = Category.objects.filter(slug=slug).values_list("pk", flat=True).first()
            if category_id is not None:
                yield Category, str(category_id), "category_slug", "category_slug"

    @staticmethod
    def entries(value):
        from .models import Voorziening

        shown = Voorziening.objects.active().select_related("category")
        picked_ids = [item.pk for item in (value.get("items") or []) if item is not None]
        picked = {entry.pk: entry for entry in shown.filter(pk__in=picked_ids)} if picked_ids else {}
        entries = [picked[pk] for pk in dict.fromkeys(picked_ids) if pk in picked]
        slug = (value.get("category_slug") or "").strip()
        if slug:
            limit = value.get("limit") or 6
            entries += list(
                shown.filter(category__slug=slug).exclude(pk__in=list(picked)).order_by("name")[:limit]
            )
        return entries

    class Meta:
        icon = "site"
        label = _("Voorzieningen from the sociale kaart")
        template = "kaart/includes/voorzieningen_block.html"
        group = _("Learning")
        description = _("Shows current entries of the sociale kaart, chosen by hand or by category.")
        preview_value = {"intro": "", "category_slug": "opvoedondersteuning", "limit": 3, "items": []}
