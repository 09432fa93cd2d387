from django import template

from content.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render Markdown through the one sanitising function."""
    return render_markdown(text)
