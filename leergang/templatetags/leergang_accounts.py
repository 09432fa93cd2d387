from django import template

from leergang.oidc import oidc_configured

register = template.Library()


@register.simple_tag
def organisation_login_configured():
    """``{% organisation_login_configured as organisation_login %}``: offer the organisation sign-in."""
    return oidc_configured()
