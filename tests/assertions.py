"""Assertions the tests of several apps share: how the site refuses a request."""

from urllib.parse import parse_qs, urlsplit

from django.urls import reverse


def assert_sent_to_admin_login(response, url):
    """Wagtail refuses someone without admin access: a redirect to its login, back to ``url`` after."""
    assert response.status_code == 302, response.status_code
    location = urlsplit(response["Location"])
    assert location.path == reverse("wagtailadmin_login"), response["Location"]
    assert parse_qs(location.query) == {"next": [url]}, response["Location"]


def assert_sent_to_the_dashboard(response):
    """Wagtail refuses an admin user a screen their role does not grant: back to the dashboard,
    with a message."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
