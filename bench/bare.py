"""The ceiling: a bare Django project with one view, no middleware and no database, served by
gunicorn with the same workers and settings as the site (``gunicorn bench.bare:application``)."""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bare-django-ceiling-not-secret",  # noqa: S106  (serves one static string)
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_I18N=False,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponse(b"Hallo", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
